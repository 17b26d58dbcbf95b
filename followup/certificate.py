"""The participant's certificate: their attended dates, hours and completed paths.

The hours follow the funder's definition (docs/followup.md, "Hours attended") through the very
function the reports use, so the certificate and the reports agree. A fixed number of queries
whatever the number of dates (tests/followup/test_certificate.py).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings

from bookings.models import ATTENDED_STATES, Booking, BookingState
from events.models import Occurrence
from learning.models import LearningPathPage, PathCompletion

from . import report_figures as figures

KINDS = {BookingState.ATTENDED: figures.ATTENDED, BookingState.PARTLY_ATTENDED: figures.PARTLY_ATTENDED}


@dataclass(frozen=True)
class Session:
    start: datetime
    title: str
    partly: bool
    minutes: Decimal

    @property
    def hours(self) -> Decimal:
        return figures.hours(self.minutes)


@dataclass(frozen=True)
class Path:
    title: str
    completed_at: datetime


def _rank(page, language):
    """Which language version to show: the page's language, then the site's default, then any;
    a live page before an unpublished one."""
    code = page.locale.language_code
    by_language = 0 if code == language else 1 if code == settings.LANGUAGE_CODE else 2
    return (0 if page.live else 1, by_language)


def session_minutes(state, recorded_minutes, start, end) -> Decimal:
    """The minutes one attended booking counts for (docs/followup.md, hours attended)."""
    return figures.minutes_attended(
        figures.Fact(
            kind=KINDS[state],
            when=start,
            minutes=recorded_minutes,
            scheduled_minutes=int((end - start).total_seconds() // 60),
        )
    )


def attended_sessions(user, language) -> list[Session]:
    """The person's attended and partly attended dates, oldest first. Two queries."""
    bookings = list(
        Booking.objects.filter(user=user, state__in=ATTENDED_STATES)
        .select_related("session_date")
        .order_by("session_date__original_start", "pk")
    )
    if not bookings:
        return []
    occurrences = Occurrence.objects.filter(
        event__translation_key__in={b.session_date.event_key for b in bookings},
        original_start__in={b.session_date.original_start for b in bookings},
    ).select_related("event", "event__locale")
    best = {}
    for occurrence in occurrences:
        key = (occurrence.event.translation_key, occurrence.original_start)
        if key not in best or _rank(occurrence.event, language) < _rank(best[key].event, language):
            best[key] = occurrence
    sessions = []
    for booking in bookings:
        date = booking.session_date
        occurrence = best.get((date.event_key, date.original_start))
        if occurrence is None:  # the date was removed: its length is unknown, as in the reports
            start = end = date.original_start
            title = ""
        else:
            start, end = occurrence.start, occurrence.end
            title = occurrence.display_title
        minutes = session_minutes(booking.state, booking.attended_minutes, start, end)
        sessions.append(
            Session(
                start=occurrence.local_start if occurrence else start,
                title=title,
                partly=booking.state == BookingState.PARTLY_ATTENDED,
                minutes=minutes,
            )
        )
    return sessions


def completed_paths(user, language) -> list[Path]:
    """The paths the person completed, in the order they completed them. Two queries."""
    completions = list(PathCompletion.objects.filter(user=user).order_by("completed_at", "pk"))
    if not completions:
        return []
    best = {}
    pages = LearningPathPage.objects.filter(
        translation_key__in={c.path_key for c in completions}
    ).select_related("locale")
    for page in pages:
        if page.translation_key not in best or _rank(page, language) < _rank(
            best[page.translation_key], language
        ):
            best[page.translation_key] = page
    return [
        Path(title=best[c.path_key].title, completed_at=c.completed_at)
        for c in completions
        if c.path_key in best
    ]


def total_hours(sessions: list[Session]) -> Decimal:
    """Minutes summed, then rounded, as the reports do: the total is the figure the funder gets."""
    return figures.hours(sum((s.minutes for s in sessions), Decimal(0)))


def has_attended(user) -> bool:
    return Booking.objects.filter(user=user, state__in=ATTENDED_STATES).exists()
