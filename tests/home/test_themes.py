"""Theme pages list what is tagged with them, in their own language, through one registered mechanism."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from events.factories import EventPageFactory
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from home.themes import registered_sections
from home.translation import translate_page
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(sv_home):
    index = publish(ThemeIndexPageFactory(parent=sv_home))
    return {
        "index": index,
        "methods": publish(ThemePageFactory(parent=index, title="Evidensbaserade metoder", slug="metoder")),
        "collaboration": publish(ThemePageFactory(parent=index, title="Samverkan", slug="samverkan")),
    }


def event(calendar, title, days, themes=(), audience=(), **kwargs):
    return EventPageFactory(
        parent=calendar,
        title=title,
        start_date=dt.date.today() + dt.timedelta(days=days),
        themes=themes,
        audience=audience,
        published=True,
        **kwargs,
    )


def section_links(response, key):
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one(f".theme-section--{key}")
    return [a.get_text(strip=True) for a in section.select("li a")] if section else []


def test_events_register_a_section_through_the_hook():
    assert "events" in [section.key for section in registered_sections()]


def test_theme_page_lists_upcoming_events_tagged_with_it_once_each(client, themes, calendar):
    methods = themes["methods"]
    weekly = event(calendar, "Handledning SE", 2, themes=[methods])
    weekly.recurrence = "RRULE:FREQ=WEEKLY;COUNT=4"
    publish(weekly)
    event(calendar, "Seminarium om BIP", 5, themes=[methods, themes["collaboration"]])
    event(calendar, "Nätverksträff", 3, themes=[themes["collaboration"]])
    event(calendar, "Förra årets seminarium", -200, themes=[methods])
    draft = EventPageFactory(parent=calendar, title="Utkast", live=False)
    draft.themes = [methods]
    draft.save()

    response = client.get(methods.url)
    assert response.status_code == 200
    assert section_links(response, "events") == ["Handledning SE", "Seminarium om BIP"]
    more = BeautifulSoup(response.content, "html.parser").select_one(".theme-section--events > p > a")
    assert more["href"] == f"{calendar.url}?theme=metoder"


def test_theme_without_anything_tagged_shows_no_empty_section(client, themes):
    response = client.get(themes["collaboration"].url)
    assert response.status_code == 200
    assert b"theme-section--events" not in response.content


def test_english_theme_page_lists_the_english_translations(client, themes, calendar, bilingual_site):
    methods = themes["methods"]
    seminar = event(calendar, "Seminarium om BIP", 5, themes=[methods])
    translate_page(themes["index"], "en", {"Teman": "Themes", "teman": "themes"})
    en_methods = translate_page(
        methods,
        "en",
        {
            "Evidensbaserade metoder": "Evidence-based methods",
            "metoder": "methods",
            "Ett av programmets prioriterade teman.": "One of the programme's priority themes.",
        },
    )
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    translate_page(
        seminar,
        "en",
        {
            "Seminarium om BIP": "Seminar on BIP",
            seminar.slug: "seminar-bip",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    response = client.get(en_methods.url)
    assert response.status_code == 200
    assert section_links(response, "events") == ["Seminar on BIP"]
    assert section_links(client.get(methods.url), "events") == ["Seminarium om BIP"]

    english_calendar = client.get("/en/calendar/", {"theme": "methods"})
    assert english_calendar.status_code == 200
    assert "Seminar on BIP" in english_calendar.content.decode()


def test_theme_index_lists_its_themes(client, themes):
    soup = BeautifulSoup(client.get(themes["index"].url).content, "html.parser")
    assert [a.get_text() for a in soup.select(".card__title a")] == ["Evidensbaserade metoder", "Samverkan"]


def calendar_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text() for a in soup.select(".event-list__item > a"))


def test_calendar_filters_by_theme_and_audience_together(client, themes, calendar):
    event(calendar, "För kommuner", 2, themes=[themes["methods"]], audience=["municipality"])
    event(calendar, "För Försäkringskassan", 2, themes=[themes["methods"]], audience=["forsakringskassan"])
    event(calendar, "För alla", 2, themes=[themes["methods"]])
    event(calendar, "Samverkan för kommuner", 2, themes=[themes["collaboration"]], audience=["municipality"])

    assert calendar_titles(client.get(calendar.url, {"theme": "metoder"})) == [
        "För Försäkringskassan",
        "För alla",
        "För kommuner",
    ]
    assert calendar_titles(client.get(calendar.url, {"audience": "municipality"})) == [
        "För alla",
        "För kommuner",
        "Samverkan för kommuner",
    ]
    assert calendar_titles(client.get(calendar.url, {"theme": "metoder", "audience": "municipality"})) == [
        "För alla",
        "För kommuner",
    ]
    # The month view and its navigation keep the filters.
    month = client.get(calendar.url, {"theme": "metoder", "view": "month"})
    soup = BeautifulSoup(month.content, "html.parser")
    assert "theme=metoder" in soup.select_one("a[rel=next]")["href"]


@pytest.mark.parametrize("query", [{"theme": "finns-inte"}, {"audience": "martians"}])
def test_unknown_theme_or_audience_is_a_400_with_a_way_back(client, themes, calendar, query):
    response = client.get(calendar.url, query)
    assert response.status_code == 400
    assert calendar.url in response.content.decode()


@pytest.mark.parametrize("number_of_events", [5, 50])
def test_theme_page_queries_stay_constant(
    client, themes, calendar, django_assert_max_num_queries, number_of_events
):
    for n in range(number_of_events):
        event(calendar, f"Seminarium {n}", 1 + n % 20, themes=[themes["methods"]])
    # Warm twice: the first view creates the footer's settings, a change that starts a new content
    # version, under which the second keeps the header, footer and routes (home/site_chrome.py).
    client.get(themes["methods"].url)
    client.get(themes["methods"].url)
    # One query per registered section that finds nothing (here the learning paths) is part of the bound.
    with django_assert_max_num_queries(16):
        response = client.get(themes["methods"].url)
    assert len(section_links(response, "events")) == 5


def test_event_page_says_who_it_is_for_and_links_its_themes_in_its_language(
    client, themes, calendar, bilingual_site
):
    methods = themes["methods"]
    seminar = event(
        calendar, "Seminarium om BIP", 5, themes=[methods], audience=["municipality", "forsakringskassan"]
    )
    open_seminar = event(calendar, "Öppet seminarium", 6)
    translate_page(themes["index"], "en", {"Teman": "Themes", "teman": "themes"})
    en_methods = translate_page(
        methods,
        "en",
        {
            "Evidensbaserade metoder": "Evidence-based methods",
            "metoder": "methods",
            "Ett av programmets prioriterade teman.": "One of the programme's priority themes.",
        },
    )
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    en_seminar = translate_page(
        seminar,
        "en",
        {
            "Seminarium om BIP": "Seminar on BIP",
            seminar.slug: "seminar-bip",
            "Kommunhuset, Haninge": "Town hall",
        },
    )

    def facts(page):
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        return {dt_.get_text(): dt_.find_next_sibling("dd") for dt_ in soup.select(".event__facts dt, dl dt")}

    swedish = facts(seminar)
    assert swedish["Målgrupp"].get_text() == "Försäkringskassan, En kommun"
    assert [a["href"] for a in swedish["Teman"].select("a")] == [methods.url]
    english = facts(en_seminar)
    assert english["Who it is for"].get_text() == "Försäkringskassan, A municipality"
    assert [(a["href"], a.get_text()) for a in english["Themes"].select("a")] == [
        (en_methods.url, "Evidence-based methods")
    ]
    assert facts(open_seminar)["Målgrupp"].get_text() == "Alla i programmet"
