"""Site search: the current language only, Swedish stemming on PostgreSQL, pages, and odd input."""

from io import StringIO

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from home.factories import StandardPageFactory
from home.translation import translate_page
from tests.helpers import soup_of

from .news_helpers import make_news, make_news_index

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Language-aware stemming is PostgreSQL full-text search; SQLite's index does not stem Swedish",
)


def results(response):
    return [a["href"] for a in soup_of(response).select(".search-result__title a")]


def summary(response):
    return soup_of(response).select_one("[role=status]").get_text(" ", strip=True)


def published_page(parent, title, slug, body, introduction="En ingress."):
    page = StandardPageFactory(
        parent=parent,
        title=title,
        slug=slug,
        introduction=introduction,
        body=[("rich_text", f"<p>{body}</p>")],
        locale=parent.locale,
    )
    page.save_revision().publish()
    return page


def test_search_urls_are_translated():
    with translation.override("sv"):
        assert reverse("search") == "/sv/sok/"
    with translation.override("en"):
        assert reverse("search") == "/en/search/"


def test_finds_pages_in_the_current_language_only(client, bilingual_site):
    sv_page = published_page(
        bilingual_site["sv_home"], "Samarbete med Lumena", "lumena", "Lumena är vårt systerprojekt."
    )
    translate_page(
        sv_page,
        "en",
        {
            "Samarbete med Lumena": "Working with Lumena",
            "lumena": "lumena",
            "En ingress.": "A lead.",
            "Lumena är vårt systerprojekt.": "Lumena is our sister project.",
        },
    )
    published_page(
        bilingual_site["sv_home"], "Bara svenska", "bara-svenska", "Samordningsförbundet bjuder in."
    )

    swedish = client.get("/sv/sok/", {"q": "Lumena"})
    assert swedish.status_code == 200
    assert results(swedish) == ["/sv/lumena/"]
    assert summary(swedish) == "1 träff på ”Lumena”."
    english = client.get("/en/search/", {"q": "Lumena"})
    assert results(english) == ["/en/lumena/"]
    assert summary(english) == "1 result for “Lumena”."
    result = soup_of(english).select_one(".search-result")
    assert result.select_one(".search-result__type").get_text() == "Standard page"
    assert result.select("p")[-1].get_text() == "A lead."

    # A Swedish-only page is never in the English results.
    assert results(client.get("/sv/sok/", {"q": "Samordningsförbundet"})) == ["/sv/bara-svenska/"]
    english = client.get("/en/search/", {"q": "Samordningsförbundet"})
    assert results(english) == []
    assert summary(english) == "No results for “Samordningsförbundet”. Try other or fewer words."


def test_finds_news_with_its_type(client, bilingual_site):
    index, _en_index = make_news_index(bilingual_site["sv_home"])
    make_news(index, 1, title="Nya handledningsgrupper startar", body="Anmäl dig till handledning.")
    response = client.get("/sv/sok/", {"q": "handledningsgrupper"})
    assert results(response) == ["/sv/nyheter/nyhet-1/"]
    assert soup_of(response).select_one(".search-result__type").get_text() == "Nyhet"


@on_postgresql
def test_finds_a_swedish_word_by_its_inflected_form_on_postgresql(client, bilingual_site):
    published_page(
        bilingual_site["sv_home"],
        "Stöd på arbetsplatsen",
        "stod",
        "Handledningar ges i små grupper för kommuner i länet.",
    )
    published_page(
        bilingual_site["en_home"],
        "Support at work",
        "support",
        "Supervisions and studies run in small groups.",
    )
    # Swedish stemming: another form of the same word finds the page ...
    for query in ("handledningen", "handledning", "kommunerna", "kommunen"):
        assert results(client.get("/sv/sok/", {"q": query})) == ["/sv/stod/"], query
    # ... and English pages are stemmed as English (Swedish stemming would miss these).
    for query in ("supervising", "supervision", "studying"):
        assert results(client.get("/en/search/", {"q": query})) == ["/en/support/"], query
    # Languages stay apart: the Swedish page is not found from the English search.
    assert results(client.get("/en/search/", {"q": "handledningar"})) == []


def test_results_come_in_pages_with_plain_links(client, bilingual_site):
    for number in range(23):
        published_page(
            bilingual_site["sv_home"], f"Seminarium {number}", f"seminarium-{number}", "Om samverkan."
        )

    first = client.get("/sv/sok/", {"q": "samverkan"})
    assert len(results(first)) == 10
    assert summary(first) == "23 träffar på ”samverkan”. Sida 1 av 3."
    assert soup_of(first).title.get_text().startswith("Sök: samverkan (23 träffar)")
    next_link = soup_of(first).select_one("nav.pagination a[rel=next]")["href"]
    assert next_link == "?q=samverkan&page=2"

    third = client.get("/sv/sok/" + "?q=samverkan&page=3")
    assert len(results(third)) == 3
    assert soup_of(third).select_one("ol.search-results")["start"] == "21"
    assert soup_of(third).select_one("nav.pagination a[rel=prev]")["href"] == "?q=samverkan&page=2"
    every = set()
    for page in (1, 2, 3):
        every |= set(results(client.get("/sv/sok/", {"q": "samverkan", "page": page})))
    assert len(every) == 23

    # Past the end: the last page; nonsense: a 400 that says why.
    assert len(results(client.get("/sv/sok/", {"q": "samverkan", "page": 40}))) == 3
    for nonsense in ("abc", "0", "-1", "2.5", "²", "1" * 30):
        response = client.get("/sv/sok/", {"q": "samverkan", "page": nonsense})
        assert response.status_code == 400
        assert soup_of(response).select_one("[role=alert]")


def test_empty_query_asks_for_words(client, bilingual_site):
    for params in ({}, {"q": ""}, {"q": "   \t "}):
        response = client.get("/sv/sok/", params)
        assert response.status_code == 200
        assert summary(response) == "Skriv ett eller flera ord att söka efter."
        assert not soup_of(response).select(".search-result")


def test_very_long_and_odd_queries_are_answered(client, bilingual_site):
    published_page(bilingual_site["sv_home"], "Samverkan", "samverkan-sida", "Om samverkan i länet.")
    long_query = "samverkan " + "ord " * 500  # 2010 characters
    response = client.get("/sv/sok/", {"q": long_query})
    assert response.status_code == 200
    soup = soup_of(response)
    assert "de första 200 tecknen" in soup.select_one(".notice").get_text()
    assert len(soup.select_one("#search-query")["value"]) <= 200

    for odd in [
        "'",
        '"',
        "a & b | !c",
        "(*)",
        ":*",
        "\\",
        "samverkan\x00",
        "%",
        "<script>",
        "NEAR(a b)",
        "-",
        "ä" * 2000,
    ]:
        response = client.get("/sv/sok/", {"q": odd})
        assert response.status_code == 200, repr(odd)
        assert b"<script>" not in response.content.split(b"<main")[1]


def test_every_page_has_a_labelled_search_form_in_the_header(client, bilingual_site):
    for path, action, label in [
        ("/sv/", "/sv/sok/", "Sök på webbplatsen"),
        ("/en/about-us/", "/en/search/", "Search the website"),
    ]:
        form = soup_of(client.get(path)).select_one("header form[role=search]")
        assert form["action"] == action and form["method"] == "get"
        field = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text() == label


def test_search_page_links_its_translation_with_the_query(client, bilingual_site):
    soup = soup_of(client.get("/sv/sok/", {"q": "samverkan"}))
    switcher = {a["lang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert switcher["en"] == "/en/search/?q=samverkan"
    assert soup.select_one('meta[name="robots"]')["content"].startswith("noindex")
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver/sv/sok/"


@on_postgresql
def test_rebuilt_index_keeps_each_language_stemmed_in_its_own_way(client, bilingual_site):
    from django.core.management import call_command

    published_page(bilingual_site["sv_home"], "Stöd", "stod", "Handledningar för kommuner.")
    published_page(bilingual_site["en_home"], "Support", "support", "Supervisions and studies.")
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    assert results(client.get("/sv/sok/", {"q": "kommunerna"})) == ["/sv/stod/"]
    assert results(client.get("/en/search/", {"q": "studying"})) == ["/en/support/"]


def test_admin_page_search_still_works(client, bilingual_site, django_user_model):
    page = published_page(bilingual_site["sv_home"], "Handledning", "handledning", "Handledning i grupp.")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "Handledning"})
    assert response.status_code == 200
    assert f"/admin/pages/{page.pk}/edit/" in response.content.decode()


def test_whole_word_hits_come_before_partial_ones_without_repeats():
    from home.views import ranked_union

    assert ranked_union([3, 1], [5, 1, 4, 5, 3]) == [3, 1, 5, 4]
    assert ranked_union([], [2, 2]) == [2]
    assert ranked_union([7], []) == [7]


def test_a_swedish_word_finds_the_compounds_that_begin_with_it(client, bilingual_site):
    sv_home = bilingual_site["sv_home"]
    published_page(sv_home, "Om grupperna", "om-grupperna", "Anmäl dig till en handledningsgrupp i höst.")
    published_page(sv_home, "Handledningsgrupper i länet", "grupper", "Träffas varannan vecka.")
    published_page(sv_home, "Handledning", "handledning", "Stöd i arbetet.")
    published_page(sv_home, "Samverkan", "samverkan", "Om samverkan.", introduction="Samverkan i länet.")

    found = results(client.get("/sv/sok/", {"q": "handledning"}))
    # The page about the word itself first; the compounds after it, whatever their order.
    assert found[0] == "/sv/handledning/"
    assert sorted(found[1:]) == ["/sv/grupper/", "/sv/om-grupperna/"]
    assert summary(client.get("/sv/sok/", {"q": "handledning"})) == "3 träffar på ”handledning”."
    # Several words: each may begin a longer word, and all must be there.
    assert results(client.get("/sv/sok/", {"q": "handledning höst"})) == ["/sv/om-grupperna/"]
    assert results(client.get("/sv/sok/", {"q": "Handledning länet"})) == ["/sv/grupper/"]
    # A word is the beginning of a word, not any piece of one.
    assert results(client.get("/sv/sok/", {"q": "ledning"})) == []


def test_listing_pages_are_left_out_of_the_results(client, bilingual_site):
    from events.factories import EventIndexPageFactory
    from home.factories import NewsIndexPageFactory, ThemeIndexPageFactory

    sv_home = bilingual_site["sv_home"]
    sv_home.introduction = "Handledning och seminarier för samverkan."
    sv_home.save_revision().publish()
    for factory, slug in [
        (NewsIndexPageFactory, "nyheter"),
        (ThemeIndexPageFactory, "teman"),
        (EventIndexPageFactory, "kalender"),
    ]:
        index = factory(parent=sv_home, slug=slug, title="Handledning", introduction="Handledning.")
        index.save_revision().publish()
    published_page(sv_home, "Handledning i grupp", "handledning", "Om handledning.")

    assert results(client.get("/sv/sok/", {"q": "handledning"})) == ["/sv/handledning/"]


def test_search_makes_as_many_queries_for_many_results_as_for_few(
    client, bilingual_site, django_assert_max_num_queries
):
    sv_home = bilingual_site["sv_home"]
    index, _en_index = make_news_index(sv_home)
    for number in range(3):
        published_page(sv_home, f"Handledningsgrupp {number}", f"grupp-{number}", "Om handledning.")
        make_news(index, number, translate=False, body="Nya handledningsgrupper.")
    with django_assert_max_num_queries(25) as few:
        assert len(results(client.get("/sv/sok/", {"q": "handledning"}))) == 6
    for number in range(3, 30):
        published_page(sv_home, f"Handledningsgrupp {number}", f"grupp-{number}", "Om handledning.")
        make_news(index, number, translate=False, body="Nya handledningsgrupper.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(results(client.get("/sv/sok/", {"q": "handledning"}))) == 10
