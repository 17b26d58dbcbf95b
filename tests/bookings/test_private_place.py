"""An event with sign-up here may give its room only to booked people ("Show the room only to booked
people"): not on the public event page, its JSON-LD or the public feeds; on the event page's sign-up
section, "My learning" and the personal feed of a person with a place, and in their invitation."""

import pytest
from django.test import Client

from bookings.factories import PersonFactory
from bookings.factories import book as book_directly
from tests.bookings.test_my_bookings import my_learning, personal_feed, signed_in

pytestmark = pytest.mark.django_db
ROOM = "Sal 4B"
STREET = "Hemliga gatan 7"
FEEDS = ("/sv/feeds/events.ics", "/sv/feeds/event/{pk}.ics")


def unfolded(response):
    return response.content.decode().replace("\r\n ", "")


def test_the_room_goes_only_to_booked_people(make_event, django_capture_on_commit_callbacks, smtp_inbox):
    event = make_event(capacity=1, venue_name=ROOM, address=STREET, place_for_booked_only=True)
    anonymous = Client()
    page = unfolded(anonymous.get(event.url))
    assert ROOM not in page and STREET not in page  # nor in its JSON-LD, which is in the page
    assert '"@type": "Place"' in page or '"@type":"Place"' in page
    for feed in FEEDS:
        response = anonymous.get(feed.format(pk=event.pk))
        assert response.status_code == 200 and "BEGIN:VEVENT" in unfolded(response)
        assert ROOM not in unfolded(response) and STREET not in unfolded(response)

    booked, waiting = PersonFactory(), PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        book_directly(booked, event)
    invitation = smtp_inbox.pop()
    assert ROOM in invitation.as_string().replace("\r\n ", "")
    book_directly(waiting, event)

    assert f"{ROOM}, {STREET}" in signed_in(booked).get(event.url).content.decode()
    assert ROOM not in signed_in(waiting).get(event.url).content.decode()
    assert ROOM not in signed_in(PersonFactory()).get(event.url).content.decode()

    for person, sees in ((booked, True), (waiting, False)):
        client = signed_in(person)  # the feed's address is shown on the first visit only
        soup = my_learning(client)
        assert bool(soup.select_one("[data-booking-status] [data-private-place]")) is sees
        assert (ROOM in soup.get_text()) is sees
        assert (ROOM in personal_feed(client).replace("\r\n ", "")) is sees


def test_by_default_the_room_is_public(make_event):
    event = make_event(venue_name=ROOM, address=STREET)
    assert ROOM in Client().get(event.url).content.decode()
    assert ROOM in unfolded(Client().get(FEEDS[1].format(pk=event.pk)))


def test_searching_for_a_room_given_only_to_booked_people_does_not_find_the_event(make_event):
    hidden = make_event(
        title="Seminarium med hemligt rum", venue_name="Sal Kastanjen", place_for_booked_only=True
    )
    shown = make_event(title="Seminarium med öppet rum", venue_name="Sal Kastanjen")
    found = Client().get("/sv/sok/", {"q": "Kastanjen"}).content.decode()
    assert shown.title in found
    assert hidden.title not in found
