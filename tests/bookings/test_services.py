"""Booking, waiting lists, cancellations and the history, through bookings/services.py on the test database."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from recurrence import deserialize

from bookings import services
from bookings.factories import PersonFactory, book
from bookings.models import Booking, BookingChange, BookingState, SessionDate
from bookings.rules import Outcome, Refusal
from bookings.signals import booking_changed
from events.models import EventDateException, SignupMode
from tests.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """Every ``changes`` list the signal delivers, in order."""
    sent = []

    def listener(sender, changes, **kwargs):
        sent.append(changes)

    booking_changed.connect(listener)
    yield sent
    booking_changed.disconnect(listener)


def first_date(event):
    return event.occurrences.order_by("start").first()


def days_before(occurrence, days=0, hours=0):
    return occurrence.start - dt.timedelta(days=days, hours=hours)


def row(occurrence):
    return SessionDate.objects.get(
        event_key=occurrence.event.translation_key, original_start=occurrence.original_start
    )


def states(occurrence):
    return list(
        Booking.objects.filter(session_date=row(occurrence))
        .order_by("pk")
        .values_list("user__username", "state")
    )


def test_booking_a_date_with_room_books_it_and_counts_it(
    make_event, django_capture_on_commit_callbacks, received
):
    event = make_event(capacity=2)
    anna = PersonFactory(username="anna")
    with django_capture_on_commit_callbacks(execute=True):
        result = book(anna, event, language="sv", adjustments="Hörslinga")
    assert result.ok and result.outcome == Outcome.BOOKED and result.http_status == 200
    assert str(result.message) == "Du är bokad."
    date = row(first_date(event))
    assert (date.booked_count, date.waiting_count) == (1, 0)
    booking = Booking.objects.get(user=anna)
    assert booking.language == "sv" and booking.ical_uid.startswith("booking-") and booking.ical_sequence == 0
    assert booking.adjustment_needs == ""  # the event does not ask, so nothing is kept
    [[change]] = received
    assert (change.user_id, change.from_state, change.to_state, change.reason) == (
        anna.pk,
        "",
        "booked",
        "booked",
    )
    assert change.event_key == event.translation_key


def test_a_full_date_puts_people_in_line_and_tells_them_their_place(make_event):
    event = make_event(capacity=1)
    anna, bo, cecilia = (PersonFactory(username=name) for name in ("anna", "bo", "cecilia"))
    assert book(anna, event).outcome == Outcome.BOOKED
    second, third = book(bo, event), book(cecilia, event)
    assert (second.outcome, second.position) == (Outcome.WAITING, 1)
    assert (third.outcome, third.position) == (Outcome.WAITING, 2)
    assert str(third.message) == "Datumet är fullbokat: du är nummer 2 i kön."
    date = row(first_date(event))
    assert (date.booked_count, date.waiting_count) == (1, 2)
    assert services.waiting_position(Booking.objects.get(user=cecilia)) == 2


def test_the_answer_about_adjustments_is_kept_when_asked_and_forgotten_after_the_date(make_event):
    event = make_event(asks_adjustments=True)
    anna = PersonFactory()
    book(anna, event, adjustments="Rullstolsplats")
    assert Booking.objects.get(user=anna).adjustment_needs == "Rullstolsplats"
    occurrence = first_date(event)
    assert services.forget_adjustments(now=occurrence.end - dt.timedelta(minutes=1)) == 0
    assert services.forget_adjustments(now=occurrence.end + dt.timedelta(minutes=1)) == 1
    assert Booking.objects.get(user=anna).adjustment_needs == ""


def test_a_double_submit_changes_nothing(make_event, django_capture_on_commit_callbacks, received):
    event = make_event()
    anna = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        book(anna, event)
        again = book(anna, event)
    assert (again.outcome, again.reason, again.http_status) == (Outcome.REFUSED, Refusal.ALREADY_BOOKED, 409)
    assert Booking.objects.count() == 1 and BookingChange.objects.count() == 1
    assert row(first_date(event)).booked_count == 1
    assert len(received) == 1


def test_the_database_refuses_a_second_active_booking_but_allows_one_after_a_cancellation(make_event):
    event = make_event()
    anna = PersonFactory()
    book(anna, event)
    first = Booking.objects.get(user=anna)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            user=anna,
            session_date=first.session_date,
            state=BookingState.WAITING,
            language="sv",
            created_at=first.created_at,
        )
    services.cancel(first)
    assert book(anna, event).outcome == Outcome.BOOKED  # booking again after cancelling is a new booking
    assert Booking.objects.filter(user=anna).count() == 2


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (lambda o: days_before(o, days=-1), Refusal.PAST),
        (lambda o: days_before(o, hours=1), None),
    ],
)
def test_a_date_that_has_begun_is_refused(make_event, when, reason):
    event = make_event()
    occurrence = first_date(event)
    result = book(PersonFactory(), event, now=when(occurrence))
    assert result.reason == reason


def test_refusals_change_nothing_and_say_why(make_event):
    anna = PersonFactory()
    cancelled = make_event(status="cancelled")
    assert book(anna, cancelled).reason == Refusal.CANCELLED
    not_yet = make_event(signup_opens_at=first_date(cancelled).start - dt.timedelta(days=1))
    result = book(anna, not_yet, now=first_date(not_yet).start - dt.timedelta(days=3))
    assert (result.reason, result.http_status) == (Refusal.NOT_OPEN, 409)
    closed = make_event(signup_closes_at=first_date(cancelled).start - dt.timedelta(days=5))
    assert book(anna, closed, now=first_date(closed).start - dt.timedelta(days=3)).reason == Refusal.CLOSED
    elsewhere = make_event(signup=SignupMode.EXTERNAL, registration_url="https://example.org/anmalan")
    assert (book(anna, elsewhere).reason, book(anna, elsewhere).http_status) == (Refusal.NO_SIGNUP, 404)
    event = make_event()
    result = services.book(anna, event, [first_date(event).original_start + dt.timedelta(hours=1)])
    assert (result.reason, result.http_status) == (Refusal.UNKNOWN_DATE, 404)
    assert Booking.objects.count() == 0 and BookingChange.objects.count() == 0


@pytest.fixture
def module(make_event):
    """An in-depth module of three weekly dates booked together, two places a date."""
    return make_event(
        capacity=2, books_whole_series=True, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=3")
    )


def test_a_whole_series_is_booked_together_and_cancelled_together(module):
    anna = PersonFactory()
    result = book(anna, module)
    assert result.outcome == Outcome.BOOKED and len(result.dates) == 3
    bookings = Booking.objects.filter(user=anna)
    assert bookings.count() == 3 and len({b.series_key for b in bookings}) == 1
    assert str(result.message) == "Du är bokad på alla datum."
    services.cancel(bookings.first())
    assert set(Booking.objects.filter(user=anna).values_list("state", flat=True)) == {"cancelled"}


def test_a_series_is_all_or_nothing(module):
    anna = PersonFactory()
    dates = list(module.occurrences.order_by("start"))
    # Once its first date has begun, the module cannot be joined: no date is booked.
    result = book(anna, module, now=dates[0].start + dt.timedelta(minutes=1))
    assert result.reason == Refusal.PAST
    assert Booking.objects.count() == 0 and SessionDate.objects.filter(booked_count__gt=0).count() == 0
    # A full date puts the person in line for that date and books the others.
    # The first two dates get a third place; two others then fill the last date's two.
    for occurrence in dates[:2]:
        module.date_exceptions.add(
            EventDateException(
                original_date=occurrence.original_start.date(), kind="note", capacity=3, locale=module.locale
            )
        )
    module = publish(module)
    for person in PersonFactory.create_batch(2):
        assert book(person, module).outcome == Outcome.BOOKED
    result = book(anna, module)
    assert [d.state for d in result.dates] == ["booked", "booked", "waiting"]
    assert result.outcome == Outcome.WAITING and result.position == 1


def test_dates_asked_for_together_are_refused_together(make_event):
    event = make_event(recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"))
    first, second = event.occurrences.order_by("start")
    event.date_exceptions.add(
        EventDateException(original_date=second.original_start.date(), kind="cancelled", locale=event.locale)
    )
    event = publish(event)
    result = services.book(PersonFactory(), event, [first.original_start, second.original_start])
    assert result.reason == Refusal.CANCELLED
    assert Booking.objects.count() == 0


def test_cancelling_moves_up_the_first_in_line_in_the_same_transaction(
    make_event, django_capture_on_commit_callbacks, received
):
    event = make_event(capacity=1)
    anna, bo, cecilia = (PersonFactory(username=name) for name in ("anna", "bo", "cecilia"))
    for person in (anna, bo, cecilia):
        book(person, event)
    occurrence = first_date(event)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cancel(Booking.objects.get(user=anna), now=days_before(occurrence, days=3))
    assert states(occurrence) == [("anna", "cancelled"), ("bo", "booked"), ("cecilia", "waiting")]
    # One commit, one signal: Anna's cancellation and Bo's place, changes of two people.
    [changes] = received
    assert [(c.user_id, c.from_state, c.to_state, c.reason) for c in changes] == [
        (anna.pk, "booked", "cancelled", "by_person"),
        (bo.pk, "waiting", "booked", "moved_up"),
    ]
    assert [c.user_id for c in result.moved_up()] == [bo.pk]
    date = row(occurrence)
    assert (date.booked_count, date.waiting_count) == (1, 1)
    assert services.waiting_position(Booking.objects.get(user=cecilia)) == 1
    # Cancelling a place that came from the waiting list moves up the next one the same way.
    services.cancel(Booking.objects.get(user=bo), now=days_before(occurrence, days=3))
    assert states(occurrence)[2] == ("cecilia", "booked")
    # A second cancellation of the same booking changes nothing.
    assert not services.cancel(Booking.objects.get(user=anna)).changed


def test_a_cancellation_after_the_deadline_is_late_unless_an_organiser_makes_it(make_event):
    event = make_event()
    anna, bo = PersonFactory(), PersonFactory()
    book(anna, event)
    book(bo, event)
    occurrence = first_date(event)
    services.cancel(Booking.objects.get(user=anna), by=anna, now=days_before(occurrence, hours=3))
    assert Booking.objects.get(user=anna).state == "cancelled_late"
    organiser = PersonFactory(username="arrangor")
    services.remove(
        Booking.objects.get(user=bo), by=organiser, note="Dubbelbokad", now=days_before(occurrence, hours=3)
    )
    change = BookingChange.objects.filter(booking__user=bo).last()
    assert (change.to_state, change.by, change.reason, change.note) == (
        "cancelled",
        organiser,
        "removed",
        "Dubbelbokad",
    )
    assert row(occurrence).booked_count == 0


def test_after_the_cutoff_nobody_moves_up_and_everyone_waiting_is_told(
    make_event, django_capture_on_commit_callbacks, received
):
    event = make_event(capacity=1, promotion_cutoff_hours=48)
    anna, bo, cecilia, david = (PersonFactory() for _ in range(4))
    for person in (anna, bo, cecilia):
        book(person, event)
    occurrence = first_date(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(Booking.objects.get(user=anna), now=days_before(occurrence, hours=30))
    assert [s for _, s in states(occurrence)] == ["cancelled", "waiting", "waiting"]
    [changes] = received
    assert [(c.user_id, c.to_state, c.reason) for c in changes[1:]] == [
        (bo.pk, "waiting", "place_open"),
        (cecilia.pk, "waiting", "place_open"),
    ]
    assert BookingChange.objects.filter(reason="place_open").count() == 0  # not a change of state
    # The freed place is open to anyone: the first to ask takes it, even with people in line.
    assert book(david, event, now=days_before(occurrence, hours=29)).outcome == Outcome.BOOKED


def test_nobody_moves_up_after_the_start_and_those_waiting_expire(make_event):
    event = make_event(capacity=1, promotion_cutoff_hours=0)
    anna, bo = PersonFactory(), PersonFactory()
    book(anna, event)
    book(bo, event)
    occurrence = first_date(event)
    services.cancel(Booking.objects.get(user=anna), now=occurrence.start + dt.timedelta(minutes=5))
    assert Booking.objects.get(user=bo).state == "waiting"
    assert not services.expire_started(now=occurrence.start - dt.timedelta(minutes=1)).changed
    result = services.expire_started(now=occurrence.start + dt.timedelta(minutes=6))
    assert [(c.user_id, c.from_state, c.to_state, c.reason) for c in result.changes] == [
        (bo.pk, "waiting", "expired", "date_started")
    ]
    assert row(occurrence).waiting_count == 0


def test_more_places_move_people_up(make_event):
    event = make_event(capacity=1)
    people = [PersonFactory() for _ in range(4)]
    for person in people:
        book(person, event)
    occurrence = first_date(event)
    result = services.set_capacity(row(occurrence), 3, now=days_before(occurrence, days=3))
    assert [c.user_id for c in result.moved_up()] == [people[1].pk, people[2].pk]
    # An editor who gives the event more places and publishes moves the rest up in the publish.
    event.capacity = 4
    publish(event)
    assert [s for _, s in states(occurrence)] == ["booked"] * 4
    assert row(occurrence).booked_count == 4


def test_a_date_of_its_own_capacity_counts(make_event):
    event = make_event(capacity=10, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=2"))
    first, second = event.occurrences.order_by("start")
    event.date_exceptions.add(
        EventDateException(
            original_date=second.original_start.date(), kind="note", capacity=1, locale=event.locale
        )
    )
    event = publish(event)
    second = event.occurrences.order_by("start").last()
    assert (second.capacity, second.places) == (1, 1)
    book(PersonFactory(), event, second)
    assert book(PersonFactory(), event, second).outcome == Outcome.WAITING
    assert book(PersonFactory(), event, event.occurrences.order_by("start").first()).outcome == Outcome.BOOKED


def test_cancelling_a_date_in_the_editor_cancels_its_bookings(make_event):
    event = make_event()
    anna = PersonFactory()
    book(anna, event)
    occurrence = first_date(event)
    event.date_exceptions.add(
        EventDateException(
            original_date=occurrence.original_start.date(), kind="cancelled", locale=event.locale
        )
    )
    publish(event)
    booking = Booking.objects.get(user=anna)
    assert booking.state == "cancelled" and booking.changes.last().reason == "date_cancelled"


def test_pending_bookings_hold_a_place_until_the_organiser_decides(make_event):
    event = make_event(capacity=1, requires_approval=True)
    anna, bo = PersonFactory(), PersonFactory()
    organiser = PersonFactory()
    assert book(anna, event).outcome == Outcome.PENDING
    assert book(bo, event).outcome == Outcome.WAITING
    services.reject(Booking.objects.get(user=anna), by=organiser, now=days_before(first_date(event), days=3))
    assert Booking.objects.get(user=bo).state == "pending"  # moved up, still to be approved
    services.approve(Booking.objects.get(user=bo), by=organiser)
    assert Booking.objects.get(user=bo).state == "booked"
    assert not services.approve(Booking.objects.get(user=bo), by=organiser).changed


def test_every_change_is_a_history_row_and_grows_the_invitation_sequence(make_event):
    event = make_event(capacity=1)
    anna, bo = PersonFactory(), PersonFactory()
    book(anna, event)
    book(bo, event)
    occurrence = first_date(event)
    services.cancel(Booking.objects.get(user=anna), now=days_before(occurrence, days=3))
    services.cancel(Booking.objects.get(user=bo), now=days_before(occurrence, hours=2))
    history = list(
        BookingChange.objects.filter(booking__user=bo).values_list("from_state", "to_state", "reason", "by")
    )
    assert history == [
        ("", "waiting", "joined_waiting_list", None),
        ("waiting", "booked", "moved_up", None),
        ("booked", "cancelled_late", "by_person", None),
    ]
    assert Booking.objects.get(user=bo).ical_sequence == 2


def test_the_housekeeping_command_expires_the_waiting_and_forgets_adjustments(make_event):
    past = make_event(capacity=1, asks_adjustments=True, start_date=dt.date.today() - dt.timedelta(days=3))
    anna, bo = PersonFactory(), PersonFactory()
    occurrence = first_date(past)
    book(anna, past, adjustments="Teckenspråkstolk", now=days_before(occurrence, days=5))
    book(bo, past, now=days_before(occurrence, days=5))
    out = StringIO()
    call_command("expire_bookings", stdout=out)
    assert out.getvalue().strip() == (
        "1 expired, 1 answers about adjustments deleted, 0 failed mail records deleted"
    )
    assert Booking.objects.get(user=bo).state == "expired"
    assert Booking.objects.get(user=anna).adjustment_needs == ""


def test_availability_reads_the_counters_of_many_dates_in_one_query(make_event, django_assert_num_queries):
    event = make_event(capacity=2, recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=5"))
    dates = list(event.occurrences.order_by("start"))
    for person in PersonFactory.create_batch(3):
        book(person, event, dates[0])
    book(PersonFactory(), event, dates[1])
    with django_assert_num_queries(1):
        places = services.availability(event, dates)
    first, second, third = (places[o.original_start] for o in dates[:3])
    assert (first.places_left, first.waiting, first.is_full) == (0, 1, True)
    assert (second.places_left, second.is_full) == (1, False)
    assert (third.places_left, third.is_full) == (2, False)
