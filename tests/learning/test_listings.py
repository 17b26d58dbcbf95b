"""Where paths are listed: the path index with its theme and audience filters, theme pages and the home page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Audience
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from home.translation import translate_page
from learning.factories import material_step
from learning.filters import filter_link_groups
from tests.helpers import publish as published

pytestmark = pytest.mark.django_db

INDEX = "/sv/larvagar/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response, selector=".learning-path-card .card__title a"):
    return [a.get_text(strip=True) for a in soup(response).select(selector)]


@pytest.fixture
def themes(sv_home):
    index = published(ThemeIndexPageFactory(parent=sv_home))
    return {
        "methods": published(ThemePageFactory(parent=index, title="Evidensbaserade metoder", slug="metoder")),
        "collaboration": published(ThemePageFactory(parent=index, title="Samverkan", slug="samverkan")),
    }


@pytest.fixture
def tagged_path(make_path):
    def make(title, themes=(), audience=(), **fields):
        path = make_path([material_step(f"Läs inför {title}")], title=title, **fields)
        path.themes = list(themes)
        path.audience = list(Audience.objects.filter(code__in=audience))
        return published(path)

    return make


@pytest.fixture
def three_paths(themes, tagged_path):
    return [
        tagged_path("Supported Employment i praktiken", [themes["methods"]], ["municipality"]),
        tagged_path("Samverkan för individen", [themes["collaboration"]]),
        tagged_path("BIP för handläggare", [themes["methods"]], ["forsakringskassan"]),
    ]


# The links, as plain functions ----------------------------------------------------------------


def test_each_filter_link_keeps_the_other_filter_and_marks_the_current_one():
    groups = filter_link_groups(
        "/sv/larvagar/",
        {"theme": "metoder", "audience": "municipality"},
        {
            "theme": [("metoder", "Metoder"), ("samverkan", "Samverkan")],
            "audience": [("municipality", "Kommun")],
        },
        {"theme": "Alla teman", "audience": "Alla"},
    )
    theme_links = {link["label"]: (link["url"], link["current"]) for link in groups[0]["links"]}
    assert theme_links == {
        "Alla teman": ("/sv/larvagar/?audience=municipality", False),
        "Metoder": ("/sv/larvagar/?audience=municipality&theme=metoder", True),
        "Samverkan": ("/sv/larvagar/?audience=municipality&theme=samverkan", False),
    }
    audience_links = {link["label"]: (link["url"], link["current"]) for link in groups[1]["links"]}
    assert audience_links["Alla"] == ("/sv/larvagar/?theme=metoder", False)


def test_with_no_filter_the_all_links_are_current_and_lead_to_the_bare_index():
    groups = filter_link_groups("/x/", {}, {"theme": [("a", "A")]}, {"theme": "Alla"})
    assert groups[0]["links"][0] == {"label": "Alla", "url": "/x/", "current": True}
    assert groups[0]["links"][1]["current"] is False


# The index ------------------------------------------------------------------------------------


def test_the_index_filters_by_theme_and_audience_with_plain_links(client, three_paths):
    page = soup(client.get(INDEX))
    assert not page.select("main form")  # links, no form or script needed
    theme_nav = page.find("nav", attrs={"aria-label": "Lärvägar efter tema"})
    assert [a.get_text(strip=True) for a in theme_nav.select("a")] == [
        "Alla teman",
        "Evidensbaserade metoder",
        "Samverkan",
    ]
    href = theme_nav.find("a", string="Evidensbaserade metoder")["href"]
    assert href == "/sv/larvagar/?theme=metoder"

    response = client.get(href)
    assert card_titles(response) == ["Supported Employment i praktiken", "BIP för handläggare"]
    filtered = soup(response)
    assert filtered.h1.get_text(strip=True) == "Lärvägar: Evidensbaserade metoder"
    assert filtered.find("a", attrs={"aria-current": "page"}, string="Evidensbaserade metoder")

    # A path for everyone matches every audience; the audience link keeps the theme.
    audience_nav = filtered.find("nav", attrs={"aria-label": "Lärvägar efter vem de är för"})
    href = audience_nav.find("a", string="En kommun")["href"]
    assert href == "/sv/larvagar/?theme=metoder&audience=municipality"
    response = client.get(href)
    assert card_titles(response) == ["Supported Employment i praktiken"]
    assert soup(response).h1.get_text(strip=True) == "Lärvägar: Evidensbaserade metoder · En kommun"
    assert card_titles(client.get(INDEX + "?audience=municipality")) == [
        "Supported Employment i praktiken",
        "Samverkan för individen",
    ]


def test_a_filter_that_matches_nothing_says_so_and_offers_all_paths(client, three_paths):
    response = client.get(INDEX + "?theme=samverkan&audience=forsakringskassan")
    assert response.status_code == 200
    assert card_titles(response) == ["Samverkan för individen"]  # for everyone
    response = client.get(INDEX + "?theme=metoder&audience=civil_society")
    assert "Ingen lärväg passar de här filtren." in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?theme=finns-inte", "Det finns inget tema som heter ”finns-inte”."),
        ("?audience=webinar", "webinar"),
    ],
)
def test_an_unknown_filter_value_is_a_400_that_says_why(client, three_paths, query, message):
    response = client.get(INDEX + query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'href="/sv/larvagar/"' in body


def test_the_english_index_names_themes_by_their_english_slug(client, themes, three_paths, english_paths):
    translate_page(
        themes["methods"],
        "en",
        {
            "Evidensbaserade metoder": "Evidence-based methods",
            "metoder": "methods",
            themes["methods"].introduction: "A theme.",
        },
    )
    path = three_paths[0]
    translate_page(
        path,
        "en",
        {
            path.title: "Supported Employment in practice",
            path.slug: "supported-employment",
            path.introduction: "A path.",
            "Läs inför Supported Employment i praktiken": "Read first",
        },
    )
    response = client.get("/en/learning-paths/?theme=methods")
    assert card_titles(response) == ["Supported Employment in practice"]
    assert soup(response).h1.get_text(strip=True) == "Learning paths: Evidence-based methods"
    assert client.get("/en/learning-paths/?theme=metoder").status_code == 400


def test_index_queries_do_not_grow_with_the_paths(
    client, themes, tagged_path, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the cost of building the page, not of a cache hit

    def add(count):
        for n in range(count):
            tagged_path(
                f"Lärväg {n}", [themes["methods"], themes["collaboration"]], ["municipality", "other"]
            )

    add(3)
    urls = [INDEX, INDEX + "?theme=metoder&audience=municipality"]
    counts = {}
    for url in urls:
        client.get(url)  # warm the site root cache like any other page
        with CaptureQueriesContext(connection) as queries:
            assert len(card_titles(client.get(url))) == 3
        counts[url] = len(queries)
    add(27)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert len(card_titles(response)) == 30


# Theme pages and the home page ----------------------------------------------------------------


def section_titles(response, key):
    section = soup(response).select_one(f".theme-section--{key}")
    return [a.get_text(strip=True) for a in section.select(".card__title a")] if section else []


def test_a_theme_page_lists_its_paths_with_a_link_to_the_filtered_index(client, themes, three_paths):
    response = client.get(themes["methods"].url)
    assert section_titles(response, "learning-paths") == [
        "Supported Employment i praktiken",
        "BIP för handläggare",
    ]
    section = soup(response).select_one(".theme-section--learning-paths")
    assert section.h2.get_text(strip=True) == "Lärvägar"
    assert section.find("a", string="Alla lärvägar i temat")["href"] == "/sv/larvagar/?theme=metoder"


def test_a_theme_without_paths_shows_no_path_section(client, themes, path_index):
    assert section_titles(client.get(themes["collaboration"].url), "learning-paths") == []
    assert not soup(client.get(themes["collaboration"].url)).select_one(".theme-section--learning-paths")


def test_theme_page_queries_do_not_grow_with_its_paths(
    client, themes, tagged_path, django_assert_max_num_queries
):
    for n in range(3):
        tagged_path(f"Lärväg {n}", [themes["methods"]])
    url = themes["methods"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for n in range(3, 30):
        tagged_path(f"Lärväg {n}", [themes["methods"]])
    with django_assert_max_num_queries(len(queries)):
        response = client.get(url)
    assert len(section_titles(response, "learning-paths")) == 5  # the theme page shows the first few


def test_the_home_page_shows_the_featured_paths_only(client, three_paths, tagged_path):
    tagged_path("Utvald lärväg", featured=True)
    response = client.get("/sv/")
    section = soup(response).select_one(".featured-paths")
    assert section.h2.get_text(strip=True) == "Utvalda lärvägar"
    assert [a.get_text(strip=True) for a in section.select(".card__title a")] == ["Utvald lärväg"]
    assert section.find("a", string="Alla lärvägar")["href"] == INDEX


def test_the_home_page_has_no_path_section_without_featured_paths(client, three_paths):
    assert not soup(client.get("/sv/")).select_one(".featured-paths")


def test_home_page_queries_do_not_grow_with_featured_paths(
    client, tagged_path, django_assert_max_num_queries
):
    tagged_path("Utvald 1", featured=True)
    client.get("/sv/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/sv/")
    for n in range(2, 30):
        tagged_path(f"Utvald {n}", featured=True)
    with django_assert_max_num_queries(len(queries)):
        response = client.get("/sv/")
    assert len(soup(response).select(".featured-paths .card__title a")) == 3


def test_a_path_in_a_private_section_is_listed_nowhere(client, themes, tagged_path):
    from wagtail.models import PageViewRestriction

    tagged_path("Öppen lärväg", [themes["methods"]], featured=True)
    hidden = tagged_path("Intern lärväg", [themes["methods"]], featured=True)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert card_titles(client.get(INDEX)) == ["Öppen lärväg"]
    assert section_titles(client.get(themes["methods"].url), "learning-paths") == ["Öppen lärväg"]
    assert [
        a.get_text(strip=True) for a in soup(client.get("/sv/")).select(".featured-paths .card__title a")
    ] == ["Öppen lärväg"]
