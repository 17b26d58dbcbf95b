"""The attendance rule: which status the minutes someone attended give. Plain functions, no database.

The rule, set in one place:

- attended: at least `BOOKINGS_ATTENDED_SHARE` of the scheduled time (default 0.8, that is 80 %);
- partly attended: more than 0 minutes, but less than that;
- no show: 0 minutes, or not in the attendance file at all (`minutes=None`).

`BOOKINGS_ATTENDED_SHARE` is a Django setting, a number above 0 and at most 1; without it the
default `DEFAULT_ATTENDED_SHARE` applies. A date without a known length (no end time) counts any
minutes as attended. The statuses' values are those of `bookings.models.BookingState`.

`file_hash` gives the content hash an imported file is remembered by, so that importing the same
file twice changes nothing (issue 20).
"""

import datetime as dt
import hashlib
from enum import StrEnum
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_ATTENDED_SHARE = Fraction(4, 5)


class Attendance(StrEnum):
    ATTENDED = "attended"
    PARTLY_ATTENDED = "partly_attended"
    NO_SHOW = "no_show"


def attended_share():
    """The share of the scheduled time that counts as attended, from the settings or the default."""
    value = getattr(settings, "BOOKINGS_ATTENDED_SHARE", DEFAULT_ATTENDED_SHARE)
    try:
        # Through str() so that 0.8 is exactly 4/5, not the float nearest to it.
        share = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError) as error:
        raise ImproperlyConfigured("BOOKINGS_ATTENDED_SHARE must be a number.") from error
    if not 0 < share <= 1:
        raise ImproperlyConfigured("BOOKINGS_ATTENDED_SHARE must be above 0 and at most 1.")
    return share


def attendance_status(minutes, scheduled_minutes, share=None):
    """The status for `minutes` attended of a date scheduled for `scheduled_minutes`.

    `minutes` None means the person was not in the file; `scheduled_minutes` None or 0 means the
    date's length is unknown. `share` overrides the setting (for tests and previews).
    """
    if not minutes or minutes <= 0:
        return Attendance.NO_SHOW
    if not scheduled_minutes or scheduled_minutes <= 0:
        return Attendance.ATTENDED
    share = attended_share() if share is None else Fraction(share)
    if Fraction(minutes) >= share * Fraction(scheduled_minutes):
        return Attendance.ATTENDED
    return Attendance.PARTLY_ATTENDED


def file_hash(data):
    """The sha256 of the file's bytes, in hex: the same file gives the same hash."""
    return hashlib.sha256(bytes(data)).hexdigest()


# Self check-in: from half an hour before the start to a quarter of an hour after the end.
CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=30)
CHECK_IN_CLOSES_AFTER = dt.timedelta(minutes=15)


class CheckInWindow(StrEnum):
    TOO_EARLY = "too_early"
    OPEN = "open"
    CLOSED = "closed"


def check_in_window(start, end, now):
    """Whether a date's check-in is open at ``now``: it opens 30 minutes before ``start`` and closes
    15 minutes after ``end`` (``end`` None: the start counts as the end)."""
    if now < start - CHECK_IN_OPENS_BEFORE:
        return CheckInWindow.TOO_EARLY
    if now > (end or start) + CHECK_IN_CLOSES_AFTER:
        return CheckInWindow.CLOSED
    return CheckInWindow.OPEN


def has_place_for_walk_in(capacity, taken):
    """A walk-in gets a booking only while the date has a place left (``capacity`` None: no limit)."""
    return capacity is None or taken < capacity
