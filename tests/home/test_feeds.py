"""RSS and Atom feeds per language and theme, read with a strict XML parser and with feedparser."""

import datetime as dt
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET

from .news_helpers import make_news, make_news_index, make_themes

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def site(bilingual_site):
    themes = make_themes(bilingual_site["sv_home"])
    index, en_index = make_news_index(bilingual_site["sv_home"])
    methods, collaboration = themes["metoder"]["sv"], themes["samverkan"]["sv"]
    make_news(index, 1, themes=[methods], date=dt.date(2025, 2, 1))
    make_news(index, 2, themes=[collaboration], date=dt.date(2025, 2, 10))
    make_news(index, 3, themes=[methods, collaboration], date=dt.date(2025, 3, 1))
    make_news(index, 4, date=dt.date(2025, 3, 5), translate=False)  # not translated yet
    return {**bilingual_site, "themes": themes, "index": index, "en_index": en_index}


def fetch(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    return response.content


def rss(client, url):
    channel = ET.fromstring(fetch(client, url, "application/rss+xml")).find("channel")
    # The elements RSS 2.0 requires of a channel and that we promise for every item.
    for required in ("title", "link", "description", "language"):
        assert channel.findtext(required), required
    for item in channel.findall("item"):
        for required in ("title", "link", "description", "pubDate", "guid"):
            assert item.findtext(required), required
    return channel


@pytest.mark.parametrize(
    ("url", "language", "titles"),
    [
        ("/sv/nyheter/rss/", "sv", ["Svensk nyhet 4", "Svensk nyhet 3", "Svensk nyhet 2", "Svensk nyhet 1"]),
        ("/en/news/rss/", "en", ["English news 3", "English news 2", "English news 1"]),
    ],
)
def test_rss_feed_in_each_language(client, site, url, language, titles):
    channel = rss(client, url)
    assert channel.findtext("language") == language
    assert channel.findtext("title") == ("Nyheter | Conecto+" if language == "sv" else "News | Conecto+")
    assert channel.findtext("description") == (
        "Nytt från programmet." if language == "sv" else "News: the lead."
    )
    assert (
        channel.findtext("link") == f"http://testserver{'/sv/nyheter/' if language == 'sv' else '/en/news/'}"
    )
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == titles
    for item in items:
        link = item.findtext("link")
        assert link.startswith(f"http://testserver/{language}/")
        assert client.get(urlparse(link).path).status_code == 200
    third = next(item for item in items if item.findtext("title").endswith(" 3"))
    assert parsedate_to_datetime(third.findtext("pubDate")).date() == dt.date(2025, 3, 1)
    assert third.findtext("description") == (
        "Ingress för nyhet 3." if language == "sv" else "English news 3: the lead."
    )

    parsed = feedparser.parse(fetch(client, url, "application/rss+xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.language == language
    assert [entry.title for entry in parsed.entries] == titles


def test_atom_feed_in_each_language(client, site):
    for url, language, count in [("/sv/nyheter/atom/", "sv", 4), ("/en/news/atom/", "en", 3)]:
        feed = ET.fromstring(fetch(client, url, "application/atom+xml"))
        assert feed.tag == f"{ATOM}feed"
        assert feed.get(XML_LANG) == language
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{ATOM}{required}"), required
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{url}"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == count
        for entry in entries:
            for required in ("id", "title", "updated", "published", "summary"):
                assert entry.findtext(f"{ATOM}{required}"), required
            assert entry.find(f"{ATOM}link").get("href").startswith(f"http://testserver/{language}/")

        parsed = feedparser.parse(fetch(client, url, "application/atom+xml"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.language == language
        # The news date, as midnight in Stockholm (the items were published on other days).
        newest = "2025-03-05" if language == "sv" else "2025-03-01"
        assert parsed.entries[0].published == f"{newest}T00:00:00+01:00"


def test_entry_ids_are_stable_and_distinct_per_language(client, site):
    def ids(url):
        return [i.findtext("guid") for i in ET.fromstring(client.get(url).content).iter("item")]

    swedish, english = ids("/sv/nyheter/rss/"), ids("/en/news/rss/")
    assert all(guid.startswith("urn:uuid:") for guid in swedish + english)
    assert not set(swedish) & set(english)
    news = site["index"].get_children().get(slug="nyhet-3").specific
    news.slug = "nytt-namn"
    news.save_revision().publish()
    assert ids("/sv/nyheter/rss/") == swedish


def test_theme_feeds_hold_only_that_themes_news(client, site):
    channel = rss(client, "/sv/nyheter/rss/?theme=metoder")
    assert [i.findtext("title") for i in channel.findall("item")] == ["Svensk nyhet 3", "Svensk nyhet 1"]
    assert channel.findtext("title") == "Nyheter: Evidensbaserade metoder | Conecto+"
    assert channel.findtext("link") == "http://testserver/sv/nyheter/?theme=metoder"

    atom = feedparser.parse(fetch(client, "/en/news/atom/?theme=collaboration", "application/atom+xml"))
    assert not atom.bozo
    assert [e.title for e in atom.entries] == ["English news 3", "English news 2"]


@pytest.mark.parametrize("url", ["/sv/nyheter/rss/?theme=finns-inte", "/en/news/atom/?theme=metoder"])
def test_unknown_theme_feed_is_a_400(client, site, url):
    assert client.get(url).status_code == 400


def feed_links(soup):
    return {
        (link["type"], link["href"])
        for link in soup.select('head link[rel="alternate"][type$="+xml"]')
        if link.get("title")
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/sv/", {"/sv/nyheter/rss/", "/sv/nyheter/atom/"}),
        ("/en/", {"/en/news/rss/", "/en/news/atom/"}),
        ("/sv/nyheter/", {"/sv/nyheter/rss/", "/sv/nyheter/atom/"}),
        ("/en/news/news-1/", {"/en/news/rss/", "/en/news/atom/"}),
        (
            "/sv/teman/metoder/",
            {
                "/sv/nyheter/rss/?theme=metoder",
                "/sv/nyheter/atom/?theme=metoder",
                "/sv/nyheter/rss/",
                "/sv/nyheter/atom/",
            },
        ),
        (
            "/en/news/?theme=collaboration",
            {
                "/en/news/rss/?theme=collaboration",
                "/en/news/atom/?theme=collaboration",
                "/en/news/rss/",
                "/en/news/atom/",
            },
        ),
    ],
)
def test_feeds_are_discoverable_from_the_head(client, site, path, expected):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    links = feed_links(soup)
    assert {href.removeprefix("http://testserver") for _type, href in links} == expected
    for content_type, href in links:
        assert href.startswith("http://testserver/")
        assert content_type in ("application/rss+xml", "application/atom+xml")
        assert client.get(href.removeprefix("http://testserver")).status_code == 200
    titles = [link["title"] for link in soup.select('head link[type="application/rss+xml"]')]
    assert all(("nyheter" if path.startswith("/sv/") else "news") in title for title in titles)


@pytest.mark.parametrize("url", ["/sv/nyheter/rss/", "/en/news/atom/"])
def test_feed_readers_get_304_when_nothing_changed(client, site, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
