"""News: the index (newest first, pages, theme filter), news pages, theme sections and query counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from home.news import PAGE_SIZE
from tests.helpers import soup_of

from .news_helpers import make_image, make_news, make_news_index, make_themes

pytestmark = pytest.mark.django_db


def card_titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".news-card .card__title a")]


@pytest.fixture
def site(bilingual_site):
    themes = make_themes(bilingual_site["sv_home"])
    index, en_index = make_news_index(bilingual_site["sv_home"])
    return {**bilingual_site, "themes": themes, "index": index, "en_index": en_index}


def test_index_lists_newest_first_with_dates_in_pages_of_ten(client, site):
    for number in range(12):
        make_news(site["index"], number, translate=False)

    first = client.get("/sv/nyheter/")
    assert first.status_code == 200
    assert card_titles(first) == [f"Svensk nyhet {n}" for n in range(11, 1, -1)]
    assert len(card_titles(first)) == PAGE_SIZE
    times = [t["datetime"] for t in soup_of(first).select(".news-card time")]
    assert times[0] == "2025-01-12" and times[-1] == "2025-01-03"

    pagination = soup_of(first).select_one("nav.pagination")
    assert pagination.select_one("a[rel=prev]") is None
    assert pagination.select_one("a[rel=next]")["href"] == "/sv/nyheter/?page=2"

    second = client.get("/sv/nyheter/?page=2")
    assert card_titles(second) == ["Svensk nyhet 1", "Svensk nyhet 0"]
    assert soup_of(second).select_one("nav.pagination a[rel=prev]")["href"] == "/sv/nyheter/"
    assert soup_of(second).select_one("nav.pagination a[rel=next]") is None
    # A page past the end (an old shared link) shows the last page.
    assert card_titles(client.get("/sv/nyheter/?page=99")) == card_titles(second)


def test_index_shows_only_its_own_language(client, site):
    make_news(site["index"], 1)
    assert card_titles(client.get("/sv/nyheter/")) == ["Svensk nyhet 1"]
    assert card_titles(client.get("/en/news/")) == ["English news 1"]


def test_theme_filter_uses_plain_links_in_each_language(client, site):
    methods, collaboration = site["themes"]["metoder"], site["themes"]["samverkan"]
    make_news(site["index"], 1, themes=[methods["sv"]])
    make_news(site["index"], 2, themes=[collaboration["sv"]])
    make_news(site["index"], 3, themes=[methods["sv"], collaboration["sv"]])

    soup = soup_of(client.get("/sv/nyheter/"))
    links = {a.get_text(strip=True): a["href"] for a in soup.select("nav.filter-links a")}
    assert links == {
        "Alla nyheter": "/sv/nyheter/",
        "Evidensbaserade metoder": "/sv/nyheter/?theme=metoder",
        "Samverkan": "/sv/nyheter/?theme=samverkan",
    }
    assert soup.select_one("nav.filter-links a[aria-current]").get_text() == "Alla nyheter"

    filtered = client.get("/sv/nyheter/?theme=metoder")
    assert card_titles(filtered) == ["Svensk nyhet 3", "Svensk nyhet 1"]
    assert (
        soup_of(filtered).select_one("nav.filter-links a[aria-current]")["href"]
        == "/sv/nyheter/?theme=metoder"
    )

    # English uses the English theme slugs; the themes are matched across languages.
    assert card_titles(client.get("/en/news/?theme=collaboration")) == ["English news 3", "English news 2"]


@pytest.mark.parametrize(
    "query",
    [
        "?theme=finns-inte",
        "?theme=collaboration",
        "?page=abc",
        "?page=0",
        "?page=-3",
        "?page=1e9",
        "?page=9999999",
    ],
)
def test_nonsense_parameters_get_a_polite_400(client, site, query):
    make_news(site["index"], 1)
    # The English slug on the Swedish index is no theme there either.
    response = client.get("/sv/nyheter/" + query)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one(".notice[role=alert]")
    assert soup.select_one("a.button")["href"] == "/sv/nyheter/"


def test_pagination_keeps_the_theme(client, site):
    methods = site["themes"]["metoder"]["sv"]
    for number in range(PAGE_SIZE + 3):
        make_news(site["index"], number, themes=[methods] if number % 2 == 0 else [], translate=False)
    make_news(site["index"], 100, themes=[methods], translate=False)
    # 8 tagged items: one page, no pagination.
    assert soup_of(client.get("/sv/nyheter/?theme=metoder")).select_one("nav.pagination") is None
    for number in range(200, 205):
        make_news(site["index"], number, themes=[methods], translate=False)
    soup = soup_of(client.get("/sv/nyheter/?theme=metoder"))
    assert soup.select_one("nav.pagination a[rel=next]")["href"] == "/sv/nyheter/?theme=metoder&page=2"


def test_news_page_shows_date_lead_image_body_and_theme_links(client, site):
    collaboration = site["themes"]["samverkan"]
    image = make_image()
    sv_news, en_news = make_news(
        site["index"], 7, themes=[collaboration["sv"]], image=image, date=dt.date(2025, 3, 4)
    )

    soup = soup_of(client.get(sv_news.url))
    article = soup.select_one("main article")
    assert article.h1.get_text() == "Svensk nyhet 7"
    assert article.select_one(".news-article__date time")["datetime"] == "2025-03-04"
    assert article.select_one(".news-article__date time").get_text() == "4 mars 2025"
    assert article.select_one(".lead").get_text() == "Ingress för nyhet 7."
    img = article.select_one("figure img")
    assert img["alt"] == "Bild till nyhet 7"
    assert len(img["srcset"].split(",")) == 2
    assert "Brödtext för nyhet 7." in article.get_text()
    assert [(a.get_text(), a["href"]) for a in article.select(".tag-list a")] == [
        ("Samverkan", "/sv/teman/samverkan/")
    ]

    en_soup = soup_of(client.get(en_news.url))
    assert en_soup.select_one(".news-article__date time").get_text() == "4 March 2025"
    assert en_soup.select_one("figure img")["alt"] == "Picture for news item 7"
    assert [(a.get_text(), a["href"]) for a in en_soup.select(".tag-list a")] == [
        ("Collaboration", "/en/themes/collaboration/")
    ]


def test_listing_image_needs_alternative_text(site):
    news = NewsPage(title="Utan alt", slug="utan-alt", listing_image=make_image(), listing_image_alt="  ")
    with pytest.raises(ValidationError) as error:
        news.clean()
    assert "listing_image_alt" in error.value.message_dict
    news.listing_image_alt = "Två personer vid ett bord."
    news.clean()


def test_date_defaults_to_today():
    assert NewsPage().date == dt.date.today()


def test_page_type_rules(site):
    sv_home = site["sv_home"]
    assert NewsIndexPage.can_create_at(sv_home) is False  # one news index per language
    assert NewsPage.can_create_at(sv_home) is False
    assert NewsPage.can_create_at(site["index"]) is True
    assert StandardPage not in NewsIndexPage.allowed_subpage_models()
    assert HomePage in NewsIndexPage.allowed_parent_page_models()


def test_theme_page_lists_latest_news_with_a_link_to_all(client, site):
    methods = site["themes"]["metoder"]
    for number in range(7):
        make_news(site["index"], number, themes=[methods["sv"]])
    make_news(site["index"], 50, themes=[site["themes"]["samverkan"]["sv"]])

    for theme, titles, more in [
        (methods["sv"], [f"Svensk nyhet {n}" for n in (6, 5, 4, 3, 2)], "/sv/nyheter/?theme=metoder"),
        (methods["en"], [f"English news {n}" for n in (6, 5, 4, 3, 2)], "/en/news/?theme=methods"),
    ]:
        section = soup_of(client.get(theme.url)).select_one(".theme-section--news")
        assert [a.get_text() for a in section.select(".news-list a")] == titles
        assert section.select_one(".news-list time")["datetime"] == "2025-01-07"
        link = section.select("p > a")[-1]
        assert link["href"] == more
        assert len(card_titles(client.get(more))) == 7


def test_home_page_shows_three_latest_news(client, site):
    for number in range(5):
        make_news(site["index"], number, image=make_image() if number == 4 else None)
    soup = soup_of(client.get("/sv/"))
    section = soup.select_one("section.latest-news")
    assert [a.get_text() for a in section.select(".card__title a")] == [
        f"Svensk nyhet {n}" for n in (4, 3, 2)
    ]
    assert section.select_one("h3.card__title")
    assert section.select_one("img")["alt"] == "Bild till nyhet 4"
    assert section.select("p > a")[-1]["href"] == "/sv/nyheter/"
    en_section = soup_of(client.get("/en/")).select_one("section.latest-news")
    assert [a.get_text() for a in en_section.select(".card__title a")][0] == "English news 4"


@pytest.mark.parametrize("count", [5, 50])
def test_listings_keep_a_constant_number_of_queries(client, site, count, django_assert_max_num_queries):
    methods = site["themes"]["metoder"]["sv"]
    for number in range(count):
        # Every item its own image, so renditions must be prefetched, not fetched per card.
        make_news(
            site["index"], number, themes=[methods], image=make_image(f"Bild {number}"), translate=False
        )
    urls = ["/sv/nyheter/", "/sv/nyheter/?theme=metoder", "/sv/teman/metoder/", "/sv/"]
    for url in urls:  # renditions are made on first view; count the views after that
        assert client.get(url).status_code == 200
    for url in urls:
        with django_assert_max_num_queries(19):
            assert client.get(url).status_code == 200


def test_communicator_adds_news_in_the_admin_and_must_describe_the_image(client, site, django_user_model):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    image = make_image()
    url = f"/admin/pages/add/home/newspage/{site['index'].pk}/"
    assert client.get(url).status_code == 200
    data = {
        "title": "Ny nyhet",
        "slug": "ny-nyhet",
        "date": "2025-05-06",
        "introduction": "Ingressen.",
        "listing_image": image.pk,
        "listing_image_alt": "",
        "body": streamfield([]),
        "action-publish": "publish",
    }
    themes = {"themes": [site["themes"]["metoder"]["sv"].pk]}  # a multiple choice, not a nested list
    response = client.post(url, {**nested_form_data(data), **themes})
    assert response.status_code == 200
    assert "Beskriv bilden för den som inte kan se den." in response.content.decode()
    assert not NewsPage.objects.filter(slug="ny-nyhet").exists()

    data["listing_image_alt"] = "Två personer vid ett bord."
    response = client.post(url, {**nested_form_data(data), **themes})
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="ny-nyhet")
    assert news.live and news.date == dt.date(2025, 5, 6)
    assert card_titles(client.get("/sv/nyheter/?theme=metoder")) == ["Ny nyhet"]
