"""The event index: upcoming list, month grid, archive and filters, all plain GET requests."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


def published(**kwargs):
    return EventPageFactory(published=True, **kwargs)


def titles(response):
    return [
        a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".event-list__item > a")
    ]


@pytest.fixture
def mixed_events(calendar):
    soon = dt.date.today() + dt.timedelta(days=3)
    return {
        "seminar_online": published(
            parent=calendar,
            title="Online-seminarium",
            event_type="seminar",
            event_format="online",
            start_date=soon,
        ),
        "module_onsite": published(
            parent=calendar,
            title="Modul på plats",
            event_type="module",
            event_format="on_site",
            start_date=soon,
        ),
        "seminar_english": published(
            parent=calendar,
            title="English seminar",
            event_type="seminar",
            event_format="on_site",
            delivery_language="en",
            start_date=soon,
        ),
        "past": published(
            parent=calendar,
            title="Förra årets seminarium",
            start_date=dt.date.today() - dt.timedelta(days=300),
        ),
    }


def test_upcoming_list_leaves_out_past_events(client, calendar, mixed_events):
    assert sorted(titles(client.get(calendar.url))) == [
        "English seminar",
        "Modul på plats",
        "Online-seminarium",
    ]


def test_filters_combine(client, calendar, mixed_events):
    assert sorted(titles(client.get(calendar.url, {"type": "seminar"}))) == [
        "English seminar",
        "Online-seminarium",
    ]
    assert titles(client.get(calendar.url, {"type": "seminar", "format": "on_site"})) == ["English seminar"]
    assert titles(client.get(calendar.url, {"type": "seminar", "language": "sv", "format": "online"})) == [
        "Online-seminarium"
    ]
    assert titles(client.get(calendar.url, {"type": "supervision"})) == []


def test_archive_shows_past_events(client, calendar, mixed_events):
    assert titles(client.get(calendar.url, {"view": "past"})) == ["Förra årets seminarium"]


@pytest.mark.parametrize(
    "query",
    [
        {"type": "concert"},
        {"format": "<script>"},
        {"view": "year"},
        {"month": "2026-13"},
        {"month": "soon"},
        {"page": "-1"},
        {"page": "x"},
    ],
)
def test_nonsense_parameters_give_400_with_a_way_back(client, calendar, query):
    response = client.get(calendar.url, query)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('[role="alert"]') is not None
    assert soup.select_one("main a.button")["href"] == calendar.url


def test_page_beyond_the_last_falls_back_to_the_last_page(client, calendar, mixed_events):
    response = client.get(calendar.url, {"page": "99"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_month_grid_places_dates_on_their_local_day_across_dst(client, calendar):
    from recurrence import deserialize

    published(
        parent=calendar,
        title="Kvällshandledning",
        start_date=dt.date(2027, 3, 23),
        start_time=dt.time(23, 30),
        end_time=dt.time(23, 45),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"),
    )
    soup = BeautifulSoup(
        client.get(calendar.url, {"view": "month", "month": "2027-03"}).content, "html.parser"
    )
    days_with_events = [
        td.select_one("time")["datetime"] for td in soup.select(".month-grid td") if td.select("li")
    ]
    assert days_with_events == ["2027-03-23", "2027-03-30"]
    assert "23:30" in soup.select(".month-grid li")[1].get_text()
    nav = {a["rel"][0]: a["href"] for a in soup.select(".pagination a")}
    assert "month=2027-02" in nav["prev"] and "month=2027-04" in nav["next"]


def test_list_is_paginated_and_grouped_by_month(client, calendar):
    for number in range(25):
        published(
            parent=calendar, slug=f"s-{number}", start_date=dt.date.today() + dt.timedelta(days=number + 1)
        )
    first = client.get(calendar.url)
    second = client.get(calendar.url, {"page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert BeautifulSoup(first.content, "html.parser").select(".month-heading")


@pytest.mark.parametrize("number_of_events", [10, 200])
@pytest.mark.parametrize(
    "query", [{}, {"view": "month"}, {"view": "past"}, {"type": "seminar", "format": "on_site"}]
)
def test_index_views_keep_a_constant_number_of_queries(
    client, calendar, django_assert_max_num_queries, number_of_events, query
):
    from events.models import EventPage, Occurrence, sync_occurrences

    today = dt.date.today()
    for number in range(number_of_events):
        event = EventPageFactory(
            parent=calendar, slug=f"e-{number}", start_date=today + dt.timedelta(days=number % 28)
        )
        sync_occurrences(EventPage.objects.get(pk=event.pk))
    assert Occurrence.objects.count() == number_of_events
    client.get(calendar.url, query)
    with django_assert_max_num_queries(15):
        assert client.get(calendar.url, query).status_code == 200


def test_admin_event_list_filters_by_type_and_date(admin_client, calendar):
    published(
        parent=calendar, title="Handledning A", event_type="supervision", start_date=dt.date(2027, 1, 12)
    )
    published(parent=calendar, title="Seminarium B", event_type="seminar", start_date=dt.date(2027, 1, 14))
    published(parent=calendar, title="Seminarium C", event_type="seminar", start_date=dt.date(2027, 5, 4))

    def listed(query):
        response = admin_client.get("/admin/events/", query)
        assert response.status_code == 200
        return {
            title
            for title in ("Handledning A", "Seminarium B", "Seminarium C")
            if title in response.content.decode()
        }

    assert listed({}) == {"Handledning A", "Seminarium B", "Seminarium C"}
    assert listed({"event_type": "seminar"}) == {"Seminarium B", "Seminarium C"}
    assert listed(
        {"event_type": "seminar", "start_date_from": "2027-01-01", "start_date_to": "2027-01-31"}
    ) == {"Seminarium B"}


def upcoming_pages(response):
    """The number of pages the list says it has (1 when it shows no page navigation)."""
    nav = BeautifulSoup(response.content, "html.parser").select_one(".pagination span")
    return int(nav.get_text().split()[-1]) if nav else 1


def test_a_publish_changes_the_number_of_pages_at_once(client, calendar):
    today = dt.date.today()
    for number in range(20):
        published(parent=calendar, slug=f"s-{number}", start_date=today + dt.timedelta(days=number + 1))
    assert upcoming_pages(client.get(calendar.url)) == 1
    published(parent=calendar, slug="s-20", start_date=today + dt.timedelta(days=30))
    response = client.get(calendar.url)
    assert upcoming_pages(response) == 2
    assert len(titles(client.get(calendar.url, {"page": 2}))) == 1
    # A new first date leads the first page at once.
    published(
        parent=calendar,
        title="Först ut",
        slug="forst",
        start_date=today + dt.timedelta(days=1),
        start_time=dt.time(8),
        end_time=dt.time(8, 30),
    )
    assert titles(client.get(calendar.url))[0] == "Först ut"


def test_the_kept_counts_follow_the_clock(calendar, rf):
    from django.utils import timezone

    from events.views import calendar_filters, date_counts

    today = dt.date.today()
    published(parent=calendar, slug="soon", start_date=today + dt.timedelta(days=1), start_time=dt.time(9))
    published(parent=calendar, slug="later", start_date=today + dt.timedelta(days=5), start_time=dt.time(9))

    def counts(now):
        request = rf.get(calendar.url)
        request.LANGUAGE_CODE = "sv"
        filterset = calendar_filters(calendar, request)
        assert filterset.is_valid()
        return date_counts(filterset, calendar, now)

    now = timezone.now()
    first = counts(now)
    assert (first["upcoming"], first["past"]) == (2, 0)
    # Once the first date is over it counts as past, although the content did not change.
    after_the_first = counts(first["next_end"] + dt.timedelta(minutes=1))
    assert (after_the_first["upcoming"], after_the_first["past"]) == (1, 1)
