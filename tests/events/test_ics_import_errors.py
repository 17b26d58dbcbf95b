"""Bad calendars: the import says which line is wrong and why, exits non-zero and saves nothing."""

import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page, Revision

from events.factories import EventIndexPageFactory
from events.ics_import import MAX_BYTES, MAX_EVENTS, CalendarError, parse_calendar
from events.models import EventPage, Occurrence

# The fixed calendar files are read on the day before their dates (tests/events/conftest.py).
pytestmark = pytest.mark.usefixtures("on_calendar_files_day")

ICS = Path(__file__).parent / "ics"
HEADER = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Conecto test//Kalender//SV"]
GOOD_EVENT = [
    "BEGIN:VEVENT",
    "UID:good-1@example.org",
    "DTSTAMP:20261101T090000Z",
    "DTSTART;TZID=Europe/Stockholm:20261201T100000",
    "DTEND;TZID=Europe/Stockholm:20261201T120000",
    "SUMMARY:Kunskapsseminarium om delaktighet",
    "END:VEVENT",
]


def vevent(*properties, uid="bad-1@example.org"):
    lines = ["BEGIN:VEVENT"]
    if uid:
        lines.append(f"UID:{uid}")
    return [*lines, "DTSTAMP:20261101T090000Z", *properties, "END:VEVENT"]


def calendar_lines(*events, header=HEADER):
    lines = list(header)
    for event in events:
        lines += event
    return [*lines, "END:VCALENDAR"]


def encode(lines):
    return ("\r\n".join(lines) + "\r\n").encode()


def last_line_of(lines, text):
    """1-based number of the last line equal to `text`: the line the error must name."""
    return len(lines) - lines[::-1].index(text)


SUMMARY = "SUMMARY:Handledning"
START = "DTSTART;TZID=Europe/Stockholm:20261203T100000"
END = "DTEND;TZID=Europe/Stockholm:20261203T120000"

# (id, the file's lines, the line the error is on, the reason)
CASES = [
    (
        "end before start",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, "DTSTART:20261203T100000Z", "DTEND:20261203T090000Z")),
        "DTEND:20261203T090000Z",
        "DTEND before DTSTART",
    ),
    (
        "impossible date",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, "DTSTART:20261345T100000Z")),
        "DTSTART:20261345T100000Z",
        "DTSTART is not a valid date or time",
    ),
    (
        "all-day start, timed end",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, "DTSTART;VALUE=DATE:20261203", "DTEND:20261203T120000Z")),
        "DTEND:20261203T120000Z",
        "DTSTART and DTEND must both be dates or both be date-times",
    ),
    (
        "hourly rule",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, END, "RRULE:FREQ=HOURLY;COUNT=5")),
        "RRULE:FREQ=HOURLY;COUNT=5",
        "Events can repeat at most once a day.",
    ),
    (
        "daily rule without end",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, END, "RRULE:FREQ=DAILY")),
        "RRULE:FREQ=DAILY",
        "This rule makes more than 500 dates",
    ),
    (
        "count beyond the limit",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, END, "RRULE:FREQ=WEEKLY;COUNT=900")),
        "RRULE:FREQ=WEEKLY;COUNT=900",
        "A series can have at most 500 dates.",
    ),
    (
        "nonsense rule",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, END, "RRULE:FREQ=SOMETIMES")),
        "RRULE:FREQ=SOMETIMES",
        "invalid RRULE",
    ),
    (
        "unknown TZID without VTIMEZONE",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, "DTSTART;TZID=Kontorets tid:20261203T100000")),
        "DTSTART;TZID=Kontorets tid:20261203T100000",
        "unknown time zone “Kontorets tid” and no VTIMEZONE for it",
    ),
    (
        "unknown X-WR-TIMEZONE",
        calendar_lines(GOOD_EVENT, header=[*HEADER, "X-WR-TIMEZONE:Mars/Olympus_Mons"]),
        "X-WR-TIMEZONE:Mars/Olympus_Mons",
        "X-WR-TIMEZONE names an unknown time zone: Mars/Olympus_Mons",
    ),
    (
        "missing UID",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, uid=None)),
        "BEGIN:VEVENT",
        "the event has no UID",
    ),
    (
        "missing DTSTART",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, END)),
        "BEGIN:VEVENT",
        "the event has no DTSTART",
    ),
    (
        "missing SUMMARY",
        calendar_lines(GOOD_EVENT, vevent(START, END)),
        "BEGIN:VEVENT",
        "the event has no SUMMARY (title)",
    ),
    (
        "UID twice",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, uid="good-1@example.org")),
        "BEGIN:VEVENT",
        "a second event with UID good-1@example.org (the first is on line 4)",
    ),
    (
        "override of a date not in the series",
        calendar_lines(
            GOOD_EVENT,
            vevent(SUMMARY, START, END, "RRULE:FREQ=WEEKLY;COUNT=3"),
            vevent(SUMMARY, "RECURRENCE-ID;TZID=Europe/Stockholm:20261204T100000", "STATUS:CANCELLED"),
        ),
        "RECURRENCE-ID;TZID=Europe/Stockholm:20261204T100000",
        "RECURRENCE-ID for a date that is not in the series",
    ),
    (
        "override without its series",
        calendar_lines(
            GOOD_EVENT, vevent(SUMMARY, START, "RECURRENCE-ID;TZID=Europe/Stockholm:20261203T100000")
        ),
        "BEGIN:VEVENT",
        "RECURRENCE-ID without the series it changes",
    ),
    (
        "RDATE at another time of day",
        calendar_lines(
            GOOD_EVENT, vevent(SUMMARY, START, END, "RDATE;TZID=Europe/Stockholm:20261210T140000")
        ),
        "RDATE;TZID=Europe/Stockholm:20261210T140000",
        "an RDATE at another time of day than DTSTART is not supported",
    ),
    (
        "END:VEVENT missing",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START)[:-1]),
        "END:VCALENDAR",
        "expected END:VEVENT, found END:VCALENDAR",
    ),
    (
        "not a content line",
        calendar_lines(GOOD_EVENT, vevent(SUMMARY, START, "Ta med egen lunch")),
        "Ta med egen lunch",
        "not an iCalendar content line (expected NAME:value)",
    ),
    (
        "an HTML page",
        ["<!DOCTYPE html>", "<html lang=sv><title>Kalender</title></html>"],
        "<!DOCTYPE html>",
        "expected BEGIN:VCALENDAR",
    ),
    (
        "calendar never closed",
        calendar_lines(GOOD_EVENT)[:-1],
        "END:VEVENT",
        "VCALENDAR begun on line 1 is never closed",
    ),
]


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English, whichever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def calendar(sv_home):
    return EventIndexPageFactory(parent=sv_home)


@pytest.fixture
def imported(calendar):
    """A calendar that already holds an imported series: a failed import must leave it as it was."""
    call_command(
        "import_ics", str(ICS / "apple_overrides.ics"), "--parent", str(calendar.pk), stdout=StringIO()
    )
    return calendar


def snapshot():
    return (
        sorted(EventPage.objects.values_list("pk", "title", "latest_revision_id", "live", "start_time")),
        Revision.objects.count(),
        sorted(Occurrence.objects.values_list("pk", "start", "status")),
        Page.objects.count(),
    )


def import_bytes(data, calendar, tmp_path):
    source = tmp_path / "kalender.ics"
    source.write_bytes(data)
    call_command("import_ics", str(source), "--parent", str(calendar.pk), stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lines", "marker", "reason"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_malformed_calendar_names_the_line_and_saves_nothing(imported, tmp_path, lines, marker, reason):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        import_bytes(encode(lines), imported, tmp_path)
    assert f"line {last_line_of(lines, marker)}: {reason}" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_one_bad_event_among_good_ones_imports_none_of_them(imported, tmp_path):
    good = (ICS / "outlook_weekly.ics").read_bytes().decode()
    bad = "\r\n".join(vevent(SUMMARY, "DTSTART:20261203T100000Z", "DTEND:20261203T090000Z")) + "\r\n"
    data = good.replace("END:VCALENDAR", bad + "END:VCALENDAR").encode()
    before = snapshot()
    with pytest.raises(CommandError, match=r"line 104: DTEND before DTSTART"):
        import_bytes(data, imported, tmp_path)
    assert snapshot() == before
    assert not EventPage.objects.filter(title="Handledning Supported Employment").exists()


def test_every_problem_is_listed_in_line_order():
    lines = calendar_lines(
        vevent(SUMMARY, "DTSTART:20261203T100000Z", "DTEND:20261203T090000Z", uid="a"),
        vevent(SUMMARY, uid="b"),
    )
    with pytest.raises(CalendarError) as error:
        parse_calendar(encode(lines))
    assert [str(e) for e in error.value.errors] == [
        "line 9: DTEND before DTSTART",
        "line 11: the event has no DTSTART",
    ]


def test_invalid_utf8_names_its_line():
    lines = calendar_lines(GOOD_EVENT)
    data = encode(lines).replace(b"delaktighet", b"delaktighet \xff\xfe")
    with pytest.raises(CalendarError, match=r"^line 9: the file is not valid UTF-8 text$"):
        parse_calendar(data)


def test_a_file_over_the_size_cap_is_refused_before_parsing():
    data = encode(calendar_lines(GOOD_EVENT)) + b" " * MAX_BYTES
    with pytest.raises(CalendarError, match=r"^the file is larger than 5 MB$"):
        parse_calendar(data)


def test_too_many_events_is_refused_at_the_first_one_too_many():
    events = [vevent(SUMMARY, START, uid=f"e{n}") for n in range(MAX_EVENTS + 1)]
    lines = calendar_lines(*events)
    with pytest.raises(CalendarError) as error:
        parse_calendar(encode(lines))
    first_too_many = len(HEADER) + MAX_EVENTS * len(events[0]) + 1
    assert lines[first_too_many - 1] == "BEGIN:VEVENT"
    assert str(error.value) == f"line {first_too_many}: more than 1000 events in one file"


def test_bad_file_on_the_command_line_exits_non_zero_without_a_traceback(tmp_path):
    source = tmp_path / "trasig.ics"
    lines = calendar_lines(GOOD_EVENT, vevent(SUMMARY, "DTSTART:20261203T100000Z", "DTEND:20261203T090000Z"))
    source.write_bytes(encode(lines))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conecto_site.settings.test",
        # An empty database: the file is checked before anything is looked up or written.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_ics", str(source), "--parent", "/sv/kalender/"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"line {last_line_of(lines, 'DTEND:20261203T090000Z')}: DTEND before DTSTART" in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert not (tmp_path / "tom.sqlite3").exists() or (tmp_path / "tom.sqlite3").stat().st_size == 0


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(ICS)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_import_from_an_http_url(calendar, http_server):
    out = StringIO()
    call_command("import_ics", f"{http_server}/rdate_floating.ics", "--parent", str(calendar.pk), stdout=out)
    assert "2 created" in out.getvalue()
    assert EventPage.objects.child_of(calendar).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/saknas.ics", "the server answered 404"),
        ("file:///etc/passwd", "only http and https addresses can be imported"),
        ("ftp://127.0.0.1/kalender.ics", "only http and https addresses can be imported"),
        ("http://127.0.0.1:1/kalender.ics", "could not fetch the calendar"),
    ],
)
def test_url_problems_are_reported_cleanly(calendar, http_server, path, message):
    source = http_server + path if path.startswith("/") else path
    with pytest.raises(CommandError, match=message):
        call_command("import_ics", source, "--parent", str(calendar.pk), stdout=StringIO())
    assert EventPage.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_file_is_reported_cleanly(calendar, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*saknas.ics: No such file or directory"):
        call_command("import_ics", str(tmp_path / "saknas.ics"), "--parent", str(calendar.pk))
