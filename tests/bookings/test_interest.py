""" "Tell me about new dates": the rule (no database), asking and stopping from the pages, and the one
mail in the person's language when an editor publishes a date open for booking."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bookings import interest
from bookings.factories import PersonFactory, book
from bookings.models import DateInterest
from bookings.rules import DateFacts
from tests.helpers import publish, signed_in, soup_of

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
TOMORROW = NOW + dt.timedelta(days=1)


# The rule, without the database -----------------------------------------------------------------


def test_a_date_with_room_is_open_and_a_full_past_or_cancelled_one_is_not():
    assert interest.is_open([DateFacts(start=TOMORROW, capacity=2, taken=1)], NOW)
    assert interest.is_open([DateFacts(start=TOMORROW)], NOW)  # no limit
    assert not interest.is_open([DateFacts(start=TOMORROW, capacity=2, taken=2)], NOW)
    assert not interest.is_open([DateFacts(start=NOW - dt.timedelta(hours=1), capacity=2)], NOW)
    assert not interest.is_open([DateFacts(start=TOMORROW, capacity=2, cancelled=True)], NOW)
    assert not interest.is_open([DateFacts(start=TOMORROW, capacity=2, opens_at=TOMORROW)], NOW)
    assert not interest.is_open([], NOW)  # not planned yet
    full, free = DateFacts(start=TOMORROW, capacity=1, taken=1), DateFacts(start=TOMORROW, capacity=1)
    assert interest.is_open([full, free], NOW)


def test_a_series_booked_together_is_open_only_when_every_date_is():
    free = DateFacts(start=TOMORROW, capacity=3)
    full = DateFacts(start=TOMORROW + dt.timedelta(days=7), capacity=3, taken=3)
    cancelled = DateFacts(start=TOMORROW + dt.timedelta(days=14), capacity=3, taken=3, cancelled=True)
    assert interest.is_open([free, cancelled], NOW, whole_series=True)
    assert not interest.is_open([free, full], NOW, whole_series=True)


# Asking, stopping, telling ------------------------------------------------------------------------


@pytest.fixture
def full_event(make_event):
    event = make_event(capacity=1)
    book(PersonFactory(), event)
    return event


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run an action and what it leaves for after the commit (the mails), as a real request would."""

    def run(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    return run


def render_form(event, user):
    request = RequestFactory().get(event.url)
    request.user = user
    html = Template("{% load bookings_interest %}{% date_interest_form page %}").render(
        Context({"request": request, "page": event, "csrf_token": "token"})
    )
    return soup_of(type("R", (), {"content": html.encode()}))


@pytest.mark.django_db
def test_the_form_shows_on_a_full_event_and_not_on_one_with_room(full_event, make_event):
    person = PersonFactory()
    form = render_form(full_event, person).select_one("[data-date-interest] form")
    assert form["action"] == reverse("bookings_ask_new_dates", args=[full_event.pk])
    assert form["method"] == "post"
    assert not render_form(make_event(capacity=5), person).select_one("[data-date-interest]")


@pytest.mark.django_db
def test_asking_twice_keeps_one_request_and_an_open_event_refuses_with_409(full_event, make_event):
    person = PersonFactory()
    client = signed_in(person)
    url = reverse("bookings_ask_new_dates", args=[full_event.pk])
    for _ in range(2):
        response = client.post(url, {"next": full_event.url})
        assert response.status_code == 303 and response["Location"] == full_event.url
    assert DateInterest.objects.filter(user=person).count() == 1
    assert render_form(full_event, person).select_one("[data-date-interest-asked]")
    open_event = make_event(capacity=5)
    refused = client.post(reverse("bookings_ask_new_dates", args=[open_event.pk]))
    assert refused.status_code == 409
    assert not DateInterest.objects.filter(event_key=open_event.translation_key).exists()
    assert client.post(reverse("bookings_ask_new_dates", args=[999999])).status_code == 404
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(full_event, client):
    response = client.post(reverse("bookings_ask_new_dates", args=[full_event.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not DateInterest.objects.exists()


@pytest.mark.django_db
def test_new_dates_are_told_once_in_the_language_asked_in(settings, smtp_inbox, full_event, committing):
    settings.DEFAULT_FROM_EMAIL = "Conecto+ <kunskap@conecto.example.org>"
    sv_person = PersonFactory(first_name="Sara")
    en_person = PersonFactory(first_name="Emma")
    assert interest.ask(sv_person, full_event, language="sv").ok
    assert interest.ask(en_person, full_event, language="en").ok
    # An editor publishes a change that is no new date: nobody is told.
    full_event.introduction = "Ny text"
    committing(publish, full_event)
    assert smtp_inbox.messages == []
    # A second date, with room: each is told once.
    full_event.recurrence = "RRULE:FREQ=WEEKLY;COUNT=2"
    committing(publish, full_event)
    subjects = sorted(message["Subject"] for message in smtp_inbox.messages)
    assert len(subjects) == 2
    assert any("New dates to book:" in subject for subject in subjects)
    assert any("Nya tillfällen att boka:" in subject for subject in subjects)
    english = next(m for m in smtp_inbox.messages if m["To"] == en_person.email)
    assert "BEGIN:VCALENDAR" not in english.as_string()
    assert full_event.title in english.get_body(("plain",)).get_content()
    assert DateInterest.objects.filter(told_at__isnull=False).count() == 2
    smtp_inbox.messages.clear()
    committing(publish, full_event)
    assert smtp_inbox.messages == []


@pytest.mark.django_db
def test_stopping_from_my_learning_means_no_mail(settings, smtp_inbox, full_event, committing):
    person = PersonFactory()
    interest.ask(person, full_event, language="sv")
    request = RequestFactory().get("/sv/")
    request.user = person
    html = Template("{% load bookings_interest %}{% my_date_interests %}").render(
        Context({"request": request, "csrf_token": "token"})
    )
    page = soup_of(type("R", (), {"content": html.encode()}))
    form = page.select_one(f"[data-date-interest-event='{full_event.pk}'] form")
    assert form["action"] == reverse("bookings_stop_new_dates", args=[full_event.pk])
    response = signed_in(person).post(form["action"], {"next": "/sv/"})
    assert response.status_code == 303
    assert not DateInterest.objects.exists()
    full_event.capacity = 5
    committing(publish, full_event)
    assert smtp_inbox.messages == []


@pytest.mark.django_db
def test_more_places_count_as_a_date_to_book(settings, smtp_inbox, full_event, committing):
    person = PersonFactory()
    interest.ask(person, full_event, language="sv", now=timezone.now())
    full_event.capacity = 2
    committing(publish, full_event)
    assert smtp_inbox.pop()["To"] == person.email


@pytest.mark.django_db
def test_the_event_page_and_my_learning_carry_the_ask_and_the_stop(full_event):
    client = signed_in(PersonFactory())
    page = soup_of(client.get(full_event.url))
    form = page.select_one("#signup [data-date-interest] form")
    assert form["action"] == reverse("bookings_ask_new_dates", args=[full_event.pk])
    client.post(form["action"], {"next": full_event.url})
    assert soup_of(client.get(full_event.url)).select_one("[data-date-interest-asked]") is not None
    mine = soup_of(client.get(reverse("my_learning")))
    row = mine.select_one(f"[data-my-date-interests] [data-date-interest-event='{full_event.pk}']")
    assert row.select_one("form")["action"] == reverse("bookings_stop_new_dates", args=[full_event.pk])
    client.post(row.select_one("form")["action"], {"next": reverse("my_learning")})
    assert soup_of(client.get(reverse("my_learning"))).select_one("[data-my-date-interests]") is None
