"""A person sees their own recorded attendance on "My learning", in their language, and nobody else's."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from bookings import attendance
from bookings.factories import PersonFactory, book
from bookings.models import Booking, BookingState

pytestmark = pytest.mark.django_db


def attendance_rows(person, url):
    client = Client()
    client.force_login(person)
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        (row["data-attendance"], row.select_one(".booking__state").get_text())
        for row in page.select("[data-attendance]")
    ], page


def test_my_learning_shows_what_attendance_recorded_in_both_languages(bilingual_event):
    event = bilingual_event["sv"]
    anna, bo = PersonFactory(), PersonFactory()
    assert book(anna, event).ok and book(bo, event).ok
    session_date = Booking.objects.get(user=anna).session_date
    attendance.record(
        session_date,
        {
            Booking.objects.get(user=anna).pk: (BookingState.PARTLY_ATTENDED, 50),
            Booking.objects.get(user=bo).pk: (BookingState.ATTENDED, None),
        },
        by=None,
    )

    rows, page = attendance_rows(anna, "/sv/mitt-larande/")
    assert rows == [("partly_attended", "Deltog delvis")]
    assert "50 minuter" in page.select_one("[data-attendance]").get_text()
    assert "Samverkan i praktiken" in page.select_one("[data-attendance]").get_text()
    rows, page = attendance_rows(anna, "/en/my-learning/")
    assert rows == [("partly_attended", "Partly attended")]
    assert "Cooperation in practice" in page.select_one("[data-attendance]").get_text()
    # The booking is no longer among the coming ones: there is nothing left to cancel.
    assert not page.select("[data-booking-status]")


def test_nobody_without_recorded_attendance_gets_the_section(bilingual_event):
    person = PersonFactory()
    assert book(person, bilingual_event["sv"]).ok
    rows, page = attendance_rows(person, "/sv/mitt-larande/")
    assert rows == []
    assert page.select_one("#my-attendance") is None
