"""Applying to pages: apply_import creates or updates event pages by UID, all or nothing."""

import html
import re

import recurrence as django_recurrence
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.ids import database_id
from home.versions import bumps_coalesced

from ..models import EventDateException, EventIndexPage, EventPage, EventType, SignupMode
from . import bulk
from .lines import LineError
from .results import ImportReport, ReportItem

# Fields the calendar owns: a re-import overwrites them. Themes, audience, capacity, the language of
# delivery and (unless a CATEGORIES matches) the event type stay as editors set them.
CALENDAR_FIELDS = [
    "title",
    "introduction",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "venue_name",
    "address",
    "online_url",
    "registration_url",
    "status",
    "event_format",
]


class _Rollback(Exception):
    pass


class _DryRun(Exception):
    pass


def _body(text):
    """A long DESCRIPTION as rich text paragraphs (blank lines between paragraphs, line breaks kept)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line.strip()) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )


def _body_source(page):
    return [(block.block_type, getattr(block.value, "source", block.value)) for block in page.body]


def _serialized(value):
    return django_recurrence.serialize(value) if value else ""


def _exception_key(exception):
    return (
        exception.original_date,
        exception.kind,
        exception.new_date,
        exception.new_start_time,
        exception.new_end_time,
        exception.note,
        exception.title,
    )


def _desired(event, creating):
    values = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    if event.event_type or creating:
        values["event_type"] = event.event_type or EventType.OTHER
    if event.organiser:
        values["organiser"] = event.organiser
    if creating and event.registration_url:
        values["signup"] = (
            SignupMode.EXTERNAL
        )  # an imported event with a registration link sends people there
    return values


def _changes(page, event, desired):
    """Verbose names of what the import would change on `page` (empty: nothing)."""
    changes = [
        str(EventPage._meta.get_field(name).verbose_name)
        for name, value in desired.items()
        if getattr(page, name) != value
    ]
    if _serialized(page.recurrence) != _serialized(event.recurrence):
        changes.append(str(EventPage._meta.get_field("recurrence").verbose_name))
    if event.body_text and _body_source(page) != [("rich_text", _body(event.body_text))]:
        changes.append(str(EventPage._meta.get_field("body").verbose_name))
    current = sorted(_exception_key(e) for e in page.date_exceptions.all())
    if current != sorted(_exception_key(e) for e in event.exceptions):
        changes.append(_("changes to single dates"))
    return changes


def _set_fields(page, event, desired):
    from wagtail.rich_text import RichText

    for name, value in desired.items():
        setattr(page, name, value)
    page.recurrence = event.recurrence
    if event.body_text:
        page.body = [("rich_text", RichText(_body(event.body_text)))]
    # Keep the rows (and their translation keys) of dates that stay changed.
    existing = {exception.original_date: exception for exception in page.date_exceptions.all()}
    exceptions = []
    for imported in event.exceptions:
        exception = existing.get(imported.original_date) or EventDateException(locale_id=page.locale_id)
        for name, value in vars(imported).items():
            setattr(exception, name, value)
        exceptions.append(exception)
    page.date_exceptions = exceptions


def _validation_error(event, error):
    if hasattr(error, "message_dict"):
        messages = [
            f"{name}: {message}" if name != "__all__" else message
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
    else:
        messages = error.messages
    return LineError(event.line, " ".join(messages))


def _new_page(event, parent, user, slugs, paths, now):
    """A new page for `event`, validated and ready for bulk.create_pages (not saved yet)."""
    page = EventPage(
        slug=slugs.pick(event.title), locale_id=parent.locale_id, ical_uid=event.uid, owner=user, live=False
    )
    _set_fields(page, event, _desired(event, creating=True))
    bulk.prepare(page, parent, paths, user, now)
    return page


def _update(event, page, user):
    current = page.get_latest_revision_as_object()
    desired = _desired(event, creating=False)
    changes = _changes(current, event, desired)
    if not changes:
        return changes, False
    _set_fields(current, event, desired)
    revision = current.save_revision(user=user, log_action=True)
    if page.live:
        revision.publish(user=user)
    return changes, not page.live


def apply_import(events, parent, dry_run=False, user=None, progress=None) -> ImportReport:
    """Create or update one event page per ImportedEvent under `parent`, all or nothing.

    A dry run does exactly the same work, so it finds the same problems, and then rolls it back.
    ``progress(done, total)``, when given, is called after each event (for the command line).
    """
    parent = parent.specific
    if not isinstance(parent, EventIndexPage):
        raise TypeError("apply_import needs an EventIndexPage")
    report = ImportReport(dry_run=dry_run)
    try:
        # One bump of each content version for the whole import, however many pages it publishes.
        with transaction.atomic(), bumps_coalesced():
            # Two imports into one calendar at a time would both create the same UIDs.
            list(EventIndexPage.objects.select_for_update().filter(pk=parent.pk).values_list("pk"))
            existing = {
                page.ical_uid: page
                for page in EventPage.objects.filter(
                    locale_id=parent.locale_id, ical_uid__in=[event.uid for event in events]
                )
            }
            # New pages are validated one by one and saved together at the end (bulk.py).
            slugs, paths, now, new_pages = (
                bulk.SlugPicker(parent),
                bulk.PathPicker(parent),
                timezone.now(),
                [],
            )
            for done, event in enumerate(events, start=1):
                if progress is not None and done > 1:
                    progress(done - 1, len(events))
                page = existing.get(event.uid)
                item = ReportItem(event.uid, event.title, event.line)
                try:
                    if page is None:
                        item.page = _new_page(event, parent, user, slugs, paths, now)
                        new_pages.append(item.page)
                        report.created.append(item)
                        continue
                    if page.path[: -page.steplen] != parent.path or page.depth != parent.depth + 1:
                        report.errors.append(
                            LineError(
                                event.line,
                                _("UID %(uid)s belongs to the event “%(title)s” in another calendar")
                                % {"uid": event.uid, "title": page.title},
                            )
                        )
                        continue
                    item.page = page
                    item.changes, item.draft_only = _update(event, page, user)
                    (report.updated if item.changes else report.unchanged).append(item)
                except ValidationError as error:
                    report.errors.append(_validation_error(event, error))
            if progress is not None and events:
                progress(len(events), len(events))
            if report.errors:
                raise _Rollback
            bulk.create_pages(new_pages, parent, user, now)
            if dry_run:
                # Leaving by an exception rolls back the transaction and bumps no version.
                raise _DryRun
    except _DryRun:
        pass
    except _Rollback:
        report.created, report.updated, report.unchanged = [], [], []
    if dry_run:
        for item in report.created:
            item.page = None  # it was never saved
    return report


def find_parent(value):
    """An EventIndexPage by id or by URL path ("/sv/kalender/", "/kalender/"); None if not exactly one."""
    value = str(value).strip()
    if value.isdigit():
        page_id = database_id(value)  # a number no page can have finds none
        return EventIndexPage.objects.filter(pk=page_id).first() if page_id else None
    path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
    matches = []
    for page in EventIndexPage.objects.all():
        paths = {page.url_path, "/" + page.url_path.strip("/").partition("/")[2] + "/"}
        url_parts = page.get_url_parts()
        if url_parts:
            paths.add(url_parts[2])
        if path in paths:
            matches.append(page)
    return matches[0] if len(matches) == 1 else None
