"""Booking and cancelling over HTTP, as a person does it: the event page's forms, places left, the
refusals as 4xx, a double submit, a whole series, the meeting link only for those with a place, and
places left that a cached page never shows stale."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from recurrence import deserialize

from bookings.factories import PersonFactory
from bookings.factories import book as book_directly
from bookings.models import Booking, BookingState
from events.models import EventDateException, SignupMode
from tests.helpers import publish

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/hemligt-rum"


def places_left(html):
    return re.findall(r'data-places-left="([^"]+)"', html)


def forms(html):
    return re.findall(r'<form method="post" action="([^"]+)" class="signup__form">(.*?)</form>', html, re.S)


def dates_of(event):
    return [o.original_start.isoformat() for o in event.occurrences.order_by("start")]


def signed_in_client(person=None):
    client = Client()
    client.force_login(person or PersonFactory())
    return client


@pytest.fixture
def person(client):
    person = PersonFactory()
    client.force_login(person)
    return person


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as a browser would, running what waits for the commit (mail, page versions)."""

    def send(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


def book_url(event):
    return f"/sv/bookings/event/{event.pk}/book/"


def test_an_anonymous_visitor_sees_places_left_and_a_sign_in_link_but_no_form(client, make_event):
    event = make_event(capacity=5)
    html = client.get(event.url).content.decode()
    assert places_left(html) == ["5"]
    assert "Logga in för att boka" in html
    assert not forms(html)


def test_booking_a_date_from_the_event_page(client, make_event, person, post):
    event = make_event(capacity=5)
    [(action, body)] = forms(client.get(event.url).content.decode())
    assert "csrfmiddlewaretoken" in body and ">Boka<" in body
    response = post(client, action, {"date": dates_of(event)[0], "next": event.url + "#signup"})
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert "Du är bokad" in page and places_left(page) == ["4"]
    assert 'data-booking-status="booked"' in page and "Avboka" in page
    booking = Booking.objects.get(user=person)
    assert booking.state == BookingState.BOOKED and booking.language == "sv"


def test_in_english_the_button_says_book_and_the_booking_is_in_english(bilingual_event, post):
    event = bilingual_event
    client = signed_in_client()
    html = client.get(event["en"].url).content.decode()
    [(action, body)] = forms(html)
    assert ">Book<" in body
    post(client, action, {"date": dates_of(event["sv"])[0]})
    assert Booking.objects.get().language == "en"
    assert "You are booked" in client.get(event["en"].url).content.decode()


def test_a_full_date_offers_the_waiting_list_and_says_the_place_in_line(client, make_event, person, post):
    event = make_event(capacity=1)
    book_directly(PersonFactory(), event)
    book_directly(PersonFactory(), event)  # number 1 in line
    html = client.get(event.url).content.decode()
    assert places_left(html) == ["0"]
    [(action, body)] = forms(html)
    assert "Ställ dig i kö" in body
    response = post(client, action, {"date": dates_of(event)[0]})
    assert response.status_code == 303
    page = client.get(event.url).content.decode()
    assert "Du är nummer 2 i kön" in page and 'data-booking-status="waiting"' in page
    assert "Lämna kön" in page


def test_a_double_submit_changes_nothing_and_says_why(client, make_event, person, post):
    event = make_event(capacity=5)
    date = dates_of(event)[0]
    assert post(client, book_url(event), {"date": date}).status_code == 303
    again = post(client, book_url(event), {"date": date})
    assert again.status_code == 409
    assert "Du har redan en bokning" in again.content.decode()
    assert Booking.objects.filter(user=person).count() == 1
    assert places_left(client.get(event.url).content.decode()) == ["4"]


def test_cancelled_past_closed_and_unknown_dates_are_refused_with_a_4xx(client, make_event, person, post):
    event = make_event(capacity=5, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"))
    first, second = event.occurrences.order_by("start")
    event.date_exceptions.add(
        EventDateException(original_date=second.original_start.date(), kind="cancelled", locale=event.locale)
    )
    publish(event)
    cancelled = post(client, book_url(event), {"date": second.original_start.isoformat()})
    assert cancelled.status_code == 409 and "inställt" in cancelled.content.decode()

    unknown = post(
        client, book_url(event), {"date": (first.original_start + dt.timedelta(hours=1)).isoformat()}
    )
    assert unknown.status_code == 404
    assert post(client, book_url(event), {"date": "inte ett datum"}).status_code == 400
    assert post(client, book_url(event), {}).status_code == 404
    assert post(client, "/sv/bookings/event/999999/book/", {"date": "x"}).status_code == 404
    assert client.get(book_url(event)).status_code == 405
    assert (
        post(
            client, book_url(event), {"date": first.original_start.isoformat(), "adjustments": "x" * 1001}
        ).status_code
        == 400
    )

    event.signup_closes_at = timezone.now() - dt.timedelta(hours=1)
    publish(event)
    closed = post(client, book_url(event), {"date": first.original_start.isoformat()})
    assert closed.status_code == 409 and "har stängt" in closed.content.decode()
    assert not Booking.objects.exists()


def test_a_past_date_is_refused(client, make_event, person, post, calendar):
    event = make_event(start_date=dt.date.today() - dt.timedelta(days=2))
    past = post(client, book_url(event), {"date": dates_of(event)[0]})
    assert past.status_code == 409 and not Booking.objects.exists()


def test_an_anonymous_post_is_sent_to_sign_in_and_books_nothing(client, make_event, post):
    event = make_event()
    response = post(client, book_url(event), {"date": dates_of(event)[0]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Booking.objects.exists()


def test_a_whole_series_has_one_form_and_is_booked_and_cancelled_together(client, make_event, person, post):
    event = make_event(
        capacity=3, books_whole_series=True, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3")
    )
    html = client.get(event.url).content.decode()
    [(action, _body)] = forms(html)
    assert places_left(html) == ["3", "3", "3"]
    post(client, action, {})
    page = client.get(event.url).content.decode()
    assert places_left(page) == ["2", "2", "2"] and "Du är bokad" in page and not forms(page)
    assert Booking.objects.filter(user=person, state="booked").count() == 3
    [cancel] = re.findall(r'action="(/sv/bookings/\d+/cancel/)"', page)
    assert post(client, cancel, {}).status_code == 303
    assert Booking.objects.filter(user=person, state="booked").count() == 0
    assert places_left(client.get(event.url).content.decode()) == ["3", "3", "3"]


def test_cancelling_gives_the_place_to_the_first_in_line(client, make_event, person, post):
    event = make_event(capacity=1)
    post(client, book_url(event), {"date": dates_of(event)[0]})
    waiting = PersonFactory()
    other = signed_in_client(waiting)
    post(other, book_url(event), {"date": dates_of(event)[0]})
    assert "Du är nummer 1 i kön" in other.get(event.url).content.decode()
    [cancel] = re.findall(r'action="(/sv/bookings/\d+/cancel/)"', client.get(event.url).content.decode())
    response = post(client, cancel, {"next": event.url})
    assert response.status_code == 303 and response["Location"] == event.url
    assert "Du är bokad" in other.get(event.url).content.decode()
    # Cancelling again, or someone else's booking: nothing changes.
    assert post(client, cancel, {}).status_code == 409
    theirs = Booking.objects.get(user=waiting)
    assert post(client, f"/sv/bookings/{theirs.pk}/cancel/", {}).status_code == 404
    assert Booking.objects.get(user=waiting).state == "booked"
    # An address elsewhere is never where the form sends the person.
    mine = Booking.objects.get(user=waiting)
    response = post(other, f"/sv/bookings/{mine.pk}/cancel/", {"next": "https://evil.example.com/"})
    assert response.status_code == 303 and response["Location"].startswith(event.url)


def test_the_adjustments_question_is_asked_only_when_the_event_asks_it(client, make_event, person, post):
    plain = make_event()
    assert "Behöver du någon anpassning" not in client.get(plain.url).content.decode()
    event = make_event(asks_adjustments=True)
    html = client.get(event.url).content.decode()
    assert "Behöver du någon anpassning för att delta?" in html
    post(client, book_url(event), {"date": dates_of(event)[0], "adjustments": "Hörslinga"})
    assert Booking.objects.get(user=person).adjustment_needs == "Hörslinga"


# The meeting link -------------------------------------------------------------------------------


def test_the_meeting_link_is_only_for_people_with_a_place(client, make_event, post):
    event = make_event(capacity=1, online_url=MEETING, event_format="hybrid")
    assert MEETING not in client.get(event.url).content.decode()
    booked, waiting = PersonFactory(), PersonFactory()
    book_directly(booked, event)
    book_directly(waiting, event)
    assert MEETING in signed_in_client(booked).get(event.url).content.decode()
    assert MEETING not in signed_in_client(waiting).get(event.url).content.decode()
    assert MEETING not in signed_in_client().get(event.url).content.decode()
    assert MEETING not in client.get(event.url).content.decode()
    # Nor in the public feeds.
    for feed in ("/sv/feeds/events.ics", f"/sv/feeds/event/{event.pk}.ics"):
        response = client.get(feed)
        assert response.status_code == 200 and "BEGIN:VEVENT" in response.content.decode()
        assert "meet.example.org" not in response.content.decode()
    assert "meet.example.org" not in client.get(event.url).content.decode()  # nor in its JSON-LD


def test_without_sign_up_here_the_link_is_public_only_when_the_event_says_so(client, calendar):
    from events.factories import EventPageFactory

    event = publish(EventPageFactory(parent=calendar, online_url=MEETING, event_format="online"))
    assert MEETING not in client.get(event.url).content.decode()
    event.online_url_public = True
    publish(event)
    assert MEETING in client.get(event.url).content.decode()
    # Sign-up here overrides it: the link then goes only to those who have a place.
    event.signup = SignupMode.SITE
    event.capacity = 10
    publish(event)
    assert MEETING not in client.get(event.url).content.decode()


# The page cache ------------------------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_places_left_are_never_stale_in_the_cached_page(page_cache_on, make_event, post):
    event = make_event(capacity=2)
    anonymous = Client()
    anonymous.get(event.url)  # the first page served makes the footer's settings (a change)
    first = anonymous.get(event.url)
    assert first["X-Page-Cache"] == "miss" and places_left(first.content.decode()) == ["2"]
    assert anonymous.get(event.url)["X-Page-Cache"] == "hit"

    person = signed_in_client()
    post(person, book_url(event), {"date": dates_of(event)[0]})
    after_booking = anonymous.get(event.url)
    assert places_left(after_booking.content.decode()) == ["1"]
    assert anonymous.get(event.url)["X-Page-Cache"] == "hit"

    [cancel] = re.findall(r'action="(/sv/bookings/\d+/cancel/)"', person.get(event.url).content.decode())
    post(person, cancel, {})
    assert places_left(anonymous.get(event.url).content.decode()) == ["2"]


def test_a_booking_does_not_rebuild_other_cached_pages(page_cache_on, make_event, post):
    event, other = make_event(capacity=2), make_event(capacity=2)
    anonymous = Client()
    anonymous.get(other.url)  # the first page served makes the footer's settings (a change)
    assert anonymous.get(other.url)["X-Page-Cache"] == "miss"
    post(signed_in_client(), book_url(event), {"date": dates_of(event)[0]})
    assert anonymous.get(other.url)["X-Page-Cache"] == "hit"


def test_the_event_page_costs_the_same_queries_for_1_and_50_dates(
    client, make_event, person, django_assert_max_num_queries
):
    events = {}
    for count in (1, 50):
        event = make_event(capacity=5, recurrence=deserialize(f"RRULE:FREQ=DAILY;COUNT={count}"))
        for occurrence in event.occurrences.order_by("start")[:2]:
            book_directly(PersonFactory(), event, occurrence)
        book_directly(person, event)
        events[count] = event
    connection.queries_log.clear()  # the setup's queries may have filled it
    with django_assert_max_num_queries(100) as one_date:
        html = client.get(events[1].url).content.decode()
    assert len(places_left(html)) == 1
    assert len(one_date.captured_queries) > 3
    with django_assert_max_num_queries(len(one_date.captured_queries)):
        html = client.get(events[50].url).content.decode()
    assert len(places_left(html)) == 50 and html.count('data-booking-status="booked"') == 1


# What the sign-up section may add to the event page: the bookings version the cached copy depends on
# and the dates' counters for everyone; a signed-in person's own bookings and whether they asked to hear
# of new dates instead of the version.
SECTION_QUERIES = {"anonymous": 2, "signed in": 3}


def test_the_sign_up_section_costs_a_few_queries_however_many_bookings(
    make_event, django_assert_max_num_queries
):
    viewer = PersonFactory()
    events = {"off": make_event(capacity=1, signup=SignupMode.OFF)}
    for name, capacity, others in (("1 booking", 1, 1), ("40 bookings", 20, 40)):
        event = make_event(capacity=capacity)
        for _ in range(others):
            book_directly(PersonFactory(), event)
        book_directly(viewer, event)  # in line on a full date
        events[name] = event
    for who, client in (("anonymous", Client()), ("signed in", signed_in_client(viewer))):
        client.get(events["off"].url)  # the first page served makes the footer's settings (a change)
        queries = {}
        for name, event in events.items():
            connection.queries_log.clear()
            with django_assert_max_num_queries(100) as captured:
                html = client.get(event.url).content.decode()
            assert ("data-places-left" in html) == (name != "off")
            queries[name] = len(captured.captured_queries)
        assert queries["40 bookings"] == queries["1 booking"], who
        assert queries["40 bookings"] <= queries["off"] + SECTION_QUERIES[who], (who, queries)


def test_with_approval_the_page_says_the_booking_waits_for_it(client, make_event, person, post):
    event = make_event(capacity=3, requires_approval=True, online_url=MEETING, event_format="online")
    post(client, book_url(event), {"date": dates_of(event)[0]})
    page = client.get(event.url).content.decode()
    assert "Väntar på godkännande" in page and 'data-booking-status="pending"' in page
    assert MEETING not in page  # a place not yet given carries no link
    assert places_left(page) == ["2"]
