"""Occurrences are materialised on publish and stay right through unpublish, delete, revert and translation."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from recurrence import deserialize

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventDateException, EventPage, Occurrence
from home.translation import translate_page
from tests.helpers import english_home, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


def weekly_supervision(calendar, **kwargs):
    event = EventPageFactory(
        parent=calendar,
        title="Handledning Supported Employment",
        slug="handledning-se",
        start_date=dt.date(2026, 3, 17),
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 0),
        recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=4"),
        **kwargs,
    )
    return publish(event)


def starts(event):
    return [o.start.astimezone(event.zone).isoformat() for o in Occurrence.objects.filter(event=event)]


def test_publishing_materialises_every_date_in_local_time(calendar):
    event = weekly_supervision(calendar)
    assert starts(event) == [
        "2026-03-17T18:00:00+01:00",
        "2026-03-24T18:00:00+01:00",
        "2026-03-31T18:00:00+02:00",
        "2026-04-07T18:00:00+02:00",
    ]


def test_unpublish_and_delete_remove_the_dates(calendar):
    event = weekly_supervision(calendar)
    event.unpublish()
    assert Occurrence.objects.filter(event=event).count() == 0
    publish(event)
    assert Occurrence.objects.filter(event=event).count() == 4
    event.delete()
    assert Occurrence.objects.count() == 0


def test_date_exceptions_are_applied_on_publish(calendar):
    event = weekly_supervision(calendar)
    EventDateException.objects.create(
        event=event, original_date=dt.date(2026, 3, 24), kind="cancelled", note="Sjuk"
    )
    EventDateException.objects.create(
        event=event, original_date=dt.date(2026, 3, 31), kind="moved", new_date=dt.date(2026, 4, 1)
    )
    publish(EventPage.objects.get(pk=event.pk))
    rows = {o.original_start.date().isoformat(): o for o in Occurrence.objects.filter(event=event)}
    assert rows["2026-03-24"].status == "cancelled" and rows["2026-03-24"].note == "Sjuk"
    assert rows["2026-03-31"].status == "moved"
    assert rows["2026-03-31"].start.astimezone(event.zone).isoformat() == "2026-04-01T18:00:00+02:00"


def test_reverting_to_an_earlier_revision_brings_back_its_dates(calendar):
    event = weekly_supervision(calendar)
    first_revision = event.latest_revision
    event.start_time = dt.time(9, 0)
    event.end_time = dt.time(11, 0)
    publish(event)
    assert starts(event)[0] == "2026-03-17T09:00:00+01:00"
    first_revision.publish()
    assert starts(event)[0] == "2026-03-17T18:00:00+01:00"


def test_translation_gets_its_own_dates(calendar, sv_home):
    english_home(sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = weekly_supervision(calendar)
    english = translate_page(
        event,
        "en",
        {
            "Handledning Supported Employment": "Supervision Supported Employment",
            "handledning-se": "supervision-se",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    assert starts(english) == starts(event)
    english.unpublish()
    assert Occurrence.objects.filter(event=english).count() == 0
    assert Occurrence.objects.filter(event=event).count() == 4


def test_event_page_shows_dates_as_time_elements_with_offset(client, calendar):
    event = weekly_supervision(calendar)
    event.recurrence = deserialize("RRULE:FREQ=WEEKLY;COUNT=60")
    event.start_date = dt.date.today() - dt.timedelta(days=7)
    publish(event)
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    times = [t["datetime"] for t in soup.select(".occurrence-list time")]
    assert times and all(len(t) == 25 and t[-6] in "+-" for t in times)
    assert soup.select_one(".event__next time")["datetime"] == times[0]


@pytest.mark.parametrize(
    ("status", "notice", "can_register"),
    [
        ("scheduled", None, True),
        ("cancelled", "Evenemanget är inställt.", False),
        ("postponed", "Evenemanget är uppskjutet. Nya datum publiceras här.", False),
    ],
)
def test_event_page_says_when_the_event_is_not_going_ahead(client, calendar, status, notice, can_register):
    event = weekly_supervision(calendar, status=status, registration_url="https://example.org/anmalan")
    event.start_date = dt.date.today() + dt.timedelta(days=1)
    publish(event)
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    shown = soup.select_one(".notice")
    assert (shown.get_text(strip=True) if shown else None) == notice
    assert bool(soup.find("a", href="https://example.org/anmalan", string="Anmäl dig")) == can_register


def test_event_page_marks_a_moved_date(client, calendar):
    event = weekly_supervision(calendar)
    event.start_date = dt.date.today() + dt.timedelta(days=1)
    publish(event)
    EventDateException.objects.create(
        event=event,
        original_date=event.start_date + dt.timedelta(days=7),
        kind="moved",
        new_date=event.start_date + dt.timedelta(days=8),
    )
    publish(EventPage.objects.get(pk=event.pk))
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    badges = [badge.get_text(strip=True) for badge in soup.select(".occurrence-list .badge")]
    assert badges == ["Flyttat"]


def test_too_frequent_rule_is_refused_with_a_message(calendar):
    event = weekly_supervision(calendar)
    event.recurrence = deserialize("RRULE:FREQ=HOURLY")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert refused.value.message_dict["recurrence"] == ["Ett evenemang kan upprepas högst en gång per dag."]


def test_event_that_ends_before_it_starts_is_refused(calendar):
    event = EventPageFactory.build(
        start_date=dt.date(2026, 5, 4), start_time=dt.time(10), end_time=dt.time(9)
    )
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "end_time" in refused.value.message_dict


def test_event_page_carries_schema_org_json_ld_for_each_upcoming_date(client, calendar):
    import json

    event = weekly_supervision(calendar, event_format="hybrid", online_url="https://meet.example.org/x")
    event.start_date = dt.date.today() + dt.timedelta(days=1)
    publish(event)
    EventDateException.objects.create(
        event=event, original_date=event.start_date + dt.timedelta(days=7), kind="cancelled"
    )
    publish(EventPage.objects.get(pk=event.pk))

    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    items = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert [i["@type"] for i in items] == ["Event"] * 4
    assert items[0]["startDate"] == soup.select_one(".event__next time")["datetime"]
    assert items[0]["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert items[1]["eventStatus"] == "https://schema.org/EventCancelled"
    assert {loc["@type"] for loc in items[0]["location"]} == {"Place", "VirtualLocation"}


def test_extend_occurrences_moves_open_ended_series_forward(calendar, settings):
    from django.core.management import call_command

    settings.EVENTS_HORIZON_MONTHS = 3
    event = EventPageFactory(
        parent=calendar, start_date=dt.date.today(), recurrence=deserialize("RRULE:FREQ=MONTHLY")
    )
    publish(event)
    assert 3 <= Occurrence.objects.filter(event=event).count() <= 4
    settings.EVENTS_HORIZON_MONTHS = 18
    call_command("extend_occurrences", stdout=__import__("io").StringIO())
    assert 18 <= Occurrence.objects.filter(event=event).count() <= 19


def test_home_page_lists_upcoming_events_in_its_language(client, calendar, sv_home):
    event = EventPageFactory(
        parent=calendar, title="Seminarium om BIP", start_date=dt.date.today() + dt.timedelta(days=2)
    )
    publish(event)
    past = EventPageFactory(
        parent=calendar, title="Gammalt seminarium", start_date=dt.date.today() - dt.timedelta(days=30)
    )
    publish(past)
    soup = BeautifulSoup(client.get("/sv/").content, "html.parser")
    titles = [a.get_text() for a in soup.select(".upcoming .event-list a")]
    assert titles == ["Seminarium om BIP"]
    assert soup.select_one(".upcoming time")["datetime"].startswith(
        (dt.date.today() + dt.timedelta(days=2)).isoformat()
    )


@pytest.mark.parametrize("number_of_dates", [10, 200])
def test_event_page_queries_do_not_grow_with_its_dates(
    client, calendar, django_assert_max_num_queries, number_of_dates
):
    event = EventPageFactory(
        parent=calendar,
        start_date=dt.date.today(),
        recurrence=deserialize(f"RRULE:FREQ=DAILY;COUNT={number_of_dates}"),
    )
    publish(event)
    EventDateException.objects.create(
        event=event, original_date=dt.date.today() + dt.timedelta(days=2), kind="cancelled"
    )
    publish(EventPage.objects.get(pk=event.pk))
    client.get(event.url)
    with django_assert_max_num_queries(17):
        response = client.get(event.url)
    listed = BeautifulSoup(response.content, "html.parser").select(".occurrence-list li")
    assert number_of_dates - 1 <= len(listed) <= number_of_dates  # today's date may already be over
    assert sum("Inställt" in li.get_text() for li in listed) == 1


def test_a_date_change_on_the_swedish_event_reaches_the_english_calendar_on_publish(calendar, sv_home):
    english_home(sv_home)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = weekly_supervision(calendar)
    english = translate_page(
        event,
        "en",
        {
            "Handledning Supported Employment": "Supervision Supported Employment",
            "handledning-se": "supervision-se",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    revisions = english.revisions.count()

    # The editor moves the series to 17:00 and cancels one date, in Swedish only.
    event = EventPage.objects.get(pk=event.pk)
    event.start_time = dt.time(17, 0)
    event.end_time = dt.time(19, 0)
    event.date_exceptions = [
        EventDateException(original_date=dt.date(2026, 3, 24), kind="cancelled", note="Inställt")
    ]
    publish(event)

    english = EventPage.objects.get(pk=english.pk)
    assert english.title == "Supervision Supported Employment"  # the translation's text stays
    assert english.venue_name == "Haninge town hall"
    assert starts(english) == starts(event)
    assert starts(english)[0] == "2026-03-17T17:00:00+01:00"
    assert [o.status for o in Occurrence.objects.filter(event=english)] == [
        "scheduled",
        "cancelled",
        "scheduled",
        "scheduled",
    ]
    assert english.revisions.count() == revisions + 1

    # Republishing without a change to the dates leaves the translation alone.
    publish(EventPage.objects.get(pk=event.pk))
    assert EventPage.objects.get(pk=english.pk).revisions.count() == revisions + 1


def test_a_dates_own_title_reaches_the_translation_until_a_translator_gives_it_another(calendar, sv_home):
    translate_page(sv_home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = weekly_supervision(calendar)
    english = translate_page(
        event,
        "en",
        {
            "Handledning Supported Employment": "Supervision Supported Employment",
            "handledning-se": "supervision-se",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    EventDateException.objects.create(
        event=event, original_date=dt.date(2026, 3, 24), kind="note", title="Studiebesök i Haninge"
    )
    publish(EventPage.objects.get(pk=event.pk))

    def titles(page):
        return list(Occurrence.objects.filter(event=page).exclude(title="").values_list("title", flat=True))

    assert titles(event) == ["Studiebesök i Haninge"]
    assert titles(english) == ["Studiebesök i Haninge"]  # the source's title until it is translated

    english = EventPage.objects.get(pk=english.pk)
    english.date_exceptions.update(title="Study visit in Haninge")
    publish(EventPage.objects.get(pk=english.pk))
    event = EventPage.objects.get(pk=event.pk)
    event.start_time = dt.time(17, 0)
    publish(event)
    assert titles(english) == ["Study visit in Haninge"]
    assert Occurrence.objects.get(event=english, title="Study visit in Haninge").start.hour == 16  # 17:00 CET
