"""Feeds assembled from each event's kept text (events/feeds/blocks.py): a publish rewrites only the
event that changed, and every change that alters an event's text without a publish of that event
still shows in the feed."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from recurrence import deserialize
from wagtail.models import PageViewRestriction, Site

from events import ical
from events.factories import EventIndexPageFactory, EventPageFactory
from events.feeds.blocks import local_entries as local_feed_blocks
from events.ics_import import apply_import, parse_calendar
from events.models import EventIndexPage, EventPage
from home.translation import translate_page
from tests.events.calendar_readers import read_ical
from tests.events.test_feeds import (
    EN_FEED,
    english_calendar,
    english_home,
    get_feed,
    local_time,
    masters,
    page_link,
    publish,
    published_event,
    today,
    value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(monkeypatch):
    """The titles of the rows whose text was written, in order (the real writer still writes them)."""
    titles = []
    write = ical.event_block

    def counting(row, *args, **kwargs):
        titles.append(row.title)
        return write(row, *args, **kwargs)

    monkeypatch.setattr(ical, "event_block", counting)
    return titles


def test_a_publish_rewrites_only_the_published_event(client, calendar, written):
    events = [published_event(calendar, title=f"Seminarium {number}") for number in range(5)]
    events.append(
        published_event(calendar, title="Handledning", recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"))
    )
    before = get_feed(client)
    assert sorted(written) == sorted(event.title for event in events)

    written.clear()
    changed = EventPage.objects.get(pk=events[2].pk)
    changed.title = "Seminarium 2, nytt namn"
    publish(changed)
    after = get_feed(client)

    assert written == ["Seminarium 2, nytt namn"]
    assert sorted(e.summary for e in read_ical(after).events) == sorted(
        [
            "Seminarium 0",
            "Seminarium 1",
            "Seminarium 2, nytt namn",
            "Seminarium 3",
            "Seminarium 4",
            "Handledning",
        ]
    )
    # The other events' text is the very same.
    unchanged = [lines for lines in masters(before) if value(lines, "SUMMARY") != "Seminarium 2"]
    assert all(lines in masters(after) for lines in unchanged)

    written.clear()
    assert get_feed(client) == after  # the body itself is cached
    assert written == []


def test_a_time_synced_to_a_translation_shows_in_its_feed(client, sv_home, calendar):
    event = published_event(
        calendar, title="Handledning", slug="handledning", start_time=dt.time(13, 0), end_time=dt.time(15, 0)
    )
    english_home(sv_home)
    english_calendar(calendar)
    translate_page(
        event,
        "en",
        {
            "Handledning": "Supervision",
            "handledning": "supervision",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    [before] = masters(get_feed(client, EN_FEED))
    assert local_time(before).time() == dt.time(13, 0)

    # Only the Swedish source is edited and published; the translation is synced from it.
    source = EventPage.objects.get(pk=event.pk)
    source.start_time, source.end_time = dt.time(9, 0), dt.time(11, 0)
    publish(source)

    [after] = masters(get_feed(client, EN_FEED))
    assert value(after, "SUMMARY") == "Supervision"
    assert local_time(after).time() == dt.time(9, 0)
    assert local_time(after, "DTEND").time() == dt.time(11, 0)


def test_a_new_slug_of_the_calendar_page_shows_in_every_event_url(client, calendar):
    published_event(calendar, title="Seminarium", slug="seminarium")
    [before] = masters(get_feed(client))
    assert page_link(before) == "http://localhost/sv/kalender/seminarium/"

    calendar.slug = "program"
    publish(calendar)  # the event itself is not published again

    [after] = masters(get_feed(client))
    assert page_link(after) == "http://localhost/sv/program/seminarium/"
    assert "http://localhost/sv/program/seminarium/" in read_ical(get_feed(client)).events[0].description


def test_a_new_hostname_of_the_site_shows_in_every_event_url(client, calendar):
    published_event(calendar, title="Seminarium", slug="seminarium")
    assert page_link(masters(get_feed(client))[0]) == "http://localhost/sv/kalender/seminarium/"

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "kunskap.example.org", 443
    site.save()

    [after] = masters(get_feed(client))
    assert page_link(after) == "https://kunskap.example.org/sv/kalender/seminarium/"


def test_dates_materialised_further_ahead_show_without_a_publish(client, calendar, settings):
    # Two rules cannot be one RRULE, so the feed lists the materialised dates as RDATEs.
    settings.EVENTS_HORIZON_MONTHS = 2
    publish(
        EventPageFactory(
            parent=calendar,
            title="Nätverksträff",
            start_date=today() + dt.timedelta(days=1),
            recurrence=deserialize("RRULE:FREQ=WEEKLY\nRRULE:FREQ=MONTHLY"),
        )
    )
    [before] = masters(get_feed(client))
    dates_before = len(value(before, "RDATE").split(","))

    settings.EVENTS_HORIZON_MONTHS = 4
    call_command("extend_occurrences", stdout=io.StringIO())

    [after] = masters(get_feed(client))
    assert len(value(after, "RDATE").split(",")) > dates_before + 6


def summaries(text):
    return sorted(event.summary for event in read_ical(text).events)


def test_an_old_copy_of_the_blocks_in_a_process_still_shows_every_later_change(client, calendar):
    # Each process keeps the blocks it used last (events/feeds/blocks.py); another process may have
    # written newer ones since. An old copy must cost work, never an old block.
    first = published_event(calendar, title="Första")
    second = published_event(calendar, title="Andra")
    get_feed(client)
    old_copy = dict(local_feed_blocks.entries)

    changed = EventPage.objects.get(pk=first.pk)
    changed.title = "Första, nytt namn"
    publish(changed)
    assert summaries(get_feed(client)) == ["Andra", "Första, nytt namn"]

    changed = EventPage.objects.get(pk=second.pk)
    changed.title = "Andra, nytt namn"
    publish(changed)
    local_feed_blocks.clear()
    for key, (entry, size, note) in old_copy.items():  # this process is back at the first feed
        local_feed_blocks.put(key, entry, size, note)
    cache.clear()
    assert summaries(get_feed(client)) == ["Andra, nytt namn", "Första, nytt namn"]


def test_an_unpublished_or_deleted_event_leaves_the_feed(client, calendar):
    kept, unpublished, deleted = (published_event(calendar, title=title) for title in ("Kvar", "Av", "Borta"))
    assert summaries(get_feed(client)) == ["Av", "Borta", "Kvar"]

    EventPage.objects.get(pk=unpublished.pk).unpublish()
    assert summaries(get_feed(client)) == ["Borta", "Kvar"]
    EventPage.objects.get(pk=deleted.pk).delete()
    assert summaries(get_feed(client)) == ["Kvar"]
    assert kept.pk in EventPage.objects.values_list("pk", flat=True)


def test_an_event_moved_to_another_calendar_shows_its_new_url(client, sv_home, calendar):
    event = published_event(calendar, title="Seminarium", slug="seminarium")
    assert page_link(masters(get_feed(client))[0]) == "http://localhost/sv/kalender/seminarium/"

    other = publish(EventIndexPageFactory(parent=sv_home, title="Program", slug="program"))
    EventPage.objects.get(pk=event.pk).move(other, pos="last-child")

    [after] = masters(get_feed(client))
    assert page_link(after) == "http://localhost/sv/program/seminarium/"


def test_a_slug_saved_without_a_publish_shows_in_the_event_urls(client, calendar):
    published_event(calendar, title="Seminarium", slug="seminarium")
    get_feed(client)
    calendar = EventIndexPage.objects.get(pk=calendar.pk)
    calendar.slug = "evenemang"
    calendar.save()  # outside a transaction, as a script might
    assert page_link(masters(get_feed(client))[0]) == "http://localhost/sv/evenemang/seminarium/"


def test_a_view_restriction_on_the_calendar_takes_its_events_out_of_the_feed(client, calendar):
    published_event(calendar, title="Seminarium")
    assert summaries(get_feed(client)) == ["Seminarium"]

    restriction = PageViewRestriction.objects.create(page=calendar, restriction_type="login")
    assert summaries(get_feed(client)) == []
    restriction.delete()
    assert summaries(get_feed(client)) == ["Seminarium"]


def test_a_filtered_feed_follows_a_changed_type(client, calendar):
    event = published_event(calendar, title="Seminarium", event_type="seminar")
    published_event(calendar, title="Modul", event_type="module")
    assert summaries(get_feed(client, type="seminar")) == ["Seminarium"]

    changed = EventPage.objects.get(pk=event.pk)
    changed.event_type = "module"
    publish(changed)
    assert summaries(get_feed(client, type="seminar")) == []
    assert summaries(get_feed(client, type="module")) == ["Modul", "Seminarium"]


def test_imported_events_join_a_feed_already_kept(client, calendar):
    published_event(calendar, title="Befintligt")
    get_feed(client)
    day = today() + dt.timedelta(days=10)
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:ny-1@example.org\r\nDTSTAMP:20260101T090000Z\r\nSUMMARY:Importerat\r\n"
        f"DTSTART;TZID=Europe/Stockholm:{day:%Y%m%d}T130000\r\n"
        f"DTEND;TZID=Europe/Stockholm:{day:%Y%m%d}T150000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    apply_import(parse_calendar(ics.encode()), calendar)
    assert summaries(get_feed(client)) == ["Befintligt", "Importerat"]
