"""Production-like benchmark: the public pages and feeds at several programme sizes.

Usage: `make bench` (sizes 100, 1,000 and 5,000 events) or
`.venv/bin/python bench/run.py --sizes 100 1000 --repeat 20 --out bench/results.md`.

For each size it builds a throwaway database (SQLite in a temporary directory, or a fresh
PostgreSQL database when --database-url names a server), loads the demo site with `seed_demo`,
imports the synthetic programme (bench/programme.py: a fifth of the events weekly, the rest single,
in Swedish and in English) through `import_ics`, and serves it the way production does: gunicorn
with several sync workers, DJANGO_ENV=production, whitenoise, and Redis when one answers on
127.0.0.1:6379. It then measures from outside, over HTTP on 127.0.0.1:

- p50 and p95 latency one request at a time, and bytes;
- requests per second under a fixed concurrency, with wrk when installed (a Python thread pool
  otherwise: the table says which);
- queries per request, counted in this process with Django's test client on the same database;
- each as a ratio to a static file of the feed's size served by the same server (whitenoise);
- the all-events feed with an empty cache, right after one publish, cached (also gzip-compressed,
  as calendar clients ask for it), and as a 304;
- the time to publish one weekly event and to import the programme (per event and per 1,000);
- a booking rush (issue 19): 200 signed-in people book one 100-place date of the weekly event at once,
  at the fixed concurrency, with requests per second, p50 and p95; the end state is counted (exactly
  100 booked, 100 waiting, nobody twice) and the run fails if it is wrong; then the uncached page of
  that event, now with its 100 bookings, beside the row measured before;
- what one booking POST costs whatever else runs on the machine: another 200 people book the next
  date in this process (Django's test client, the same production settings and database), with the
  queries per POST and the CPU time per POST (``time.process_time``, this process only: PostgreSQL's
  own work is not in it). The load averages (``os.getloadavg``) at the start and end of the rush are
  written beside it, since the machine may be shared.

`--only-rush` measures only the static file, the weekly event page and the booking rush, to take the
rush again quickly.

The table goes to --out (bench/results.md by default) with the core count and versions.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import programme  # noqa: E402 (the bench folder is put on the path just above)

from tools import processes  # noqa: E402 (the servers, databases and commands, shared with the tests)
from tools.processes import (  # noqa: E402
    HOST,
    Server,
    environment,
    fetch,
    free_port,
    manage,
    migrate_database,
    redis_url,
)

# Environment ------------------------------------------------------------------------------------


def make_database(database_url, size):
    """A fresh database for one size: a SQLite file (None), or a new database on the PostgreSQL server."""
    if not database_url:
        return None
    return processes.make_database(database_url, f"conecto_bench_{size}_{os.getpid()}")


# HTTP -------------------------------------------------------------------------------------------


def timed(port, path, headers=None):
    started = time.perf_counter()
    status, response_headers, body = fetch(port, path, headers)
    return (time.perf_counter() - started) * 1000, status, response_headers, body


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def load(port, path, concurrency, seconds, headers=None):
    """Requests per second under a fixed concurrency, and the tool that measured it."""
    if shutil.which("wrk"):
        command = ["wrk", f"-t{min(concurrency, 2)}", f"-c{concurrency}", f"-d{seconds}s"]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", output)
        return (float(match.group(1)) if match else 0.0), "wrk"
    deadline = time.perf_counter() + seconds

    def worker():
        done = 0
        while time.perf_counter() < deadline:
            fetch(port, path, headers)
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        total = sum(pool.map(lambda _: worker(), range(concurrency)))
    return total / (time.perf_counter() - started), "python threads"


# In-process Django (building, publishing, counting queries) --------------------------------------


def setup_django(env):
    os.environ.update({key: value for key, value in env.items() if key != "PYTHONPATH"})
    import django

    django.setup()


def gather_statistics():
    """On PostgreSQL, the planner statistics autovacuum gathers within a minute or so of a big import.

    Measured straight after the import, the planner still works from defaults: the theme page's
    queries took 23 ms instead of 6 at 5,000 events. A site in use has its statistics.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def urls_to_measure():
    from events.models import EventIndexPage, EventPage
    from home.models import HomePage, ThemePage

    home = HomePage.objects.get(locale__language_code="sv")
    calendar = EventIndexPage.objects.live().filter(locale=home.locale).first()
    theme = ThemePage.objects.live().filter(locale=home.locale).order_by("path").first()
    single = EventPage.objects.live().filter(locale=home.locale, ical_uid="bench-1@conecto-bench").first()
    weekly = EventPage.objects.live().filter(locale=home.locale, ical_uid="bench-0@conecto-bench").first()
    month = dt.date.today().strftime("%Y-%m")
    urls = {
        "home page": home.url,
        "event index": calendar.url,
        "month view": f"{calendar.url}?view=month&month={month}",
        "event page (single)": single.url,
        "event page (weekly)": weekly.url,
        "theme page": theme.url,
    }
    path_page = learning_path_url(home.locale)
    if path_page:
        urls["learning path page"] = path_page
    return urls, weekly


def learning_path_url(locale):
    try:
        from learning.models import LearningPathPage
    except ImportError:
        return None
    path_page = LearningPathPage.objects.live().filter(locale=locale).order_by("path").first()
    return path_page.url if path_page else None


# A CSRF cookie keeps a request away from the public page cache (site/page_cache.py): the page is built.
UNCACHED = {"Cookie": "csrftoken=bench"}
# What calendar clients send: the cached feed's gzip copy (site/content_encoding.py); its bytes are compressed.
GZIP = {"Accept-Encoding": "gzip"}


def count_queries(path, headers=None):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if headers:
        client.cookies["csrftoken"] = "bench"
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def empty_feed_cache():
    # The feed bodies and each event's kept text (events/feeds/blocks.py): nothing is reused.
    from events.feeds.cache import bump_block_version

    bump_block_version()


def publish_change(event, number):
    """Publish one weekly event with a changed title, as an editor would; returns seconds."""
    event.refresh_from_db()
    event.title = f"{event.title.split(' · ')[0]} · {number}"
    started = time.perf_counter()
    event.save_revision().publish()
    return time.perf_counter() - started


# The run ----------------------------------------------------------------------------------------


def measure_size(size, args, directory):
    port = free_port()
    database = make_database(args.database_url, size)
    database_url, cleanup = database if database else (f"sqlite:///{directory}/bench.sqlite3", None)
    if args.sqlite_template and not database:
        # A copy of a database migrated by this very code (the smoke test's): `migrate` then only checks.
        shutil.copyfile(args.sqlite_template, directory / "bench.sqlite3")
    cache_url = "" if args.no_redis else redis_url()
    env = environment(directory, database_url, cache_url, port)
    results = {"size": size, "cache": "Redis" if cache_url else "the database", "rows": []}
    try:
        migrate_database(env)
        manage(env, "seed_demo", "--allow-production")
        manage(env, "collectstatic", "--no-input")
        today = dt.date.today()
        imported = 0.0
        for language, parent in (("sv", "/sv/kalender/"), ("en", "/en/calendar/")):
            for number, text in enumerate(programme.calendars(size, today, language)):
                source = directory / f"programme-{language}-{number}.ics"
                source.write_text(text, encoding="utf-8")
                imported += manage(env, "import_ics", str(source), "--parent", parent)
        results["import_per_event_ms"] = imported * 1000 / (2 * size)
        setup_django(env)
        gather_statistics()
        urls, weekly = urls_to_measure()
        from django.test import Client

        feed_path = "/sv/feeds/events.ics"
        feed_bytes = Client().get(feed_path).content
        static_dir = Path(env["STATIC_ROOT"]) / "bench"
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "feed.ics").write_bytes(feed_bytes)
        static_path = "/static/bench/feed.ics"

        server = Server(env, port, args.workers)
        server.start()
        try:
            results["rows"], publish_times, results["rush"] = measure_requests(
                port, urls, feed_path, static_path, weekly, args
            )
            results["publish_ms"] = statistics.median(publish_times) if publish_times else None
        finally:
            server.stop()
    finally:
        if cleanup:
            from django.db import connections

            connections.close_all()
            cleanup()
    return results


def measure_requests(port, urls, feed_path, static_path, weekly, args):
    rows = []

    def row(name, path, samples, status, body, headers=None, queries=None, prepare=None):
        rps, tool = (
            load(port, path, args.concurrency, args.duration, headers) if prepare is None else (None, "")
        )
        rows.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "p50": statistics.median(samples),
                "p95": percentile(samples, 0.95),
                "rps": rps,
                "tool": tool,
                "queries": queries,
                "bytes": len(body),
            }
        )

    def warm(path, headers=None):
        """Warm every worker, not only the one that takes the first request: each compiles its templates
        and fills its own caches on its first view of a page, which would otherwise land in the samples
        (one in five of 20 samples with 4 workers). Concurrent requests keep the workers busy at once."""
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda _: fetch(port, path, headers), range(3 * args.workers)))

    def sample(path, headers=None, before=None):
        warm(path, headers)  # templates, the cached body, each worker's memory (home/versioned_cache.py)
        samples, status, body = [], None, b""
        for number in range(args.repeat):
            if before:
                before(number)
            elapsed, status, _headers, body = timed(port, path, headers)
            samples.append(elapsed)
        return samples, status, body

    samples, status, body = sample(static_path)
    row("static file of the feed's size", static_path, samples, status, body)
    weekly_path = urls["event page (weekly)"]
    if args.only_rush:
        urls = {"event page (weekly)": weekly_path}
    for name, path in urls.items():
        samples, status, body = sample(path)
        row(name, path, samples, status, body, queries=count_queries(path))
        samples, status, body = sample(path, headers=UNCACHED)
        row(
            f"{name}, uncached",
            path,
            samples,
            status,
            body,
            headers=UNCACHED,
            queries=count_queries(path, headers=UNCACHED),
        )

    publish_times = []
    if not args.only_rush:
        measure_feeds(row, sample, port, feed_path, weekly, publish_times)
    rush = None
    if args.rush_people:
        rush = measure_rush(row, sample, rows, port, weekly, weekly_path, args)
    static = rows[0]
    for item in rows:
        item["p50_ratio"] = item["p50"] / static["p50"]
        item["rps_ratio"] = (static["rps"] / item["rps"]) if item["rps"] else None
    return rows, publish_times, rush


def measure_feeds(row, sample, port, feed_path, weekly, publish_times):
    samples, status, body = sample(feed_path, before=lambda number: empty_feed_cache())
    row("all-events feed, empty cache", feed_path, samples, status, body, queries=None, prepare=True)
    samples, status, body = sample(
        feed_path, before=lambda number: publish_times.append(publish_change(weekly, number) * 1000)
    )
    row("all-events feed, after one publish", feed_path, samples, status, body, prepare=True)
    samples, status, body = sample(feed_path)
    row("all-events feed, cached", feed_path, samples, status, body, queries=count_queries(feed_path))
    samples, status, body = sample(feed_path, headers=GZIP)
    row(
        "all-events feed, cached, gzip",
        feed_path,
        samples,
        status,
        body,
        headers=GZIP,
        queries=count_queries(feed_path),  # the same hit, answered from the same entry
    )
    etag = fetch(port, feed_path)[1].get("ETag", "")
    samples, status, body = sample(feed_path, headers={"If-None-Match": etag})
    row("all-events feed, 304", feed_path, samples, status, body, headers={"If-None-Match": etag})


def measure_rush(row, sample, rows, port, weekly, weekly_path, args):
    """The booking rush and the event page around it (rows appended to ``rows``); its summary."""

    def signed_up_page():
        # The same page with sign-up on this site and no booking yet: what the section itself costs.
        samples, status, body = sample(weekly_path, headers=UNCACHED)
        row(
            "event page (weekly), sign-up here, no bookings, uncached",
            weekly_path,
            samples,
            status,
            body,
            headers=UNCACHED,
            queries=count_queries(weekly_path, headers=UNCACHED),
        )

    load_before = os.getloadavg()
    rush = booking_rush(port, weekly, args.rush_people, args.concurrency, before=signed_up_page)
    rush["load"] = [load_before, os.getloadavg()]
    rows.append(rush.pop("row"))
    # "The event page of a date with 100 bookings as fast as today": the same page, built again.
    samples, status, body = sample(weekly_path, headers=UNCACHED)
    row(
        f"event page (weekly), {rush['booked']} booked and {rush['waiting']} waiting, uncached",
        weekly_path,
        samples,
        status,
        body,
        headers=UNCACHED,
        queries=count_queries(weekly_path, headers=UNCACHED),
    )
    rush["cost"] = booking_cost(weekly, args.rush_people)
    rush["load"].append(os.getloadavg())
    return rush


# The booking rush -------------------------------------------------------------------------------


def prepare_rush(event, people, places, date_number=0, prefix="rush"):
    """Sign-up on this site for ``event`` with ``places`` places, and ``people`` signed-in people.

    Each person is a user with a session in the database, as after signing in, and a CSRF cookie; the
    form field carries the same token. Returns the booking form's path, the date's POST value, and
    one (cookie header, body) per person. The date is the event's ``date_number``-th (from 0) two
    days ahead or later. Nothing here is timed.
    """
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone, translation

    from events.models import Occurrence, OccurrenceStatus, SignupMode

    event.refresh_from_db()
    if (event.signup, event.capacity) != (SignupMode.SITE, places):
        event.signup = SignupMode.SITE
        event.capacity = places
        event.save_revision().publish()
    # A date far enough ahead that sign-up is open and nobody is past a deadline.
    occurrence = (
        Occurrence.objects.filter(
            event=event,
            status=OccurrenceStatus.SCHEDULED,
            start__gte=timezone.now() + dt.timedelta(days=2),
        )
        .order_by("start")[date_number : date_number + 1]
        .first()
    )
    if occurrence is None:
        raise RuntimeError(
            f"the booking rush needs {date_number + 1} dates of the weekly event two days ahead or later"
        )
    User = get_user_model()
    users = []
    for number in range(people):
        user = User(username=f"{prefix}-{number}", email=f"{prefix}-{number}@example.org")
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)
    date_value = occurrence.original_start.isoformat()
    requests = [
        (cookie, urlencode({"csrfmiddlewaretoken": token, "date": date_value}))
        for cookie, token in signed_in(users)
    ]
    with translation.override(event.locale.language_code):
        path = reverse("book", kwargs={"event_id": event.pk})
    return path, occurrence.original_start, requests


def signed_in(users):
    """For each user a session in the session store, as after signing in, and a CSRF token: the
    (cookie header, token) a browser of theirs would send with a form."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    signed = []
    for user in users:
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        signed.append(
            (
                f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={token}",
                token,
            )
        )
    return signed


def post(port, path, cookie, body):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        started = time.perf_counter()
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Host": f"{HOST}:{port}",
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        response.read()
        return (time.perf_counter() - started) * 1000, response.status
    finally:
        conn.close()


def booking_rush(port, event, people, concurrency, before=None):
    """``people`` people book one date of ``places`` = people / 2 places at once; the end state counted.

    Raises (and so fails the run) unless every request was accepted (303) and the date holds exactly
    ``places`` booked and as many waiting, each person once.
    """
    from collections import Counter

    from bookings.models import Booking, BookingState, SessionDate

    places = people // 2
    path, original_start, requests = prepare_rush(event, people, places)
    if before:
        before()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        answers = list(pool.map(lambda item: post(port, path, *item), requests))
    elapsed = time.perf_counter() - started
    samples = [ms for ms, _status in answers]
    statuses = Counter(status for _ms, status in answers)
    session_date = SessionDate.objects.get(event_key=event.translation_key, original_start=original_start)
    bookings = Booking.objects.filter(session_date=session_date)
    states = Counter(bookings.values_list("state", flat=True))
    distinct_people = bookings.values("user").distinct().count()
    booked, waiting = states.get(BookingState.BOOKED, 0), states.get(BookingState.WAITING, 0)
    problems = []
    if statuses != Counter({303: people}):
        problems.append(f"answers {dict(statuses)} instead of {people} × 303")
    if (booked, waiting, sum(states.values())) != (places, people - places, people):
        problems.append(f"states {dict(states)} instead of {places} booked and {people - places} waiting")
    if distinct_people != people:
        problems.append(f"{distinct_people} different people hold the {sum(states.values())} bookings")
    if (session_date.booked_count, session_date.waiting_count) != (booked, waiting):
        problems.append(
            f"the date's counters say {session_date.booked_count} booked and "
            f"{session_date.waiting_count} waiting, the bookings {booked} and {waiting}"
        )
    if problems:
        raise RuntimeError("booking rush: " + "; ".join(problems))
    return {
        "people": people,
        "places": places,
        "booked": booked,
        "waiting": waiting,
        "distinct_people": distinct_people,
        "seconds": elapsed,
        "row": {
            "name": f"booking rush: {people} people, one {places}-place date (POST)",
            "path": path,
            "status": 303,
            "p50": statistics.median(samples),
            "p95": percentile(samples, 0.95),
            "rps": people / elapsed,
            "tool": "python threads",
            "queries": None,
            "bytes": 0,
        },
    }


def booking_cost(event, people):
    """What one booking POST costs in this process, whatever else runs on the machine.

    ``people`` more people book the event's next date (as many places as in the rush, so as many are
    booked and wait) one after another through Django's test client, with the production settings
    and database the server uses (mail queued in the database). Returns the queries per POST, the
    CPU time per POST (``time.process_time``: this process, not PostgreSQL's) and the elapsed time.
    """
    from http.cookies import SimpleCookie

    from django.db import connection
    from django.test import Client

    places = people // 2
    path, _start, requests = prepare_rush(event, people, places, date_number=1, prefix="cost")
    # One client, as one server process serves many people: a client of its own per person would load
    # the middleware each time (whitenoise then reads every static file's headers).
    client = Client()
    client.get("/robots.txt")
    executed = [0]

    def count(execute, sql, params, many, context):
        executed[0] += 1
        return execute(sql, params, many, context)

    statuses = set()
    with connection.execute_wrapper(count):
        cpu, started = time.process_time(), time.perf_counter()
        for cookie, body in requests:
            client.cookies = SimpleCookie(cookie)
            response = client.post(path, body, content_type="application/x-www-form-urlencoded")
            statuses.add(response.status_code)
        cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
    if statuses != {303}:
        raise RuntimeError(f"booking cost: answers {statuses} instead of 303")
    return {
        "people": people,
        "queries_per_post": executed[0] / people,
        "cpu_ms_per_post": cpu * 1000 / people,
        "wall_ms_per_post": elapsed * 1000 / people,
    }


def gunicorn_version():
    printed = subprocess.run([sys.executable, "-m", "gunicorn", "--version"], capture_output=True, text=True)
    return printed.stdout.strip().removeprefix("gunicorn (version ").removesuffix(")")


def versions():
    import django
    import icalendar
    import wagtail

    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"icalendar {icalendar.__version__}, gunicorn {gunicorn_version()}"
    )


def report(all_results, args):
    lines = [
        "# Benchmark results",
        "",
        f"Run {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on {os.cpu_count()} cores "
        f"({platform.machine()}, {platform.system()}); {versions()}.",
        f"gunicorn with {args.workers} sync workers, DJANGO_ENV=production, whitenoise; "
        f"{args.repeat} requests one at a time per row; requests per second with {args.concurrency} "
        f"concurrent connections for {args.duration} s. Ratios are to the static file of the feed's size.",
        "",
    ]
    for results in all_results:
        lines += [
            f"## {results['size']:,} events (and as many English ones), cache: {results['cache']}",
            "",
            "| request | status | p50 ms | p95 ms | × static p50 | req/s | × static req/s | queries | bytes |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for item in results["rows"]:
            rps = f"{item['rps']:.0f}" if item["rps"] else "–"
            rps_ratio = f"{item['rps_ratio']:.1f}" if item.get("rps_ratio") else "–"
            queries = "–" if item["queries"] is None else str(item["queries"])
            lines.append(
                f"| {item['name']} | {item['status']} | {item['p50']:.1f} | {item['p95']:.1f} | "
                f"{item['p50_ratio']:.1f} | {rps} | {rps_ratio} | {queries} | {item['bytes']:,} |"
            )
        tools = sorted({item["tool"] for item in results["rows"] if item["tool"]})
        lines += [
            "",
            (
                f"Publishing one weekly event: {results['publish_ms']:.0f} ms (median). "
                if results["publish_ms"] is not None
                else ""
            )
            + f"Importing: {results['import_per_event_ms']:.1f} ms per event, "
            f"{results['import_per_event_ms']:.1f} s per 1,000 events. Load tool: {', '.join(tools)}.",
            "",
        ]
        rush = results["rush"]
        lines += (
            []
            if rush is None
            else [
                f"Booking rush: {rush['people']} signed-in people booked one {rush['places']}-place date "
                f"through {args.concurrency} concurrent connections in {rush['seconds']:.2f} s; end state "
                f"{rush['booked']} booked, {rush['waiting']} waiting, {rush['distinct_people']} different people.",
                "",
                "Load averages (1 / 5 / 15 min) before the rush, after it and after the in-process run: "
                + "; ".join(" / ".join(f"{value:.2f}" for value in load) for load in rush["load"])
                + ".",
                "",
                f"One booking POST in this process ({rush['cost']['people']} people, the next date, "
                f"Django's test client on the same database): {rush['cost']['queries_per_post']:.1f} "
                f"queries, {rush['cost']['cpu_ms_per_post']:.1f} ms CPU (this process only), "
                f"{rush['cost']['wall_ms_per_post']:.1f} ms elapsed.",
                "",
            ]
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per row")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument(
        "--rush-people",
        type=int,
        default=200,
        help="the booking rush: people, for half as many places (0: no rush)",
    )
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument(
        "--only-rush",
        action="store_true",
        help="only the static file, the weekly event page and the booking rush (to take it again quickly)",
    )
    parser.add_argument(
        "--sqlite-template", type=Path, help="start each SQLite database as a copy of this migrated one"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args()
    all_results = []
    for size in sorted(args.sizes):
        # One process per size: Django is set up once per process, against that size's database.
        with tempfile.TemporaryDirectory() as directory:
            output = Path(directory) / "result.json"
            subprocess.run(
                [sys.executable, __file__, "--one-size", str(size), "--json", str(output), *sys.argv[1:]],
                check=True,
            )
            all_results.append(json.loads(output.read_text()))
    text = report(all_results, args)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


def one_size():
    parser = argparse.ArgumentParser()
    parser.add_argument("--one-size", type=int)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument(
        "--rush-people",
        type=int,
        default=200,
        help="the booking rush: people, for half as many places (0: no rush)",
    )
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--only-rush", action="store_true")
    parser.add_argument("--sqlite-template", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        results = measure_size(args.one_size, args, Path(directory))
    args.json.write_text(json.dumps(results))


if __name__ == "__main__":
    if "--one-size" in sys.argv:
        one_size()
    else:
        main()
