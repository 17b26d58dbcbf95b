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


def announce(changes):
    """Send ``booking_changed`` after the current transaction commits (never for a rolled-back one)."""
    changes = list(changes)
    if changes:
        transaction.on_commit(lambda: booking_changed.send(sender=BookingChanged, changes=changes))
