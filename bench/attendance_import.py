"""How long applying a Teams attendance file to a date takes (issue 20: a 300-row file under 1 s).

Usage: `.venv/bin/python bench/attendance_import.py [--rows 300] [--repeat 5]`, on SQLite; with
`DATABASE_URL=postgres://…` on PostgreSQL. It makes a throwaway test database (Django's test
database, migrated; dropped at the end), one two-hour event date with `--rows` people booked, and a
Teams participants export of those people (UTF-16 with tabs, as Teams downloads it; a tenth of them
absent, a few guests matching nobody). Each run applies the file through
bookings.attendance_import.apply_file (read, plan, marks, history, the import row, in one
transaction) and is then undone, so every run does the whole work; it prints the median and the
slowest run, and the dry run (the admin's preview) beside it.
"""

import argparse
import codecs
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conecto_site.settings.test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


class Undo(Exception):
    pass


def teams_report(people):
    lines = [
        "1. Summary",
        "Meeting title\tBenchmark seminar",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
        "Org Aniser\t11/12/26, 8:58:03 AM\t11/12/26, 11:02:40 AM\t2h 4m\torg@conecto.example\torg@conecto.example\tOrganizer",
    ]
    for number in range(people):
        if number % 10 == 9:
            continue  # absent
        email = f"person{number}@kommun.example"
        lines.append(
            f"Person Nummer {number}\t11/12/26, 9:00:00 AM\t11/12/26, 10:58:00 AM\t"
            f"1h {number % 60}m 5s\t{email.upper() if number % 3 else email}\t{email}\tAttendee"
        )
    for guest in range(people // 20):
        lines.append(f"Gäst {guest}\t11/12/26, 9:00:00 AM\t11/12/26, 9:30:00 AM\t30m\t\t\tAttendee")
    return codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def make_date(people):
    from bookings.factories import BookableEventFactory
    from bookings.models import Booking, BookingState, SessionDate
    from events.factories import EventIndexPageFactory
    from home.factories import swedish_home
    from tests.helpers import publish

    calendar = publish(EventIndexPageFactory(parent=swedish_home()))
    event = BookableEventFactory(
        parent=calendar,
        published=True,
        capacity=people + 10,
        start_date=(timezone.localtime() + dt.timedelta(days=7)).date(),
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
    )
    occurrence = event.occurrences.get()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"person{n}",
                email=f"person{n}@kommun.example",
                first_name="Person",
                last_name=str(n),
            )
            for n in range(people)
        ]
    )
    session_date = SessionDate.objects.create(
        event_key=event.translation_key, original_start=occurrence.original_start, booked_count=people
    )
    now = timezone.now()
    Booking.objects.bulk_create(
        [
            Booking(
                user=user, session_date=session_date, state=BookingState.BOOKED, language="sv", created_at=now
            )
            for user in users
        ]
    )
    return session_date


def measure(session_date, data, repeat, dry_run):
    from bookings.attendance_import import apply_file

    times = []
    for _ in range(repeat):
        started = None
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = apply_file(session_date, data, "bench.csv", None, dry_run=dry_run)
                times.append(time.perf_counter() - started)
                raise Undo
        except Undo:
            pass
    return statistics.median(times) * 1000, max(times) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where one apply spends its time")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        session_date = make_date(args.rows)
        data = teams_report(args.rows)
        print(f"database: {connection.vendor}; {args.rows} booked; file {len(data)} bytes")
        print("| run | median ms | slowest ms | bookings changed | rows matching nobody |")
        print("|---|---:|---:|---:|---:|")
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(measure, session_date, data, 1, False)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            return
        for label, dry_run in (("apply", False), ("dry run (preview)", True)):
            median, slowest, result = measure(session_date, data, args.repeat, dry_run)
            plan = result.plan
            print(f"| {label} | {median:.0f} | {slowest:.0f} | {len(plan.changes)} | {len(plan.unmatched)} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
