"""Recording attendance through bookings/attendance.py: marks, corrections, walk-ins and check-in."""

import datetime as dt

import pytest
import time_machine
from wagtail import hooks

from accounts.models import Organisation
from bookings import attendance
from bookings.attendance_hooks import HOOK_NAME
from bookings.factories import PersonFactory, book
from bookings.models import AttendanceSource, Booking, BookingChange, BookingState, SessionDate, WalkInCount

pytestmark = pytest.mark.django_db


def first_date(event):
    return event.occurrences.order_by("start").first()


def date_row(occurrence):
    return SessionDate.objects.get(
        event_key=occurrence.event.translation_key, original_start=occurrence.original_start
    )


@pytest.fixture
def booked(make_event, people):
    """An event with three people booked on its first date."""
    event = make_event(capacity=3)
    occurrence = first_date(event)
    persons = people(3)
    for person in persons:
        assert book(person, event).ok
    return event, occurrence, persons


def booking_of(person, occurrence):
    return Booking.objects.get(user=person, session_date=date_row(occurrence))


def test_marking_all_present_then_an_exception_keeps_the_correction_in_the_history(booked):
    event, occurrence, (anna, bo, cia) = booked
    organiser = PersonFactory()
    session_date = date_row(occurrence)

    attendance.mark_all_present(session_date, by=organiser)
    assert {booking_of(p, occurrence).state for p in (anna, bo, cia)} == {BookingState.ATTENDED}

    attendance.record(
        session_date, {booking_of(bo, occurrence).pk: (BookingState.NO_SHOW, None)}, by=organiser
    )
    attendance.record(
        session_date, {booking_of(cia, occurrence).pk: (BookingState.PARTLY_ATTENDED, 45)}, by=organiser
    )

    bo_booking, cia_booking = booking_of(bo, occurrence), booking_of(cia, occurrence)
    assert bo_booking.state == BookingState.NO_SHOW
    assert (cia_booking.state, cia_booking.attended_minutes) == (BookingState.PARTLY_ATTENDED, 45)
    history = list(bo_booking.changes.values_list("from_state", "to_state", "reason", "by"))
    assert history[-2:] == [
        (BookingState.BOOKED, BookingState.ATTENDED, attendance.RECORDED, organiser.pk),
        (BookingState.ATTENDED, BookingState.NO_SHOW, attendance.CORRECTED, organiser.pk),
    ]
    # Those who came keep their places; the no-show's place is free.
    assert date_row(occurrence).booked_count == 2


def test_the_same_marks_twice_write_nothing_more(booked):
    event, occurrence, persons = booked
    session_date = date_row(occurrence)
    attendance.mark_all_present(session_date, by=None)
    rows = BookingChange.objects.count()
    assert not attendance.mark_all_present(session_date, by=None).changed
    marks = {booking_of(p, occurrence).pk: (BookingState.ATTENDED, None) for p in persons}
    assert not attendance.record(session_date, marks, by=None).changed
    assert BookingChange.objects.count() == rows


def test_a_mark_for_someone_not_booked_on_the_date_changes_nothing(booked, make_event, people):
    event, occurrence, (anna, *_) = booked
    other_event = make_event()
    [stranger] = people(1)
    assert book(stranger, other_event).ok
    session_date = date_row(occurrence)
    marks = {
        booking_of(anna, occurrence).pk: (BookingState.ATTENDED, None),
        Booking.objects.get(user=stranger).pk: (BookingState.ATTENDED, None),
    }
    with pytest.raises(attendance.AttendanceError):
        attendance.record(session_date, marks, by=None)
    assert booking_of(anna, occurrence).state == BookingState.BOOKED
    with pytest.raises(attendance.AttendanceError):
        attendance.record(session_date, {booking_of(anna, occurrence).pk: ("cancelled", None)}, by=None)
    with pytest.raises(attendance.AttendanceError):
        attendance.record(
            session_date, {booking_of(anna, occurrence).pk: (BookingState.ATTENDED, -5)}, by=None
        )


def test_a_late_cancellation_that_came_anyway_can_be_marked(booked):
    event, occurrence, (anna, *_) = booked
    booking = booking_of(anna, occurrence)
    Booking.objects.filter(pk=booking.pk).update(state=BookingState.CANCELLED_LATE)
    attendance.record(date_row(occurrence), {booking.pk: (BookingState.ATTENDED, None)}, by=None)
    assert booking_of(anna, occurrence).state == BookingState.ATTENDED


def test_a_walk_in_with_an_account_is_booked_with_attendance_once(booked, people):
    event, occurrence, persons = booked
    [walk_in] = people(1)
    session_date = date_row(occurrence)
    result = attendance.add_walk_in(session_date, walk_in, by=None)
    assert result.ok
    again = attendance.add_walk_in(session_date, walk_in, by=None)
    assert again.booking.pk == result.booking.pk
    assert Booking.objects.filter(user=walk_in).count() == 1
    assert result.booking.changes.get().reason == attendance.WALK_IN


def test_walk_ins_without_an_account_are_counted_per_organisation(booked):
    event, occurrence, persons = booked
    session_date = date_row(occurrence)
    attendance.set_walk_in_counts(session_date, {Organisation.MUNICIPALITY: 4, Organisation.CIVIL_SOCIETY: 1})
    attendance.set_walk_in_counts(session_date, {Organisation.CIVIL_SOCIETY: 0})
    assert list(WalkInCount.objects.values_list("organisation", "count")) == [(Organisation.MUNICIPALITY, 4)]


def test_every_listener_hears_of_attendance_in_the_same_transaction(booked):
    event, occurrence, (anna, *_) = booked
    heard = []

    def listener(changes):
        # Inside the transaction: the booking is already marked when the listener reads it.
        heard.append([(c.user_id, c.to_state, Booking.objects.get(pk=c.booking_id).state) for c in changes])

    with hooks.register_temporarily(HOOK_NAME, lambda: listener):
        attendance.record(
            date_row(occurrence), {booking_of(anna, occurrence).pk: (BookingState.ATTENDED, 90)}, by=None
        )
    assert heard == [[(anna.pk, BookingState.ATTENDED, BookingState.ATTENDED)]]


def test_a_failing_listener_leaves_the_attendance_unrecorded(booked):
    event, occurrence, (anna, *_) = booked

    def listener(changes):
        raise RuntimeError("progress could not be written")

    with hooks.register_temporarily(HOOK_NAME, lambda: listener), pytest.raises(RuntimeError):
        attendance.mark_all_present(date_row(occurrence), by=None)
    assert booking_of(anna, occurrence).state == BookingState.BOOKED
    assert date_row(occurrence).booked_count == 3


# Check-in ---------------------------------------------------------------------------------------


def test_check_in_is_open_only_around_the_date(booked):
    event, occurrence, (anna, *_) = booked
    session_date = date_row(occurrence)
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=31), tick=False):
        assert attendance.check_in(session_date, anna).refusal == "too_early"
    with time_machine.travel(occurrence.end + dt.timedelta(minutes=16), tick=False):
        assert attendance.check_in(session_date, anna).refusal == "closed"
    assert booking_of(anna, occurrence).state == BookingState.BOOKED
    with time_machine.travel(occurrence.start - dt.timedelta(minutes=30), tick=False):
        result = attendance.check_in(session_date, anna)
    assert result.ok
    booking = booking_of(anna, occurrence)
    assert (booking.state, booking.attendance_source) == (BookingState.ATTENDED, AttendanceSource.CHECK_IN)
    with time_machine.travel(occurrence.end + dt.timedelta(minutes=15), tick=False):
        assert attendance.check_in(session_date, anna).ok  # twice is fine, and changes nothing
    assert booking.changes.filter(reason=attendance.CHECKED_IN).count() == 1


def test_check_in_without_a_booking_takes_a_place_only_when_one_is_left(booked, people):
    event, occurrence, persons = booked  # 3 places, 3 booked
    [late_comer] = people(1)
    session_date = date_row(occurrence)
    with time_machine.travel(occurrence.start, tick=False):
        assert attendance.check_in(session_date, late_comer).refusal == "full"
        assert not Booking.objects.filter(user=late_comer).exists()
        attendance.record(
            session_date, {booking_of(persons[0], occurrence).pk: (BookingState.NO_SHOW, None)}, by=None
        )
        result = attendance.check_in(session_date, late_comer)
    assert result.ok
    assert booking_of(late_comer, occurrence).state == BookingState.ATTENDED
