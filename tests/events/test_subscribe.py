"""The subscribe box and the <link rel=alternate type=text/calendar> on every page that lists events."""

import datetime as dt
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from home.translation import translate_page
from tests.events.calendar_readers import read_ical
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(sv_home):
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    themes = publish(ThemeIndexPageFactory(parent=sv_home))
    theme = publish(
        ThemePageFactory(parent=themes, title="Supported Employment", slug="supported-employment")
    )
    event = EventPageFactory(
        parent=calendar,
        title="Handledning i SE",
        slug="handledning-se",
        event_type="supervision",
        start_date=dt.date.today() + dt.timedelta(days=5),
        themes=[theme],
        published=True,
    )
    publish(EventPageFactory(parent=calendar, title="Seminarium om BIP", event_type="seminar"))
    return {"home": sv_home, "calendar": calendar, "theme": theme, "event": event}


def expected_links(path, name):
    url = f"https://testserver{path}"
    webcal = f"webcal://testserver{path}"
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": f"https://outlook.office.com/calendar/0/addfromweb?url={quote(url, safe='')}&name={quote(name, safe='')}",
        "outlook_live": f"https://outlook.live.com/calendar/0/addfromweb?url={quote(url, safe='')}&name={quote(name, safe='')}",
    }


def subscribe_box(client, path, **params):
    response = client.get(path, params, secure=True)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    [box] = soup.select("section.subscribe")
    [head_link] = soup.select('head link[rel="alternate"][type="text/calendar"]')
    return soup, box, head_link


def assert_box_offers(box, head_link, expected, name):
    hrefs = [a["href"] for a in box.select("a[href]")]
    assert head_link["href"] == expected["url"]
    assert head_link["title"] == name
    field = box.select_one("input[readonly]")
    assert field["value"] == expected["url"]
    assert box.find("label", attrs={"for": field["id"]}) is not None
    for key in ("webcal", "google", "outlook", "outlook_live"):
        assert expected[key] in hrefs, key
    # The copy button waits for JavaScript; without it the field can be copied by hand.
    button = box.select_one("button[data-copy-for]")
    assert button["data-copy-for"] == field["id"] and button.has_attr("hidden")
    assert box.select_one("details summary")
    # "Download once" is a separate part from "Subscribe (stays updated)".
    [download] = box.select(".subscribe__part--once a[download]")
    assert download["href"] == expected["url"]
    assert download not in box.select(".subscribe__part:not(.subscribe__part--once) a")


@pytest.mark.parametrize("which", ["home", "calendar", "theme", "event"])
def test_pages_that_list_events_offer_their_feed(client, site, which):
    page = site[which]
    path, name = {
        "home": ("/sv/feeds/events.ics", "Conecto+ evenemang"),
        "calendar": ("/sv/feeds/events.ics", "Conecto+ evenemang"),
        "theme": (
            "/sv/feeds/events.ics?theme=supported-employment",
            "Conecto+ evenemang: Supported Employment",
        ),
        "event": (f"/sv/feeds/event/{site['event'].pk}.ics", "Handledning i SE – Conecto+"),
    }[which]
    _soup, box, head_link = subscribe_box(client, page.url)
    assert_box_offers(box, head_link, expected_links(path, name), name)
    # The feed the page links to is there and holds what the page is about.
    titles = [e.summary for e in read_ical(client.get(path).content.decode()).events]
    assert "Handledning i SE" in titles
    if which in ("theme", "event"):
        assert titles == ["Handledning i SE"]


def test_calendar_feed_link_carries_the_filters_it_can(client, site):
    params = {"type": "supervision", "theme": "supported-employment", "view": "month", "month": "2030-01"}
    _soup, box, head_link = subscribe_box(client, site["calendar"].url, **params)
    path = "/sv/feeds/events.ics?type=supervision&theme=supported-employment"
    name = "Conecto+ evenemang: Supported Employment · Handledning"
    assert_box_offers(box, head_link, expected_links(path, name), name)
    assert [e.summary for e in read_ical(client.get(path).content.decode()).events] == ["Handledning i SE"]


def test_english_pages_link_english_feeds(client, site):
    translate_page(site["home"], "en", {"Conecto+": "Conecto+", "hem": "home"})
    _soup, box, head_link = subscribe_box(client, "/en/")
    assert_box_offers(
        box, head_link, expected_links("/en/feeds/events.ics", "Conecto+ events"), "Conecto+ events"
    )
    assert box.select_one("h2").get_text() == "Follow in your calendar"


def test_swedish_box_is_in_swedish(client, site):
    _soup, box, _head_link = subscribe_box(client, "/sv/")
    assert box.select_one("h2").get_text() == "Följ i din kalender"
    assert "Lägg till i Google Kalender" in box.get_text()
    assert "Ladda ner .ics (engångskopia)" in box.get_text()
