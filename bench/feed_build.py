"""Micro-benchmark: building the all-events feed in this process, empty cache and after one publish.

Usage: `.venv/bin/python bench/feed_build.py --sizes 1000 5000 [--repeat 5] [--profile cold|publish]`.

bench/run.py measures the served site from outside; this times only the feed build, in-process,
so a change to events/feeds/ can be compared quickly. Each size's database (SQLite: migrate,
seed_demo and the Swedish half of bench/programme.py through import_ics) is built once and kept
in --keep; every run measures a fresh copy of it. The cache is Redis at --redis (the feed's
blocks and bodies live there in production), emptied of this run's keys by the block version.

- empty cache: `bump_block_version()`, then one GET of /sv/feeds/events.ics;
- after one publish: publish one weekly event with a changed title, then one GET.
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import programme  # noqa: E402
import run  # noqa: E402  (bench/run.py: the same environment, publish and cache helpers)

FEED_PATH = "/sv/feeds/events.ics"


def build_database(path, size):
    """A database with the demo site and ``size`` Swedish events, made once and kept at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = run.environment(scratch, f"sqlite:///{scratch}/db.sqlite3", "", run.free_port())
        run.migrate_database(env)
        run.manage(env, "seed_demo", "--allow-production")
        started = time.perf_counter()
        for number, text in enumerate(programme.calendars(size, dt.date.today(), "sv")):
            source = scratch / f"programme-{number}.ics"
            source.write_text(text, encoding="utf-8")
            run.manage(env, "import_ics", str(source), "--parent", "/sv/kalender/")
        print(f"imported {size} events in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        shutil.copy(scratch / "db.sqlite3", path)


def get_feed(client):
    """Wall-clock and CPU milliseconds of one GET (CPU time is steadier on a shared machine), bytes."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(FEED_PATH)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 200:
        raise RuntimeError(f"{FEED_PATH} answered {response.status_code}")
    return (elapsed * 1000, cpu * 1000), len(response.content)


def measure(size, args, directory):
    template = Path(args.keep) / f"feed-build-{size}.sqlite3"
    if not template.exists():
        build_database(template, size)
    database = directory / f"db-{size}.sqlite3"
    shutil.copy(template, database)
    env = run.environment(directory, f"sqlite:///{database}", args.redis, run.free_port())
    env["CACHE_KEY_PREFIX"] = f"feed-build-{os.getpid()}-{size}"
    run.migrate_database(env)  # a database kept from an older branch
    run.setup_django(env)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from events.models import EventPage

    weekly = EventPage.objects.get(locale__language_code="sv", ical_uid="bench-0@conecto-bench")
    client = Client()
    get_feed(client)  # warm: imports, translations, VTIMEZONE
    profiler = None
    if args.profile and args.profiler == "cprofile":
        import cProfile

        profiler = cProfile.Profile()
        profiler.start, profiler.stop = profiler.enable, profiler.disable
    elif args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
    cold, after, size_bytes, queries = [], [], 0, {}
    for number in range(args.repeat):
        run.empty_feed_cache()
        if profiler and args.profile == "cold":
            profiler.start()
        with CaptureQueriesContext(connection) as captured:
            ms, size_bytes = get_feed(client)
        if profiler and args.profile == "cold":
            profiler.stop()
        cold.append(ms)
        queries["cold"] = len(captured)
        run.publish_change(weekly, number)
        if profiler and args.profile == "publish":
            profiler.start()
        with CaptureQueriesContext(connection) as captured:
            ms, size_bytes = get_feed(client)
        if profiler and args.profile == "publish":
            profiler.stop()
        after.append(ms)
        queries["publish"] = len(captured)
    if profiler and args.profiler == "cprofile":
        profiler.print_stats("tottime")
    elif profiler:
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    return {
        "size": size,
        "events": EventPage.objects.live().filter(locale__language_code="sv").count(),
        "cold": cold,
        "after": after,
        "bytes": size_bytes,
        "queries": queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "conecto-feed-build"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--profile", choices=["cold", "publish"], help="profile these builds")
    parser.add_argument("--profiler", choices=["pyinstrument", "cprofile"], default="pyinstrument")
    args = parser.parse_args()
    if len(args.sizes) > 1:
        # Django is set up once per process: one process per size.
        for size in args.sizes:
            command = [sys.executable, __file__, "--sizes", str(size), "--repeat", str(args.repeat)]
            command += ["--keep", args.keep, "--redis", args.redis]
            command += ["--profile", args.profile, "--profiler", args.profiler] if args.profile else []
            subprocess.run(command, check=True)
        return
    with tempfile.TemporaryDirectory() as directory:
        result = measure(args.sizes[0], args, Path(directory))

    def summary(samples):
        wall, cpu = [sample[0] for sample in samples], [sample[1] for sample in samples]
        median = statistics.median
        return (
            f"p50 {median(wall):.0f} ms (min {min(wall):.0f}; CPU p50 {median(cpu):.0f}, min {min(cpu):.0f})"
        )

    print(
        f"{result['size']} events ({result['events']} live sv pages), {result['bytes']:,} bytes: "
        f"empty cache {summary(result['cold'])}, after one publish {summary(result['after'])}; "
        f"queries {result['queries']['cold']} / {result['queries']['publish']}"
    )


if __name__ == "__main__":
    main()
