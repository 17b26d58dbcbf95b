"""`make loadtest`: mixed traffic against gunicorn on PostgreSQL and Redis while an editor publishes.

Production settings, gunicorn with several workers, a fresh PostgreSQL database with the demo and an
imported programme, the Redis cache. For ``--seconds`` a pool of client threads sends, at random by
weight: anonymous page views, calendar feed fetches with conditional requests (each client keeps
the ETag it was given), sign-ups and cancellations by signed-in people on two popular dates with far
fewer places than people, self check-ins on a date starting now, "My learning", and the follow-up
report as the Follow-up group sees it. Meanwhile an editor publishes a new title of one event every
``--publish-every`` seconds.

Afterwards it checks, and exits 1 unless all hold:

- no error: no 5xx, no refused connection, every answer the one expected of its kind;
- nothing stale: every page or feed fetched after a publish had committed shows that title or a later
  one (the site's policy: a publish is seen at once, bench/results.md and README "The public page
  cache"); a 304 counts as the copy its ETag belongs to;
- no occurrence lost or doubled: each event keeps the dates it had, each once;
- no overbooking and exact waiting lists: on each date the counters equal the bookings, booked places
  never exceed the capacity, and nobody waits while a place is free.

The report (requests, errors, requests per second sustained, p50 and p95 per kind, the checks, the load
averages) goes to ``--out`` (bench/loadtest.md). ``--smoke`` runs it at a tiny size in seconds, as CI
does (tests/bench/test_loadtest_smoke.py).
"""

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import programme
import run as bench

ROOT = Path(__file__).resolve().parents[1]
# How often each kind of request is picked (out of the sum).
WEIGHTS = {
    "page": 35,
    "edited event page": 10,
    "feed": 20,
    "sign-up": 12,
    "cancel": 5,
    "check-in": 6,
    "my learning": 7,
    "follow-up report": 5,
}
EXPECTED = {
    "page": {200},
    "edited event page": {200},
    "feed": {200, 304},
    "sign-up": {303},
    "cancel": {303},
    "check-in": {200},
    "my learning": {200},
    "follow-up report": {200},
}
MARK = re.compile(r" · (\d+)")


class Publishes:
    """The editor's publishes: number n committed at time t (perf_counter)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.committed = [(0, 0.0)]

    def add(self, number):
        with self.lock:
            self.committed.append((number, time.perf_counter()))

    def latest_before(self, moment):
        with self.lock:
            return max(number for number, at in self.committed if at <= moment)


def mark_in(text):
    found = [int(n) for n in MARK.findall(text)]
    return max(found) if found else 0


def build(env, directory, args):
    bench.migrate_database(env)
    bench.manage(env, "seed_demo", "--allow-production")
    bench.manage(env, "collectstatic", "--no-input")
    today = dt.date.today()
    for number, text in enumerate(programme.calendars(args.events, today, "sv")):
        source = directory / f"programme-{number}.ics"
        source.write_text(text, encoding="utf-8")
        bench.manage(env, "import_ics", str(source), "--parent", "/sv/kalender/")
    bench.setup_django(env)
    bench.gather_statistics()


def prepare(args):
    """Everything the clients need: paths, people with sessions, the popular dates."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse
    from django.utils import timezone, translation

    from bookings.check_in import token_for
    from bookings.models import SessionDate
    from events.models import EventPage, SignupMode

    weekly = EventPage.objects.get(ical_uid="bench-0@conecto-bench", locale__language_code="sv")
    edited = EventPage.objects.get(ical_uid="bench-1@conecto-bench", locale__language_code="sv")
    now_event = EventPage.objects.get(ical_uid="bench-2@conecto-bench", locale__language_code="sv")
    places = max(2, args.people // 4)
    popular = []
    for number in range(2):
        path, start, requests = bench.prepare_rush(
            weekly, args.people, places, date_number=number, prefix=f"l{number}"
        )
        people = [
            (cookie, parse_qs(body)["csrfmiddlewaretoken"][0], body, user_of(cookie))
            for cookie, body in requests
        ]
        popular.append({"path": path, "start": start, "people": people})

    # A date that starts in ten minutes: its check-in is open (30 minutes before to 15 after the start).
    start = timezone.localtime() + dt.timedelta(minutes=10)
    end = min(start + dt.timedelta(hours=1), start.replace(hour=23, minute=59))
    now_event.start_date, now_event.start_time, now_event.end_time = start.date(), start.time(), end.time()
    now_event.end_date = None
    now_event.signup, now_event.capacity = SignupMode.SITE, 10_000
    now_event.save_revision().publish()
    occurrence = now_event.occurrences.get()
    session_date, _ = SessionDate.objects.get_or_create(
        event_key=now_event.translation_key, original_start=occurrence.original_start
    )
    User = get_user_model()
    arriving = User.objects.bulk_create(
        [User(username=f"arrive-{n}", email=f"arrive-{n}@example.org") for n in range(args.people)]
    )
    with translation.override("sv"):
        check_in_path = reverse("check_in", kwargs={"token": token_for(session_date)})
        my_learning = reverse("my_learning")
    reader = User.objects.create(
        username="load-follow-up", email="load-follow-up@example.org", is_active=True
    )
    reader.groups.add(Group.objects.get(name="Follow-up"))
    (report_cookie, _token), *_ = bench.signed_in([reader])
    return {
        "pages": ["/sv/", "/sv/kalender/", weekly.url, now_event.url],
        "edited": edited,
        "edited_path": edited.url,
        "feed": "/sv/feeds/events.ics",
        "popular": popular,
        "check_in": (check_in_path, bench.signed_in(arriving)),
        "my_learning": my_learning,
        "report": ("/admin/reports/followup/", report_cookie),
        "weekly": weekly,
    }


def user_of(cookie):
    """The id of the person whose session the cookie carries."""
    from importlib import import_module

    from django.conf import settings

    key = re.search(rf"{re.escape(settings.SESSION_COOKIE_NAME)}=([^;]+)", cookie).group(1)
    return int(import_module(settings.SESSION_ENGINE).SessionStore(key)["_auth_user_id"])


def request(port, method, path, headers=None, body=None):
    import http.client

    conn = http.client.HTTPConnection(bench.HOST, port, timeout=60)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers={"Host": f"{bench.HOST}:{port}", **(headers or {})})
        response = conn.getresponse()
        content = response.read()
        return (
            started,
            (time.perf_counter() - started) * 1000,
            response.status,
            dict(response.getheaders()),
            content,
        )
    finally:
        conn.close()


class Clients:
    """The shared state of the client threads: who may book, cancel or check in next."""

    def __init__(self, plan, port, publishes):
        self.plan, self.port, self.publishes = plan, port, publishes
        self.lock = threading.Lock()
        self.to_book = [(date, person) for date in plan["popular"] for person in date["people"]]
        random.shuffle(self.to_book)
        self.booked = []
        self.to_check_in = list(plan["check_in"][1])
        self.samples = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.failures = []
        self.stale = []

    def take(self, queue):
        with self.lock:
            return queue.pop() if queue else None

    def one(self, kind, etag):
        """One request of ``kind``; returns the ETag the feed client keeps, or None if nothing to do."""
        port, plan = self.port, self.plan
        if kind == "page":
            return self.record(kind, request(port, "GET", random.choice(plan["pages"]))), etag
        if kind == "edited event page":
            answer = request(port, "GET", plan["edited_path"])
            self.check_fresh(kind, answer, mark_in(answer[4].decode(errors="replace")))
            return self.record(kind, answer), etag
        if kind == "feed":
            headers = {"If-None-Match": etag[0]} if etag else {}
            answer = request(port, "GET", plan["feed"], headers)
            if answer[2] == 200:
                unfolded = answer[4].decode(errors="replace").replace("\r\n ", "")
                etag = (answer[3].get("ETag", ""), mark_in(unfolded))
            self.check_fresh(kind, answer, etag[1] if etag else 0)
            return self.record(kind, answer), etag
        if kind == "sign-up":
            item = self.take(self.to_book)
            if item is None:
                return False, etag
            date, (cookie, token, body, user_id) = item
            answer = request(port, "POST", date["path"], self.form(cookie), body)
            if answer[2] == 303:
                with self.lock:
                    self.booked.append((date, cookie, token, user_id))
            return self.record(kind, answer), etag
        if kind == "cancel":
            item = self.take(self.booked)
            if item is None:
                return False, etag
            date, cookie, token, user_id = item
            path = self.cancel_path(user_id, date)
            answer = request(port, "POST", path, self.form(cookie), urlencode({"csrfmiddlewaretoken": token}))
            return self.record(kind, answer), etag
        if kind == "check-in":
            item = self.take(self.to_check_in)
            if item is None:
                return False, etag
            cookie, token = item
            body = urlencode({"csrfmiddlewaretoken": token})
            return self.record(
                kind, request(port, "POST", plan["check_in"][0], self.form(cookie), body)
            ), etag
        if kind == "my learning":
            # Anyone of the popular dates' people: booked, waiting, cancelled or not yet booked.
            cookie = random.choice(random.choice(plan["popular"])["people"])[0]
            return self.record(kind, request(port, "GET", plan["my_learning"], {"Cookie": cookie})), etag
        path, cookie = plan["report"]
        return self.record(kind, request(port, "GET", path, {"Cookie": cookie})), etag

    def form(self, cookie):
        return {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}

    def cancel_path(self, user_id, date):
        from django.urls import reverse
        from django.utils import translation

        from bookings.models import Booking

        booking = Booking.objects.filter(user_id=user_id, session_date__original_start=date["start"]).get()
        with translation.override("sv"):
            return reverse("cancel_booking", kwargs={"booking_id": booking.pk})

    def record(self, kind, answer):
        started, elapsed, status, _headers, _body = answer
        with self.lock:
            self.samples[kind].append(elapsed)
            self.statuses[kind][status] += 1
            if status not in EXPECTED[kind]:
                self.failures.append(f"{kind}: {status} at {started:.3f}")
        return True

    def check_fresh(self, kind, answer, shown):
        started = answer[0]
        if answer[2] not in (200, 304):
            return
        expected = self.publishes.latest_before(started)
        if shown < expected:
            with self.lock:
                self.stale.append(f"{kind}: title {shown} shown after publish {expected} had committed")


def editor(plan, publishes, stop, every):
    from django.db import connection

    number = 0
    try:
        while not stop.wait(every):
            number += 1
            bench.publish_change(plan["edited"], number)
            publishes.add(number)
    finally:
        connection.close()


def client_loop(clients, deadline):
    from django.db import connection

    kinds, weights = zip(*WEIGHTS.items(), strict=True)
    etag = None
    try:
        while time.perf_counter() < deadline:
            kind = random.choices(kinds, weights)[0]
            done, etag = clients.one(kind, etag)
            if not done:
                continue
    finally:
        connection.close()


def occurrence_census():
    from django.db.models import Count

    from events.models import Occurrence

    rows = Occurrence.objects.values("event_id", "original_start").annotate(n=Count("id"))
    doubled = [row for row in rows if row["n"] > 1]
    per_event = Counter(row["event_id"] for row in rows)
    return per_event, doubled


def booking_checks(weekly):
    from bookings.models import Booking, BookingState, SessionDate
    from bookings.services import occurrences_for

    problems = []
    dates = list(SessionDate.objects.filter(event_key=weekly.translation_key))
    occurrences = occurrences_for(dates)
    for session_date in dates:
        states = Counter(Booking.objects.filter(session_date=session_date).values_list("state", flat=True))
        booked = (
            states[BookingState.BOOKED] + states[BookingState.ATTENDED] + states[BookingState.PARTLY_ATTENDED]
        )
        waiting, pending = states[BookingState.WAITING], states[BookingState.PENDING]
        counters = (session_date.booked_count, session_date.waiting_count, session_date.pending_count)
        if counters != (booked, waiting, pending):
            problems.append(
                f"{session_date.original_start}: counters {counters}, bookings {(booked, waiting, pending)}"
            )
        occurrence = occurrences.get(session_date.pk)
        capacity = occurrence.capacity or weekly.capacity if occurrence else weekly.capacity
        if capacity and booked > capacity:
            problems.append(f"{session_date.original_start}: {booked} booked for {capacity} places")
        if capacity and booked + pending < capacity and waiting:
            problems.append(
                f"{session_date.original_start}: {waiting} waiting with {capacity - booked} places free"
            )
    return problems, len(dates)


def run(args):
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        port = bench.free_port()
        database_url, cleanup = bench.make_database(args.database_url, "load")
        cache_url = bench.redis_url()
        if not cache_url:
            raise SystemExit("the load test needs Redis on 127.0.0.1:6379 (the shared cache of production)")
        env = bench.environment(directory, database_url, cache_url, port)
        try:
            build(env, directory, args)
            plan = prepare(args)
            occurrences_before, _ = occurrence_census()
            server = bench.Server(env, port, args.workers)
            server.start()
            publishes, stop = Publishes(), threading.Event()
            clients = Clients(plan, port, publishes)
            load_before = os.getloadavg()
            try:
                publishing = threading.Thread(target=editor, args=(plan, publishes, stop, args.publish_every))
                publishing.start()
                started = time.perf_counter()
                # One of each kind first, so that even a run of a few seconds has tried them all.
                etag = None
                for kind in WEIGHTS:
                    _done, etag = clients.one(kind, etag)
                deadline = started + args.seconds
                with ThreadPoolExecutor(args.concurrency) as pool:
                    list(pool.map(lambda _: client_loop(clients, deadline), range(args.concurrency)))
                seconds = time.perf_counter() - started
                stop.set()
                publishing.join()
            finally:
                server.stop()
            load_after = os.getloadavg()
            occurrences_after, doubled = occurrence_census()
            booking_problems, dates_checked = booking_checks(plan["weekly"])
            checks = {
                "no error": clients.failures,
                "nothing stale after a publish": clients.stale,
                "no occurrence lost or doubled": [
                    f"event {event}: {occurrences_before.get(event)} dates before, {count} after"
                    for event, count in occurrences_after.items()
                    if occurrences_before.get(event) != count
                ]
                + [f"doubled: {row}" for row in doubled],
                "no overbooking, exact waiting lists": booking_problems,
                "every kind of request was made": [kind for kind in WEIGHTS if not clients.samples.get(kind)],
            }
            text = report(
                args,
                clients,
                seconds,
                len(publishes.committed) - 1,
                checks,
                dates_checked,
                load_before,
                load_after,
            )
        finally:
            from django.db import connections

            connections.close_all()
            if cleanup:
                cleanup()
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if not any(checks.values()) else 1


def report(args, clients, seconds, publishes, checks, dates_checked, load_before, load_after):
    lines = [
        "# Load test",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}, "
        f"{platform.system()}); {bench.versions()}.",
        f"gunicorn with {args.workers} sync workers, DJANGO_ENV=production, PostgreSQL, Redis; {args.events} "
        f"imported events and the demo; {args.concurrency} client threads for {seconds:.1f} s; the editor "
        f"published {publishes} times (every {args.publish_every} s); {args.people} people on each of two "
        f"popular dates with {max(2, args.people // 4)} places.",
        "",
        "| kind | requests | unexpected answers | req/s sustained | p50 ms | p95 ms | answers |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind in WEIGHTS:
        samples = clients.samples.get(kind, [])
        statuses = clients.statuses.get(kind, Counter())
        wrong = sum(count for status, count in statuses.items() if status not in EXPECTED[kind])
        if samples:
            lines.append(
                f"| {kind} | {len(samples)} | {wrong} | {len(samples) / seconds:.1f} | "
                f"{statistics.median(samples):.1f} | {bench.percentile(samples, 0.95):.1f} | "
                f"{', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))} |"
            )
        else:
            lines.append(f"| {kind} | 0 | 0 | – | – | – | – |")
    total = sum(len(s) for s in clients.samples.values())
    lines += [
        "",
        f"All kinds: {total} requests, {total / seconds:.1f} per second sustained.",
        "",
        "Checks:",
        "",
    ]
    for name, problems in checks.items():
        verdict = "held" if not problems else f"FAILED ({len(problems)}): " + "; ".join(problems[:5])
        lines.append(f"- {name}: {verdict}")
    lines += [
        "",
        f"Dates checked for bookings: {dates_checked}. Load averages (1 / 5 / 15 min) before and after: "
        + "; ".join(" / ".join(f"{v:.2f}" for v in load) for load in (load_before, load_after))
        + ".",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/postgres"),
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--people", type=int, default=200, help="people on each of the two popular dates")
    parser.add_argument("--publish-every", type=float, default=2.0)
    parser.add_argument("--smoke", action="store_true", help="a tiny run of a few seconds (CI)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "loadtest.md")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL: --database-url postgres://...")
    if args.smoke:
        args.seconds, args.concurrency, args.workers = 4, 4, 2
        args.events, args.people, args.publish_every = 10, 12, 0.7
    sys.exit(run(args))


if __name__ == "__main__":
    main()
