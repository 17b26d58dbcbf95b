"""An event's online meeting link lets anyone into the meeting: public pages and feeds show it only
when the event makes it public (the personal feed of someone following it: tests/learning)."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from events.factories import EventPageFactory
from events.models import EventPage
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from tests.helpers import publish

pytestmark = pytest.mark.django_db
LINK = "https://meet.example.org/hemlig-77"


@pytest.fixture
def theme(sv_home):
    index = publish(ThemeIndexPageFactory(parent=sv_home))
    return publish(ThemePageFactory(parent=index, title="Samverkan", slug="samverkan"))


@pytest.fixture
def online_event(calendar, theme):
    start = dt.date.today() + dt.timedelta(days=7)
    return publish(
        EventPageFactory(
            parent=calendar,
            title="Digitalt seminarium",
            event_format="hybrid",
            online_url=LINK,
            start_date=start,
            themes=[theme],
        )
    )


def public_texts(client, event, theme):
    """Every public page and feed the event appears on, as an anonymous visitor gets them."""
    date = event.occurrences.get().start.astimezone(event.zone).date()
    urls = [
        event.url,
        "/sv/feeds/events.ics",
        f"/sv/feeds/events.ics?theme={theme.slug}",
        f"/sv/feeds/event/{event.pk}.ics",
        f"/sv/feeds/event/{event.pk}/{date:%Y-%m-%d}.ics",
        theme.url,
        "/sv/",
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    return texts


def test_the_meeting_link_is_kept_from_public_pages_and_feeds_by_default(client, online_event, theme):
    assert online_event.online_url_public is False  # the default
    for url, text in public_texts(client, online_event, theme).items():
        assert LINK not in text, url
        if url.endswith(".ics"):
            assert "Digitalt seminarium" in text and "CONFERENCE" not in text, url
    page = BeautifulSoup(client.get(online_event.url).content, "html.parser")
    assert "Länken till det digitala mötet är till för dem som deltar." in page.get_text(" ")
    # The structured data points at the event's page instead.
    (item, *_rest) = json.loads(page.select_one('script[type="application/ld+json"]').string)
    virtual = next(place for place in item["location"] if place["@type"] == "VirtualLocation")
    assert virtual["url"] == online_event.full_url


def test_an_event_that_makes_its_link_public_shows_it_everywhere(client, online_event, theme):
    event = EventPage.objects.get(pk=online_event.pk)
    sequence = event.sequence
    event.online_url_public = True
    publish(event)
    assert EventPage.objects.get(pk=event.pk).sequence == sequence + 1  # the feeds' place changed
    texts = public_texts(client, event, theme)
    for url in (event.url, "/sv/feeds/events.ics", f"/sv/feeds/event/{event.pk}.ics"):
        assert LINK in texts[url], url
    page = BeautifulSoup(texts[event.url], "html.parser")
    assert page.select_one(f'a[href="{LINK}"]').get_text(strip=True) == "Anslut till det digitala mötet"
    (item, *_rest) = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert {"@type": "VirtualLocation", "url": LINK} in item["location"]
