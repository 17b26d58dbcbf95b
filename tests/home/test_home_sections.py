"""The home page shows what apps register with the ``register_home_section`` hook, in order."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.template import engines
from wagtail import hooks

from events.factories import EventPageFactory
from events.feeds import feed_links
from home.home_sections import HomeSection, registered_sections
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def event(calendar, title, days, recurrence=None, **kwargs):
    page = EventPageFactory(
        parent=calendar, title=title, start_date=dt.date.today() + dt.timedelta(days=days), **kwargs
    )
    page.recurrence = recurrence
    return publish(page)


def upcoming(response):
    """(title, first date shown) per line of the home page's "Upcoming events"."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (item.a.get_text(strip=True), item.time["datetime"][:10])
        for item in soup.select("section.upcoming li.event-list__item")
    ]


def days(n):
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def test_news_and_events_register_their_sections_in_that_order():
    assert [section.key for section in registered_sections()][:2] == ["news", "events"]


def test_a_series_shows_once_with_its_next_date(client, sv_home, calendar):
    # Began two weeks ago; its next date is tomorrow (today's could already be over).
    event(calendar, "Handledningsgrupp", -13, "RRULE:FREQ=WEEKLY;COUNT=6")
    event(calendar, "Fördjupningsmodul", 2, "RRULE:FREQ=WEEKLY;COUNT=4")
    event(calendar, "Seminarium om BIP", 5)
    event(calendar, "Förra årets seminarium", -200)
    EventPageFactory(parent=calendar, title="Utkast", live=False)

    response = client.get("/sv/")
    assert response.status_code == 200
    assert upcoming(response) == [
        ("Handledningsgrupp", days(1)),
        ("Fördjupningsmodul", days(2)),
        ("Seminarium om BIP", days(5)),
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("section.upcoming > p > a")["href"] == calendar.url


def test_events_after_a_few_daily_series_still_show(client, sv_home, calendar):
    # The home page reads the next 100 dates first; here two series hold all of them.
    event(calendar, "Daglig handledning", 1, "RRULE:FREQ=DAILY;COUNT=60")
    event(calendar, "Daglig fika", 1, "RRULE:FREQ=DAILY;COUNT=60")
    for n, title in enumerate(
        ("Seminarium om IPS", "Seminarium om BIP", "Nätverksträff", "Temadag"), start=70
    ):
        event(calendar, title, n)
    assert upcoming(client.get("/sv/")) == [
        ("Daglig handledning", days(1)),
        ("Daglig fika", days(1)),
        ("Seminarium om IPS", days(70)),
        ("Seminarium om BIP", days(71)),
        ("Nätverksträff", days(72)),
    ]


def test_an_empty_section_is_left_out_but_the_calendar_feed_stays(client, sv_home):
    response = client.get("/sv/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("section.upcoming, section.latest-news") == []
    assert soup.select_one('link[rel="alternate"][type="text/calendar"]')["href"].endswith(
        "/sv/feeds/events.ics"
    )


def test_a_later_app_adds_a_section_and_feed_through_the_hook(client, sv_home):
    def featured(request, home_page):
        return {"title": f"Utvalt för {home_page.title}"}

    def hidden(request, home_page):
        return {}

    def own_feed(request, home_page):
        return feed_links(request, "/sv/larvagar/feed.ics", "Lärvägar")

    # {% include %} takes a compiled template as well as a name.
    template = engines["django"].from_string(
        '<section class="featured"><h2>{{ section.title }}</h2></section>'
    )
    section = HomeSection(key="paths", template=template, context=featured, feed=own_feed, order=1)
    empty = HomeSection(key="empty", template="does/not/exist.html", context=hidden, order=2)
    with hooks.register_temporarily(
        [("register_home_section", lambda: section), ("register_home_section", lambda: empty)]
    ):
        response = client.get("/sv/")
    assert response.status_code == 200
    assert [filled["section"].key for filled in response.context["home_sections"]] == ["paths"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("section.featured h2").get_text() == f"Utvalt för {sv_home.title}"
    # The first feed a section supplies is the page's calendar feed.
    head_link = soup.select_one('link[type="text/calendar"]')
    assert head_link["href"] == "http://testserver/sv/larvagar/feed.ics"


@pytest.mark.parametrize("number_of_events", [5, 50])
def test_home_page_queries_stay_constant(
    client, sv_home, calendar, django_assert_max_num_queries, number_of_events
):
    for n in range(number_of_events):
        event(calendar, f"Seminarium {n}", 1 + n % 20, "RRULE:FREQ=WEEKLY;COUNT=8" if n % 2 else None)
    # Warm twice: the first view creates the footer's settings, a change that starts a new content
    # version, under which the second keeps the header, footer and routes (home/site_chrome.py).
    client.get("/sv/")
    client.get("/sv/")
    # One query per registered section that finds nothing (here the featured learning paths) is part of the bound.
    with django_assert_max_num_queries(12):
        response = client.get("/sv/")
    assert len(upcoming(response)) == 5
    assert len({title for title, _date in upcoming(response)}) == 5
