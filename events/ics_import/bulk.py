"""Creating many new event pages at once: what `parent.add_child` + `save_revision` + `publish` do for
one page, done for all the new pages of an import in a few statements.

The one-page path costs three saves per page, each sending post_save (search index, reference index,
the site-content version), a full_clean each time, and a `page_published` whose handlers bump the
feed and site versions again. For a new page those handlers do no more than this module does in bulk:

* treebeard: paths are the parent's next free steps (treebeard's `_get_path`, as `add_child` computes
  them one at a time), the parent's `numchild` grows once by the number of pages;
* Wagtail: `url_path`, `draft_title`, `live`, first and last publish, one revision per page that is
  its live and latest revision, and the log entries "wagtail.create", "wagtail.edit" and
  "wagtail.publish" that the one-page path writes;
* `resync_event_dates` (events/signals.py): the occurrences, expanded as `sync_occurrences` does,
  in one `bulk_create`;
* `grow_sequence`: a first publish sets the fingerprint and leaves `sequence` at 0
  (`events.sequence.update_sequence`);
* `push_dates_to_translated_events`: a new page has no translations yet, so nothing to push;
* `clear_feeds` and home's site-content handlers: one bump of each version for the whole import;
* the search index (modelsearch's post_save handler) in one `add_bulk` per backend, and the
  reference index per page.

Validation is the page's own `full_clean`, without the checks whose values this module makes itself
(foreign keys it sets, the unique path and translation key).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from wagtail.coreutils import cautious_slugify
from wagtail.log_actions import get_active_log_context
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from home.versions import bump_site_content_version

from ..feeds import bump_feed_version
from ..models import EventDateException, EventPage, Occurrence, horizon, occurrence_rows, stamp_feed_blocks
from ..sequence import reader_fingerprint

# Set by this module itself, so full_clean need not look them up (one query each per page).
_SET_HERE = [
    "content_type",
    "owner",
    "locale",
    "live_revision",
    "latest_revision",
    "locked_by",
    "alias_of",
    "page_ptr",
    "path",
    "depth",
    "numchild",
    "url_path",
    "translation_key",
]


class SlugPicker:
    """Free slugs under one parent, as `wagtail.coreutils.find_available_slug` picks them, in one query."""

    def __init__(self, parent):
        self.taken = set(parent.get_children().values_list("slug", flat=True))

    def pick(self, title):
        requested = cautious_slugify(title)[:80].strip("-") or "evenemang"
        slug, number = requested, 1
        while slug in self.taken:
            slug = f"{requested}-{number}"
            number += 1
        self.taken.add(slug)
        return slug


class PathPicker:
    """The tree paths `parent.add_child` would give the next children, one after the other."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.next = 1 if last is None else Page._str2int(last.path[-Page.steplen :]) + 1
        self.count = 0

    def pick(self):
        path = Page._get_path(self.parent.path, self.parent.depth + 1, self.next)
        self.next += 1
        self.count += 1
        return path


def prepare(page, parent, paths, user, now):
    """Give a new, unsaved page its place under `parent` and its published state; validate it."""
    page.path = paths.pick()
    page.depth = parent.depth + 1
    page.numchild = 0
    page.url_path = parent.url_path + page.slug + "/"
    page._cached_parent_obj = parent  # treebeard's get_parent reads it instead of a query
    page.content_type_id = ContentType.objects.get_for_model(EventPage).pk
    page.owner = user
    page.draft_title = page.title
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = now
    page.latest_revision_created_at = now
    # Known to be empty: saying so spares serialising and validating a query per relation.
    page.themes = []
    page.audience = []
    setattr(page, COMMENTS_RELATION_NAME, [])
    # A first publish: the fingerprint is set and the sequence starts at 0 (events/sequence.py).
    page.sequence = 0
    page.sequence_fingerprint = reader_fingerprint(page)
    # SlugPicker chose a slug none of the siblings has (read once): Page.clean need not ask again.
    page._check_slug_is_unique = _slug_is_free
    try:
        page.full_clean(exclude=_SET_HERE, validate_unique=False, validate_constraints=False)
    finally:
        del page._check_slug_is_unique


def _slug_is_free():
    pass


def _insert_event_rows(pages):
    """The events_eventpage rows of pages whose wagtailcore_page rows exist (multi-table inheritance
    is beyond `bulk_create`)."""
    fields = EventPage._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, pages) or len(pages)
    for start in range(0, len(pages), size):
        EventPage._base_manager._insert(pages[start : start + size], fields=fields)


def create_pages(pages, parent, user, now):
    """Save prepared pages (see `prepare`) as published pages with their revision, log, dates and index."""
    if not pages:
        return
    # wagtailcore_page rows: bulk_create on the concrete base model sets each page's id.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    _insert_event_rows(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)

    exceptions = []
    for page in pages:
        page._state.adding = False
        for order, exception in enumerate(page.date_exceptions.all()):
            exception.event_id, exception.sort_order = page.id, order
            exceptions.append(exception)
    EventDateException.objects.bulk_create(exceptions)

    event_type = ContentType.objects.get_for_model(EventPage)
    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=event_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    # Each new page's only revision is its latest and live one: one UPDATE for all of them (the new
    # pages are exactly the parent's children from the first new path to the last).
    new_pages = Page.objects.filter(
        depth=parent.depth + 1, path__gte=pages[0].path, path__lte=pages[-1].path, latest_revision=None
    )
    page_revision = Revision.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).values("pk")[:1]
    new_pages.update(latest_revision=Subquery(page_revision), live_revision=Subquery(page_revision))

    log_context = get_active_log_context()
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        for action, entry_revision in (
            ("wagtail.create", None),
            ("wagtail.edit", revision),
            ("wagtail.publish", revision),
        ):
            entries.append(
                PageLogEntry(
                    page=page,
                    content_type=event_type,
                    label=str(page),
                    action=action,
                    timestamp=now,
                    data={},
                    user=user or log_context.user,
                    uuid=log_context.uuid,
                    revision=entry_revision,
                    content_changed=True,
                )
            )
    PageLogEntry.objects.bulk_create(entries)

    until = horizon(now)
    Occurrence.objects.bulk_create(row for page in pages for row in occurrence_rows(page, until))
    stamp_feed_blocks(page.pk for page in pages)  # what resync_event_dates stamps on a publish

    # What ReferenceIndex.create_or_update_for_object records, for pages that have no rows yet.
    ReferenceIndex.objects.bulk_create(
        ReferenceIndex(
            content_type=event_type,
            base_content_type=page_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(EventPage, pages)

    bump_feed_version()
    bump_site_content_version()
