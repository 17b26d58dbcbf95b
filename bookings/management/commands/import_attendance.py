"""python manage.py import_attendance FILE --event <id or URL path> --date YYYY-MM-DD [--dry-run]

The same import as the admin's (bookings/attendance_import.py): the file's rows matched to the date's
bookings by e-mail or Teams UPN, statuses from the minutes. Prints what changes and the rows that
match nobody; any bad input (unknown event, no date that day, a bad file, no sign-up here) exits
non-zero with the reason and changes nothing.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.utils import timezone

from bookings.attendance import AttendanceError
from bookings.attendance_files import MAX_BYTES, AttendanceFileError
from bookings.attendance_import import KEPT, apply_file
from bookings.models import SessionDate
from bookings.services import session_dates_for
from events.models import EventPage, SignupMode
from home.ids import database_id


def find_event(value):
    """An EventPage by id or by URL path ("/sv/kalender/slug/", "/kalender/slug/"); None unless one."""
    value = str(value).strip()
    if value.isdigit():
        page_id = database_id(value)  # a number no page can have finds none
        return EventPage.objects.filter(pk=page_id).first() if page_id else None
    path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
    slug = path.rstrip("/").rpartition("/")[2]
    matches = []
    # Only the pages with that slug: their URL paths are compared as import_ics --parent does.
    for page in EventPage.objects.filter(slug=slug):
        paths = {page.url_path, "/" + page.url_path.strip("/").partition("/")[2] + "/"}
        url_parts = page.get_url_parts()
        if url_parts:
            paths.add(url_parts[2])
        if path in paths:
            matches.append(page)
    return matches[0] if len(matches) == 1 else None


def find_session_date(event, day):
    """The event's date starting on ``day`` (local time); CommandError unless exactly one."""
    starts = [
        occurrence.original_start
        for occurrence in event.occurrences.order_by("start")
        if timezone.localtime(occurrence.start).date() == day
    ]
    if not starts:
        raise CommandError(f"The event {event.title!r} has no date on {day.isoformat()}.")
    if len(starts) > 1:
        raise CommandError(f"The event {event.title!r} has {len(starts)} dates on {day.isoformat()}.")
    existing = SessionDate.objects.filter(event_key=event.translation_key, original_start=starts[0]).first()
    # A date nobody has booked has no row yet; the plan needs none (and a dry run writes none).
    return existing or SessionDate(event_key=event.translation_key, original_start=starts[0])


def _minutes(value):
    return "" if value is None else f", {value} min"


def report_lines(result):
    plan = result.plan
    verb = "would change" if result.dry_run else "changed"
    lines = []
    for change in plan.bookings:
        if change.changes:
            lines.append(
                f"{verb}: {change.name} <{change.email}>: {change.from_state}{_minutes(change.from_minutes)}"
                f" -> {change.to_state}{_minutes(change.to_minutes)} (matched by {change.how})"
            )
        elif change.how == KEPT:
            lines.append(f"kept: {change.name} <{change.email}>: {change.to_state} (not in the file)")
    for walk_in in plan.walk_ins:
        added = "would add" if result.dry_run else "added"
        lines.append(
            f"{added} walk-in: {walk_in.name} <{walk_in.email}>: {walk_in.to_state}, {walk_in.minutes} min"
        )
    for row in plan.unmatched:
        lines.append(f"not matched: {row.name or '-'} <{row.email}>, {row.minutes} min")
    for problem in plan.problems:
        lines.append(f"skipped: {problem}")
    if result.date_mismatch:
        lines.append(f"warning: the meeting in the file started on {result.date_mismatch.isoformat()}")
    lines.append(
        f"{len(plan.changes)} bookings {verb}, {len(plan.walk_ins)} walk-ins, "
        f"{len(plan.unmatched)} rows not matched."
    )
    if result.dry_run:
        lines.append("Dry run: nothing was saved.")
    return lines


class Command(BaseCommand):
    help = (
        "Apply a Teams or Zoom attendance report to one date of an event with sign-up on this site. "
        "The same file twice changes nothing; any error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", metavar="FILE", help="the attendance report (.csv) as Teams or Zoom exports it"
        )
        parser.add_argument(
            "--event", required=True, help="the event page: its id or its URL path (e.g. /sv/kalender/slug/)"
        )
        parser.add_argument("--date", required=True, help="the date's day, YYYY-MM-DD (Europe/Stockholm)")
        parser.add_argument("--dry-run", action="store_true", help="show what would change without saving")

    @no_translations  # English output and errors, whatever the shell's or the site's language
    def handle(self, *args, file, event, date, dry_run, **options):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date like 2026-11-12.") from None
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{file}: the file is too large to be an attendance report.")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from None
        page = find_event(event)
        if page is None:
            raise CommandError(f"No event page matches --event {event!r} (give its id or URL path).")
        page = page.specific
        if not page.live or page.signup != SignupMode.SITE:
            raise CommandError(f"The event {page.title!r} does not take sign-ups on this site.")
        session_date = find_session_date(page, day)
        try:
            with transaction.atomic():  # the date's new row too is kept only if the import is
                if session_date.pk is None and not dry_run:
                    # The row every change of the date locks.
                    [session_date] = session_dates_for(page, [session_date.original_start])
                result = apply_file(session_date, data, path.name, by=None, dry_run=dry_run)
        except AttendanceFileError as error:
            raise CommandError(f"{file}: nothing was changed: {error}") from None
        except AttendanceError as error:
            raise CommandError(f"Nothing was changed: {error.message}") from None
        if result.already_applied:
            self.stdout.write(f"{file}: this file has already been applied to this date; nothing changed.")
            return
        for line in report_lines(result):
            self.stdout.write(line)
