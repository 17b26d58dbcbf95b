"""Many people at once, on PostgreSQL with real parallel connections: never overbooked, the line kept.

Each thread has its own database connection (Django's connections are per thread) and they start
together at a barrier, so the requests really meet at the date's row lock. Every scenario runs on
several dates in a row so that a lucky interleaving cannot pass. Run with
DATABASE_URL=postgres://postgres@127.0.0.1/<name> (CI's PostgreSQL pass selects ``-m postgres``).
"""

import datetime as dt
import threading
from functools import partial

import pytest
from django.conf import settings
from django.db import connection
from recurrence import deserialize

from bookings import services
from bookings.factories import BookableEventFactory, PersonFactory
from bookings.models import Booking, SessionDate
from bookings.rules import Outcome

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL for real parallel connections and row locks: "
        "set DATABASE_URL=postgres://postgres@127.0.0.1/<name>",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 3


def at_once(calls):
    """Run the calls in parallel threads, each on its own connection, released together."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            connection.ensure_connection()  # connect before the barrier, so only the work races
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def series(calendar):
    """A weekly event with one date per round, taking sign-ups here."""

    def make(capacity, **fields):
        event = BookableEventFactory(
            parent=calendar,
            published=True,
            capacity=capacity,
            recurrence=deserialize(f"RRULE:FREQ=WEEKLY;COUNT={ROUNDS}"),
            **fields,
        )
        dates = list(event.occurrences.order_by("start"))
        assert len(dates) == ROUNDS
        return event, dates

    return make


def row(event, occurrence):
    return SessionDate.objects.get(event_key=event.translation_key, original_start=occurrence.original_start)


def test_fifty_at_once_for_ten_places_give_ten_booked_and_forty_in_line_in_the_order_accepted(series):
    event, dates = series(capacity=10)
    people = PersonFactory.create_batch(50)
    for occurrence in dates:
        results = at_once([partial(services.book, p, event, [occurrence.original_start]) for p in people])
        outcomes = [r.outcome for r in results]
        assert outcomes.count(Outcome.BOOKED) == 10 and outcomes.count(Outcome.WAITING) == 40
        date = row(event, occurrence)
        bookings = list(Booking.objects.filter(session_date=date).order_by("pk"))
        assert len(bookings) == 50 and len({b.user_id for b in bookings}) == 50  # nobody twice
        assert (date.booked_count, date.waiting_count) == (10, 40)
        # The order accepted: the first ten through the lock are booked, the rest in line after them,
        # each told the place that the list gives them.
        assert [b.state for b in bookings] == ["booked"] * 10 + ["waiting"] * 40
        line = list(Booking.objects.filter(session_date=date, state="waiting").order_by("queued_at", "pk"))
        assert line == bookings[10:]
        told = {r.dates[0].booking_id: r.position for r in results if r.outcome == Outcome.WAITING}
        assert [told[b.pk] for b in line] == list(range(1, 41))


def test_two_cancellations_at_once_move_up_exactly_two_different_people(series):
    event, dates = series(capacity=2)
    for occurrence in dates:
        anna, bo = PersonFactory.create_batch(2)
        waiting = PersonFactory.create_batch(5)
        newcomers = PersonFactory.create_batch(4)
        for person in [anna, bo, *waiting]:
            services.book(person, event, [occurrence.original_start])
        leaving = [
            Booking.objects.get(user=p, session_date__original_start=occurrence.original_start)
            for p in (anna, bo)
        ]
        now = occurrence.start - dt.timedelta(days=2)
        calls = [partial(services.cancel, b, now=now) for b in leaving]
        # New sign-ups race the cancellations: they must not take the freed places from those in line.
        calls += [partial(services.book, p, event, [occurrence.original_start], now=now) for p in newcomers]
        results = at_once(calls)
        moved = [c.user_id for r in results[:2] for c in r.moved_up()]
        assert sorted(moved) == sorted(p.pk for p in waiting[:2])
        date = row(event, occurrence)
        booked = set(
            Booking.objects.filter(session_date=date, state="booked").values_list("user_id", flat=True)
        )
        assert booked == {p.pk for p in waiting[:2]}
        assert all(r.outcome == Outcome.WAITING for r in results[2:])
        assert (date.booked_count, date.waiting_count) == (2, 3 + len(newcomers))
        assert (
            len(
                set(Booking.objects.filter(session_date=date, state="waiting").values_list("queued_at", "pk"))
            )
            == 7
        )


@pytest.mark.parametrize("hours_before", [2, -1], ids=["after the cut-off", "after the start"])
def test_nobody_is_moved_up_after_the_cutoff_or_the_start(series, hours_before):
    event, dates = series(capacity=2)
    for occurrence in dates:
        booked = PersonFactory.create_batch(2)
        waiting = PersonFactory.create_batch(3)
        for person in [*booked, *waiting]:
            services.book(person, event, [occurrence.original_start])
        leaving = Booking.objects.filter(
            user__in=booked, session_date__original_start=occurrence.original_start
        )
        now = occurrence.start - dt.timedelta(hours=hours_before)
        results = at_once([partial(services.cancel, b, now=now) for b in leaving])
        assert [r.moved_up() for r in results] == [[], []]
        date = row(event, occurrence)
        assert (date.booked_count, date.waiting_count) == (0, 3)
        assert set(Booking.objects.filter(user__in=waiting).values_list("state", flat=True)) == {"waiting"}


def test_walk_ins_checking_in_at_once_take_only_the_places_left_and_each_person_once(series):
    """Twelve people check in at the same moment, two of them booked, with three places left: the
    booked two and three others get in, nobody has two bookings, the rest are told the date is full."""
    from bookings import attendance

    event, dates = series(capacity=5)
    booked = [PersonFactory() for _ in range(2)]
    walk_ins = [PersonFactory() for _ in range(10)]
    for occurrence in dates:
        for person in booked:
            assert services.book(person, event, [occurrence.original_start]).ok
        session_date = row(event, occurrence)
        now = occurrence.start
        people = [*booked, *walk_ins]
        results = at_once([partial(attendance.check_in, session_date, person, now=now) for person in people])
        assert sum(1 for r in results if r.ok) == 5
        assert sorted(r.refusal for r in results if not r.ok) == ["full"] * 7
        session_date.refresh_from_db()
        assert session_date.booked_count == 5
        attended = Booking.objects.filter(session_date=session_date, state="attended")
        assert attended.count() == 5
        assert set(booked) <= {b.user for b in attended}  # those with a booking always get in
