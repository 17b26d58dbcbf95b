"""How long reading a Teams attendance report takes, at 300 rows and more (issue 20: under 1 s).

Usage: `.venv/bin/python bench/attendance_files.py [--rows 300 2500] [--repeat 20]`. It writes a
Teams participants export of that many people (UTF-16 with tabs, as Teams downloads it, with the
in-meeting activities section below, two joins each) and a Zoom report of as many joins, reads
each `--repeat` times with bookings.attendance_files and prints the median and the slowest run.
Nothing touches the database.
"""

import argparse
import codecs
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conecto_site.settings.test")

import django

django.setup()

from bookings.attendance_files import read_attendance_file  # noqa: E402


def teams_report(people):
    lines = [
        "1. Summary",
        "Meeting title\tBenchmark seminar",
        "Start time\t11/12/26, 8:58:03 AM",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    activities = ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for number in range(people):
        email = f"person{number}@kommun.example"
        name = f"Person Nummer {number}"
        lines.append(
            f"{name}\t11/12/26, 9:00:00 AM\t11/12/26, 10:58:00 AM\t1h {number % 60}m 5s\t{email}\t{email}\tAttendee"
        )
        activities.append(f"{name}\t11/12/26, 9:00:00 AM\t11/12/26, 9:40:00 AM\t40m\t{email}\tAttendee")
        activities.append(f"{name}\t11/12/26, 9:50:00 AM\t11/12/26, 10:58:00 AM\t1h 8m\t{email}\tAttendee")
    return codecs.BOM_UTF16_LE + ("\r\n".join(lines + activities) + "\r\n").encode("utf-16-le")


def zoom_report(joins):
    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        '"812 3456 7890",Benchmark,11/26/2026 09:57:12 AM,11/26/2026 12:01:40 PM,host@conecto.example,125,1',
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent",
    ]
    for number in range(joins):
        person = number // 2
        start, end = ("10:00:00 AM", "10:40:00 AM") if number % 2 else ("10:30:00 AM", "11:50:00 AM")
        lines.append(
            f"Person {person},person{person}@kommun.example,11/26/2026 {start},11/26/2026 {end},40,No,Y"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def measure(data, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read_attendance_file(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, max(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[300, 2500])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print("| file | rows | bytes | median ms | slowest ms |")
    print("|---|---:|---:|---:|---:|")
    for rows in args.rows:
        for label, data in (("Teams, UTF-16", teams_report(rows)), ("Zoom, joins", zoom_report(rows))):
            median, slowest = measure(data, args.repeat)
            print(f"| {label} | {rows} | {len(data)} | {median:.1f} | {slowest:.1f} |")


if __name__ == "__main__":
    main()
