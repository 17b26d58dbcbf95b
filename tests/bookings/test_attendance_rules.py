"""The attendance rule at its boundaries, its setting, and the file hash."""

import hashlib
from fractions import Fraction
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from bookings.attendance_rules import (
    DEFAULT_ATTENDED_SHARE,
    Attendance,
    attendance_status,
    attended_share,
    file_hash,
)
from bookings.models import BookingState

FILES = Path(__file__).parent / "attendance"


@pytest.mark.parametrize(
    ("minutes", "scheduled", "status"),
    [
        (120, 120, Attendance.ATTENDED),
        (96, 120, Attendance.ATTENDED),  # exactly 80 %
        (95, 120, Attendance.PARTLY_ATTENDED),
        (48, 60, Attendance.ATTENDED),
        (47, 60, Attendance.PARTLY_ATTENDED),
        (1, 120, Attendance.PARTLY_ATTENDED),
        (0, 120, Attendance.NO_SHOW),
        (None, 120, Attendance.NO_SHOW),
        (200, 120, Attendance.ATTENDED),  # stayed after the end
        (5, None, Attendance.ATTENDED),  # the date's length is not known
        (0, None, Attendance.NO_SHOW),
        (36, 45, Attendance.ATTENDED),
        (35, 45, Attendance.PARTLY_ATTENDED),
    ],
)
def test_the_default_rule(minutes, scheduled, status):
    assert attendance_status(minutes, scheduled) == status


def test_the_default_is_80_percent():
    assert Fraction(4, 5) == DEFAULT_ATTENDED_SHARE
    assert attended_share() == Fraction(4, 5)


def test_the_statuses_are_the_booking_states():
    assert {status.value for status in Attendance} <= set(BookingState.values)


@pytest.mark.parametrize("value", [0.5, "0.5", Fraction(1, 2)])
def test_the_share_is_set_in_the_settings(settings, value):
    settings.BOOKINGS_ATTENDED_SHARE = value

    assert attendance_status(30, 60) == Attendance.ATTENDED
    assert attendance_status(29, 60) == Attendance.PARTLY_ATTENDED


def test_a_float_share_has_no_rounding_surprise(settings):
    settings.BOOKINGS_ATTENDED_SHARE = 0.7

    assert attendance_status(70, 100) == Attendance.ATTENDED
    assert attendance_status(69, 100) == Attendance.PARTLY_ATTENDED


@pytest.mark.parametrize("value", [0, -0.1, 1.5, "most", None])
def test_a_wrong_share_is_refused_clearly(settings, value):
    settings.BOOKINGS_ATTENDED_SHARE = value

    with pytest.raises(ImproperlyConfigured, match="BOOKINGS_ATTENDED_SHARE"):
        attendance_status(30, 60)


@given(st.integers(0, 10_000), st.integers(1, 1_000))
def test_more_minutes_never_give_a_lower_status(minutes, scheduled):
    order = [Attendance.NO_SHOW, Attendance.PARTLY_ATTENDED, Attendance.ATTENDED]
    status = attendance_status(minutes, scheduled, share=DEFAULT_ATTENDED_SHARE)
    more = attendance_status(minutes + 1, scheduled, share=DEFAULT_ATTENDED_SHARE)

    assert order.index(more) >= order.index(status)


def test_the_same_file_gives_the_same_hash_and_another_file_another():
    data = (FILES / "teams_en_utf16_tabs.csv").read_bytes()

    assert file_hash(data) == hashlib.sha256(data).hexdigest()
    assert file_hash(bytearray(data)) == file_hash(data)
    assert file_hash(data[:-1]) != file_hash(data)
    assert len(file_hash(b"")) == 64
