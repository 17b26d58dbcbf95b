"""Feeds assembled from each event's kept text (events/feeds/blocks.py): a publish rewrites only the
event that changed, and every change that alters an event's text without a publish of that event
still shows in the feed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from recurrence import deserialize
from wagtail.models import Site

from events import ical
from events.factories import EventPageFactory
from events.models import EventPage
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
