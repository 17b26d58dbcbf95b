"""The follow-up reports at the funder's scale (issue 21: every report and export under 300 ms).

Usage: `.venv/bin/python bench/followup_reports.py [--repeat 7]` on SQLite, or with
`--database-url postgres://postgres@127.0.0.1/NAME` on PostgreSQL (a test database ``test_NAME`` is
made beside it and dropped at the end). `make bench` runs it after bench/run.py and appends its
table to bench/results.md (`FOLLOWUP_BENCH_ARGS`).

It makes a throwaway test database (Django's, migrated, the test settings: the reports have no
cache to warm) and writes a programme at the scale of the funder's reporting with ``bulk_create``:
by default 2,500 participants of every organisation type and some sixty member organisations
(a few spelled several ways), 25,000 bookings over 500 dates of 50 events of every type and eight
themes across a year (20,000 of them in attendance states, with their history), walk-in counts,
"tell me about new dates" requests, completed paths, and 10,000 anonymous evaluation and follow-up
answers with their respondents. `--scale` multiplies every count (the smoke test,
tests/bench/test_followup_reports.py, runs at a hundredth).

Then, signed in as a member of the Follow-up group through Django's test client, it asks for every
follow-up report page (each figure by each breakdown it allows), each figure's CSV and XLSX
download, the participant list of the previous month (page, CSV, XLSX) and the evaluation results
(the list of events and the event with the most answers): one untimed request first, then
``--repeat`` timed ones (the body read to its end), with the median, the 95th percentile, the
queries of one request, and the queries of the same request on a programme of ten bookings
(built and rolled back first), which must be the same.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TARGET_MS = 300
THEMES = [
    "Evidensbaserade metoder",
    "Jämställdhet",
    "Samverkan",
    "Psykisk hälsa",
    "Arbetsmarknad",
    "Tillgänglighet",
    "Digitalisering",
    "Ledarskap",
]
MEMBERS = [f"{name} kommun" for name in ("Haninge", "Botkyrka", "Huddinge", "Nynäshamn", "Tyresö")] + [
    f"Organisation {number}" for number in range(55)
]


class Undo(Exception):
    pass


# Building the programme ---------------------------------------------------------------------------


def counts(scale):
    """How many of each thing at ``scale`` (1: the funder's scale)."""
    dates = max(4, round(500 * scale))
    per_date = max(3, round(25_000 * scale / dates))
    return {
        "people": max(12, round(2500 * scale), per_date),
        "events": max(2, min(50, dates // 2)),
        "dates": dates,
        "per_date": per_date,
        # A few of each at any scale, so a small programme reads every kind of fact.
        "answers": max(6, round(10_000 * scale)),
        "interest": max(3, round(1000 * scale)),
        "completions": max(3, round(1000 * scale)),
    }


def build(scale=1.0, seed=21):
    """The programme at ``scale``; returns what the measurements need. Page-by-page only for the
    pages (themes, events, paths: a few dozen); every row of the programme with ``bulk_create``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Gender, Organisation
    from bookings.models import (
        Booking,
        BookingChange,
        BookingState,
        DateInterest,
        SessionDate,
        WalkInCount,
    )
    from events.choices import EventType
    from events.factories import EventIndexPageFactory, EventPageFactory
    from events.models import Occurrence
    from followup.models import Answer, Kind, Respondent, Usage
    from followup.participants import previous_month
    from home.factories import ThemeIndexPageFactory, ThemePageFactory, swedish_home
    from learning.factories import LearningPathIndexPageFactory, LearningPathPageFactory, material_step
    from learning.models import PathCompletion

    size = counts(scale)
    rng = random.Random(seed)  # made-up data, the same each run
    now = timezone.now()
    zone = timezone.get_current_timezone()
    home = swedish_home()
    theme_index = ThemeIndexPageFactory(parent=home, published=True)
    themes = [ThemePageFactory(parent=theme_index, title=title, published=True) for title in THEMES]
    calendar = EventIndexPageFactory(parent=home, published=True)
    types = list(EventType.values)
    events = []
    for number in range(size["events"]):
        event = EventPageFactory(
            parent=calendar,
            title=f"Programmets tillfälle {number}",
            slug=f"tillfalle-{number}",
            event_type=types[number % len(types)],
            start_date=(now - dt.timedelta(days=400)).date(),
            themes=[themes[number % len(themes)]]
            + ([themes[(number + 3) % len(themes)]] if number % 3 else []),
            published=True,
        )
        events.append(event)
    path_index = LearningPathIndexPageFactory(parent=home, published=True)
    paths = [
        LearningPathPageFactory(
            parent=path_index,
            title=f"Lärväg {number}",
            slug=f"larvag-{number}",
            steps=[material_step("Läs")],
            themes=[themes[number % len(themes)]],
            published=True,
        )
        for number in range(5)
    ]

    # The dates: a tenth ahead, the rest over the past year, two or three hours long.
    past = size["dates"] - max(1, size["dates"] // 10)
    occurrences, starts = [], []
    for number in range(size["dates"]):
        if number == past - 2:
            # One date in the middle of last month, whatever the scale: the participant list's month.
            day = previous_month(timezone.localdate()) + dt.timedelta(days=14)
        elif number < past:
            day = (now - dt.timedelta(days=363 * (past - number) / past + 2)).date()
        else:
            day = (now + dt.timedelta(days=2 + 60 * (number - past) / (size["dates"] - past))).date()
        start = dt.datetime.combine(day, dt.time(9 if number % 2 else 13), tzinfo=zone)
        event = events[number % len(events)]
        end = start + dt.timedelta(hours=2 + number % 2)
        occurrences.append(Occurrence(event=event, start=start, end=end, original_start=start))
        starts.append((event, start))
    Occurrence.objects.bulk_create(occurrences, batch_size=500)
    session_dates = SessionDate.objects.bulk_create(
        [SessionDate(event_key=event.translation_key, original_start=start) for event, start in starts],
        batch_size=500,
    )

    User = get_user_model()
    organisations = list(Organisation.values)
    genders = [*Gender.values, Gender.NOT_SAID, Gender.WOMAN, Gender.WOMAN, Gender.MAN]
    people = []
    for number in range(size["people"]):
        member = MEMBERS[number % len(MEMBERS)]
        if number % 17 == 0:
            member = f"  {member.upper()} "  # spelled another way: one group all the same
        people.append(
            User(
                username=f"deltagare{number}",
                email=f"deltagare{number}@example.org",
                first_name="Deltagare",
                last_name=str(number),
                organisation=organisations[number % len(organisations)] if number % 23 else "",
                organisation_name=member if number % 19 else "",
                gender=genders[number % len(genders)],
                password=make_password(None),  # no one signs in as them
            )
        )
    people = User.objects.bulk_create(people, batch_size=1000)

    # Bookings: ``per_date`` different people a date; past dates in attendance states (four in five
    # bookings of the whole programme), the rest still booked, cancelled, expired; dates ahead booked
    # or waiting.
    past_slots = past * size["per_date"]
    # At least one still booked and one expired, so that even a small programme reads every state.
    attendance = min(round(past_slots * 20_000 / 22_500), past_slots - 2)
    past_states = (
        [BookingState.ATTENDED] * (attendance - attendance * 4 // 20)
        + [BookingState.PARTLY_ATTENDED] * (attendance * 3 // 40)
        + [BookingState.NO_SHOW] * (attendance * 4 // 20 - attendance * 3 // 40)
    )
    rest = past_slots - len(past_states)
    past_states += (
        [BookingState.BOOKED] * max(1, rest // 5)
        + [BookingState.EXPIRED] * max(1, rest // 3)
        + [BookingState.CANCELLED] * (rest - max(1, rest // 5) - max(1, rest // 3))
    )
    rng.shuffle(past_states)
    bookings = []
    stride = max(1, len(people) // size["per_date"]) if size["per_date"] * 2 < len(people) else 1
    for number, session_date in enumerate(session_dates):
        for slot in range(size["per_date"]):
            person = people[(number * 37 + slot * stride) % len(people)]
            if number < past:
                state = past_states[number * size["per_date"] + slot]
            else:
                state = BookingState.WAITING if slot % 8 == 7 else BookingState.BOOKED
            made = session_date.original_start - dt.timedelta(days=10 + slot % 20)
            minutes = None
            if state == BookingState.PARTLY_ATTENDED and slot % 2:
                minutes = 45 + slot
            elif state == BookingState.ATTENDED and slot % 5 == 0:
                minutes = 100 + slot
            bookings.append(
                Booking(
                    user=person,
                    session_date=session_date,
                    state=state,
                    language="sv" if slot % 6 else "en",
                    created_at=made,
                    attended_minutes=minutes,
                    attendance_source="roster" if state in ("attended", "partly_attended", "no_show") else "",
                )
            )
    bookings = Booking.objects.bulk_create(bookings, batch_size=1000)

    # Their history as the bookings app writes it: booked (or in line) first, then what happened. One
    # attended booking in forty was made at the door.
    changes = []
    for number, booking in enumerate(bookings):
        at_the_door = booking.state == BookingState.ATTENDED and number % 40 == 0
        first = (
            booking.state
            if at_the_door
            else BookingState.WAITING
            if booking.state in (BookingState.EXPIRED, BookingState.WAITING)
            else BookingState.BOOKED
        )
        changes.append(
            BookingChange(
                booking=booking,
                at=booking.created_at,
                from_state="",
                to_state=first,
                reason="walk_in" if at_the_door else "booking",
            )
        )
        if first != booking.state:
            changes.append(
                BookingChange(
                    booking=booking,
                    at=booking.session_date.original_start + dt.timedelta(hours=3),
                    from_state=first,
                    to_state=booking.state,
                    reason="attendance",
                )
            )
    BookingChange.objects.bulk_create(changes, batch_size=2000)
    WalkInCount.objects.bulk_create(
        [
            WalkInCount(
                session_date=session_date,
                organisation=organisations[number % len(organisations)],
                count=1 + number % 8,
            )
            for number, session_date in enumerate(session_dates[:past])
            if number % 5 == 0 or number == past - 1  # the last one too: a recent period has one
        ],
        batch_size=500,
    )
    DateInterest.objects.bulk_create(
        [
            DateInterest(
                user=people[number % len(people)],
                event_key=events[(number // len(people)) % len(events)].translation_key,
                language="sv",
                created_at=now - dt.timedelta(days=number % 360, hours=1),
            )
            for number in range(size["interest"])
        ],
        batch_size=1000,
    )
    completions = PathCompletion.objects.bulk_create(
        [
            PathCompletion(
                user=people[number % len(people)],
                path_key=paths[(number // len(people)) % len(paths)].translation_key,
            )
            for number in range(size["completions"])
        ],
        batch_size=1000,
    )
    # completed_at is set on creation (auto_now_add): spread over the year afterwards, a month a batch.
    for month in range(12):
        PathCompletion.objects.filter(pk__in=[c.pk for c in completions[month::12]]).update(
            completed_at=now - dt.timedelta(days=30 * month + 1)
        )

    # Answers: four in five evaluations of attended dates, the rest follow-ups of an event; each with
    # its respondent (who answered), unlinked from the answer as followup/services.py writes them.
    attended = [b for b in bookings if b.state in (BookingState.ATTENDED, BookingState.PARTLY_ATTENDED)]
    rng.shuffle(attended)
    evaluations = min(len(attended), size["answers"] * 4 // 5)
    usages = list(Usage.values)
    answers, respondents, followed = [], [], set()
    for number, booking in enumerate(attended[:evaluations]):
        start = booking.session_date.original_start
        given = start + dt.timedelta(days=1 + number % 6)
        year, week, _day = given.isocalendar()
        answers.append(
            Answer(
                kind=Kind.EVALUATION,
                event_key=booking.session_date.event_key,
                original_start=start,
                organisation=booking.user.organisation,
                week=f"{year}-W{week:02d}",
                can_apply=1 + (number * 7) % 5 if number % 11 else 5,
                usefulness=1 + (number * 3) % 5,
                comment="Bra exempel från praktiken." if number % 5 == 0 else "",
            )
        )
        respondents.append(
            Respondent(
                user=booking.user,
                kind=Kind.EVALUATION,
                event_key=booking.session_date.event_key,
                original_start=start,
                answered_at=given,
            )
        )
    for booking in attended[evaluations:]:
        if len(answers) >= size["answers"]:
            break
        key = (booking.user_id, booking.session_date.event_key)
        if key in followed:
            continue
        followed.add(key)
        start = booking.session_date.original_start
        given = min(now, start + dt.timedelta(days=90))
        year, week, _day = given.isocalendar()
        answers.append(
            Answer(
                kind=Kind.FOLLOW_UP,
                event_key=booking.session_date.event_key,
                original_start=start,
                organisation=booking.user.organisation,
                week=f"{year}-W{week:02d}",
                usage=usages[len(answers) % len(usages)],
                comment="Handledningen hjälpte." if len(answers) % 7 == 0 else "",
            )
        )
        respondents.append(
            Respondent(
                user=booking.user,
                kind=Kind.FOLLOW_UP,
                event_key=booking.session_date.event_key,
                original_start=start,
                answered_at=given,
            )
        )
    rng.shuffle(answers)
    Answer.objects.bulk_create(answers, batch_size=1000)
    Respondent.objects.bulk_create(respondents, batch_size=1000)

    reader = User.objects.create_user("uppfoljare", "uppfoljare@example.org", "!", first_name="Maria")
    reader.groups.add(Group.objects.get(name="Follow-up"))
    by_event = Counter(answer.event_key for answer in answers)
    busiest = by_event.most_common(1)[0][0] if by_event else events[0].translation_key
    return {
        "reader": reader,
        "rows": {
            "participants": len(people),
            "bookings": len(bookings),
            "attendance rows": sum(
                1 for b in bookings if b.state in ("attended", "partly_attended", "no_show")
            ),
            "history rows": len(changes),
            "answers": len(answers),
            "dates": len(session_dates),
            "events": len(events),
        },
        "busiest_event": busiest,
    }


def gather_statistics():
    """On PostgreSQL, the planner statistics autovacuum would gather soon after a bulk load (as in
    bench/run.py): a programme in use has them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# The requests -------------------------------------------------------------------------------------


def requests(busiest_event):
    """(name, path) of every follow-up view the Follow-up group uses."""
    from django.utils import timezone

    from followup import report_figures as figures
    from followup.participants import previous_month

    rows = []
    for key, figure in figures.FIGURES.items():
        for by in figures.BREAKDOWNS:
            if by not in figure.not_by:
                rows.append((f"report: {key} by {by}", f"/admin/reports/followup/?figure={key}&by={by}"))
    for key in figures.FIGURES:
        by = figures.BY_THEME
        for export in ("csv", "xlsx"):
            rows.append(
                (
                    f"report {export.upper()}: {key} by {by}",
                    f"/admin/reports/followup/?figure={key}&by={by}&export={export}",
                )
            )
    year_ago = (timezone.localdate() - dt.timedelta(days=182)).isoformat()
    rows.append(
        (
            "report: participants by month, last half year",
            f"/admin/reports/followup/?figure=participants&by=month&period_from={year_ago}&period_to={timezone.localdate()}",
        )
    )
    month = f"{previous_month():%Y-%m}"
    rows += [
        ("participant list (previous month)", f"/admin/reports/participant-list/?month={month}"),
        ("participant list CSV", f"/admin/reports/participant-list/?month={month}&export=csv"),
        ("participant list XLSX", f"/admin/reports/participant-list/?month={month}&export=xlsx"),
        ("evaluation results: events", "/admin/evaluations/"),
        ("evaluation results: busiest event", f"/admin/evaluations/{busiest_event}/"),
    ]
    return rows


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def get(client, path):
    """One request, its body read to the end (a download streams); (status, bytes)."""
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body)


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        get(client, path)
    return len(queries)


def measure(client, paths, repeat):
    rows = []
    for name, path in paths:
        started, cpu_started = time.perf_counter(), time.process_time()
        status, size = get(client, path)  # untimed: the first request pays for imports and templates
        # --repeat 0 (the smoke test): only that one.
        samples, cpu = [(time.perf_counter() - started) * 1000], [(time.process_time() - cpu_started) * 1000]
        if repeat:
            samples, cpu = [], []
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            get(client, path)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        rows.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "bytes": size,
                "p50": statistics.median(samples),
                "p95": percentile(samples, 0.95),
                "cpu": statistics.median(cpu),
                "queries": count_queries(client, path),
            }
        )
        print(
            f"{name}: p50 {rows[-1]['p50']:.0f} ms, p95 {rows[-1]['p95']:.0f} ms", file=sys.stderr, flush=True
        )
    return rows


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def small_query_counts(paths_for):
    """Queries per request on a programme of ten bookings, built and rolled back."""
    from django.db import transaction

    found = {}
    try:
        with transaction.atomic():
            built = build(scale=10 / 25_000, seed=7)
            client = client_for(built["reader"])
            for name, path in paths_for(built["busiest_event"]):
                get(client, path)
                found[name] = (count_queries(client, path), built["rows"]["bookings"])
            raise Undo
    except Undo:
        pass
    return found


def run(scale, repeat, profile=None):
    """Build, measure, and return the rows and what was built (the smoke test calls this too)."""
    small = small_query_counts(requests)
    started = time.perf_counter()
    built = build(scale)
    gather_statistics()
    build_seconds = time.perf_counter() - started
    client = client_for(built["reader"])
    paths = requests(built["busiest_event"])
    if profile:
        for name in profile.split(","):
            print(f"--- {name}")
            profile_one(client, dict(paths).get(name, name))
        return None
    # The garbage collector tuned as in each gunicorn worker (site/wsgi.py): with Python's default
    # thresholds a full collection of this process's heap lands in one request of a few.
    from conecto_site.runtime import tune_garbage_collection

    tune_garbage_collection()
    rows = measure(client, paths, repeat)
    for row in rows:
        row["small_queries"], small_bookings = small.get(row["name"], (None, 0))
    return {
        "rows": rows,
        "built": built["rows"],
        "build_seconds": build_seconds,
        "small_bookings": small_bookings,
    }


def profile_one(client, path):
    """cProfile of one request in CPU time (``time.process_time``: steady on a shared machine; on
    PostgreSQL the server's own work is not in it), by own and by total time, and its queries."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get(client, path)
    with CaptureQueriesContext(connection) as queries:
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(get, client, path)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(60)
    for query in queries.captured_queries:
        print(f"{query['time']} s  {query['sql'][:300]}")


# The table ----------------------------------------------------------------------------------------


def load_average():
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def report(result, args, vendor, load_before, load_after, started):
    rows = result["rows"]
    built = result["built"]
    slow = [row for row in rows if row["p95"] >= TARGET_MS]
    grew = [
        row for row in rows if row["small_queries"] is not None and row["small_queries"] != row["queries"]
    ]
    lines = [
        f"### {vendor_label(vendor)}: follow-up reports at {args.scale:g} × the funder's scale",
        "",
        f"`bench/followup_reports.py` on {started:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores "
        f"({platform.machine()}, {platform.node()}), Python {platform.python_version()}; load average "
        f"(1 / 5 / 15 min) {load_before} before, {load_after} after. "
        f"Built in {result['build_seconds']:.0f} s: {built['participants']:,} participants, "
        f"{built['bookings']:,} bookings ({built['attendance rows']:,} in attendance states, "
        f"{built['history rows']:,} history rows) over {built['dates']:,} dates of {built['events']} events, "
        f"{built['answers']:,} answers. Django's test client signed in as a Follow-up group member; "
        f"{args.repeat} timed requests per row after one untimed; the body read to its end; CPU ms is "
        "this process's CPU time per request (SQLite's work included, PostgreSQL's not). "
        f'"Queries, {result["small_bookings"]} bookings": the same request on a programme of '
        f"{result['small_bookings']} bookings.",
        "",
        "| request | status | p50 ms | p95 ms | CPU ms (p50) | queries | queries, small programme | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        small = "–" if row["small_queries"] is None else str(row["small_queries"])
        lines.append(
            f"| {row['name']} | {row['status']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['cpu']:.0f} | "
            f"{row['queries']} | "
            f"{small} | {row['bytes']:,} |"
        )
    lines += [
        "",
        (
            f"Every row under {TARGET_MS} ms at p95."
            if not slow
            else f"{len(slow)} of {len(rows)} rows at or over {TARGET_MS} ms at p95: "
            + ", ".join(row["name"] for row in slow)
            + "."
        )
        + (
            " Query counts the same as on the small programme."
            if not grew
            else " Query counts that differ from the small programme's: "
            + ", ".join(r["name"] for r in grew)
            + "."
        ),
        "",
    ]
    return "\n".join(lines)


def vendor_label(vendor):
    if vendor == "postgresql":
        from django.db import connection

        return f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def setup(database_url):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "conecto_site.settings.test"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="times the funder's scale (1: 25,000 bookings)"
    )
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per row")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--append", type=Path, help="append the table to this file (bench/results.md)")
    parser.add_argument(
        "--profile", help="cProfile requests (rows' names or paths, comma-separated) and list their queries"
    )
    args = parser.parse_args()
    setup(args.database_url)

    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()
    started = dt.datetime.now(dt.UTC)
    load_before = load_average()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with translation.override("sv"):
            result = run(args.scale, args.repeat, profile=args.profile)
        if result is None:
            return
        text = report(result, args, connection.vendor, load_before, load_average(), started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(text)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
