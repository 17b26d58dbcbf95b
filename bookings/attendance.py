"""Recording who came: every change of attendance, each one transaction (docs/architecture.md, Attendance).

Attendance is a state of the person's booking of the date (attended, partly attended, no-show) with
its minutes and where it came from, so a person has one row per date whichever way attendance was
taken (a roster, a Teams or Zoom file, a check-in) and a second way corrects the first instead of
adding a row. Like bookings/services.py, each function locks the date's ``SessionDate`` row first,
writes the bookings, counters and history together, and tells the layers above in the same
transaction (bookings/attendance_hooks.py) so that progress never disagrees with attendance.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from .attendance_hooks import tell_listeners
from .attendance_rules import CheckInWindow, check_in_window, has_place_for_walk_in
from .models import (
    ATTENDANCE_STATES,
    CURRENT_STATES,
    MARKABLE_STATES,
    AttendanceSource,
    Booking,
    BookingState,
    WalkInCount,
)
from .services import _count, _locked, _Recorder, _save_counters, occurrences_for

# Reason codes of the history (BookingChange.reason).
RECORDED = "attendance"
CORRECTED = "attendance_corrected"
WALK_IN = "walk_in"
CHECKED_IN = "check_in"


class AttendanceError(Exception):
    """A request attendance cannot be recorded for; nothing was written. ``message`` says why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


ATTENDANCE_FIELDS = ["state", "attended_minutes", "attendance_source", "attendance_recorded_at"]


def _set(booking, session_date, state, minutes, source, recorder, reason, by=None, note="", save=True):
    """Give one booking (under its date's lock) its attendance, with counters and history.

    ``save=False`` leaves the booking's row to the caller, which saves many in one query."""
    from_state = booking.state
    if from_state == state and booking.attended_minutes == minutes:
        return False
    if from_state != state:
        _count(session_date, from_state, -1)
        _count(session_date, state, +1)
    booking.state = state
    booking.attended_minutes = minutes
    booking.attendance_source = source
    booking.attendance_recorded_at = recorder.now
    if save:
        booking.save(update_fields=ATTENDANCE_FIELDS)
    if from_state in ATTENDANCE_STATES and reason == RECORDED:
        reason = CORRECTED
    minutes_note = "" if minutes is None else gettext("%(minutes)d minutes") % {"minutes": minutes}
    recorder.record(booking, session_date, from_state, state, reason, by=by, note=note or minutes_note)
    return True


def _finish(recorder, session_date):
    _save_counters([session_date])
    result = recorder.finish()
    tell_listeners(
        c for c in result.changes if c.to_state in ATTENDANCE_STATES or c.from_state in ATTENDANCE_STATES
    )
    return result


def _check_mark(state, minutes):
    if state not in ATTENDANCE_STATES:
        raise AttendanceError("state", gettext("Attendance is attended, partly attended or did not come."))
    if minutes is not None and (not isinstance(minutes, int) or minutes < 0 or minutes > 24 * 60 * 14):
        raise AttendanceError("minutes", gettext("Minutes must be a whole number of minutes, 0 or more."))


def record_locked(session_date, marks, by, source, recorder):
    """``record`` inside a transaction that already holds the date's lock (for bookings' own callers,
    such as applying an attendance file together with its import record)."""
    for state, minutes in marks.values():
        _check_mark(state, minutes)
    bookings = {b.pk: b for b in Booking.objects.filter(session_date=session_date, pk__in=list(marks))}
    unknown = [pk for pk in marks if pk not in bookings or bookings[pk].state not in MARKABLE_STATES]
    if unknown:
        raise AttendanceError(
            "booking", gettext("Attendance can only be taken for people booked on this date.")
        )
    changed = []
    for pk in sorted(marks):
        state, minutes = marks[pk]
        if _set(bookings[pk], session_date, state, minutes, source, recorder, RECORDED, by=by, save=False):
            changed.append(bookings[pk])
    _save_attendance(changed)


def _save_attendance(bookings):
    """Write the bookings' attendance fields with one prepared UPDATE run for each (executemany):
    a 300-person attendance file applies in well under a second, where a save() per booking or
    bulk_update's CASE expressions took seconds (bench/attendance_import.py)."""
    if not bookings:
        return
    meta = Booking._meta
    fields = [meta.get_field(name) for name in ATTENDANCE_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - the model's own quoted names
    params = [
        [field.get_db_prep_save(getattr(booking, field.attname), connection) for field in fields]
        + [booking.pk]
        for booking in bookings
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def record(session_date, marks, by, source=AttendanceSource.ROSTER, now=None):
    """Record attendance on one date: ``marks`` is {booking id: (state, minutes or None)}.

    Only the date's bookings that are booked, cancelled late or already marked may be marked; a
    mark that changes nothing writes nothing. Raises ``AttendanceError`` (and writes nothing) for
    anything else.
    """
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        recorder = _Recorder(now or timezone.now())
        record_locked(session_date, marks, by, source, recorder)
        return _finish(recorder, session_date)


def mark_all_present(session_date, by, now=None):
    """Everyone still only booked on the date is marked attended; marks already taken stay."""
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        recorder = _Recorder(now or timezone.now())
        for booking in Booking.objects.filter(session_date=session_date, state=BookingState.BOOKED).order_by(
            "pk"
        ):
            _set(
                booking,
                session_date,
                BookingState.ATTENDED,
                None,
                AttendanceSource.ROSTER,
                recorder,
                RECORDED,
                by=by,
            )
        return _finish(recorder, session_date)


@dataclass(frozen=True)
class WalkIn:
    booking: Booking | None
    refusal: str = ""  # "full", "cancelled", "too_early", "closed"; empty when recorded

    @property
    def ok(self):
        return not self.refusal


def _walk_in_locked(session_date, user, state, minutes, source, recorder, by, reason, needs_place):
    current = Booking.objects.filter(session_date=session_date, user=user, state__in=CURRENT_STATES).first()
    if current is not None and current.state in MARKABLE_STATES:
        _set(current, session_date, state, minutes, source, recorder, reason, by=by)
        return WalkIn(current)
    if needs_place:
        occurrence = occurrences_for([session_date])[session_date.pk]
        capacity = occurrence.places if occurrence is not None else None
        taken = session_date.taken - (
            1 if current is not None and current.state == BookingState.PENDING else 0
        )
        if not has_place_for_walk_in(capacity, taken):
            return WalkIn(current, "full")
    if current is not None:  # waiting or waiting for approval, and came: they have a place now
        _set(current, session_date, state, minutes, source, recorder, reason, by=by)
        return WalkIn(current)
    booking = Booking.objects.create(
        user=user,
        session_date=session_date,
        state=state,
        language=_language_of(user),
        created_at=recorder.now,
        attended_minutes=minutes,
        attendance_source=source,
        attendance_recorded_at=recorder.now,
    )
    _count(session_date, state, +1)
    recorder.record(booking, session_date, "", state, reason, by=by)
    return WalkIn(booking)


def _language_of(user):
    # The walk-in's mails (an evaluation, say) go in the site's language unless they booked before.
    last = (
        Booking.objects.filter(user=user).order_by("-created_at").values_list("language", flat=True).first()
    )
    return last or settings.LANGUAGE_CODE


def add_walk_in(
    session_date,
    user,
    by,
    source=AttendanceSource.ROSTER,
    state=BookingState.ATTENDED,
    minutes=None,
    now=None,
):
    """Someone with an account who came without a booking: booked now with their attendance.

    Someone who has a booking of the date is marked instead. The organiser adds walk-ins whether or
    not places are left (they were in the room); returns a ``WalkIn``.
    """
    _check_mark(state, minutes)
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        recorder = _Recorder(now or timezone.now())
        result = _walk_in_locked(session_date, user, state, minutes, source, recorder, by, WALK_IN, False)
        _finish(recorder, session_date)
        return result


def check_in(session_date, user, now=None):
    """The person checks themself in with the date's code: attended, from the check-in.

    Open from 30 minutes before the start to 15 minutes after the end. Someone with no booking gets
    one when the date has a place left. Returns a ``WalkIn`` whose ``refusal`` says why not.
    """
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        now = now or timezone.now()
        occurrence = occurrences_for([session_date])[session_date.pk]
        if occurrence is None or occurrence.is_cancelled:
            return WalkIn(None, "cancelled")
        window = check_in_window(occurrence.start, occurrence.end, now)
        if window != CheckInWindow.OPEN:
            return WalkIn(None, str(window))
        current = Booking.objects.filter(
            session_date=session_date, user=user, state=BookingState.ATTENDED
        ).first()
        if current is not None:
            return WalkIn(current)
        recorder = _Recorder(now)
        result = _walk_in_locked(
            session_date,
            user,
            BookingState.ATTENDED,
            None,
            AttendanceSource.CHECK_IN,
            recorder,
            None,
            CHECKED_IN,
            True,
        )
        _finish(recorder, session_date)
        return result


def set_walk_in_counts(session_date, counts):
    """How many people without an account came, per organisation type ({organisation: number})."""
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        for organisation, count in counts.items():
            if count:
                WalkInCount.objects.update_or_create(
                    session_date=session_date, organisation=organisation, defaults={"count": count}
                )
            else:
                WalkInCount.objects.filter(session_date=session_date, organisation=organisation).delete()
