"""Every page type in both languages: lang, hreflang, the language switcher, redirects and 404s."""

import pytest

from home.factories import StandardPageFactory
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def switcher_targets(soup):
    return {a["lang"]: a["href"] for a in soup.select(".language-switcher a")}


@pytest.mark.parametrize(
    ("page_key", "language", "other_key", "heading"),
    [
        ("sv_home", "sv", "en_home", "Conecto+"),
        ("en_home", "en", "sv_home", "Conecto+"),
        ("sv_about", "sv", "en_about", "Om oss"),
        ("en_about", "en", "sv_about", "About us"),
    ],
)
def test_page_renders_with_language_hreflang_and_switcher(
    client, bilingual_site, page_key, language, other_key, heading
):
    page = bilingual_site[page_key]
    other = bilingual_site[other_key]
    response = client.get(page.url)

    assert response.status_code == 200
    assert page.url.startswith(f"/{language}/")
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == heading
    # Complete hreflang pairs with absolute URLs, and x-default on the Swedish original.
    sv_page = bilingual_site[page_key if language == "sv" else other_key]
    en_page = bilingual_site[other_key if language == "sv" else page_key]
    assert alternates(soup) == {
        "sv": f"http://testserver{sv_page.url}",
        "en": f"http://testserver{en_page.url}",
        "x-default": f"http://testserver{sv_page.url}",
    }
    other_language = "en" if language == "sv" else "sv"
    assert switcher_targets(soup)[other_language] == other.url
    assert soup.select_one(".language-switcher a[aria-current]")["lang"] == language


def test_english_content_is_the_translation(client, bilingual_site):
    body = client.get("/en/about-us/").content.decode()
    assert "We coordinate competence development." in body
    assert "Vi samordnar" not in body


def test_switcher_leads_to_home_page_when_no_translation(client, bilingual_site):
    only_swedish = StandardPageFactory(
        parent=bilingual_site["sv_home"], title="Bara svenska", slug="bara-svenska"
    )
    soup = soup_of(client.get(only_swedish.url))

    assert switcher_targets(soup)["en"] == "/en/"
    assert alternates(soup) == {
        "sv": "http://testserver/sv/bara-svenska/",
        "x-default": "http://testserver/sv/bara-svenska/",
    }


def test_menu_lists_pages_in_the_current_language(client, bilingual_site):
    sv_menu = [a.get_text(strip=True) for a in soup_of(client.get("/sv/")).select(".main-nav--wide a")]
    en_menu = [a.get_text(strip=True) for a in soup_of(client.get("/en/")).select(".main-nav--wide a")]
    assert "Om oss" in sv_menu and "About us" not in sv_menu
    assert "About us" in en_menu and "Om oss" not in en_menu


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("sv-SE,sv;q=0.9,en;q=0.5", "/sv/"),
        ("de-DE,de;q=0.9", "/sv/"),
        ("", "/sv/"),
    ],
)
def test_root_redirects_by_accept_language(client, bilingual_site, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language} if accept_language else {})
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/sv/finns-inte/", "sv", "Sidan kunde inte hittas"), ("/en/does-not-exist/", "en", "Page not found")],
)
def test_unknown_path_gives_styled_404_in_the_right_language(client, bilingual_site, path, language, heading):
    response = client.get(path)

    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == heading
    assert soup.select_one('link[rel="stylesheet"]')["href"].endswith("css/site.css")
    assert soup.select_one("header .site-logo") is not None
    assert alternates(soup) == {}  # an error page is not an alternate of anything
    assert switcher_targets(soup)["sv" if language == "en" else "en"] in ("/sv/", "/en/")


def test_unprefixed_unknown_path_redirects_to_a_language(client, bilingual_site):
    response = client.get("/finns-inte/", follow=True)
    assert response.redirect_chain[0] == ("/sv/finns-inte/", 302)
    assert response.status_code == 404


def test_sign_in_page_lives_under_the_language_prefix(client, bilingual_site):
    sv = soup_of(client.get("/sv/accounts/login/"))
    en = soup_of(client.get("/en/accounts/login/"))
    assert sv.html["lang"] == "sv" and en.html["lang"] == "en"
    assert alternates(sv)["en"] == "http://testserver/en/accounts/login/"
    assert alternates(en)["sv"] == "http://testserver/sv/accounts/login/"
    assert sv.select_one("main form") is not None


def test_page_queries_stay_constant(client, bilingual_site, django_assert_max_num_queries):
    for number in range(10):
        StandardPageFactory(parent=bilingual_site["sv_home"], show_in_menus=True, slug=f"extra-{number}")
    client.get("/sv/")  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(12):
        assert client.get("/sv/om-oss/").status_code == 200


def menu_titles(client, path):
    return [a.get_text() for a in soup_of(client.get(path)).select(".main-nav--wide a")]


def test_the_menu_follows_a_publish_at_once_and_never_shows_a_draft(client, bilingual_site):
    # The header and footer are kept per content version (home/site_chrome.py): a publish moves on.
    about = bilingual_site["sv_about"]
    assert "Om oss" in menu_titles(client, "/sv/")
    about.title = "Om Conecto+"
    about.save_revision()  # a draft
    assert "Om oss" in menu_titles(client, "/sv/")
    assert "Om Conecto+" not in menu_titles(client, "/sv/")
    about.save_revision().publish()
    assert "Om Conecto+" in menu_titles(client, "/sv/")
    about.unpublish()
    assert "Om Conecto+" not in menu_titles(client, "/sv/")
    assert "About us" in menu_titles(client, "/en/")  # each language has its own menu


def test_the_footer_follows_a_change_of_its_settings(client, bilingual_site):
    from wagtail.models import Site

    from home.models import FooterLinks

    links = FooterLinks.for_site(Site.objects.get(is_default_site=True))
    assert not soup_of(client.get("/sv/")).select(".site-footer a[href^='mailto:']")
    links.contact_email = "kontakt@example.org"
    links.privacy_page = bilingual_site["sv_about"]
    links.save()
    footer = soup_of(client.get("/en/")).select(".site-footer a")
    assert [a["href"] for a in footer] == [bilingual_site["en_about"].url, "mailto:kontakt@example.org"]


def test_a_changed_slug_or_a_new_view_restriction_applies_at_once(client, bilingual_site):
    # Routes and "no restrictions here" are remembered per content version (home/routing.py).
    from wagtail.models import PageViewRestriction

    about = bilingual_site["sv_about"]
    assert client.get("/sv/om-oss/").status_code == 200
    about.slug = "om-conecto"
    about.save_revision().publish()
    assert client.get("/sv/om-oss/").status_code == 404
    assert client.get("/sv/om-conecto/").status_code == 200
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/sv/om-conecto/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_worker_keeps_its_routes_and_chrome_when_the_shared_cache_loses_them(
    client, bilingual_site, django_assert_max_num_queries
):
    # Kept per content version in the process's memory too (home/versioned_cache.py): an uncached
    # page needs no trip to Redis, and an evicted or restarted Redis costs no rebuild.
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/sv/om-oss/")
    with CaptureQueriesContext(connection) as warm:
        body = client.get("/sv/om-oss/").content
    cache.clear()
    with django_assert_max_num_queries(len(warm)):
        assert client.get("/sv/om-oss/").content == body


def test_a_new_home_page_draft_starts_a_new_content_version(sv_home, english):
    # Even as a draft it joins the site root paths every page URL is built from (home/routing.py).
    from wagtail.models import Page

    from home.models import HomePage
    from home.versions import site_content_version

    before = site_content_version()
    draft = HomePage(
        title="Home", slug="home", locale=english, translation_key=sv_home.translation_key, live=False
    )
    Page.get_first_root_node().add_child(instance=draft)
    assert site_content_version() != before


def test_a_new_site_on_its_own_host_answers_at_once(client, sv_home):
    # Each process keeps the site per host and its home page per content version (home/routing.py).
    from wagtail.models import Page, Site

    from home.models import HomePage

    assert b"Den andra webbplatsen." not in client.get("/sv/", HTTP_HOST="annan.example").content
    other = HomePage(
        title="Annan", slug="annan", locale=sv_home.locale, introduction="Den andra webbplatsen."
    )
    Page.get_first_root_node().add_child(instance=other)
    other.save_revision().publish()
    Site.objects.create(hostname="annan.example", port=80, root_page=other)
    assert b"Den andra webbplatsen." in client.get("/sv/", HTTP_HOST="annan.example").content
    assert b"Den andra webbplatsen." not in client.get("/sv/").content


def test_the_switcher_follows_a_translation_published_or_unpublished_at_once(client, bilingual_site):
    # The translations' URLs are kept per content version (home/site_chrome.py): a publish moves on.
    about = bilingual_site["en_about"]
    assert switcher_targets(soup_of(client.get("/sv/om-oss/")))["en"] == "/en/about-us/"
    about.unpublish()
    assert switcher_targets(soup_of(client.get("/sv/om-oss/")))["en"] == "/en/"
    about.save_revision().publish()
    assert switcher_targets(soup_of(client.get("/sv/om-oss/")))["en"] == "/en/about-us/"
