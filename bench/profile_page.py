"""Time (and profile) uncached page views in-process, on the benchmark's programme.

Usage:
    .venv/bin/python bench/profile_page.py --size 1000 --keep /tmp/bench-1000
    .venv/bin/python bench/profile_page.py --keep /tmp/bench-1000 --only "month view" --profile
    .venv/bin/python bench/profile_page.py --size 1000 --keep /tmp/bench-pg --database-url postgres://…/empty

The first run builds the database the way bench/run.py does (seed_demo and the synthetic programme
through import_ics, in Swedish and English) into the --keep folder; later runs reuse it, so a change
to a template or a view can be measured again in seconds. Each page is requested through Django's
whole middleware stack with DJANGO_ENV=production settings (the cached template loader, DEBUG off),
with a CSRF cookie so the public page cache (site/page_cache.py) lets it through: the page is built
every time. The cache is Django's database cache unless --redis (bench/run.py's workers use Redis when it
answers). It prints the median and fastest wall-clock and CPU time and the queries per request;
--calls adds Python function calls per request (cProfile), --profile a pyinstrument profile of the
same requests (pyinstrument is not a dependency: pip install it).

Times taken in one process on a shared machine are noisy: compare runs made one after the other.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # bench/run.py: the same environment, programme and pages


def build(env, directory, size):
    import datetime as dt

    import programme

    run.migrate_database(env)
    run.manage(env, "seed_demo", "--allow-production")
    run.manage(env, "collectstatic", "--no-input")  # the manifest {% static %} reads in production
    today = dt.date.today()
    for language, parent in (("sv", "/sv/kalender/"), ("en", "/en/calendar/")):
        for number, text in enumerate(programme.calendars(size, today, language)):
            source = directory / f"programme-{language}-{number}.ics"
            source.write_text(text, encoding="utf-8")
            run.manage(env, "import_ics", str(source), "--parent", parent)


def timings(client, path, repeat):
    """Wall-clock and CPU milliseconds of each request (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return wall, cpu


def calls(client, path, repeat=5):
    """Python function calls per request, counted by cProfile."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    return pstats.Stats(profiler).total_calls // repeat


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="events per language when building")
    parser.add_argument("--keep", type=Path, help="folder of the database, built on the first run")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", nargs="+", help="page names, e.g. 'event index' 'month view'")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile per page")
    parser.add_argument(
        "--redis", action="store_true", help="use Redis on 127.0.0.1:6379 as the cache, as bench/run.py does"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty PostgreSQL database to build into (and reuse with the same --keep), instead of SQLite",
    )
    parser.add_argument("--flat", action="store_true", help="the profile as a flat list of functions")
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count Python function calls per request: steady where times are not (a busy machine)",
    )
    args = parser.parse_args()

    temporary = None
    if args.keep:
        directory = args.keep
        directory.mkdir(parents=True, exist_ok=True)
    else:
        temporary = tempfile.TemporaryDirectory()
        directory = Path(temporary.name)
    # --redis: the shared cache bench/run.py's gunicorn workers use, with its round trips.
    cache_url = run.redis_url() if args.redis else ""
    database_url = args.database_url or f"sqlite:///{directory}/bench.sqlite3"
    built = directory / ("built-postgresql" if args.database_url else "bench.sqlite3")
    env = run.environment(directory, database_url, cache_url, port=8000)
    # The same secret key on every run, so a kept database's sessions and signatures stay valid.
    env["DJANGO_SECRET_KEY"] = "bench-profile-only-not-secret"  # noqa: S105
    env["CACHE_KEY_PREFIX"] = f"bench-profile-{directory.resolve().name}"  # its own keys in a shared Redis
    if not built.exists():
        print(f"Building the programme of {args.size:,} events in {database_url} ...", file=sys.stderr)
        build(env, directory, args.size)
        built.touch()
    if not cache_url:
        run.manage(env, "createcachetable")  # a database built before the cache had to be shared
    run.setup_django(env)
    run.gather_statistics()

    from django.test import Client

    urls, _weekly = run.urls_to_measure()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["csrftoken"] = "bench"  # run.UNCACHED: past the page cache, the page is built
    print(
        f"{'page':<28} {'p50 ms':>8} {'min ms':>8} {'CPU p50':>8} {'CPU min':>8} {'queries':>8} {'bytes':>8}"
        + (f" {'calls':>8}" if args.calls else "")
    )
    for name, path in urls.items():
        if args.only and name not in args.only:
            continue
        body = client.get(path).content  # warm: templates, translations, the Site
        wall, cpu = timings(client, path, args.repeat)
        queries = run.count_queries(path, headers=run.UNCACHED)
        print(
            f"{name:<28} {statistics.median(wall):8.1f} {min(wall):8.1f} {statistics.median(cpu):8.1f}"
            f" {min(cpu):8.1f} {queries:8d} {len(body):8,}"
            + (f" {calls(client, path):8,}" if args.calls else "")
        )
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                timings(client, path, args.repeat)
            print(profiler.output_text(unicode=True, show_all=False, flat=args.flat))
    if temporary:
        temporary.cleanup()


if __name__ == "__main__":
    main()
