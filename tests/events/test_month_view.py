"""The month grid: a few dates a day with a link to the rest, moved and cancelled dates marked, and no
.ics download offered for a cancelled date."""

import calendar as calendar_module
import datetime as dt

import pytest
from bs4 import BeautifulSoup
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException, EventPage, sync_occurrences
from events.views import MONTH_DAY_LIMIT
from tests.helpers import SWEDISH_MONTHS

pytestmark = pytest.mark.django_db


def first_of_month_after(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


# A month ahead of today, so its dates are upcoming on the event page too.
MONTH = first_of_month_after(dt.date.today(), 2)
BUSY_DAY = MONTH + dt.timedelta(days=11)
MONTH_NAMES = dict(enumerate(SWEDISH_MONTHS, start=1))
FIRST_TUESDAY = MONTH + dt.timedelta(days=(1 - MONTH.weekday()) % 7)


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


def published(**kwargs):
    event = EventPageFactory(**kwargs)
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    return event


def month_soup(client, calendar, **params):
    response = client.get(calendar.url, {"view": "month", "month": MONTH.strftime("%Y-%m"), **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def calendar_days(month):
    return [
        day for week in calendar_module.Calendar().monthdatescalendar(month.year, month.month) for day in week
    ]


def cell(soup, day):
    return soup.select_one(f".month-grid td:has(time[datetime='{day.isoformat()}'])")


def test_a_busy_day_shows_a_few_dates_and_links_to_all_of_them(client, calendar):
    for number in range(8):
        published(
            parent=calendar,
            title=f"Seminarium {number}",
            slug=f"seminarium-{number}",
            start_date=BUSY_DAY,
            start_time=dt.time(8 + number, 0),
            end_time=dt.time(8 + number, 45),
        )
    published(parent=calendar, title="Lugn dag", slug="lugn-dag", start_date=BUSY_DAY + dt.timedelta(days=1))

    soup = month_soup(client, calendar)
    busy = cell(soup, BUSY_DAY)
    shown = [a.get_text(strip=True) for a in busy.select("li > a:not(.month-grid__more)")]
    assert shown == ["08:00 Seminarium 0", "09:00 Seminarium 1", "10:00 Seminarium 2"]
    assert len(shown) == MONTH_DAY_LIMIT
    more = busy.select_one("a.month-grid__more")
    assert more.get_text(" ", strip=True) == f"+ 5 till {BUSY_DAY.day} {MONTH_NAMES[BUSY_DAY.month]}"
    # A quiet day has no such link.
    quiet = cell(soup, BUSY_DAY + dt.timedelta(days=1))
    assert [a.get_text(strip=True) for a in quiet.select("li > a")] == ["09:00 Lugn dag"]
    assert not quiet.select(".month-grid__more")

    # The link opens the same month with every date of that day listed at the anchor.
    href, anchor = more["href"].split("#")
    assert anchor == "day-events"
    response = client.get(calendar.url + href)
    assert response.status_code == 200
    day_soup = BeautifulSoup(response.content, "html.parser")
    section = day_soup.select_one(f"#{anchor}")
    assert section.select_one("h2 time")["datetime"] == BUSY_DAY.isoformat()
    assert [a.get_text() for a in section.select(".event-list__item > a")] == [
        f"Seminarium {number}" for number in range(8)
    ]
    # The grid beside it still holds only the first few.
    assert len(cell(day_soup, BUSY_DAY).select("li > a:not(.month-grid__more)")) == MONTH_DAY_LIMIT


def test_a_busy_day_of_a_neighbouring_month_in_the_grid_links_to_its_own_month(client, calendar):
    # The first month from MONTH on whose grid shows days of another month (February 2027 does not).
    month = next(
        candidate
        for candidate in (first_of_month_after(MONTH, number) for number in range(12))
        if any(day.month != candidate.month for day in calendar_days(candidate))
    )
    neighbour_day = next(day for day in calendar_days(month) if day.month != month.month)
    for number in range(MONTH_DAY_LIMIT + 1):
        published(parent=calendar, slug=f"granne-{number}", start_date=neighbour_day)
    response = client.get(calendar.url, {"view": "month", "month": month.strftime("%Y-%m")})
    more = cell(BeautifulSoup(response.content, "html.parser"), neighbour_day).select_one(".month-grid__more")
    response = client.get(calendar.url + more["href"].split("#")[0])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#day-events h2 time")["datetime"] == neighbour_day.isoformat()
    assert len(soup.select("#day-events .event-list__item")) == MONTH_DAY_LIMIT + 1


def test_filters_apply_to_the_shown_dates_and_to_the_count(client, calendar):
    for number in range(5):
        published(parent=calendar, slug=f"seminar-{number}", event_type="seminar", start_date=BUSY_DAY)
    published(parent=calendar, slug="handledning", event_type="supervision", start_date=BUSY_DAY)
    soup = month_soup(client, calendar, type="supervision", audience="municipality")
    busy = cell(soup, BUSY_DAY)
    assert len(busy.select("li > a")) == 1 and not busy.select(".month-grid__more")
    soup = month_soup(client, calendar, type="seminar")
    assert cell(soup, BUSY_DAY).select_one(".month-grid__more").get_text(" ", strip=True).startswith("+ 2 ")


@pytest.mark.parametrize(
    "params",
    [
        {"day": "soon"},
        {"day": "2027-02-30"},
        {"month": "2027-05", "day": "2027-06-01"},
        {"month": "2027-05", "day": "2027-05-01T00:00"},
    ],
)
def test_a_day_that_means_nothing_is_a_400(client, calendar, params):
    response = client.get(calendar.url, {"view": "month", **params})
    assert response.status_code == 400
    assert b"Visa alla kommande evenemang" in response.content


def test_a_day_alone_opens_its_month(client, calendar):
    published(parent=calendar, title="Ensam", slug="ensam", start_date=BUSY_DAY)
    response = client.get(calendar.url, {"view": "month", "day": BUSY_DAY.isoformat()})
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.select_one(".month-grid caption").get_text(strip=True)
        == f"{MONTH_NAMES[MONTH.month]} {MONTH.year}"
    )
    assert [a.get_text() for a in soup.select("#day-events .event-list__item > a")] == ["Ensam"]


def test_an_empty_month_says_so(client, calendar):
    soup = month_soup(client, calendar)
    assert soup.select_one(".month-grid__none").get_text() == "Det finns inga evenemang den här månaden."


@pytest.mark.parametrize("events_per_day", [1, 20])
def test_month_grid_queries_stay_constant_on_a_busy_month(
    client, calendar, django_assert_max_num_queries, events_per_day
):
    days = 28
    for number in range(days * events_per_day):
        event = EventPageFactory(
            parent=calendar, slug=f"e-{number}", start_date=MONTH + dt.timedelta(days=number % days)
        )
        sync_occurrences(EventPage.objects.get(pk=event.pk))
    params = {"view": "month", "month": MONTH.strftime("%Y-%m")}
    client.get(calendar.url, params)
    with django_assert_max_num_queries(15):
        response = client.get(calendar.url, params)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".month-grid li > a:not(.month-grid__more)")) == days * min(
        events_per_day, MONTH_DAY_LIMIT
    )
    assert len(soup.select(".month-grid__more")) == (days if events_per_day > MONTH_DAY_LIMIT else 0)
    with django_assert_max_num_queries(16):
        assert client.get(calendar.url, {**params, "day": BUSY_DAY.isoformat()}).status_code == 200


@pytest.fixture
def weekly_with_changes(calendar):
    """Four Tuesdays in MONTH: the second cancelled, the third moved to the Wednesday at 10:00."""
    first = FIRST_TUESDAY
    event = EventPageFactory(
        parent=calendar,
        title="Handledning",
        slug="handledning",
        start_date=first,
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
    )
    EventDateException.objects.create(
        event=event, original_date=first + dt.timedelta(weeks=1), kind="cancelled"
    )
    EventDateException.objects.create(
        event=event,
        original_date=first + dt.timedelta(weeks=2),
        kind="moved",
        new_date=first + dt.timedelta(weeks=2, days=1),
        new_start_time=dt.time(10, 0),
        new_end_time=dt.time(11, 0),
    )
    event = EventPage.objects.get(pk=event.pk)
    event.save_revision().publish()
    return event


def test_month_grid_marks_moved_and_cancelled_dates(client, calendar, weekly_with_changes):
    soup = month_soup(client, calendar)
    cancelled = cell(soup, FIRST_TUESDAY + dt.timedelta(weeks=1))
    assert cancelled.select_one(".badge--cancelled").get_text() == "Inställt"
    original = FIRST_TUESDAY + dt.timedelta(weeks=2)
    moved = cell(soup, original + dt.timedelta(days=1))
    assert moved.select_one("li > a").get_text() == "10:00 Handledning"
    assert moved.select_one(".badge--moved").get_text() == "Flyttat"
    moved_from = moved.select_one(".moved-from")
    assert (
        moved_from.get_text(" ", strip=True)
        == f"ursprungligen {original.day} {MONTH_NAMES[original.month]} 18:00"
    )
    assert moved_from.select_one("time")["datetime"].startswith(f"{original.isoformat()}T18:00:00+0")
    # The day it was moved away from shows nothing, an ordinary day no badge.
    assert not cell(soup, original).select("li")
    assert not cell(soup, FIRST_TUESDAY).select(".badge")


def test_a_cancelled_date_offers_no_download(client, weekly_with_changes):
    soup = BeautifulSoup(client.get(weekly_with_changes.url).content, "html.parser")
    rows = soup.select(".occurrence-list li")
    assert len(rows) == 4
    downloads = {
        row.select_one("time")["datetime"][:10]: [a["href"] for a in row.select("a.occurrence-download")]
        for row in rows
    }
    tuesdays = [FIRST_TUESDAY + dt.timedelta(weeks=week) for week in range(4)]
    url = f"/sv/feeds/event/{weekly_with_changes.pk}/{{}}.ics"
    assert downloads == {
        tuesdays[0].isoformat(): [url.format(tuesdays[0].isoformat())],
        tuesdays[1].isoformat(): [],  # cancelled
        # moved to the Wednesday, downloaded by the day it originally fell on
        (tuesdays[2] + dt.timedelta(days=1)).isoformat(): [url.format(tuesdays[2].isoformat())],
        tuesdays[3].isoformat(): [url.format(tuesdays[3].isoformat())],
    }


def test_a_cancelled_series_offers_no_download_for_its_dates(client, calendar):
    event = published(
        parent=calendar,
        title="Temadag",
        slug="temadag",
        start_date=BUSY_DAY,
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
        status="cancelled",
    )
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    assert soup.select_one(".notice--cancelled")
    assert len(soup.select(".occurrence-list li .badge--cancelled")) == 3
    assert not soup.select("a.occurrence-download")


def test_a_publish_shows_in_the_month_and_its_day_at_once(client, calendar):
    def hour_on_busy_day(title, slug, hour):
        return published(
            parent=calendar,
            title=title,
            slug=slug,
            start_date=BUSY_DAY,
            start_time=dt.time(hour),
            end_time=dt.time(hour + 1),
        )

    hour_on_busy_day("Först", "forst", 9)
    params = {"day": BUSY_DAY.isoformat()}
    soup = month_soup(client, calendar, **params)
    assert [a.get_text() for a in cell(soup, BUSY_DAY).select("li > a")] == ["09:00 Först"]
    later = hour_on_busy_day("Sedan", "sedan", 13)
    soup = month_soup(client, calendar, **params)
    assert [a.get_text() for a in cell(soup, BUSY_DAY).select("li > a")] == ["09:00 Först", "13:00 Sedan"]
    assert [a.get_text() for a in soup.select("#day-events .event-list__item > a")] == ["Först", "Sedan"]
    later.unpublish()
    soup = month_soup(client, calendar, **params)
    assert [a.get_text() for a in cell(soup, BUSY_DAY).select("li > a")] == ["09:00 Först"]
    assert [a.get_text() for a in soup.select("#day-events .event-list__item > a")] == ["Först"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("label_format", ["H:i", "l j F Y", "l j F Y, H:i", "j F H:i", "j F Y"])
def test_date_labels_read_as_djangos_date_format_writes_them(language, label_format):
    from zoneinfo import ZoneInfo

    from django.utils import translation
    from django.utils.dateformat import format as date_format

    from events.templatetags.event_dates import _label

    zone = ZoneInfo("Europe/Stockholm")
    with translation.override(language):
        for day in range(0, 365, 17):
            value = dt.datetime(2027, 1, 1, 7, 5, tzinfo=zone) + dt.timedelta(days=day, hours=day % 13)
            assert _label(value, label_format) == date_format(value, label_format)
