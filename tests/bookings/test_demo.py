"""seed_demo's bookings: sign-up on several demo events, the demo login booked, a full date with a
waiting list, the in-depth module booked as a series, and an organiser who sees it all in the admin."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from bookings.models import (
    ATTENDANCE_STATES,
    AttendanceImport,
    AttendanceSource,
    Booking,
    BookingChange,
    BookingState,
    SessionDate,
    WalkInCount,
)
from events.models import EventPage, SignupMode
from learning.models import ProgressSource, StepCompletion
from tests.helpers import signed_in, soup_of

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (
        Booking.objects.count(),
        BookingChange.objects.count(),
        list(
            SessionDate.objects.order_by("pk").values_list("booked_count", "pending_count", "waiting_count")
        ),
    )


def test_seed_demo_adds_bookings_a_waiting_list_and_a_series_safely_twice(demo_content, english):
    # demo_content: seed_demo's first run on the migrated database (tests/conftest.py), and its output.
    assert "arrangor" in demo_content

    bookable = EventPage.objects.live().filter(signup=SignupMode.SITE)
    assert bookable.filter(locale__language_code="sv").count() >= 3
    # The translations take sign-ups too (the setting is copied on publish).
    assert (
        bookable.filter(locale__language_code="en").count()
        == bookable.filter(locale__language_code="sv").count()
    )

    staff = Booking.objects.filter(user__username="deltagare", state=BookingState.BOOKED)
    assert staff.exists()
    full = SessionDate.objects.filter(waiting_count__gt=0).get()
    seminar = EventPage.objects.get(translation_key=full.event_key, locale__language_code="sv")
    assert full.booked_count == seminar.capacity
    assert full.bookings.exclude(adjustment_needs="").exists()  # the seminar asks about adjustments

    module = EventPage.objects.get(slug="fordjupningsmodul-supported-employment")
    assert module.books_whole_series
    series = Booking.objects.filter(
        user__username="deltagare", session_date__event_key=module.translation_key
    )
    assert series.count() == module.occurrences.count() > 1
    assert len(set(series.values_list("series_key", flat=True))) == 1

    assert Booking.objects.filter(state=BookingState.PENDING).exists()

    # Past dates with attendance taken on a roster (with walk-ins) and by check-in.
    sources = set(
        Booking.objects.filter(state__in=ATTENDANCE_STATES).values_list("attendance_source", "state")
    )
    assert {
        (AttendanceSource.ROSTER, BookingState.ATTENDED),
        (AttendanceSource.ROSTER, BookingState.NO_SHOW),
        (AttendanceSource.CHECK_IN, BookingState.ATTENDED),
        (AttendanceSource.TEAMS, BookingState.ATTENDED),
        (AttendanceSource.TEAMS, BookingState.PARTLY_ATTENDED),
        (AttendanceSource.TEAMS, BookingState.NO_SHOW),
        (AttendanceSource.ZOOM, BookingState.ATTENDED),
        (AttendanceSource.ZOOM, BookingState.PARTLY_ATTENDED),
    } <= sources
    assert set(AttendanceImport.objects.values_list("source", flat=True)) == {"teams", "zoom"}
    assert Booking.objects.filter(changes__reason="walk_in").exists()
    assert WalkInCount.objects.exists()
    assert StepCompletion.objects.filter(source=ProgressSource.ATTENDANCE).exists()

    before = counts()
    seed()  # twice changes nothing
    assert counts() == before

    # The demo organiser sees the full date's list in the admin.
    organiser = signed_in(get_user_model().objects.get(username="arrangor", groups__name="Organisers"))
    response = organiser.get(reverse("bookings_admin:date", args=[full.pk]))
    assert response.status_code == 200
    assert len(soup_of(response).select("[data-roster=waiting] tbody tr")) == full.waiting_count
