"""A person's bookings where they look for them: "My learning", the personal feed (read with the `ical`
parser), a path's session step; and the mails each change sends, caught by a real SMTP server."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from recurrence import deserialize

from bookings import services
from bookings.factories import PersonFactory
from bookings.factories import book as book_directly
from bookings.models import Booking
from learning import progress_store
from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, session_step
from tests.events.calendar_readers import read_ical
from tests.helpers import publish

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MEETING = "https://meet.example.org/hemligt-rum"


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def my_learning(client):
    return BeautifulSoup(client.get("/sv/mitt-larande/").content, "html.parser")


def personal_feed(client):
    url = my_learning(client).select_one("[data-personal-feed]")["value"]
    return Client().get(url.removeprefix("http://testserver")).content.decode()


def feed_events(text):
    calendar = read_ical(text)
    return {
        (event.summary, event.status.value if event.status else "", event.uid) for event in calendar.events
    }


def test_my_learning_lists_bookings_and_waiting_places_with_a_cancel_form(
    make_event, django_capture_on_commit_callbacks
):
    anna, bo = PersonFactory(), PersonFactory()
    full = make_event(title="Fullt seminarium", capacity=1, online_url=MEETING, event_format="hybrid")
    open_event = make_event(title="Öppet seminarium", capacity=5, online_url=MEETING, event_format="hybrid")
    book_directly(bo, full)
    book_directly(anna, full)
    book_directly(anna, open_event)
    client = signed_in(anna)
    soup = my_learning(client)
    items = soup.select("[data-booking-status]")
    assert [item["data-booking-status"] for item in items] == ["waiting", "booked"] or [
        item["data-booking-status"] for item in items
    ] == ["booked", "waiting"]
    by_status = {item["data-booking-status"]: item for item in items}
    assert "Öppet seminarium" in by_status["booked"].get_text() and by_status["booked"].select_one("time")
    assert "Du är nummer 1 i kön" in by_status["waiting"].get_text()
    assert by_status["booked"].select_one(f'a[href="{MEETING}"]')
    assert not by_status["waiting"].select_one(f'a[href="{MEETING}"]')

    form = by_status["waiting"].select_one("form[method=post]")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form["action"], {"next": form.select_one("[name=next]")["value"]})
    assert response.status_code == 303 and response["Location"] == "/sv/mitt-larande/"
    assert [i["data-booking-status"] for i in my_learning(client).select("[data-booking-status]")] == [
        "booked"
    ]


def test_my_learning_costs_the_same_queries_for_1_and_30_bookings(make_event, django_assert_max_num_queries):
    few, many = PersonFactory(), PersonFactory()
    event = make_event(capacity=100, recurrence=deserialize("RRULE:FREQ=DAILY;COUNT=30"))
    occurrences = list(event.occurrences.order_by("start"))
    book_directly(few, event, occurrences[0])
    for occurrence in occurrences:
        book_directly(many, event, occurrence)
    client = signed_in(few)
    client.get("/sv/mitt-larande/")  # the feed token is made on the first visit
    connection.queries_log.clear()  # the setup's queries filled it: captured counts would be 0
    with django_assert_max_num_queries(100) as one:
        assert len(my_learning(client).select("[data-booking-status]")) == 1
    queries = len(one.captured_queries)
    assert queries > 3
    client = signed_in(many)
    client.get("/sv/mitt-larande/")
    with django_assert_max_num_queries(queries):
        assert len(my_learning(client).select("[data-booking-status]")) == 30


def test_the_personal_feed_holds_booked_dates_confirmed_and_waiting_dates_tentative(make_event):
    anna = PersonFactory()
    full = make_event(title="Fullt seminarium", capacity=1, online_url=MEETING, event_format="online")
    open_event = make_event(title="Öppet seminarium", capacity=5, online_url=MEETING, event_format="online")
    book_directly(PersonFactory(), full)
    book_directly(anna, full)
    book_directly(anna, open_event)
    client = signed_in(anna)
    text = personal_feed(client)
    events = feed_events(text)
    assert {(summary, status) for summary, status, _uid in events} == {
        ("Fullt seminarium", "TENTATIVE"),
        ("Öppet seminarium", "CONFIRMED"),
    }
    uids = {uid for _s, _st, uid in events}
    invitation_uids = set(Booking.objects.filter(user=anna).values_list("ical_uid", flat=True))
    assert not uids & invitation_uids  # a subscribed feed never overwrites an accepted invitation
    assert MEETING in text.replace("\r\n ", "")
    # The link is only on the booked date's entry.
    waiting_block = next(b for b in text.split("BEGIN:VEVENT") if "Fullt seminarium" in b)
    assert MEETING not in waiting_block.replace("\r\n ", "")

    # Cancelling takes the date out of the feed.
    services.cancel(Booking.objects.get(user=anna, state="booked"), by=anna)
    assert {s for s, _st, _u in feed_events(personal_feed(client))} == {"Fullt seminarium"}


@pytest.fixture
def path_with_bookable_session(sv_home, make_event):
    event = make_event(title="Bokningsbar session", capacity=2)
    index = publish(LearningPathIndexPageFactory(parent=sv_home))
    path = publish(
        LearningPathPageFactory(parent=index, steps=[session_step(event)], title="Lärväg", slug="larvag")
    )
    return path, event


def test_a_session_step_books_from_the_path_page_and_waits_for_attendance(
    path_with_bookable_session, django_capture_on_commit_callbacks
):
    path, event = path_with_bookable_session
    anna = PersonFactory()
    client = signed_in(anna)
    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    [form] = soup.select("form.signup__form")
    assert soup.select_one("[data-places-left]")["data-places-left"] == "2"
    assert "Boka" in form.get_text()
    assert "Markera som klar" not in soup.get_text()  # never self-reported
    assert "Klar när din närvaro har registrerats" in soup.get_text()
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form["action"], data)
    assert response.status_code == 303 and response["Location"].startswith(path.url)
    soup = BeautifulSoup(client.get(path.url).content, "html.parser")
    assert soup.select_one('[data-booking-status="booked"]')
    assert Booking.objects.get(user=anna).state == "booked"

    progress_store.follow(anna, path)
    step_id = path.structure.steps[0].id
    refused = client.post(f"{path.url}steps/{step_id}/done/")
    assert refused.status_code == 400
    assert not progress_store.completed_step_ids(anna, [path.translation_key]).get(path.translation_key)
    soup = my_learning(client)
    assert "Klar när din närvaro har registrerats" in soup.get_text()


# Mail -----------------------------------------------------------------------------------------


@pytest.fixture
def inbox(settings, smtp_inbox):
    settings.DEFAULT_FROM_EMAIL = "Conecto+ <kunskap@conecto.example.org>"
    return smtp_inbox


def calendar_of(message):
    part = next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)
    return None if part is None else (part.get_param("method"), part.get_content())


def test_each_change_sends_its_mail_with_a_stable_uid_and_a_growing_sequence(
    make_event, inbox, django_capture_on_commit_callbacks
):
    event = make_event(title="Samverkan", capacity=1, online_url=MEETING, event_format="hybrid")
    anna, bo = PersonFactory(email="anna@example.org"), PersonFactory(email="bo@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        book_directly(anna, event, language="sv")
    booked = inbox.pop()
    assert booked["To"] == "anna@example.org" and "Bokad: Samverkan" in booked["Subject"]
    method, text = calendar_of(booked)
    assert method == "REQUEST" and MEETING in text.replace("\r\n ", "")
    uid = Booking.objects.get(user=anna).ical_uid
    assert f"UID:{uid}" in text

    with django_capture_on_commit_callbacks(execute=True):
        book_directly(bo, event, language="en")
    waiting = inbox.pop()
    assert waiting["To"] == "bo@example.org" and calendar_of(waiting) is None
    assert "waiting list" in waiting["Subject"].lower()

    # An editor moves the place and the link: the booked person gets "changed", same UID, higher SEQUENCE.
    event.venue_name = "Stadshuset, Stockholm"
    event.online_url = MEETING + "-nytt"
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    changed = inbox.pop()
    assert changed["To"] == "anna@example.org" and "Ändrad: Samverkan" in changed["Subject"]
    method, text = calendar_of(changed)
    assert method == "REQUEST" and f"UID:{uid}" in text
    first_sequence = int(re.search(r"SEQUENCE:(\d+)", calendar_of(booked)[1]).group(1))
    changed_sequence = int(re.search(r"SEQUENCE:(\d+)", text).group(1))
    assert changed_sequence > first_sequence
    assert "Stadshuset" in text and MEETING + "-nytt" in text.replace("\r\n ", "")

    # Publishing again without a change sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    assert inbox.messages == []

    # Anna cancels: a CANCEL to her, and Bo, moved up, gets his place in English.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(Booking.objects.get(user=anna), by=anna)
    mails = {m["To"]: m for m in inbox.messages}
    inbox.messages.clear()
    method, text = calendar_of(mails["anna@example.org"])
    assert method == "CANCEL" and f"UID:{uid}" in text
    assert int(re.search(r"SEQUENCE:(\d+)", text).group(1)) > changed_sequence
    moved_up = mails["bo@example.org"]
    assert "You have a place" in moved_up["Subject"]
    assert calendar_of(moved_up)[0] == "REQUEST"


def test_moving_the_events_time_keeps_the_booking_and_sends_changed(
    make_event, inbox, django_capture_on_commit_callbacks
):
    event = make_event(title="Flyttas", capacity=2)
    anna = PersonFactory(email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        book_directly(anna, event, language="sv")
    first = inbox.pop()
    event.start_time, event.end_time = dt.time(13, 0), dt.time(15, 0)
    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    booking = Booking.objects.get(user=anna)
    assert booking.state == "booked"
    changed = inbox.pop()
    assert "Ändrad: Flyttas" in changed["Subject"]
    method, text = calendar_of(changed)
    assert method == "REQUEST" and f"UID:{booking.ical_uid}" in text and "T130000" in text
    assert f"UID:{booking.ical_uid}" in calendar_of(first)[1]
    # The event page shows the booking on the moved date.
    html = signed_in(anna).get(event.url).content.decode()
    assert 'data-booking-status="booked"' in html and "13:00" in html
