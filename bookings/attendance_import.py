"""Applying a Teams or Zoom attendance file to one date (issue 20; docs/attendance-files.md, Import).

Two halves. ``make_plan`` is plain: from the file's rows (bookings/attendance_files.py has already
added up each person's joins and left out organisers and presenters) and the date's bookings it
works out what the file means, without the database. ``apply_file`` is the one operation that
writes: under the date's lock it reads the file, refuses one already applied (by its hash), makes
the plan from the bookings as they are then, records the marks through bookings/attendance.py and
remembers the file, all in one transaction.

The matching rules, set here:

- a row matches a booking when its e-mail address or its Teams UPN ("Participant ID (UPN)") is the
  booked person's e-mail address, compared case-blind; rows matched to the same booking add up;
- the organiser can match any other row to a booked person by hand (``hand_matches``);
- the status comes from the minutes against the date's scheduled minutes
  (bookings/attendance_rules.py); a booked person the file does not name did not come (0 minutes);
- someone already marked by another way (a roster, a check-in, another file) whom this file does not
  name keeps that mark: the file is not evidence they were absent from the room; and a late
  cancellation the file does not name stays a late cancellation;
- someone in the file with an account but no booking of the date is added as a walk-in with the
  file's minutes (they were in the meeting); with 0 minutes they are only listed as not matched;
- every other row is listed as matching nobody, with its name, e-mail and minutes.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .attendance import WALK_IN, _finish, _walk_in_locked, record_locked
from .attendance_files import TEAMS, read_attendance_file
from .attendance_rules import Attendance, attendance_status, file_hash
from .models import (
    ATTENDANCE_STATES,
    MARKABLE_STATES,
    AttendanceImport,
    AttendanceSource,
    Booking,
    BookingState,
)
from .services import _locked, _Recorder, occurrences_for

# How a booking was matched.
BY_EMAIL = "email"
BY_UPN = "upn"
BY_HAND = "hand"
ABSENT = "absent"  # not in the file: did not come
KEPT = "kept"  # not in the file, but marked already or cancelled late: left alone


class PlanError(ValueError):
    """A hand match that names no unmatched row or no booking of the date."""


@dataclass(frozen=True)
class BookedPerson:
    """A booking of the date that attendance can be taken for, as the plan needs it."""

    booking_id: int
    name: str
    email: str
    state: str
    minutes: int | None = None


@dataclass(frozen=True)
class Account:
    """Someone with an account whose address the file names (a possible walk-in)."""

    user_id: int
    name: str
    email: str


@dataclass(frozen=True)
class Change:
    """What the file does to one booking: from → to, state and minutes."""

    booking_id: int
    name: str
    email: str
    from_state: str
    from_minutes: int | None
    to_state: str
    to_minutes: int | None
    how: str  # BY_EMAIL, BY_UPN, BY_HAND, ABSENT or KEPT
    rows: tuple[int, ...] = ()  # indexes of the file's rows matched to it

    @property
    def changes(self):
        return (self.from_state, self.from_minutes) != (self.to_state, self.to_minutes)


@dataclass(frozen=True)
class WalkInPlan:
    user_id: int
    name: str
    email: str
    row: int
    to_state: str
    minutes: int


@dataclass(frozen=True)
class UnmatchedRow:
    row: int  # the index in the file's rows, what a hand match names
    name: str
    email: str
    minutes: int
    has_account: bool = False  # an account with 0 minutes: not added as a walk-in


@dataclass
class Plan:
    source: str
    scheduled_minutes: int | None
    bookings: list[Change] = field(default_factory=list)  # every markable booking, in name order
    walk_ins: list[WalkInPlan] = field(default_factory=list)
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    hand_matched: list[UnmatchedRow] = field(default_factory=list)  # rows matched by hand
    problems: list[str] = field(default_factory=list)  # what the reader skipped or could not read

    @property
    def changes(self):
        return [change for change in self.bookings if change.changes]

    @property
    def matched_rows(self):
        return sum(len(change.rows) for change in self.bookings) + len(self.walk_ins)

    @property
    def hand_match_choices(self):
        """The bookings the file names nobody for: what an unmatched row may be matched to by hand."""
        return [change for change in self.bookings if change.how in (ABSENT, KEPT, BY_HAND)]

    @property
    def marks(self):
        """{booking id: (state, minutes)} for bookings.attendance.record_locked: the changes only."""
        return {change.booking_id: (change.to_state, change.to_minutes) for change in self.changes}


def _row_keys(row):
    return [(BY_EMAIL, row.email), (BY_UPN, row.upn)]


def make_plan(rows, booked, accounts=(), scheduled_minutes=None, hand_matches=None, share=None, source=TEAMS):
    """The plan for a file's ``rows`` (AttendanceRow) against the date's ``booked`` (BookedPerson).

    ``accounts`` are people with an account whose address the file names (Account); those without a
    booking become walk-ins. ``hand_matches`` is {row index: booking id} for rows that match nobody
    by address; a hand match that names a matched row or a booking not in ``booked`` raises
    PlanError. Pure: no database.
    """
    hand_matches = dict(hand_matches or {})
    by_email = {}
    for person in booked:
        if person.email:
            by_email.setdefault(person.email.casefold(), []).append(person)
    accounts_by_email = {}
    for account in accounts:
        if account.email:
            accounts_by_email.setdefault(account.email.casefold(), []).append(account)
    booked_ids = {person.booking_id: person for person in booked}

    matched = {}  # booking id: [(row index, how)]
    walk_ins, unmatched, hand_matched = [], [], []
    walked_in = set()
    for index, row in enumerate(rows):
        match = None
        for how, address in _row_keys(row):
            # An address two bookings share is no match: the organiser picks by hand.
            if address and len(by_email.get(address, ())) == 1:
                match = (by_email[address][0].booking_id, how)
                break
        if match is not None:
            if index in hand_matches:
                raise PlanError(_("A row matched by its e-mail address cannot be matched by hand."))
            matched.setdefault(match[0], []).append((index, match[1]))
            continue
        if index in hand_matches:
            booking_id = hand_matches.pop(index)
            if booking_id not in booked_ids:
                raise PlanError(_("A row was matched by hand to someone not booked on this date."))
            matched.setdefault(booking_id, []).append((index, BY_HAND))
            hand_matched.append(UnmatchedRow(index, row.name, row.email or row.upn, row.minutes))
            continue
        account = None
        for _how, address in _row_keys(row):
            if address and len(accounts_by_email.get(address, ())) == 1:
                account = accounts_by_email[address][0]
                break
        status = attendance_status(row.minutes, scheduled_minutes, share)
        if account is not None and status != Attendance.NO_SHOW and account.user_id not in walked_in:
            walked_in.add(account.user_id)
            walk_ins.append(
                WalkInPlan(account.user_id, account.name, account.email, index, str(status), row.minutes)
            )
            continue
        unmatched.append(
            UnmatchedRow(index, row.name, row.email or row.upn, row.minutes, account is not None)
        )
    if hand_matches:
        raise PlanError(_("A row matched by hand is not in the file."))

    changes = []
    for person in booked:
        found = matched.get(person.booking_id)
        if found:
            minutes = sum(rows[index].minutes for index, _how in found)
            to_state = str(attendance_status(minutes, scheduled_minutes, share))
            how = BY_HAND if any(h == BY_HAND for _i, h in found) else found[0][1]
            indexes = tuple(index for index, _how in found)
        elif person.state == BookingState.BOOKED:
            minutes, to_state, how, indexes = 0, str(Attendance.NO_SHOW), ABSENT, ()
        else:
            minutes, to_state, how, indexes = person.minutes, person.state, KEPT, ()
        changes.append(
            Change(
                booking_id=person.booking_id,
                name=person.name,
                email=person.email,
                from_state=str(person.state),
                from_minutes=person.minutes,
                to_state=to_state,
                to_minutes=minutes,
                how=how,
                rows=indexes,
            )
        )
    changes.sort(key=lambda change: (change.name.casefold(), change.booking_id))
    return Plan(
        source=source,
        scheduled_minutes=scheduled_minutes,
        bookings=changes,
        walk_ins=walk_ins,
        unmatched=unmatched,
        hand_matched=hand_matched,
    )


def scheduled_minutes_of(occurrence):
    """The date's length in whole minutes; None when it has no end (any minutes count as attended)."""
    if occurrence is None or occurrence.end is None or occurrence.end <= occurrence.start:
        return None
    return int((occurrence.end - occurrence.start).total_seconds()) // 60


# The service ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    plan: Plan | None
    file_hash: str
    source: str
    dry_run: bool = False
    already_applied: bool = False  # the same file was applied to this date before: nothing changed
    record: AttendanceImport | None = None
    date_mismatch: dt.date | None = None  # the day the file's meeting started, when not the date's

    @property
    def message(self):
        if self.already_applied:
            return _("This file has already been applied to this date; applying it again changes nothing.")
        return ""


def _booked_people(session_date):
    if session_date.pk is None:
        return []
    # Plain values, not model instances: a date of a few hundred people is read in one cheap query.
    rows = (
        Booking.objects.filter(session_date=session_date, state__in=MARKABLE_STATES)
        .order_by("pk")
        .values_list(
            "pk",
            "state",
            "attended_minutes",
            "user__first_name",
            "user__last_name",
            "user__username",
            "user__email",
        )
    )
    return [
        BookedPerson(
            booking_id=pk,
            name=f"{first} {last}".strip() or username,  # as User.get_full_name() or the username
            email=email,
            state=state,
            minutes=minutes if state in ATTENDANCE_STATES else None,
        )
        for pk, state, minutes, first, last, username, email in rows
    ]


def _accounts(rows, booked):
    """The accounts whose address the file names, other than the booked people's (one query)."""
    booked_emails = {person.email.casefold() for person in booked if person.email}
    addresses = {address for row in rows for address in (row.email, row.upn) if address} - booked_emails
    if not addresses:
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(lower_email=Lower("email"))
        .filter(lower_email__in=addresses)
    )
    return [Account(user.pk, user.get_full_name() or user.get_username(), user.email) for user in users]


def _plan(session_date, attendance_file, hand_matches, occurrence):
    booked = _booked_people(session_date)
    plan = make_plan(
        attendance_file.rows,
        booked,
        _accounts(attendance_file.rows, booked),
        scheduled_minutes_of(occurrence),
        hand_matches,
        source=attendance_file.source,
    )
    plan.problems = [str(problem) for problem in attendance_file.problems]
    return plan


def _date_mismatch(attendance_file, occurrence):
    if attendance_file.start is None or occurrence is None:
        return None
    day = attendance_file.start.date()
    return day if day != timezone.localtime(occurrence.start).date() else None


def apply_file(session_date, file_bytes, file_name, by, hand_matches=None, dry_run=False, now=None):
    """Read an attendance file and record it on ``session_date`` in one transaction.

    Raises AttendanceFileError (bad file), PlanError (bad hand match) or bookings.attendance's
    AttendanceError, and then nothing is written. A file already applied to the date gives a result
    with ``already_applied`` and changes nothing. ``dry_run`` makes the same plan and writes nothing.
    """
    attendance_file = read_attendance_file(file_bytes)
    digest = file_hash(file_bytes)
    source = AttendanceSource.TEAMS if attendance_file.source == TEAMS else AttendanceSource.ZOOM
    # A date without its row yet (the command's dry run) is found by its event and start all the same.
    occurrence = occurrences_for([session_date]).get(session_date.pk)
    result = ImportResult(
        None, digest, source, dry_run, date_mismatch=_date_mismatch(attendance_file, occurrence)
    )
    if dry_run:
        if (
            session_date.pk
            and AttendanceImport.objects.filter(session_date=session_date, file_hash=digest).exists()
        ):
            result.already_applied = True
        result.plan = _plan(session_date, attendance_file, hand_matches, occurrence)
        return result
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        if AttendanceImport.objects.filter(session_date=session_date, file_hash=digest).exists():
            result.already_applied = True
            return result
        plan = result.plan = _plan(session_date, attendance_file, hand_matches, occurrence)
        recorder = _Recorder(now or timezone.now())
        record_locked(session_date, plan.marks, by, source, recorder)
        users = get_user_model().objects.in_bulk([walk_in.user_id for walk_in in plan.walk_ins])
        for walk_in in plan.walk_ins:
            _walk_in_locked(
                session_date,
                users[walk_in.user_id],
                walk_in.to_state,
                walk_in.minutes,
                source,
                recorder,
                by,
                WALK_IN,
                False,  # they were in the meeting, places or not
            )
        result.record = AttendanceImport.objects.create(
            session_date=session_date,
            file_hash=digest,
            file_name=(file_name or "")[:255],
            source=source,
            imported_at=recorder.now,
            imported_by=by,
            matched=plan.matched_rows,
            unmatched=len(plan.unmatched),
        )
        _finish(recorder, session_date)
    return result
