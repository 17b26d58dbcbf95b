"""The importer creates new pages in bulk (events/ics_import/bulk.py): the pages must be the same as the
ones Wagtail's one-page path (add_child, save_revision, publish and its signals) makes, and the
queries an import costs must not grow with every event."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.coreutils import cautious_slugify, find_available_slug
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from events.factories import EventIndexPageFactory
from events.feeds.cache import bump_feed_version, feed_version
from events.feeds.rows import event_uid
from events.ics_import import apply_import, parse_calendar
from events.ics_import.pages import _desired, _set_fields
from events.models import EventPage

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
import programme

# The fixed calendar files are read on the day before their dates (tests/events/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_calendar_files_day")]

ICS = Path(__file__).parent / "ics"
FILES = ["outlook_weekly.ics", "apple_overrides.ics", "google_override_titles.ics", "allday_multiday.ics"]


def one_page_at_a_time(events, parent):
    """The reference: each event saved and published the way Wagtail publishes one page."""
    for event in events:
        page = EventPage(
            slug=find_available_slug(parent, cautious_slugify(event.title)[:80].strip("-")),
            locale_id=parent.locale_id,
            ical_uid=event.uid,
            live=False,
        )
        _set_fields(page, event, _desired(event, creating=True))
        parent.add_child(instance=page)
        page.save_revision(log_action=True).publish()


def state(page):
    """What a visitor, an editor, a feed or the search sees of an event page."""
    page = EventPage.objects.get(pk=page.pk)
    parent = page.get_parent()
    revision = page.latest_revision
    shown = revision.as_object()
    return {
        "fields": (page.title, page.start_date, page.start_time, page.end_time, page.time_zone, page.status),
        "recurrence": str(page.recurrence),
        "body": str(page.body),
        "tree": (page.depth - parent.depth, page.url_path.removeprefix(parent.url_path) == page.slug + "/"),
        "state": (page.live, page.has_unpublished_changes, page.expired, page.locked, page.numchild),
        "published": page.first_published_at == page.last_published_at is not None,
        "revisions": (page.revisions.count(), revision == page.live_revision, revision.user_id),
        "revision content": (shown.title, shown.start_date, str(shown.recurrence), shown.live),
        "sequence": (page.sequence, page.sequence_fingerprint != ""),
        "exceptions": sorted(
            (e.original_date, e.kind, e.new_date, e.new_start_time, e.note, e.title)
            for e in page.date_exceptions.all()
        ),
        "occurrences": list(
            page.occurrences.values_list("start", "end", "original_start", "status", "note", "title")
        ),
        "log": sorted(PageLogEntry.objects.filter(page=page).values_list("action", "revision_id")),
        "references": ReferenceIndex.objects.filter(object_id=str(page.pk)).count(),
    }


def comparable(entry):
    # Revision ids differ between the two calendars; whether an entry has one does not.
    return {**entry, "log": [(action, revision is not None) for action, revision in entry["log"]]}


@pytest.fixture
def calendars(sv_home):
    return (
        EventIndexPageFactory(parent=sv_home, title="Bulk", slug="bulk"),
        EventIndexPageFactory(parent=sv_home, title="En i taget", slug="en-i-taget"),
    )


@pytest.mark.parametrize("name", FILES)
def test_bulk_pages_are_the_pages_one_publish_at_a_time_makes(calendars, name):
    bulk_calendar, reference_calendar = calendars
    events = parse_calendar((ICS / name).read_bytes())
    bump_feed_version()  # the first bump starts from the clock (home/versions.py)
    before = feed_version()
    report = apply_import(events, bulk_calendar)
    assert not report.errors and len(report.created) == len(events)
    assert feed_version() == before + 1  # once for the whole import
    one_page_at_a_time(parse_calendar((ICS / name).read_bytes()), reference_calendar)

    by_uid = {page.ical_uid: page for page in EventPage.objects.child_of(reference_calendar)}
    created = EventPage.objects.child_of(bulk_calendar)
    assert created.count() == len(events)
    for page in created:
        assert comparable(state(page)) == comparable(state(by_uid[page.ical_uid]))
    for calendar in calendars:
        calendar.refresh_from_db()
        assert calendar.numchild == len(events)
    assert Page.find_problems() == ([], [], [], [], [])  # treebeard's own check of paths and numchild


def test_bulk_pages_are_found_listed_in_feeds_and_publishable_again(calendars, client, django_user_model):
    calendar = calendars[0]
    apply_import(parse_calendar((ICS / "outlook_weekly.ics").read_bytes()), calendar)
    page = EventPage.objects.get(title="Handledning Supported Employment")

    assert page in EventPage.objects.live().search("Supported Employment")
    assert client.get(page.url).status_code == 200
    feed = client.get("/sv/feeds/events.ics").content.decode()
    assert f"UID:{event_uid(page)}\r\n" in feed

    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    draft = page.get_latest_revision_as_object()
    draft.venue_name = "Kommunhuset"
    draft.save_revision().publish()
    page = EventPage.objects.get(pk=page.pk)
    assert (page.venue_name, page.sequence, page.revisions.count()) == ("Kommunhuset", 1, 2)
    assert page.occurrences.count() > 1
    assert page in EventPage.objects.live().search("Kommunhuset")


def queries_to_import(count, parent):
    text = programme.calendars(count, dt.date.today())[0].replace("UID:bench-", f"UID:{parent.slug}-")
    events = parse_calendar(text.encode())
    with CaptureQueriesContext(connection) as queries:
        report = apply_import(events, parent)
    assert len(report.created) == count
    return len(queries)


def test_queries_per_imported_event_are_bounded(calendars, django_assert_max_num_queries):
    small = queries_to_import(20, calendars[0])
    with django_assert_max_num_queries(small + 20):  # at most one more query per extra event
        queries_to_import(40, calendars[1])


def test_a_reimport_that_republishes_many_events_bumps_the_feed_version_once(calendars):
    text = programme.calendars(10, dt.date.today())[0]
    apply_import(parse_calendar(text.encode()), calendars[0])
    before = feed_version()
    renamed = text.replace("SUMMARY:", "SUMMARY:Nytt namn: ")
    report = apply_import(parse_calendar(renamed.encode()), calendars[0])
    assert len(report.updated) == 10
    assert feed_version() == before + 1
    page = EventPage.objects.child_of(calendars[0]).get(ical_uid="bench-5@conecto-bench")
    assert page.title.startswith("Nytt namn: ") and page.sequence == 1
