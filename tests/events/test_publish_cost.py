"""Publishing one event costs the same whatever the size of the programme, and still does everything.

Everything: the dates materialised, the sequence grown on a change a reader sees, the translation's
dates synced and republished, the feeds and the public pages told in every process, the search index
updated, a revision and a log entry.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from recurrence import deserialize
from wagtail.models import PageLogEntry

from events.factories import EventIndexPageFactory, EventPageFactory
from events.feeds.cache import feed_version
from events.models import EventDateException, EventPage, Occurrence, occurrence_changes
from home.translation import translate_page
from home.versions import site_content_version
from tests.helpers import english_home, publish, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(sv_home):
    english_home(sv_home)
    calendar = EventIndexPageFactory(parent=sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    return calendar


def weekly_event(calendar):
    event = publish(
        EventPageFactory(
            parent=calendar,
            title="Handledning",
            slug="handledning",
            start_date=dt.date.today() + dt.timedelta(days=3),
            start_time=dt.time(18, 0),
            end_time=dt.time(20, 0),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=10"),
        )
    )
    english = translate_page(
        event,
        "en",
        {"Handledning": "Supervision", "handledning": "supervision", "Kommunhuset, Haninge": "Town hall"},
    )
    return event, english


def add_events(calendar, count):
    for _ in range(count):
        publish(EventPageFactory(parent=calendar, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=5")))


def publish_changed(event, number):
    """An editor moves the series an hour and renames it, then publishes; returns the queries it took."""
    event = EventPage.objects.get(pk=event.pk)
    event.title = f"Kvällsträff {number}"
    event.start_time = dt.time(17 - number, 0)
    with CaptureQueriesContext(connection) as queries:
        event.save_revision().publish()
    return len(queries)


def test_publishing_an_event_costs_the_same_queries_with_10_and_40_events(calendar):
    event, english = weekly_event(calendar)
    add_events(calendar, 10)
    with_10 = publish_changed(event, 1)
    add_events(calendar, 30)
    with_40 = publish_changed(event, 2)
    assert with_10 == with_40
    assert EventPage.objects.count() == 2 + 40


def test_a_publish_still_does_everything(calendar, client):
    event, english = weekly_event(calendar)
    add_events(calendar, 3)
    versions = feed_version(), site_content_version()
    sequence = EventPage.objects.get(pk=event.pk).sequence
    logged = PageLogEntry.objects.filter(page=event, action="wagtail.publish").count()

    publish_changed(event, 1)

    event.refresh_from_db()
    english.refresh_from_db()
    assert event.title == "Kvällsträff 1" and event.live_revision == event.latest_revision
    assert PageLogEntry.objects.filter(page=event, action="wagtail.publish").count() == logged + 1
    assert event.sequence == sequence + 1
    starts = {o.start.astimezone(event.zone).time() for o in Occurrence.objects.filter(event=event)}
    assert starts == {dt.time(16, 0)}
    assert Occurrence.objects.filter(event=event).count() == 10
    # The translation got the new time and was republished with it; its title stays translated.
    assert english.start_time == dt.time(16, 0) and english.title == "Supervision"
    assert {o.start.astimezone(english.zone).time() for o in Occurrence.objects.filter(event=english)} == {
        dt.time(16, 0)
    }
    assert feed_version() != versions[0] and site_content_version() != versions[1]
    assert found(client, "Kvällsträff") == ["Kvällsträff 1"]


def found(client, words):
    return [
        a.get_text(strip=True)
        for a in soup_of(client.get("/sv/sok/", {"q": words})).select(".search-result__title a")
    ]


def test_saving_a_draft_leaves_the_public_pages_cached_and_the_search_index_alone(calendar, client):
    event, _english = weekly_event(calendar)
    before = site_content_version()
    event = EventPage.objects.get(pk=event.pk)
    event.title = "Kvällsträff utkast"
    event.save_revision()
    assert site_content_version() == before
    assert found(client, "Kvällsträff") == []
    assert found(client, "Handledning") == ["Handledning"]
    event.get_latest_revision().publish()
    assert site_content_version() != before
    assert found(client, "Kvällsträff") == ["Kvällsträff utkast"]


def test_a_republish_keeps_unchanged_dates_and_a_change_writes_new_rows(calendar):
    event, _english = weekly_event(calendar)
    rows = list(Occurrence.objects.filter(event=event).values_list("pk", flat=True))
    publish(EventPage.objects.get(pk=event.pk))
    assert list(Occurrence.objects.filter(event=event).values_list("pk", flat=True)) == rows

    event = EventPage.objects.get(pk=event.pk)
    third = event.start_date + dt.timedelta(days=14)
    EventDateException.objects.create(event=event, original_date=third, kind="cancelled", note="Sjuk")
    publish(EventPage.objects.get(pk=event.pk))
    after = Occurrence.objects.filter(event=event)
    assert after.count() == 10
    assert after.get(original_start__date=third).status == "cancelled"
    # Feed blocks key on the newest row id (events/feeds/blocks.py): it changes with the dates.
    assert max(after.values_list("pk", flat=True)) > max(rows)
    assert len(set(rows) & set(after.values_list("pk", flat=True))) == 9

    event.unpublish()
    assert not Occurrence.objects.filter(event=event).exists()


def test_occurrence_changes_write_only_what_changed():
    a, b, c = ((f"2026-03-0{day}", "scheduled") for day in (1, 2, 3))
    existing = [(1, *a), (2, *b), (3, *c)]
    assert occurrence_changes(existing, [a, b, c]) == ([], [])
    assert occurrence_changes(existing, [a, b]) == ([3, 2], [b])  # a row is rewritten: a new newest id
    assert occurrence_changes(existing, [a, b, c, ("2026-03-04", "scheduled")]) == (
        [],
        [("2026-03-04", "scheduled")],
    )
    moved = ("2026-03-05", "moved")
    assert occurrence_changes(existing, [a, moved, c]) == ([2], [moved])
    assert occurrence_changes(existing, []) == ([1, 2, 3], [])
    assert occurrence_changes([], [a]) == ([], [a])
    # The same date twice (two instants that look alike) keeps two rows.
    assert occurrence_changes([(1, *a), (2, *a)], [a, a]) == ([], [])
