"""Demo attendance: past dates with attendance taken each way, so rosters, "My learning" and the
follow-up figures show real attendance.

- the supervision group's past date: a roster (everyone present, one no-show, one walk-in with an
  account, walk-ins without an account counted per organisation);
- the BIP seminar: people checked themselves in with the date's code;
- the digital Case Management seminar: its first date from a Teams attendance report and its second
  from a Zoom report (files made here, in the form those programs export, applied through
  bookings/attendance_import.py as an organiser's upload would be).

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
from .attendance_import import apply_file
from .demo import demo_people, turn_on_signup
from .models import Booking, BookingState, SessionDate
from .services import occurrences_for

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
    file_dates = _past_dates_booked_all(
        FILES["slug"], FILES["settings"], [people[p] for p in FILES["people"] if p in people]
    )
    makers = [teams_report, zoom_report]
    for session_date, make_report in zip(file_dates[-2:], makers, strict=False):
        occurrence = occurrences_for([session_date])[session_date.pk]
        if occurrence is None:
            continue
        name, data = make_report(occurrence, people)
        apply_file(session_date, data, name, by=organiser, now=occurrence.end + dt.timedelta(hours=2))
    return 0


# Who was in the digital seminar and for how many of its 90 minutes (joins, in minutes from the start).
TEAMS_JOINS = {
    "deltagare": [(0, 90)],
    "anna.lind": [(10, 50)],  # partly
    "omar.hassan": [(-2, 91)],
    "johan.ek": [(0, 88)],
    "sofia.nilsson": [(5, 85)],
    # maria.svensson did not come: a no-show
}
ZOOM_JOINS = {
    "deltagare": [(-1, 40), (45, 90)],  # lost the connection once
    "anna.lind": [(0, 90)],
    "omar.hassan": [(0, 30)],  # partly
    "maria.svensson": [(2, 89)],
    "johan.ek": [(0, 45), (47, 90)],
}
GUEST = ("Gäst från Tyresö", "gast@tyreso.example")


def _local(moment):
    return timezone.localtime(moment)


def _duration(minutes):
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m 0s" if hours else f"{minutes}m 0s"


def teams_report(occurrence, people):
    """A Teams attendance report (UTF-16, tab-separated, its three sections) for the demo people."""
    start = _local(occurrence.start)

    def at(minutes):
        moment = start + dt.timedelta(minutes=minutes)
        return (
            f"{moment:%m/%d/%y}, {moment.hour % 12 or 12}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"
        )

    rows = [("Karin Åberg", [(-10, 95)], "arrangor@example.org", "Organizer")]
    rows += [
        (f"{people[u].first_name} {people[u].last_name}", joins, people[u].email, "Attendee")
        for u, joins in TEAMS_JOINS.items()
        if u in people
    ]
    rows.append((GUEST[0], [(20, 30)], GUEST[1], "Attendee"))
    lines = [
        "1. Summary",
        f"Meeting title\t{occurrence.event.title}",
        f"Attended participants\t{len(rows)}",
        f"Start time\t{at(-10)}",
        f"End time\t{at(95)}",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for name, joins, email, role in rows:
        total = sum(end - begin for begin, end in joins)
        lines.append(
            f"{name}\t{at(joins[0][0])}\t{at(joins[-1][1])}\t{_duration(total)}\t{email}\t{email}\t{role}"
        )
    lines += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for name, joins, email, role in rows:
        for begin, end in joins:
            lines.append(f"{name}\t{at(begin)}\t{at(end)}\t{_duration(end - begin)}\t{email}\t{role}")
    return f"teams-{start:%Y-%m-%d}.csv", "\r\n".join(lines).encode("utf-16")


def zoom_report(occurrence, people):
    """A Zoom participant report with its meeting block, one row per join, for the demo people."""
    start = _local(occurrence.start)

    def at(minutes):
        return f"{start + dt.timedelta(minutes=minutes):%m/%d/%Y %I:%M:%S %p}"

    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        f'"845 1200 3300",{occurrence.event.title.replace(",", " ")},{at(-5)},{at(92)},arrangor@example.org,97,7',
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
        f"Karin Åberg,arrangor@example.org,{at(-5)},{at(92)},97,No",
    ]
    for username, joins in ZOOM_JOINS.items():
        if username in people:
            person = people[username]
            for begin, end in joins:
                lines.append(
                    f"{person.first_name} {person.last_name},{person.email},{at(begin)},{at(end)},{end - begin},No"
                )
    lines.append(f"{GUEST[0]},,{at(15)},{at(20)},5,Yes")
    return f"zoom-{start:%Y-%m-%d}.csv", "\r\n".join(lines).encode("utf-8-sig")


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
