"""seed_demo builds the bilingual demo site, twice without change, and a crawl of it finds no broken link."""

from io import StringIO
from urllib.parse import urldefrag, urlparse

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page, Revision

from home.models import FooterLinks, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(
            Page.objects.values_list("pk", "locale__language_code", "url_path", "live", "latest_revision_id")
        ),
        Revision.objects.count(),
    )


def test_seed_demo_builds_a_bilingual_site_and_is_idempotent(client, english):
    output = seed()
    assert "admin / conecto-demo" in output

    first = snapshot()
    assert "admin / conecto-demo" in seed()
    assert snapshot() == first

    swedish = StandardPage.objects.filter(locale__language_code="sv")
    assert {p.slug for p in swedish} >= {"om-conecto", "tillganglighetsredogorelse", "personuppgifter"}
    for page in swedish:
        translated = page.get_translation(english)
        assert translated.live and translated.title != page.title
    footer = FooterLinks.objects.get()
    assert footer.accessibility_page.slug == "tillganglighetsredogorelse"
    assert client.login(username="admin", password="conecto-demo")


def test_seed_demo_publishes_illustrated_news_in_both_languages(demo_content, client, english):
    swedish = NewsPage.objects.live().filter(locale__language_code="sv").specific()
    assert swedish.count() >= 8
    assert NewsPage.objects.live().filter(locale__language_code="en").count() >= 8
    for news in swedish:
        translated = news.get_translation(english)
        assert translated.live and translated.title != news.title, news.title
        assert news.listing_image and news.listing_image_alt
        assert translated.listing_image_id == news.listing_image_id
        assert translated.listing_image_alt and translated.listing_image_alt != news.listing_image_alt
        assert news.themes.exists(), news.title
    # Small illustrations drawn at seed time, not files shipped in the repository.
    assert sum(news.listing_image.file.size for news in swedish) < 300_000
    swedish_feed = client.get("/sv/nyheter/rss/")
    english_feed = client.get("/en/news/rss/")
    assert swedish_feed.content.count(b"<item>") == english_feed.content.count(b"<item>") >= 8


def test_footer_links_to_statement_and_privacy_in_each_language(demo_content, client):
    sv_footer = BeautifulSoup(client.get("/sv/").content, "html.parser").select(".site-footer a")
    en_footer = BeautifulSoup(client.get("/en/").content, "html.parser").select(".site-footer a")
    assert [a.get_text() for a in sv_footer][:2] == [
        "Tillgänglighetsredogörelse",
        "Så behandlar vi personuppgifter",
    ]
    assert [a["href"] for a in en_footer][:2] == ["/en/accessibility-statement/", "/en/personal-data/"]


SKIP_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/")


def crawl(client, start_paths):
    """Visit every internal link reachable from the start pages; return {path: (status, soup)}."""
    seen = {}
    queue = list(start_paths)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        is_html = response.get("Content-Type", "").startswith("text/html")
        # Calendar downloads are checked for their status only.
        soup = (
            BeautifulSoup(response.content, "html.parser")
            if response.status_code == 200 and is_html
            else None
        )
        seen[path] = (response.status_code, soup)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        for anchor in soup.select("a[href]") if soup else []:
            href = urldefrag(anchor["href"]).url
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not href.startswith("/") or href.startswith(SKIP_PREFIXES):
                continue
            if "logout" not in href:
                queue.append(href)
    return seen


def test_crawl_of_both_languages_finds_no_broken_links_and_complete_hreflang_pairs(demo_content, client):
    pages = crawl(client, ["/sv/", "/en/"])

    assert len(pages) >= 12
    broken = {path: status for path, (status, _soup) in pages.items() if status >= 400}
    assert broken == {}

    alternates = {}
    for path, (_status, soup) in pages.items():
        if soup is None:
            continue
        links = {
            link["hreflang"]: urlparse(link["href"]).path
            for link in soup.select('link[rel="alternate"][hreflang]')
        }
        # A filtered listing (?theme=...) has the alternates of the page it filters.
        page_path = urlparse(path).path
        assert links.get(soup.html["lang"]) == page_path, f"{path} does not list itself as its own language"
        if page_path != path:
            continue
        alternates[path] = links
    for path, links in alternates.items():
        for language, target in links.items():
            if language == "x-default":
                continue
            assert target in alternates, f"{path} points to {target}, which the crawl never reached"
            assert urlparse(path).path in alternates[target].values(), (
                f"{target} does not point back to {path}"
            )
