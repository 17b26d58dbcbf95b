"""A date of a series with its own title: an imported RECURRENCE-ID override that changes SUMMARY (and
perhaps the date) keeps that title on the event page, in the calendar and in the feed, and importing
the same file again changes nothing."""

import datetime as dt
import re
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Revision

from events.factories import EventIndexPageFactory
from events.models import EventPage, Occurrence
from tests.events.calendar_readers import expand_ical, expand_vobject

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIXTURE = Path(__file__).parent / "ics" / "google_override_titles.ics"
SERIES_TITLE = "Nätverksträff Supported Education"
MOVED_TITLE = "Studiebesök: Supported Education på Södertörns högskola"
RETITLED_TITLE = "Nätverksträff Supported Education: forskarnas timme"
FIRST_DATE = dt.date(2027, 1, 13)  # the series' first Wednesday in the file


def weeks_to_upcoming():
    """Whole weeks that put the file's dates after today (weekdays and wall-clock times stay)."""
    return dt.timedelta(weeks=max(0, (dt.date.today() - FIRST_DATE).days // 7 + 2))


@pytest.fixture
def upcoming_file(tmp_path):
    shift = weeks_to_upcoming()

    def shifted(match):
        day = dt.datetime.strptime(match[1].decode(), "%Y%m%d").date() + shift
        return day.strftime("%Y%m%d").encode()

    # Only the events' own dates: the VTIMEZONE's 1970 rules stay as they are.
    path = tmp_path / FIXTURE.name
    path.write_bytes(re.sub(rb"(?<=[:=])(20[2-9]\d{5})(?=T)", shifted, FIXTURE.read_bytes()))
    return path


@pytest.fixture
def calendar(sv_home):
    calendar = EventIndexPageFactory(parent=sv_home)
    calendar.save_revision().publish()
    return calendar


def run_import(source, calendar):
    out = StringIO()
    call_command("import_ics", str(source), "--parent", str(calendar.pk), stdout=out)
    return out.getvalue()


def local(day, hour):
    return dt.datetime.combine(day + weeks_to_upcoming(), dt.time(hour), tzinfo=STOCKHOLM)


MOVED_FROM = dt.date(2027, 2, 3)
MOVED_TO = dt.date(2027, 2, 4)
RETITLED = dt.date(2027, 3, 3)


def text_of(element):
    return " ".join(element.get_text(" ").split())


def test_an_override_with_its_own_summary_keeps_it_as_the_dates_title(calendar, upcoming_file, client):
    run_import(upcoming_file, calendar)
    series = EventPage.objects.get(title=SERIES_TITLE)
    titles = {o.original_start: (o.start, o.status, o.title) for o in Occurrence.objects.filter(event=series)}
    assert len(titles) == 8
    assert titles[local(MOVED_FROM, 13)] == (local(MOVED_TO, 10), "moved", MOVED_TITLE)
    assert titles[local(RETITLED, 13)] == (local(RETITLED, 13), "scheduled", RETITLED_TITLE)
    assert sum(1 for _start, _status, title in titles.values() if title) == 2

    # The event page lists every upcoming date; the two with their own title show it beside the date.
    soup = BeautifulSoup(client.get(series.get_url()).content, "html.parser")
    items = {item.time["datetime"]: text_of(item) for item in soup.select(".occurrence-list > li")}
    assert MOVED_TITLE in items[local(MOVED_TO, 10).isoformat()]
    assert RETITLED_TITLE in items[local(RETITLED, 13).isoformat()]
    plain = items[local(FIRST_DATE, 13).isoformat()]
    assert MOVED_TITLE not in plain and RETITLED_TITLE not in plain

    # The calendar's list names each date by its own title, the others by the event's.
    soup = BeautifulSoup(client.get(calendar.get_url()).content, "html.parser")
    listed = {
        item.select_one(".event-list__item p time")["datetime"]: item.a.get_text(strip=True)
        for item in soup.select(".event-list__item")
    }
    assert listed[local(MOVED_TO, 10).isoformat()] == MOVED_TITLE
    assert listed[local(RETITLED, 13).isoformat()] == RETITLED_TITLE
    assert listed[local(FIRST_DATE, 13).isoformat()] == SERIES_TITLE

    # So does the month grid, on the day the date moved to.
    month = (MOVED_TO + weeks_to_upcoming()).strftime("%Y-%m")
    soup = BeautifulSoup(client.get(calendar.get_url(), {"month": month}).content, "html.parser")
    day_cell = next(
        cell
        for cell in soup.select(".month-grid td")
        if cell.time["datetime"] == (MOVED_TO + weeks_to_upcoming()).isoformat()
    )
    assert [a.get_text(strip=True) for a in day_cell.select("li a")] == [f"10:00 {MOVED_TITLE}"]


@pytest.mark.parametrize("read", [expand_ical, expand_vobject], ids=["ical", "vobject"])
def test_the_feed_writes_the_dates_title_as_its_overrides_summary(calendar, upcoming_file, client, read):
    run_import(upcoming_file, calendar)
    series = EventPage.objects.get(title=SERIES_TITLE)
    for url in (f"/sv/feeds/event/{series.pk}.ics", "/sv/feeds/events.ics"):
        response = client.get(url)
        assert response.status_code == 200
        seen = read(response.content.decode(), local(FIRST_DATE, 0), local(RETITLED, 23) + dt.timedelta(30))
        summaries = {s.start.astimezone(STOCKHOLM): s.summary for s in seen}
        assert len(summaries) == 8, url
        assert summaries[local(MOVED_TO, 10)] == MOVED_TITLE
        assert local(MOVED_FROM, 13) not in summaries
        assert summaries[local(RETITLED, 13)] == RETITLED_TITLE
        assert [title for title in summaries.values() if title == SERIES_TITLE] == [SERIES_TITLE] * 6


def test_importing_the_file_again_changes_nothing(calendar, upcoming_file):
    run_import(upcoming_file, calendar)
    series = EventPage.objects.get(title=SERIES_TITLE)

    def state():
        return (
            Revision.objects.filter(object_id=str(series.pk)).count(),
            sorted(series.date_exceptions.values_list("pk", "original_date", "kind", "title", "note")),
            sorted(Occurrence.objects.filter(event=series).values_list("start", "status", "title")),
            EventPage.objects.get(pk=series.pk).sequence,
        )

    before = state()
    output = run_import(upcoming_file, calendar)
    assert f"unchanged: {SERIES_TITLE}" in output
    assert state() == before
