"""sitemap.xml with hreflang alternates, robots.txt, canonical links, Open Graph and Twitter tags."""

from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.conf import settings
from django.core.files.storage import default_storage

from home.factories import StandardPageFactory

from .news_helpers import make_image, make_news, make_news_index, make_themes

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site(bilingual_site):
    themes = make_themes(bilingual_site["sv_home"])
    index, en_index = make_news_index(bilingual_site["sv_home"])
    news, en_news = make_news(index, 1, themes=[themes["samverkan"]["sv"]], image=make_image())
    only_swedish = StandardPageFactory(
        parent=bilingual_site["sv_home"], title="Bara svenska", slug="bara-svenska"
    )
    only_swedish.save_revision().publish()
    return {**bilingual_site, "themes": themes, "index": index, "news": news, "en_news": en_news}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    entries = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        entries[url.findtext(f"{SITEMAP}loc")] = alternates
    return entries


def test_sitemap_lists_both_languages_with_hreflang_alternates(client, site):
    entries = sitemap(client)
    base = "http://testserver"
    expected_pairs = [
        ("/sv/", "/en/"),
        ("/sv/om-oss/", "/en/about-us/"),
        ("/sv/nyheter/", "/en/news/"),
        ("/sv/nyheter/nyhet-1/", "/en/news/news-1/"),
        ("/sv/teman/samverkan/", "/en/themes/collaboration/"),
    ]
    for sv_path, en_path in expected_pairs:
        for path in (sv_path, en_path):
            assert entries[base + path] == {
                "sv": base + sv_path,
                "en": base + en_path,
                "x-default": base + sv_path,
            }, path
    # A page without a translation points at itself only.
    assert entries[base + "/sv/bara-svenska/"] == {
        "sv": base + "/sv/bara-svenska/",
        "x-default": base + "/sv/bara-svenska/",
    }
    # Every listed address is a live page, in both languages.
    languages = {urlparse(loc).path.split("/")[1] for loc in entries}
    assert languages == {"sv", "en"}
    for loc in entries:
        assert client.get(urlparse(loc).path).status_code == 200, loc


def test_sitemap_leaves_out_drafts(client, site):
    draft = StandardPageFactory(parent=site["sv_home"], title="Utkast", slug="utkast", live=False)
    assert draft.pk
    assert not any("/utkast/" in loc for loc in sitemap(client))


def test_robots_txt_keeps_crawlers_out_of_admin_and_accounts_and_points_at_the_sitemap(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for disallowed in ("/admin/", "/accounts/", "/sv/accounts/", "/en/accounts/"):
        assert f"Disallow: {disallowed}" in lines
    assert not [line for line in lines if line.startswith("Disallow:") and "nyheter" in line]
    sitemap_lines = [line for line in lines if line.startswith("Sitemap:")]
    assert sitemap_lines == ["Sitemap: http://testserver/sitemap.xml"]
    assert client.get("/sitemap.xml").status_code == 200


def head_tags(soup):
    tags = {}
    for meta in soup.select("head meta[property], head meta[name]"):
        key = meta.get("property") or meta.get("name")
        tags.setdefault(key, []).append(meta["content"])
    return {key: values[0] if len(values) == 1 else values for key, values in tags.items()}


@pytest.mark.parametrize(
    ("path", "og_type", "locale", "alternate", "title"),
    [
        ("/sv/nyheter/nyhet-1/", "article", "sv_SE", "en_GB", "Svensk nyhet 1"),
        ("/en/news/news-1/", "article", "en_GB", "sv_SE", "English news 1"),
        ("/sv/teman/samverkan/", "website", "sv_SE", "en_GB", "Samverkan"),
        ("/en/themes/collaboration/", "website", "en_GB", "sv_SE", "Collaboration"),
    ],
)
def test_canonical_and_social_tags_are_absolute(client, site, path, og_type, locale, alternate, title):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    canonical = soup.select("head link[rel=canonical]")
    assert [link["href"] for link in canonical] == [f"http://testserver{path}"]
    tags = head_tags(soup)
    assert tags["og:url"] == f"http://testserver{path}"
    assert tags["og:title"] == tags["twitter:title"] == title
    assert tags["og:type"] == og_type
    assert tags["og:locale"] == locale
    assert tags["og:locale:alternate"] == alternate
    assert tags["og:description"] and tags["og:description"] == tags["twitter:description"]
    if og_type == "article":
        assert tags["article:published_time"] == "2025-01-02"
        image_url = tags["og:image"]
        assert image_url.startswith("http://testserver/media/") and tags["twitter:image"] == image_url
        # Cropped to the 1.91:1 shape sharing previews use (never enlarged past the original).
        assert abs(int(tags["og:image:width"]) / int(tags["og:image:height"]) - 1200 / 630) < 0.02
        assert tags["og:image:alt"] == tags["twitter:image:alt"]
        assert tags["og:image:alt"] in ("Bild till nyhet 1", "Picture for news item 1")
        assert tags["twitter:card"] == "summary_large_image"
        assert default_storage.exists(urlparse(image_url).path.removeprefix(settings.MEDIA_URL))
    else:
        assert "og:image" not in tags
        assert tags["twitter:card"] == "summary"


def test_canonical_drops_filters_and_keeps_later_pages(client, site):
    def canonical(path):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        return soup.select_one("head link[rel=canonical]")["href"]

    for number in range(2, 13):
        make_news(site["index"], number, translate=False)
    assert canonical("/sv/nyheter/") == "http://testserver/sv/nyheter/"
    assert canonical("/sv/nyheter/?page=1") == "http://testserver/sv/nyheter/"
    assert canonical("/sv/nyheter/?page=2") == "http://testserver/sv/nyheter/?page=2"
    assert canonical("/sv/nyheter/?theme=samverkan") == "http://testserver/sv/nyheter/"
    assert canonical("/sv/nyheter/nyhet-1/?utm_source=x") == "http://testserver/sv/nyheter/nyhet-1/"
    assert canonical("/sv/accounts/login/?next=/sv/") == "http://testserver/sv/accounts/login/"


def test_page_without_translation_has_no_alternate_locale(client, site):
    soup = BeautifulSoup(client.get("/sv/bara-svenska/").content, "html.parser")
    tags = head_tags(soup)
    assert tags["og:locale"] == "sv_SE"
    assert "og:locale:alternate" not in tags
