"""Who is asked what, read from the stored facts below: attended bookings (bookings), the dates'
ends (events' occurrences), modules and the sessions of learning paths (events, learning).

Reads only; the writes are in followup/services.py.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from bookings.models import ATTENDED_STATES, Booking
from events.choices import EventType
from events.models import EventPage, Occurrence

from . import rules
from .models import AnswerRequest, Kind, Respondent


@dataclass(frozen=True)
class AttendedDate:
    booking_id: int
    user_id: int
    event_key: object  # UUID
    original_start: dt.datetime
    end: dt.datetime
    language: str


def attended_dates(ended_after, ended_before, user=None, event_keys=None):
    """Attended dates whose end falls in [ended_after, ended_before), oldest first.

    A date's end is its occurrence's (any language: they share it); a date no longer in the series
    (the event unpublished) is not asked about.
    """
    end = (
        Occurrence.objects.filter(
            event__translation_key=OuterRef("session_date__event_key"),
            original_start=OuterRef("session_date__original_start"),
        )
        .order_by()
        .values("end")[:1]
    )
    bookings = (
        Booking.objects.filter(state__in=ATTENDED_STATES)
        .annotate(date_end=Subquery(end))
        .filter(date_end__gte=ended_after, date_end__lt=ended_before)
    )
    if user is not None:
        bookings = bookings.filter(user=user)
    if event_keys is not None:
        bookings = bookings.filter(session_date__event_key__in=event_keys)
    return [
        AttendedDate(
            b.pk, b.user_id, b.session_date.event_key, b.session_date.original_start, b.date_end, b.language
        )
        for b in bookings.select_related("session_date").order_by("date_end", "pk")
    ]


def follow_up_keys(event_keys):
    """The events among ``event_keys`` a follow-up asks about: modules, and sessions on a live path."""
    from learning.models import LearningPathPage

    event_keys = set(event_keys)
    if not event_keys:
        return set()
    keys = set(
        EventPage.objects.filter(translation_key__in=event_keys, event_type=EventType.MODULE).values_list(
            "translation_key", flat=True
        )
    )
    step_event_ids = {
        step.event_id
        for path in LearningPathPage.objects.live().only("steps")
        for step in path.structure.steps
        if step.event_id
    }
    keys |= set(
        EventPage.objects.filter(pk__in=step_event_ids, translation_key__in=event_keys).values_list(
            "translation_key", flat=True
        )
    )
    return keys


def open_evaluations(now, user=None):
    """Attended dates whose evaluation is open at ``now`` (rules.evaluation_open)."""
    return attended_dates(now - rules.EVALUATION_OPEN, now, user=user)


def open_follow_ups(now, user=None):
    """One per person and event: the last attended date of a module or a path's session, when the
    follow-up about it is open at ``now`` (rules.follow_up_open)."""
    window_start = now - rules.FOLLOW_UP_AFTER - rules.FOLLOW_UP_OPEN
    candidates = attended_dates(window_start, now - rules.FOLLOW_UP_AFTER, user=user)
    if not candidates:
        return []
    keys = follow_up_keys({c.event_key for c in candidates})
    # A later attended date of the same event moves the follow-up on (a module's dates together).
    later = {
        (c.user_id, c.event_key)
        for c in attended_dates(
            now - rules.FOLLOW_UP_AFTER, now + dt.timedelta(days=3650), user=user, event_keys=keys
        )
    }
    last = {}
    for c in candidates:  # oldest first: the last one wins
        if c.event_key in keys and (c.user_id, c.event_key) not in later:
            last[(c.user_id, c.event_key)] = c
    return [c for c in last.values() if rules.follow_up_open(c.end, now)]


def answered(user, kind):
    """{(event_key, original_start)} for evaluations, {event_key} for follow-ups, that ``user`` answered."""
    rows = Respondent.objects.filter(user=user, kind=kind).values_list("event_key", "original_start")
    if kind == Kind.FOLLOW_UP:
        return {key for key, _start in rows}
    return set(rows)


def not_yet_asked(items, kind):
    """The items (AttendedDate) no request mail has gone out for."""
    if not items:
        return []
    sent = AnswerRequest.objects.filter(kind=kind, user_id__in={i.user_id for i in items}).values_list(
        "user_id", "event_key", "original_start"
    )
    if kind == Kind.FOLLOW_UP:
        done = {(user_id, key) for user_id, key, _start in sent}
        return [i for i in items if (i.user_id, i.event_key) not in done]
    done = set(sent)
    return [i for i in items if (i.user_id, i.event_key, i.original_start) not in done]
