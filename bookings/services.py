"""Every change of a booking's state, each one transaction (docs/architecture.md, bookings).

Each function that touches a date's places first locks the date's ``SessionDate`` row
(``select_for_update``; several dates in the order of their ids, so two actions never wait for each
other), reads the date's facts under that lock, asks bookings/rules.py what to do and writes the
bookings, the counters and the history together. On SQLite the project's transactions are
IMMEDIATE (site/settings/base.py), which serialises writers the same way. Nothing counts places
outside the lock. After the commit ``booking_changed`` is sent (bookings/signals.py).
"""

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from events.models import EventStatus, Occurrence, SignupMode

from . import rules
from .models import (
    ACTIVE_STATES,
    PLACE_STATES,
    Booking,
    BookingChange,
    BookingState,
    FailedMail,
    SessionDate,
)
from .rules import DateFacts, Outcome, Refusal
from .signals import BookingChanged, announce

# Reason codes of the history (BookingChange.reason) and of the signal.
BOOKED = "booked"
JOINED_WAITING_LIST = "joined_waiting_list"
APPROVAL_REQUESTED = "approval_requested"
MOVED_UP = "moved_up"
PLACE_OPEN = "place_open"  # no state change: a place is free after the cut-off (bookings/signals.py)
BY_PERSON = "by_person"
BY_ORGANISER = "by_organiser"
REMOVED = "removed"
APPROVED = "approved"
REJECTED = "rejected"
DATE_CANCELLED = "date_cancelled"
DATE_STARTED = "date_started"


# Results a view can show ---------------------------------------------------------------------


@dataclass(frozen=True)
class DateOutcome:
    session_date_id: int
    original_start: dt.datetime
    booking_id: int
    state: str
    position: int | None = None  # place in line, when waiting


REFUSAL_STATUS = {Refusal.NO_SIGNUP: 404, Refusal.UNKNOWN_DATE: 404}


def refusal_message(reason):
    return {
        Refusal.NO_SIGNUP: gettext("This event does not take bookings here."),
        Refusal.UNKNOWN_DATE: gettext("This event has no such date."),
        Refusal.CANCELLED: gettext("This date is cancelled and cannot be booked."),
        Refusal.PAST: gettext("This date has already begun and can no longer be booked."),
        Refusal.NOT_OPEN: gettext("Booking for this date has not opened yet."),
        Refusal.CLOSED: gettext("Booking for this date has closed."),
        Refusal.ALREADY_BOOKED: gettext("You already have a booking or a place in line for this date."),
    }[reason]


@dataclass(frozen=True)
class BookingResult:
    """What ``book`` did: every requested date booked, pending or waiting, or nothing at all."""

    outcome: Outcome
    reason: Refusal | None = None
    dates: tuple[DateOutcome, ...] = ()

    @property
    def ok(self):
        return self.outcome != Outcome.REFUSED

    @property
    def position(self):
        """The place in line of the first date the person waits for, or None."""
        return next((d.position for d in self.dates if d.position is not None), None)

    @property
    def http_status(self):
        """For a view: 200 when something was booked; a 4xx saying why not (never a 500)."""
        if self.ok:
            return 200
        return REFUSAL_STATUS.get(self.reason, 409)

    @property
    def message(self):
        if self.outcome == Outcome.REFUSED:
            return refusal_message(self.reason)
        if self.outcome == Outcome.WAITING:
            return gettext("The date is full: you are number %(position)d in line.") % {
                "position": self.position
            }
        if self.outcome == Outcome.PENDING:
            return gettext("Your booking waits for the organiser's approval.")
        if len(self.dates) > 1:
            return gettext("You are booked on every date.")
        return gettext("You are booked.")


@dataclass(frozen=True)
class ChangeResult:
    """What a cancellation, approval, removal or capacity change did, in order."""

    changes: tuple[BookingChanged, ...] = ()

    @property
    def changed(self):
        return bool(self.changes)

    def moved_up(self):
        return [c for c in self.changes if c.reason == MOVED_UP]


def _refused(reason):
    return BookingResult(Outcome.REFUSED, reason)


# Reading a date's facts --------------------------------------------------------------------------


def _facts(session_date, occurrence):
    """The rules' view of a date, from its counters (read under the lock) and its occurrence."""
    if occurrence is None:  # the editor removed the date from the series
        return DateFacts(
            start=session_date.original_start,
            taken=session_date.taken,
            waiting=session_date.waiting_count,
            cancelled=True,
        )
    event = occurrence.event
    return DateFacts(
        start=occurrence.start,
        capacity=occurrence.places,
        taken=session_date.taken,
        waiting=session_date.waiting_count,
        cancelled=occurrence.is_cancelled or event.status == EventStatus.POSTPONED,
        opens_at=event.signup_opens_at,
        closes_at=event.signup_closes_at,
        promotion_cutoff=dt.timedelta(hours=event.promotion_cutoff_hours),
        cancellation_deadline=dt.timedelta(hours=event.cancellation_deadline_hours),
        requires_approval=event.requires_approval,
    )


def occurrences_for(session_dates):
    """{session date id: its Occurrence (the source language's where there are several) or None}."""
    session_dates = list(session_dates)
    if not session_dates:
        return {}
    rows = Occurrence.objects.filter(
        event__translation_key__in={sd.event_key for sd in session_dates},
        original_start__in={sd.original_start for sd in session_dates},
        event__live=True,
    ).select_related("event", "event__locale")
    best = {}
    for occurrence in rows:
        key = (occurrence.event.translation_key, occurrence.original_start)
        if key not in best or occurrence.event.locale.language_code == settings.LANGUAGE_CODE:
            best[key] = occurrence
    return {sd.pk: best.get((sd.event_key, sd.original_start)) for sd in session_dates}


def facts_for(session_dates):
    """{session date id: DateFacts}; for reading only: a change reads them again under its lock."""
    session_dates = list(session_dates)
    occurrences = occurrences_for(session_dates)
    return {sd.pk: _facts(sd, occurrences[sd.pk]) for sd in session_dates}


def session_dates_for(event, original_starts):
    """The dates' rows, made if missing: a date gets its row at its first booking."""
    starts = sorted(set(original_starts))
    SessionDate.objects.bulk_create(
        [SessionDate(event_key=event.translation_key, original_start=start) for start in starts],
        ignore_conflicts=True,
    )
    return list(SessionDate.objects.filter(event_key=event.translation_key, original_start__in=starts))


def _locked(session_date_ids):
    """Lock the dates' rows in id order and return them, fresh."""
    return list(SessionDate.objects.select_for_update().filter(pk__in=set(session_date_ids)).order_by("pk"))


def _locked_for(event, original_starts, user):
    """Inside a transaction: lock the rows of these dates of ``event`` in id order and return them,
    fresh, making the missing ones first. Once a date has its row (from its first booking, or a page
    that asked) this is the one query that takes the lock.

    Each row tells whether ``user`` holds an active booking on it (``has_active``), in the same query.
    That part is read as the query began, before any wait for the lock: a second booking of the same
    person committed during that wait is refused by the database's constraint instead (``book``).
    """
    starts = sorted(set(original_starts))
    mine = Booking.objects.filter(session_date=OuterRef("pk"), user=user, state__in=ACTIVE_STATES)

    def lock():
        rows = (
            SessionDate.objects.select_for_update(of=("self",))
            .filter(event_key=event.translation_key, original_start__in=starts)
            .annotate(has_active=Exists(mine))
        )
        return list(rows.order_by("pk"))

    dates = lock()
    if len(dates) < len(starts):
        # Made in this transaction: one made by another request at the same moment waits for that
        # request's commit and is then left alone (ignore_conflicts), and the second lock finds it.
        SessionDate.objects.bulk_create(
            [SessionDate(event_key=event.translation_key, original_start=start) for start in starts],
            ignore_conflicts=True,
        )
        dates = lock()
    return dates


def waiting_position(booking):
    """A waiting booking's place in line (1 is next), or None when it is not waiting."""
    if booking.state != BookingState.WAITING:
        return None
    ahead = Booking.objects.filter(
        session_date_id=booking.session_date_id, state=BookingState.WAITING
    ).filter(Q(queued_at__lt=booking.queued_at) | Q(queued_at=booking.queued_at, pk__lt=booking.pk))
    return ahead.count() + 1


# Recording changes -------------------------------------------------------------------------------


class _Recorder:
    """Collects the history rows and the signal's changes of one transaction."""

    def __init__(self, now):
        self.now = now
        self.rows = []
        self.changes = []

    def record(self, booking, session_date, from_state, to_state, reason, by=None, note="", position=None):
        self.rows.append(
            BookingChange(
                booking=booking,
                at=self.now,
                by=by,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                note=note[:300],
            )
        )
        self.tell(booking, session_date, from_state, to_state, reason, position)

    def tell(self, booking, session_date, from_state, to_state, reason, position=None):
        self.changes.append(
            BookingChanged(
                booking_id=booking.pk,
                user_id=booking.user_id,
                event_key=session_date.event_key,
                original_start=session_date.original_start,
                from_state=str(from_state),
                to_state=str(to_state),
                reason=reason,
                position=position,
            )
        )

    def finish(self):
        BookingChange.objects.bulk_create(self.rows)
        announce(self.changes)
        return ChangeResult(tuple(self.changes))


def _count(session_date, state, delta):
    # Someone who came keeps their place: a check-in during the date must not free it for a walk-in.
    if state in (BookingState.BOOKED, BookingState.ATTENDED, BookingState.PARTLY_ATTENDED):
        session_date.booked_count += delta
    elif state == BookingState.PENDING:
        session_date.pending_count += delta
    elif state == BookingState.WAITING:
        session_date.waiting_count += delta


def _move(booking, session_date, to_state, recorder, reason, by=None, note=""):
    """Change one booking's state (under its date's lock) with its counters, history and SEQUENCE."""
    from_state = booking.state
    _count(session_date, from_state, -1)
    _count(session_date, to_state, +1)
    booking.state = to_state
    # Every change is sent to the person, so the invitation's SEQUENCE grows with each (RFC 5546).
    booking.ical_sequence += 1
    booking.save(update_fields=["state", "ical_sequence"])
    recorder.record(booking, session_date, from_state, to_state, reason, by=by, note=note)


def _fill_places(session_date, facts, recorder, tell_waiting=True):
    """Move up the first in line into the date's free places; after the cut-off tell them instead."""
    if session_date.waiting_count == 0:
        return
    facts = dataclasses.replace(facts, taken=session_date.taken, waiting=session_date.waiting_count)
    waiting = list(
        Booking.objects.filter(session_date=session_date, state=BookingState.WAITING).order_by(
            "queued_at", "pk"
        )
    )
    promoted = rules.to_move_up(facts, waiting, recorder.now)
    target = BookingState(rules.promoted_state(facts))
    for booking in promoted:
        _move(booking, session_date, target, recorder, MOVED_UP)
    if tell_waiting:
        facts = dataclasses.replace(facts, taken=session_date.taken, waiting=session_date.waiting_count)
        for booking in rules.to_tell_place_open(facts, waiting[len(promoted) :], recorder.now):
            recorder.tell(booking, session_date, booking.state, booking.state, PLACE_OPEN)


def _save_counters(session_dates):
    for session_date in session_dates:
        session_date.save(update_fields=["booked_count", "pending_count", "waiting_count"])


# Booking -----------------------------------------------------------------------------------------


def book(user, event, original_starts: Iterable[dt.datetime] = (), language=None, adjustments="", now=None):
    """Book ``user`` on the given dates of ``event`` (a live EventPage in any language): all or none.

    For an event booked as a whole series the dates are every date of the series, whatever is given.
    Each date is booked, pending approval, or a place in line when it is full. Returns a
    ``BookingResult``; a refusal changes nothing (a double submit is refused as ``already_booked``).
    """
    if not event.live or event.signup != SignupMode.SITE:
        return _refused(Refusal.NO_SIGNUP)
    language = language or event.locale.language_code
    occurrences = Occurrence.objects.filter(event=event).order_by("original_start")
    if event.books_whole_series:
        wanted = [o for o in occurrences if not o.is_cancelled]
    else:
        starts = set(original_starts)
        # Only the dates asked for are read: a weekly series has many.
        wanted = list(occurrences.filter(original_start__in=starts)) if starts else []
        if len(wanted) != len(starts):
            return _refused(Refusal.UNKNOWN_DATE)
    if not wanted:
        return _refused(Refusal.UNKNOWN_DATE)
    for occurrence in wanted:
        occurrence.event = event
    try:
        with transaction.atomic():
            return _book_locked(user, event, wanted, language, adjustments, now)
    except IntegrityError:
        # The constraint refused a second active booking that the lock did not already catch.
        return _refused(Refusal.ALREADY_BOOKED)


def _book_locked(user, event, wanted, language, adjustments, now):
    dates = _locked_for(event, [o.original_start for o in wanted], user)
    # The time is read after the lock, so the waiting list's order is the order requests were accepted.
    now = now or timezone.now()
    by_start = {o.original_start: o for o in wanted}
    facts = [_facts(sd, by_start[sd.original_start]) for sd in dates]
    already = any(sd.has_active for sd in dates)
    decisions = rules.decide_series(facts, now, already_active=already)
    if decisions[0].outcome == Outcome.REFUSED:
        return _refused(decisions[0].reason)
    series_key = uuid.uuid4() if len(dates) > 1 else None
    recorder = _Recorder(now)
    outcomes = []
    for session_date, decision in zip(dates, decisions, strict=True):
        state = BookingState(decision.outcome)
        booking = Booking.objects.create(
            user=user,
            session_date=session_date,
            state=state,
            language=language,
            series_key=series_key,
            adjustment_needs=adjustments if event.asks_adjustments else "",
            created_at=now,
            queued_at=now if state == BookingState.WAITING else None,
        )
        _count(session_date, state, +1)
        reason = {
            BookingState.BOOKED: BOOKED,
            BookingState.PENDING: APPROVAL_REQUESTED,
            BookingState.WAITING: JOINED_WAITING_LIST,
        }[state]
        position = waiting_position(booking)
        recorder.record(booking, session_date, "", state, reason, position=position)
        outcomes.append(
            DateOutcome(
                session_date_id=session_date.pk,
                original_start=session_date.original_start,
                booking_id=booking.pk,
                state=state,
                position=position,
            )
        )
    _save_counters(dates)
    recorder.finish()
    states = {o.state for o in outcomes}
    outcome = (
        Outcome.WAITING
        if BookingState.WAITING in states
        else Outcome.PENDING
        if BookingState.PENDING in states
        else Outcome.BOOKED
    )
    return BookingResult(outcome, dates=tuple(outcomes))


# Cancelling, approving, removing -------------------------------------------------------------


def _as_list(bookings):
    if isinstance(bookings, Booking):
        return [bookings]
    return list(bookings)


def _with_series(booking_ids):
    """The bookings and every active booking made together with them (a series is all or none)."""
    series = set(
        Booking.objects.filter(pk__in=booking_ids, series_key__isnull=False).values_list(
            "series_key", flat=True
        )
    )
    ids = set(booking_ids)
    if series:
        ids |= set(
            Booking.objects.filter(series_key__in=series, state__in=ACTIVE_STATES).values_list(
                "pk", flat=True
            )
        )
    return ids


def cancel(bookings, by=None, reason=None, note="", now=None):
    """Cancel bookings (a whole series together) and move up the first in line, in one transaction.

    ``by`` is who acts: None or the person themself, or an organiser (then the history names them
    and the cancellation is never "late"). A booked place given up after the cancellation deadline
    becomes ``cancelled_late``. Bookings no longer active are left as they are (a double submit).
    """
    ids = _with_series([b.pk for b in _as_list(bookings)])
    with transaction.atomic():
        dates = _locked(Booking.objects.filter(pk__in=ids).values_list("session_date_id", flat=True))
        now = now or timezone.now()
        occurrences = occurrences_for(dates)
        recorder = _Recorder(now)
        for session_date in dates:
            facts = _facts(session_date, occurrences[session_date.pk])
            rows = Booking.objects.filter(pk__in=ids, session_date=session_date, state__in=ACTIVE_STATES)
            for booking in rows.order_by("pk"):
                themself = by is None or by.pk == booking.user_id
                late = themself and booking.state in PLACE_STATES and rules.is_late_cancellation(facts, now)
                _move(
                    booking,
                    session_date,
                    BookingState.CANCELLED_LATE if late else BookingState.CANCELLED,
                    recorder,
                    reason or (BY_PERSON if themself else BY_ORGANISER),
                    by=None if themself else by,
                    note=note,
                )
            _fill_places(session_date, facts, recorder)
        _save_counters(dates)
        return recorder.finish()


def remove(bookings, by, note="", now=None):
    """An organiser takes people off a date (booked, pending or waiting); the next in line moves up."""
    return cancel(bookings, by=by, reason=REMOVED, note=note, now=now)


def _decide_pending(booking, by, to_state, reason, note, now):
    with transaction.atomic():
        [session_date] = _locked([booking.session_date_id])
        now = now or timezone.now()
        recorder = _Recorder(now)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.state == BookingState.PENDING:
            _move(booking, session_date, to_state, recorder, reason, by=by, note=note)
            if to_state != BookingState.BOOKED:
                facts = _facts(session_date, occurrences_for([session_date])[session_date.pk])
                _fill_places(session_date, facts, recorder)
            _save_counters([session_date])
        return recorder.finish()


def approve(booking, by, note="", now=None):
    """The organiser approves a pending booking: it keeps its place and is booked."""
    return _decide_pending(booking, by, BookingState.BOOKED, APPROVED, note, now)


def reject(booking, by, note="", now=None):
    """The organiser rejects a pending booking: its place goes to the first in line."""
    return _decide_pending(booking, by, BookingState.REJECTED, REJECTED, note, now)


# Capacity and the event's changes ----------------------------------------------------------------


def set_capacity(session_date, capacity, now=None):
    """The date now has ``capacity`` places (None: no limit): move up whoever fits, in one transaction.

    The number itself is stored by the editor on the event or the date's change (events); this
    applies it to the waiting list. After the cut-off those waiting are told that a place is free.
    """
    with transaction.atomic():
        [session_date] = _locked([session_date.pk])
        now = now or timezone.now()
        recorder = _Recorder(now)
        facts = _facts(session_date, occurrences_for([session_date])[session_date.pk])
        _fill_places(session_date, dataclasses.replace(facts, capacity=capacity), recorder)
        _save_counters([session_date])
        return recorder.finish()


def apply_event_changes(event_key, now=None):
    """After an event is published: cancelled dates lose their bookings, more places move people up.

    Runs inside the publish's transaction (bookings/receivers.py), so a capacity increase and the
    moves it allows commit together.
    """
    with transaction.atomic():
        ids = SessionDate.objects.filter(event_key=event_key).filter(
            Q(booked_count__gt=0) | Q(pending_count__gt=0) | Q(waiting_count__gt=0)
        )
        dates = _locked(ids.values_list("pk", flat=True))
        now = now or timezone.now()
        occurrences = occurrences_for(dates)
        recorder = _Recorder(now)
        for session_date in dates:
            facts = _facts(session_date, occurrences[session_date.pk])
            if facts.cancelled and now < facts.start:
                active = Booking.objects.filter(session_date=session_date, state__in=ACTIVE_STATES)
                for booking in active.order_by("pk"):
                    _move(booking, session_date, BookingState.CANCELLED, recorder, DATE_CANCELLED)
            elif not facts.cancelled:
                _fill_places(session_date, facts, recorder, tell_waiting=False)
        _save_counters(dates)
        return recorder.finish()


def expire_started(now=None):
    """Dates that have begun: everyone still waiting (or waiting for approval) becomes ``expired``.

    One transaction per date, so no lock is held longer than one date's work. Run every few minutes
    (``manage.py expire_bookings``).
    """
    now = now or timezone.now()
    candidates = list(SessionDate.objects.filter(Q(waiting_count__gt=0) | Q(pending_count__gt=0)))
    started = [pk for pk, facts in facts_for(candidates).items() if rules.should_expire(facts, now)]
    changes = []
    for pk in started:
        with transaction.atomic():
            [session_date] = _locked([pk])
            recorder = _Recorder(now)
            rows = Booking.objects.filter(
                session_date=session_date, state__in=[BookingState.WAITING, BookingState.PENDING]
            )
            for booking in rows.order_by("queued_at", "pk"):
                _move(booking, session_date, BookingState.EXPIRED, recorder, DATE_STARTED)
            _save_counters([session_date])
            changes.extend(recorder.finish().changes)
    return ChangeResult(tuple(changes))


def forget_adjustments(now=None):
    """Delete the answers about adjustments once their date has ended (only what is needed is kept)."""
    now = now or timezone.now()
    dates = list(
        SessionDate.objects.filter(
            pk__in=Booking.objects.exclude(adjustment_needs="").values("session_date_id")
        )
    )
    occurrences = occurrences_for(dates)
    ended = [
        sd.pk
        for sd in dates
        if (occurrences[sd.pk].end if occurrences[sd.pk] else sd.original_start + dt.timedelta(days=1)) < now
    ]
    return (
        Booking.objects.filter(session_date_id__in=ended)
        .exclude(adjustment_needs="")
        .update(adjustment_needs="")
    )


def purge_failed_mails(now=None):
    """Delete the records of failed booking mails older than ``FAILED_MAIL_RETENTION_DAYS``: each holds
    a person's address, and after that long nobody follows it up any more. Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.FAILED_MAIL_RETENTION_DAYS)
    deleted, _by_model = FailedMail.objects.filter(failed_at__lt=cutoff).delete()
    return deleted


# Reading for pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """A date's places as a page shows them, from the counters (no counting, no lock)."""

    capacity: int | None
    booked: int = 0
    pending: int = 0
    waiting: int = 0

    @property
    def places_left(self):
        """None when there is no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.booked - self.pending)

    @property
    def is_full(self):
        return self.capacity is not None and (self.places_left == 0 or self.waiting > 0)


def availability(event, occurrences):
    """{original_start: Availability} for these dates of one event, in one query whatever their number."""
    occurrences = list(occurrences)
    counters = {
        row.original_start: row
        for row in SessionDate.objects.filter(
            event_key=event.translation_key, original_start__in=[o.original_start for o in occurrences]
        )
    }
    result = {}
    for occurrence in occurrences:
        row = counters.get(occurrence.original_start)
        capacity = occurrence.capacity if occurrence.capacity is not None else event.capacity
        result[occurrence.original_start] = Availability(
            capacity=capacity,
            booked=row.booked_count if row else 0,
            pending=row.pending_count if row else 0,
            waiting=row.waiting_count if row else 0,
        )
    return result


def mark_full(occurrences):
    """Set ``is_full`` on these dates of events that take sign-ups here (any number of events), read
    from the counters in one query: what the "Full" badge on "My learning" and path pages asks for."""
    occurrences = [o for o in occurrences if o.event.signup == SignupMode.SITE]
    if not occurrences:
        return
    counters = {
        (row.event_key, row.original_start): row
        for row in SessionDate.objects.filter(
            event_key__in={o.event.translation_key for o in occurrences},
            original_start__in={o.original_start for o in occurrences},
        )
    }
    for occurrence in occurrences:
        row = counters.get((occurrence.event.translation_key, occurrence.original_start))
        occurrence.is_full = Availability(
            capacity=occurrence.places,
            booked=row.booked_count if row else 0,
            pending=row.pending_count if row else 0,
            waiting=row.waiting_count if row else 0,
        ).is_full
