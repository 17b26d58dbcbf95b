"""The event's sign-up settings: validated in the editor, a date's own places, the same in every language."""

import datetime as dt
import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from recurrence import deserialize

from events.choices import SignupMode
from events.factories import EventPageFactory
from events.models import EventDateException, EventPage, Occurrence
from home.translation import translate_page
from tests.admin_forms import admin_form_data
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def weekly(calendar, **fields):
    return publish(
        EventPageFactory(
            parent=calendar,
            title="Fördjupning BIP",
            slug="fordjupning-bip",
            start_date=dt.date.today() + dt.timedelta(days=7),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3"),
            **fields,
        )
    )


def test_sign_up_is_off_by_default_and_an_external_link_must_be_given(calendar):
    event = weekly(calendar)
    assert (event.signup, event.cancellation_deadline_hours, event.promotion_cutoff_hours) == ("off", 24, 24)
    event.signup = SignupMode.EXTERNAL
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "registration_url" in refused.value.message_dict
    event.signup_opens_at = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
    event.signup_closes_at = event.signup_opens_at
    event.registration_url = "https://example.org/anmalan"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert list(refused.value.message_dict) == ["signup_closes_at"]


def test_a_date_can_have_its_own_number_of_places(calendar):
    event = weekly(calendar, capacity=20, signup=SignupMode.SITE)
    second = Occurrence.objects.filter(event=event).order_by("start")[1]
    event.date_exceptions.add(
        EventDateException(
            original_date=second.original_start.date(), kind="note", capacity=8, locale=event.locale
        )
    )
    publish(event)
    places = [(o.capacity, o.places) for o in Occurrence.objects.filter(event=event).order_by("start")]
    assert places == [(None, 20), (8, 8), (None, 20)]


def test_sign_up_settings_and_a_dates_places_reach_the_translation(calendar, sv_home):
    translate_page(sv_home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = weekly(calendar, capacity=20)
    english = translate_page(
        event,
        "en",
        {
            "Fördjupning BIP": "In-depth BIP",
            "fordjupning-bip": "in-depth-bip",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    event = EventPage.objects.get(pk=event.pk)
    event.signup = SignupMode.SITE
    event.books_whole_series = True
    event.requires_approval = True
    event.promotion_cutoff_hours = 48
    last = Occurrence.objects.filter(event=event).order_by("start").last()
    event.date_exceptions.add(
        EventDateException(
            original_date=last.original_start.date(), kind="note", capacity=5, locale=event.locale
        )
    )
    publish(event)
    english = EventPage.objects.get(pk=english.pk)
    assert (
        english.signup,
        english.books_whole_series,
        english.requires_approval,
        english.promotion_cutoff_hours,
    ) == (
        "site",
        True,
        True,
        48,
    )
    assert [o.places for o in Occurrence.objects.filter(event=english).order_by("start")] == [20, 20, 5]


def test_the_migration_keeps_events_with_a_registration_link_sending_people_there(calendar):
    migration = importlib.import_module("events.migrations.0013_signup_settings_and_date_capacity")
    with_link = weekly(calendar, registration_url="https://example.org/anmalan")
    without = publish(EventPageFactory(parent=calendar))
    migration.external_where_a_link_is_given(apps, None)
    assert EventPage.objects.get(pk=with_link.pk).signup == SignupMode.EXTERNAL
    assert EventPage.objects.get(pk=without.pk).signup == SignupMode.OFF


def test_an_editor_turns_on_sign_up_in_the_sign_up_panel_and_gives_one_date_its_own_places(
    calendar, client, django_user_model
):
    event = weekly(calendar, capacity=20)
    client.force_login(django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "pw"))
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert "Anmälan" in [heading.get_text(strip=True) for heading in page.select("h2")]
    data = admin_form_data(client, url)
    second = event.start_date + dt.timedelta(weeks=1)
    data.update(
        {
            "signup": "site",
            "cancellation_deadline_hours": "48",
            "date_exceptions-TOTAL_FORMS": "1",
            "date_exceptions-INITIAL_FORMS": "0",
            "date_exceptions-0-id": "",
            "date_exceptions-0-ORDER": "1",
            "date_exceptions-0-DELETE": "",
            "date_exceptions-0-original_date": second.isoformat(),
            "date_exceptions-0-kind": "note",
            "date_exceptions-0-capacity": "6",
            "action-publish": "action-publish",
        }
    )
    assert client.post(url, data).status_code == 302
    event = EventPage.objects.get(pk=event.pk)
    assert (event.signup, event.cancellation_deadline_hours) == ("site", 48)
    assert [o.places for o in event.occurrences.order_by("start")] == [20, 6, 20]
