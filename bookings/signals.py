"""What bookings tell the layers above: ``booking_changed``, sent once a change has committed.

A receiver gets ``changes``, a list of ``BookingChanged``: one action may change several bookings
(every date of a series, or a cancellation that moves the next person up: changes of different
people). Besides state changes, a change whose ``from_state`` equals its ``to_state`` ("waiting")
with the reason ``place_open`` tells a person still waiting after the promotion cut-off that a place
is free for anyone to take. Learning and mail listen; bookings never imports them.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal

from .page_versions import bump_event_versions

booking_changed = Signal()


@dataclass(frozen=True)
class BookingChanged:
    booking_id: int
    user_id: int
    event_key: uuid.UUID
    original_start: dt.datetime
    from_state: str  # "" for a new booking
    to_state: str
    reason: str
    # A new place in line: its number as the booking read it under the lock (None otherwise).
    position: int | None = None

    def as_json(self):
        """Plain JSON, for a task's arguments."""
        return {
            **self.__dict__,
            "event_key": str(self.event_key),
            "original_start": self.original_start.isoformat(),
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            **{
                **data,
                "event_key": uuid.UUID(data["event_key"]),
                "original_start": dt.datetime.fromisoformat(data["original_start"]),
            }
        )


def announce(changes):
    """Move the changed events' page versions in the current transaction, and send ``booking_changed``
    after it commits (never for a rolled-back one).

    The version moves with the change itself, not after it: one short UPDATE while the date's lock
    is held costs less than a transaction of its own after the commit, which every booking of the
    event would wait for in turn (bench/results.md, "Booking rush").
    """
    changes = list(changes)
    if changes:
        bump_event_versions(change.event_key for change in changes)
        transaction.on_commit(lambda: booking_changed.send(sender=BookingChanged, changes=changes))
