"""Feed rows read as plain data (events/feeds/rows.py ``event_data``) say what rows of the pages say:
a big feed reads its events without building pages, and must not write anything else."""

import datetime as dt

import pytest
from django.test import RequestFactory
from recurrence import deserialize

from events.feeds.rows import RowContext, event_data, event_rows, feed_events, window_start
from events.models import EventFormat, EventPage, EventStatus
from tests.events.test_feeds import add_change, published_event, today

pytestmark = pytest.mark.django_db


def test_rows_from_plain_data_are_the_rows_of_the_pages(calendar):
    start = today() - dt.timedelta(days=63)
    weekly = published_event(
        calendar,
        title="Nätverksträff",
        start_date=start,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=20"),
    )
    for weeks, kind in ((2, "cancelled"), (8, "cancelled"), (11, "note")):
        weekly = add_change(weekly, original_date=start + dt.timedelta(weeks=weeks), kind=kind, note="Obs")
    thursday = today() + dt.timedelta(days=(3 - today().weekday()) % 7 + 7)
    published_event(  # a rule RRULE cannot say exactly: the RDATE form
        calendar,
        start_date=thursday,
        recurrence=deserialize("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=5"),
    )
    published_event(
        calendar, title="Konferens", start_time=None, end_time=None, end_date=today() + dt.timedelta(9)
    )
    published_event(
        calendar,
        title="Webbinarium",
        event_format=EventFormat.ONLINE,
        online_url="https://meet.example.org/x",
        registration_url="https://example.org/anmal",
        introduction="Om samverkan.",
    )
    published_event(calendar, title="Uppskjutet", status=EventStatus.POSTPONED, time_zone="America/New_York")
    published_event(
        calendar,
        title="Importerad",
        time_zone="UTC",
        recurrence=deserialize(f"RRULE:FREQ=DAILY;UNTIL={today() + dt.timedelta(days=60):%Y%m%d}T000000Z"),
    )
    request = RequestFactory().get("/sv/feeds/events.ics")
    events = feed_events("sv")

    from_pages = event_rows(list(events), RowContext(request, window_start()))
    from_data = event_rows([data for data, _extra in event_data(events)], RowContext(request, window_start()))

    assert len(from_pages) == EventPage.objects.live().filter(locale__language_code="sv").count() == 6
    assert from_data == from_pages
    # The page link is the description's last paragraph.
    links = {row.description.rsplit("\n\n", 1)[-1] for row in from_data}
    assert links == {page.get_full_url(request) for page in events}
