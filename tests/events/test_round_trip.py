"""Round trip: a calendar imported with import_ics and exported by our feed means the same dates.

Both files are expanded by `ical`, a parser we do not write with, and compared as (title, instant)
pairs of the dates that take place (a date with its own SUMMARY keeps it); importing the same file again changes nothing.
"""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Revision

from events.factories import EventIndexPageFactory
from events.ics_import import apply_import, parse_calendar
from events.models import EventPage, Occurrence
from tests.events.calendar_readers import read_ical

# The feeds leave out dates long past: read the fixed files on the day before their dates.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_calendar_files_day")]

FIXTURES = Path(__file__).parent / "ics"
WINDOW = (dt.datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC")), dt.datetime(2028, 12, 31, tzinfo=ZoneInfo("UTC")))


def taking_place(text, uid=None):
    """(title, UTC instant or all-day date) of every date in the window that is not cancelled."""
    seen = []
    for event in read_ical(text).timeline_tz(ZoneInfo("Europe/Stockholm")).overlapping(*WINDOW):
        if (event.status and event.status.value.upper() == "CANCELLED") or (uid and event.uid != uid):
            continue
        start = event.dtstart
        when = start.astimezone(dt.UTC).isoformat() if isinstance(start, dt.datetime) else start.isoformat()
        seen.append((event.summary, when))
    return sorted(seen)


@pytest.mark.parametrize(
    "fixture",
    [
        "outlook_weekly.ics",
        "google_utc.ics",
        "apple_overrides.ics",
        "allday_multiday.ics",
        "google_override_titles.ics",
    ],
)
def test_imported_calendar_exports_the_same_dates(client, sv_home, fixture):
    calendar = EventIndexPageFactory(parent=sv_home)
    calendar.save_revision().publish()
    source = (FIXTURES / fixture).read_bytes()
    imported = parse_calendar(source)
    apply_import(imported, calendar)

    source_text = source.decode("utf-8")
    compared = 0
    for event in EventPage.objects.filter(ical_uid__in=[e.uid for e in imported]):
        response = client.get(f"/sv/feeds/event/{event.pk}.ics")
        assert response.status_code == 200
        # Each date under the title the source gives it: the series' SUMMARY or an override's own.
        wanted = taking_place(source_text, uid=event.ical_uid)
        # A wholly cancelled event takes place on no date in either file.
        assert taking_place(response.content.decode("utf-8")) == wanted, f"{fixture}: {event.title}"
        compared += len(wanted)
    assert compared >= 3, f"{fixture}: too few dates to compare"

    # Importing the same file again changes nothing: no page, revision or date is added or altered.
    pages = list(EventPage.objects.order_by("pk").values_list("pk", "title", "start_date", "start_time"))
    revisions = Revision.objects.count()
    dates = list(Occurrence.objects.order_by("pk").values_list("event_id", "start", "end", "status"))
    apply_import(parse_calendar(source), calendar)
    assert (
        list(EventPage.objects.order_by("pk").values_list("pk", "title", "start_date", "start_time")) == pages
    )
    assert Revision.objects.count() == revisions
    assert list(Occurrence.objects.order_by("pk").values_list("event_id", "start", "end", "status")) == dates
