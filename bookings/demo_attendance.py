"""Demo attendance: past dates with attendance taken each way, so rosters, "My learning" and the
follow-up figures show real attendance.

- the supervision group's past date: a roster (everyone present, one no-show, one walk-in with an
  account, walk-ins without an account counted per organisation);
- the BIP seminar: people checked themselves in with the date's code;
- the digital Case Management seminar: its first date from a Teams attendance report and its second
  from a Zoom report (bookings/attendance_import.py, when that module is present).

Bookings of past dates are made through the services with the clock a few days before the date, so
the history reads as it would have. Safe to run twice: booking again is refused as already booked,
and marks that are already recorded change nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Organisation
from events.models import EventPage, OccurrenceStatus

from . import attendance, services
from .demo import demo_people, turn_on_signup
from .models import Booking, BookingState, SessionDate

BOOKED_BEFORE = dt.timedelta(days=5)

ROSTER = {
    "slug": "handledningsgrupp-supported-employment",
    "people": ["deltagare", "anna.lind", "sofia.nilsson", "johan.ek"],
    "no_show": ["johan.ek"],
    "walk_in": "erik.holm",
    "without_account": {Organisation.MUNICIPALITY: 2, Organisation.CIVIL_SOCIETY: 1},
}
CHECK_INS = {
    "slug": "seminarium-bip",
    "settings": {"capacity": 30},
    "people": ["deltagare", "omar.hassan", "maria.svensson", "sofia.nilsson", "erik.holm"],
    "checked_in": ["deltagare", "omar.hassan", "maria.svensson", "erik.holm"],
}
FILES = {
    "slug": "digitalt-seminarium-case-management",
    "settings": {"capacity": 50},
    "people": ["deltagare", "anna.lind", "omar.hassan", "maria.svensson", "johan.ek", "sofia.nilsson"],
}


def seed_attendance(demo):
    """Attendance on the demo's past dates; makes no pages (returns 0)."""
    people = demo_people(demo)
    organiser = people.get("arrangor") or _organiser()
    roster_date = _past_date_booked(ROSTER["slug"], {}, [people[p] for p in ROSTER["people"] if p in people])
    if roster_date is not None:
        attendance.mark_all_present(roster_date, by=organiser)
        _mark(
            roster_date,
            [people[p] for p in ROSTER["no_show"] if p in people],
            BookingState.NO_SHOW,
            organiser,
        )
        if ROSTER["walk_in"] in people:
            attendance.add_walk_in(roster_date, people[ROSTER["walk_in"]], by=organiser)
        attendance.set_walk_in_counts(roster_date, ROSTER["without_account"])
    check_in_date = _past_date_booked(
        CHECK_INS["slug"], CHECK_INS["settings"], [people[p] for p in CHECK_INS["people"] if p in people]
    )
    if check_in_date is not None:
        start = check_in_date.original_start
        for username in CHECK_INS["checked_in"]:
            if username in people:
                attendance.check_in(check_in_date, people[username], now=start + dt.timedelta(minutes=5))
    return 0


def _organiser():
    return get_user_model().objects.filter(username="arrangor").first()


def _past_dates(event):
    return list(
        event.occurrences.filter(end__lt=timezone.now())
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("start")
    )


def _past_dates_booked_all(slug, settings, persons):
    """Sign-up on for the event and ``persons`` booked on each of its past dates (a few days before
    it); the dates' rows in date order."""
    event = EventPage.objects.live().filter(slug=slug, locale__language_code="sv").first()
    if event is None:
        return []
    event = turn_on_signup(event, settings)
    rows = []
    for occurrence in _past_dates(event):
        for person in persons:
            services.book(
                person,
                event,
                [occurrence.original_start],
                language="sv",
                now=occurrence.start - BOOKED_BEFORE,
            )
        rows.append(
            SessionDate.objects.get(event_key=event.translation_key, original_start=occurrence.original_start)
        )
    return rows


def _past_date_booked(slug, settings, persons):
    rows = _past_dates_booked_all(slug, settings, persons)
    return rows[-1] if rows else None


def _mark(session_date, persons, state, organiser):
    marks = {
        booking.pk: (state, None)
        for booking in Booking.objects.filter(session_date=session_date, user__in=persons)
    }
    if marks:
        attendance.record(session_date, marks, by=organiser)
