"""The benchmark runs end to end at a tiny size: it builds, serves with gunicorn and writes its table.

Numbers are not asserted (speed is read from `make bench`, not from timed tests); the rows and their
statuses are, so a benchmark that silently measures error pages fails here.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    ("static file of the feed's size", "200"),
    ("home page", "200"),
    ("event index", "200"),
    ("month view", "200"),
    ("event page (single)", "200"),
    ("event page (single), uncached", "200"),
    ("event page (weekly)", "200"),
    ("theme page", "200"),
    ("all-events feed, empty cache", "200"),
    ("all-events feed, after one publish", "200"),
    ("all-events feed, cached", "200"),
    ("all-events feed, cached, gzip", "200"),
    ("all-events feed, 304", "304"),
    # The booking rush at a tenth of `make bench`'s 200 people (that size adds about 15 s; 20 add about 6): every
    # POST accepted, and the run itself fails unless 10 are booked and 10 wait, each person once.
    ("event page (weekly), sign-up here, no bookings, uncached", "200"),
    ("booking rush: 20 people, one 10-place date (POST)", "303"),
    ("event page (weekly), 10 booked and 10 waiting, uncached", "200"),
]


@pytest.mark.skipif(
    subprocess.run([sys.executable, "-m", "gunicorn", "--version"], capture_output=True).returncode != 0,
    reason="gunicorn is not installed",
)
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the benchmark builds its own throwaway database: once per CI run (the SQLite suite) is enough",
)
@pytest.mark.django_db
def test_benchmark_runs_at_a_tiny_size(tmp_path):
    # The benchmark's database starts as a copy of this test database, which the same migrations built
    # moments ago: its own `migrate` then only checks them (a third of the test's time otherwise), and
    # it loads the demo, imports, serves and measures as `make bench` does.
    template = tmp_path / "migrated.sqlite3"
    source, copy = sqlite3.connect(connection.settings_dict["NAME"]), sqlite3.connect(template)
    source.backup(copy)  # what is committed: the migrated database, as every test starts from it
    source.close()
    copy.close()
    out = tmp_path / "results.md"
    env = {
        key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV")
    }
    env.pop("DATABASE_URL", None)
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "2",
            "--repeat",
            "2",
            "--duration",
            "1",
            "--workers",
            "2",
            "--rush-people",
            "20",
            "--sqlite-template",
            str(template),
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    table = out.read_text(encoding="utf-8")
    assert "## 2 events" in table
    assert "cores" in table
    for name, status in ROWS:
        assert f"| {name} | {status} |" in table, name
    assert "Publishing one weekly event" in table
    assert "end state 10 booked, 10 waiting, 20 different people" in table
    # The gzip row measures what a calendar client downloads: the compressed copy.
    assert table_bytes(table, "all-events feed, cached, gzip") < table_bytes(table, "all-events feed, cached")


def table_bytes(table, name):
    row = next(line for line in table.splitlines() if line.startswith(f"| {name} |"))
    return int(row.rstrip(" |").rsplit("|", 1)[1].strip().replace(",", ""))
