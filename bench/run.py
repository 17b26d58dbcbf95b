"""Rerunnable benchmark: response time and query count of the public pages as the calendar grows.

Usage: `make bench` (or `.venv/bin/python bench/run.py --events 10 200 1000`). It builds a throwaway
SQLite database under a temporary directory (or uses DATABASE_URL), creates the requested number of
weekly event series with themes, and reports the median time and the number of queries of each URL,
so a change that makes a page grow with its content shows up as a growing query column.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(database_url):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conecto_site.settings")
    os.environ["DJANGO_ENV"] = "dev"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False


def build(number_of_events):
    from django.core.management import call_command
    from recurrence import deserialize

    from events.models import EventIndexPage, EventPage
    from home.models import HomePage, ThemeIndexPage, ThemePage

    call_command("migrate", verbosity=0)
    home = HomePage.objects.get(locale__language_code="sv")
    calendar = EventIndexPage.objects.filter(locale=home.locale).first()
    if calendar is None:
        calendar = EventIndexPage(title="Kalender", slug="kalender")
        home.add_child(instance=calendar)
        calendar.save_revision().publish()
        themes_index = ThemeIndexPage(title="Teman", slug="teman")
        home.add_child(instance=themes_index)
        themes_index.save_revision().publish()
        theme = ThemePage(title="Metoder", slug="metoder")
        themes_index.add_child(instance=theme)
        theme.save_revision().publish()
    theme = ThemePage.objects.get(slug="metoder")
    existing = EventPage.objects.filter(locale=home.locale).count()
    today = dt.date.today()
    for n in range(existing, number_of_events):
        event = EventPage(
            title=f"Handledningsgrupp {n}",
            slug=f"handledningsgrupp-{n}",
            start_date=today + dt.timedelta(days=n % 60),
            start_time=dt.time(9 + n % 8, 0),
            end_time=dt.time(10 + n % 8, 30),
            recurrence=deserialize("RRULE:FREQ=WEEKLY;COUNT=12") if n % 3 == 0 else None,
            venue_name="Kommunhuset",
        )
        event.themes = [theme]
        calendar.add_child(instance=event)
        event.save_revision().publish()
    last = EventPage.objects.filter(locale=home.locale).order_by("-pk").first()
    return {
        "home": "/sv/",
        "calendar": calendar.url,
        "month": calendar.url + "?view=month",
        "filtered": calendar.url + "?type=seminar&theme=metoder",
        "theme": theme.url,
        "event": last.url if last else calendar.url,
        "feed": "/sv/feeds/events.ics",
        "feed-theme": "/sv/feeds/events.ics?theme=metoder",
        "search": "/sv/sok/?q=handledningsgrupp",
    }


def measure(urls, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for name, url in urls.items():
        client.get(url)  # warm caches and templates (feeds then come from the cache, as in production)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
        rows.append(
            (
                name,
                url,
                response.status_code,
                len(queries),
                statistics.median(timings) * 1000,
                len(response.content),
            )
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10, 200])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3")
        print(f"{'events':>7} {'page':<10} {'status':>6} {'queries':>8} {'median ms':>10} {'bytes':>9}")
        for count in sorted(args.events):
            urls = build(count)
            for name, _url, status, queries, median, size in measure(urls, args.repeat):
                print(f"{count:>7} {name:<10} {status:>6} {queries:>8} {median:>10.1f} {size:>9}")


if __name__ == "__main__":
    main()
