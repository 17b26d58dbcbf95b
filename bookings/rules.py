"""The booking and waiting-list rules: plain functions, no database.

bookings/services.py reads a date's facts inside its lock, asks these functions what to do and
writes the answer; the tests check the rules alone (tests/bookings/test_rules.py). Times are aware
datetimes; a capacity of None means no limit.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"
    PENDING = "pending"  # holds a place until the organiser approves or rejects it
    REFUSED = "refused"


class Refusal(StrEnum):
    NO_SIGNUP = "no_signup"  # the event does not take sign-ups on this site
    UNKNOWN_DATE = "unknown_date"  # the event has no such date
    CANCELLED = "cancelled"
    PAST = "past"  # the date has begun (for a series: one of its dates)
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ALREADY_BOOKED = "already_booked"  # booked, waiting or pending already: a double submit


@dataclass(frozen=True)
class DateFacts:
    """What the rules need to know about one date, read under its lock."""

    start: dt.datetime
    capacity: int | None = None
    taken: int = 0  # booked + pending: the places in use
    waiting: int = 0  # people on the waiting list
    cancelled: bool = False
    opens_at: dt.datetime | None = None  # None: open once published
    closes_at: dt.datetime | None = None  # None: closes when the date starts
    promotion_cutoff: dt.timedelta = dt.timedelta(hours=24)
    cancellation_deadline: dt.timedelta = dt.timedelta(hours=24)
    requires_approval: bool = False

    @property
    def free(self):
        """Places not taken; None when there is no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.taken)

    def has_room(self):
        return self.capacity is None or self.taken < self.capacity


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: Refusal | None = None


def past_cutoff(facts: DateFacts, now: dt.datetime) -> bool:
    """From the promotion cut-off on, nobody is moved up: a freed place is open to anyone."""
    return now >= facts.start - facts.promotion_cutoff


def refusal(facts: DateFacts, now: dt.datetime, already_active: bool = False) -> Refusal | None:
    """Why this date cannot be booked now, or None. The order is the one a person understands best."""
    if already_active:
        return Refusal.ALREADY_BOOKED
    if facts.cancelled:
        return Refusal.CANCELLED
    if now >= facts.start:
        return Refusal.PAST
    if facts.opens_at is not None and now < facts.opens_at:
        return Refusal.NOT_OPEN
    if facts.closes_at is not None and now >= facts.closes_at:
        return Refusal.CLOSED
    return None


def decide(facts: DateFacts, now: dt.datetime, already_active: bool = False) -> Decision:
    """The outcome of one person's request for one date.

    A free place goes to the person only if nobody is waiting for it, so nobody jumps the queue;
    after the promotion cut-off the list no longer moves and a free place is open to anyone.
    """
    reason = refusal(facts, now, already_active)
    if reason is not None:
        return Decision(Outcome.REFUSED, reason)
    if facts.has_room() and (facts.waiting == 0 or past_cutoff(facts, now)):
        return Decision(Outcome.PENDING if facts.requires_approval else Outcome.BOOKED)
    return Decision(Outcome.WAITING)


def decide_series(dates: list[DateFacts], now: dt.datetime, already_active: bool = False) -> list[Decision]:
    """Every date of a series together: if one date is refused, all are (with that date's reason).

    A full date puts the person on that date's waiting list; the others are booked.
    """
    if not dates:
        return []
    decisions = [decide(facts, now, already_active) for facts in dates]
    refused = next((d for d in decisions if d.outcome == Outcome.REFUSED), None)
    if refused is not None:
        return [refused] * len(decisions)
    return decisions


def promoted_state(facts: DateFacts) -> Outcome:
    """What a person moved up from the waiting list becomes."""
    return Outcome.PENDING if facts.requires_approval else Outcome.BOOKED


def to_move_up(facts: DateFacts, waiting_in_order: list, now: dt.datetime) -> list:
    """The waiting entries (first in line first) that take the date's free places now.

    Nobody moves up on a cancelled date, after the promotion cut-off or once the date has begun.
    """
    if facts.cancelled or not waiting_in_order or past_cutoff(facts, now) or now >= facts.start:
        return []
    free = facts.free
    if free is None:
        return list(waiting_in_order)
    return list(waiting_in_order[:free])


def to_tell_place_open(facts: DateFacts, waiting_in_order: list, now: dt.datetime) -> list:
    """After the cut-off (and before the start) a freed place is open to anyone: everyone waiting is told."""
    if facts.cancelled or now >= facts.start or not past_cutoff(facts, now) or not facts.has_room():
        return []
    return list(waiting_in_order)


def is_late_cancellation(facts: DateFacts, now: dt.datetime) -> bool:
    """A booked place given up after the cancellation deadline (default: 24 hours before the start)."""
    return now > facts.start - facts.cancellation_deadline


def should_expire(facts: DateFacts, now: dt.datetime) -> bool:
    """Once a date has begun, nobody still waiting (or waiting for approval) can get a place."""
    return now >= facts.start
