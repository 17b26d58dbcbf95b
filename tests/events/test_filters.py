"""The event filters (events/filters.py): one filterset for the calendar page and the feeds."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import translation

from events.factories import EventIndexPageFactory, EventPageFactory
from events.filters import EventFilterSet, feed_name
from events.models import EventPage
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from home.models import ThemePage
from home.translation import translate_page
from tests.events.calendar_readers import read_ical
from tests.helpers import publish


def filterset_for(request_language, **params):
    request = RequestFactory().get(f"/{request_language}/feeds/events.ics", params)
    request.LANGUAGE_CODE = request_language
    return EventFilterSet(request.GET, queryset=EventPage.objects.all(), request=request)


def titles(filterset):
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("title", flat=True))


# Without the database ---------------------------------------------------------------------------


def test_parameters_keep_the_feeds_order_and_labels_lead_with_the_theme():
    data = {
        "theme": ThemePage(title="Supported Employment", slug="supported-employment"),
        "type": "supervision",
        "audience": "municipality",
        "format": "",
    }
    assert list(EventFilterSet.params_for(data).items()) == [
        ("type", "supervision"),
        ("audience", "municipality"),
        ("theme", "supported-employment"),
    ]
    with translation.override("sv"):
        assert feed_name(data) == "Conecto+ evenemang: Supported Employment · Handledning · En kommun"
    with translation.override("en"):
        assert feed_name(data) == "Conecto+ events: Supported Employment · Supervision · A municipality"
        assert feed_name() == "Conecto+ events"


# With pages ------------------------------------------------------------------------------------


@pytest.fixture
def events(sv_home):
    calendar = EventIndexPageFactory(parent=sv_home)
    theme = publish(
        ThemePageFactory(
            parent=publish(ThemeIndexPageFactory(parent=sv_home)), title="Samverkan", slug="samverkan"
        )
    )
    soon = dt.date.today() + dt.timedelta(days=3)
    made = {
        "for_everyone": EventPageFactory(
            parent=calendar, title="För alla", event_type="seminar", start_date=soon, published=True
        ),
        "for_municipalities": EventPageFactory(
            parent=calendar,
            title="För kommuner",
            event_type="supervision",
            event_format="online",
            start_date=soon,
            audience=["municipality"],
            themes=[theme],
            published=True,
        ),
        "for_the_region": EventPageFactory(
            parent=calendar,
            title="För regionen",
            event_type="seminar",
            delivery_language="en",
            start_date=soon,
            audience=["region_stockholm"],
            themes=[theme],
            published=True,
        ),
    }
    return {**made, "calendar": calendar, "theme": theme}


def test_choices_filter_and_combine(events):
    assert titles(filterset_for("sv", type="seminar")) == ["För alla", "För regionen"]
    assert titles(filterset_for("sv", type="seminar", language="en")) == ["För regionen"]
    assert titles(filterset_for("sv", format="online")) == ["För kommuner"]


def test_an_event_for_no_one_in_particular_is_for_every_audience(events):
    assert titles(filterset_for("sv", audience="municipality")) == ["För alla", "För kommuner"]
    assert titles(filterset_for("sv", audience="civil_society")) == ["För alla"]
    assert titles(filterset_for("sv", audience="municipality", theme="samverkan")) == ["För kommuner"]


def test_the_english_theme_slug_finds_events_tagged_with_the_swedish_theme(events):
    translate_page(events["theme"].get_parent(), "en", {"Teman": "Themes", "teman": "themes"})
    translate_page(
        events["theme"],
        "en",
        {
            "Samverkan": "Collaboration",
            "samverkan": "collaboration",
            "Ett av programmets prioriterade teman.": "One of the programme's priority themes.",
        },
    )
    english = filterset_for("en", theme="collaboration")
    assert titles(english) == ["För kommuner", "För regionen"]
    assert english.labels() == ["Collaboration"]
    swedish_slug = filterset_for("en", theme="samverkan")
    assert not swedish_slug.is_valid()
    assert swedish_slug.error_lines() == ["theme: There is no theme called “samverkan”."]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"type": "webinar"},
            "type: Välj ett giltigt alternativ. webinar finns inte bland tillgängliga alternativ.",
        ),
        (
            {"audience": "martians"},
            "audience: Välj ett giltigt alternativ. martians finns inte bland tillgängliga alternativ.",
        ),
        ({"theme": "<script>"}, "theme: Det finns inget tema som heter ”<script>”."),
    ],
)
def test_unknown_values_make_it_invalid_in_the_requests_language(events, params, message):
    filterset = filterset_for("sv", **params)
    assert not filterset.is_valid()
    assert filterset.error_lines() == [message]


def test_the_calendar_page_and_its_feed_filter_alike(client, events):
    query = {"type": "supervision", "audience": "municipality", "theme": "samverkan"}
    page = BeautifulSoup(client.get(events["calendar"].url, query).content, "html.parser")
    assert [a.get_text() for a in page.select(".event-list__item > a")] == ["För kommuner"]
    # The page's form shows the filters in this order, with the chosen values selected.
    form = page.select_one("form.event-filters")
    assert [select["name"] for select in form.select("select")] == [
        "type",
        "format",
        "language",
        "theme",
        "audience",
    ]
    assert form.select_one("select[name=theme] option[selected]")["value"] == "samverkan"
    feed = page.select_one('link[rel=alternate][type="text/calendar"]')
    assert feed["href"] == (
        "http://testserver/sv/feeds/events.ics?type=supervision&audience=municipality&theme=samverkan"
    )
    assert feed["title"] == "Conecto+ evenemang: Samverkan · Handledning · En kommun"
    calendar = read_ical(client.get(feed["href"]).content.decode())
    assert [event.summary for event in calendar.events] == ["För kommuner"]


@pytest.mark.parametrize(
    "params",
    [{}, {"type": "seminar", "theme": "samverkan"}, {"format": "online", "audience": "municipality"}],
)
def test_the_filter_fields_are_written_as_djangos_widgets_write_them(events, params):
    from events.templatetags.calendar_form import select_field
    from events.views import calendar_filters

    # A title a browser would read as markup if it were not escaped.
    publish(ThemePageFactory(parent=events["theme"].get_parent(), title="Stöd & <i>metod</i>", slug="stod"))
    request = RequestFactory().get("/sv/kalender/", params)
    request.LANGUAGE_CODE = "sv"
    with translation.override("sv"):
        form = calendar_filters(events["calendar"], request).form
        fields = [field for field in form if not field.is_hidden and field.name != "view"]
        assert [field.name for field in fields] == ["type", "format", "language", "theme", "audience"]
        for field in fields:
            assert select_field(field) == str(field)
    assert "Stöd &amp; &lt;i&gt;metod&lt;/i&gt;" in select_field(form["theme"])
