"""The booking and waiting-list rules alone: plain values, no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bookings.rules import (
    DateFacts,
    Decision,
    Outcome,
    Refusal,
    decide,
    decide_series,
    is_late_cancellation,
    should_expire,
    to_move_up,
    to_tell_place_open,
)

NOW = dt.datetime(2026, 9, 14, 12, 0, tzinfo=dt.UTC)
IN_A_WEEK = NOW + dt.timedelta(days=7)


def date(**facts):
    facts.setdefault("start", IN_A_WEEK)
    facts.setdefault("capacity", 10)
    return DateFacts(**facts)


def test_a_date_with_room_is_booked_and_a_full_one_puts_the_person_in_line():
    assert decide(date(taken=9), NOW) == Decision(Outcome.BOOKED)
    assert decide(date(taken=10), NOW) == Decision(Outcome.WAITING)
    assert decide(date(capacity=None, taken=500), NOW) == Decision(Outcome.BOOKED)  # no limit


def test_with_approval_a_place_is_held_pending():
    assert decide(date(taken=3, requires_approval=True), NOW) == Decision(Outcome.PENDING)
    assert decide(date(taken=10, requires_approval=True), NOW) == Decision(Outcome.WAITING)


def test_a_free_place_goes_to_those_in_line_before_the_cutoff_and_to_anyone_after_it():
    # Nobody jumps the queue: someone waits, so a newcomer waits too.
    assert decide(date(taken=9, waiting=2), NOW) == Decision(Outcome.WAITING)
    after_cutoff = IN_A_WEEK - dt.timedelta(hours=23)
    assert decide(date(taken=9, waiting=2), after_cutoff) == Decision(Outcome.BOOKED)


def test_refusals_say_why():
    assert decide(date(cancelled=True), NOW).reason == Refusal.CANCELLED
    assert decide(date(), IN_A_WEEK).reason == Refusal.PAST
    assert decide(date(opens_at=NOW + dt.timedelta(hours=1)), NOW).reason == Refusal.NOT_OPEN
    assert decide(date(closes_at=NOW), NOW).reason == Refusal.CLOSED
    assert decide(date(), NOW, already_active=True).reason == Refusal.ALREADY_BOOKED
    assert decide(date(opens_at=NOW), NOW).outcome == Outcome.BOOKED  # opens at that very moment


def test_a_series_is_refused_whole_when_one_date_cannot_be_booked():
    first, cancelled = date(), date(start=IN_A_WEEK + dt.timedelta(days=7), cancelled=True)
    assert decide_series([first, cancelled], NOW) == [Decision(Outcome.REFUSED, Refusal.CANCELLED)] * 2
    full = date(start=IN_A_WEEK + dt.timedelta(days=7), taken=10)
    assert [d.outcome for d in decide_series([first, full], NOW)] == [Outcome.BOOKED, Outcome.WAITING]


def test_the_first_in_line_move_up_into_the_free_places_until_the_cutoff():
    line = ["anna", "bo", "cecilia"]
    assert to_move_up(date(taken=8), line, NOW) == ["anna", "bo"]
    assert to_move_up(date(taken=10), line, NOW) == []
    assert to_move_up(date(capacity=None, taken=10), line, NOW) == line
    cutoff = IN_A_WEEK - dt.timedelta(hours=24)
    assert to_move_up(date(taken=8), line, cutoff - dt.timedelta(seconds=1)) == ["anna", "bo"]
    assert to_move_up(date(taken=8), line, cutoff) == []
    assert to_move_up(date(taken=8), line, IN_A_WEEK + dt.timedelta(minutes=5)) == []
    assert to_move_up(date(taken=8, cancelled=True), line, NOW) == []
    assert to_move_up(
        date(taken=8, promotion_cutoff=dt.timedelta(0)), line, IN_A_WEEK - dt.timedelta(minutes=1)
    ) == [
        "anna",
        "bo",
    ]


def test_after_the_cutoff_everyone_waiting_is_told_that_a_place_is_open():
    line = ["anna", "bo"]
    after_cutoff = IN_A_WEEK - dt.timedelta(hours=2)
    assert to_tell_place_open(date(taken=9), line, after_cutoff) == line
    assert to_tell_place_open(date(taken=10), line, after_cutoff) == []  # no place free
    assert to_tell_place_open(date(taken=9), line, NOW) == []  # before the cut-off they move up instead
    assert to_tell_place_open(date(taken=9), line, IN_A_WEEK) == []  # begun


def test_a_cancellation_after_the_deadline_is_late():
    facts = date()
    deadline = IN_A_WEEK - dt.timedelta(hours=24)
    assert not is_late_cancellation(facts, deadline)
    assert is_late_cancellation(facts, deadline + dt.timedelta(seconds=1))
    assert not is_late_cancellation(date(cancellation_deadline=dt.timedelta(hours=2)), deadline)


def test_waiting_entries_expire_once_the_date_has_begun():
    assert not should_expire(date(), IN_A_WEEK - dt.timedelta(seconds=1))
    assert should_expire(date(), IN_A_WEEK)


# Properties: whatever the numbers, a date is never overbooked and the line keeps its order.

capacities = st.one_of(st.none(), st.integers(min_value=0, max_value=30))


@given(capacity=capacities, requests=st.integers(min_value=0, max_value=60))
def test_requests_one_after_another_never_overbook_and_fill_every_place(capacity, requests):
    taken = waiting = 0
    for _ in range(requests):
        outcome = decide(date(capacity=capacity, taken=taken, waiting=waiting), NOW).outcome
        if outcome == Outcome.BOOKED:
            taken += 1
        else:
            assert outcome == Outcome.WAITING
            waiting += 1
    if capacity is None:
        assert (taken, waiting) == (requests, 0)
    else:
        assert taken == min(capacity, requests)
        assert waiting == requests - taken


@given(
    capacity=st.integers(min_value=0, max_value=20),
    taken=st.integers(min_value=0, max_value=25),
    line=st.lists(st.integers(), unique=True, max_size=30),
    hours_before=st.integers(min_value=-5, max_value=200),
)
def test_moving_up_takes_a_prefix_of_the_line_and_never_more_than_the_free_places(
    capacity, taken, line, hours_before
):
    now = IN_A_WEEK - dt.timedelta(hours=hours_before)
    facts = date(capacity=capacity, taken=taken, waiting=len(line))
    moved = to_move_up(facts, line, now)
    assert moved == line[: len(moved)]  # first in line first, nobody skipped
    assert taken + len(moved) <= max(capacity, taken)
    if hours_before <= 24:
        assert moved == []
    else:
        assert len(moved) == min(len(line), max(0, capacity - taken))
