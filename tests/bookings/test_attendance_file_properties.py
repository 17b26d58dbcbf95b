"""Property tests: the attendance-file reader (bookings/attendance_files.py) is faithful to any report.

tests/bookings/test_attendance_files.py throws random and mutated bytes at the reader (a result or
AttendanceFileError, never another exception). These build whole Teams and Zoom reports the way the
programs write them (docs/attendance-files.md), with hostile names and meeting titles (quotes,
delimiters, line breaks inside a cell, emoji, å ä ö, pieces of other rows), in UTF-16 with tabs,
UTF-8 with or without a BOM, or Windows-1252, with tab, semicolon or comma: the reader must give back
every person in order with their minutes, name and address, and the title of an English Teams
report (Swedish summary rows are not read, docs/attendance-files.md); a report with control
characters in it is refused with AttendanceFileError.
"""

import codecs
import csv
import io
import re

from django.utils import translation
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bookings.attendance_files import TEAMS, ZOOM, AttendanceFileError, read_attendance_file
from tests.events.hostile_text import hostile

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEAMS_HEADERS = {
    "en": [
        "Name",
        "First Join",
        "Last Leave",
        "In-Meeting Duration",
        "Email",
        "Participant ID (UPN)",
        "Role",
    ],
    "sv": [
        "Namn",
        "Första anslutning",
        "Senaste frånkoppling",
        "Varaktighet i möte",
        "E-post",
        "Deltagar-ID (UPN)",
        "Roll",
    ],
}
ZOOM_HEADER = ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"]
ENCODINGS = {
    "utf-16": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-sig": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "cp1252": lambda text: text.encode("cp1252"),
}

# Names: mostly hostile text without control characters; now and then with them.
names = st.one_of(
    hostile.map(lambda text: CONTROL_CHARS.sub("", text)),
    hostile.map(lambda text: CONTROL_CHARS.sub("", text)).map(lambda text: text[:40] + " " + text[40:]),
    hostile,
)


def teams_duration(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "h"), (minutes, "m"), (seconds, "s")) if value]
    return " ".join(parts) or "0s"


def table(rows, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def report(kind, language, title, people, delimiter):
    """A report as text, and the people as the reader should give them back."""
    if kind == TEAMS:
        summary = [["1. Summary" if language == "en" else "1. Sammanfattning"]]
        summary.append(["Meeting title" if language == "en" else "Mötesrubrik", title])
        summary += [[], ["2. Participants" if language == "en" else "2. Deltagare"], TEAMS_HEADERS[language]]
        rows = summary + [
            [
                name,
                "11/12/26, 9:00:00 AM",
                "11/12/26, 10:30:00 AM",
                teams_duration(seconds),
                email,
                email,
                "Attendee",
            ]
            for name, email, seconds in people
        ]
        expected = [(name.strip(), email, seconds // 60) for name, email, seconds in people]
    else:
        rows = [ZOOM_HEADER] + [
            [name, email, "12/03/2026 01:59:40 PM", "12/03/2026 03:30:40 PM", str(seconds // 60), "No"]
            for name, email, seconds in people
        ]
        expected = [(name.strip(), email, seconds // 60) for name, email, seconds in people]
    return table(rows, delimiter), expected


def reads_as_other_utf8(data, text):
    try:
        return data.decode("utf-8") != text
    except UnicodeDecodeError:
        return False


@st.composite
def reports(draw):
    kind = draw(st.sampled_from([TEAMS, ZOOM]))
    count = draw(st.integers(1, 8))
    people = [
        (draw(names), f"person{number}@kommun.example", draw(st.integers(0, 5 * 3600)))
        for number in range(count)
    ]
    title = draw(names)
    delimiter = draw(st.sampled_from(["\t", ";", ","]))
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    return kind, draw(st.sampled_from(["en", "sv"])), title, people, delimiter, encoding


@given(reports())
@example(
    (
        TEAMS,
        "en",
        'Seminarium "Samverkan", del 1; SIP',
        [('Lind, "Anna"\r\nBo\tEk', "a@k.example", 3725)],
        "\t",
        "utf-16",
    )
)
@example((ZOOM, "en", "", [("Åsa Öberg 😀;\n2. Participants", "a@k.example", 5400)], ",", "utf-8-sig"))
@example((TEAMS, "sv", "Möte", [("Name\tDuration", "a@k.example", 60)], ",", "cp1252"))
def test_a_generated_report_is_read_back_faithfully(drawn):
    kind, language, title, people, delimiter, encoding = drawn
    text, expected = report(kind, language, title, people, delimiter)
    try:
        data = ENCODINGS[encoding](text)
    except UnicodeEncodeError:
        assume(False)  # not every name can be written in Windows-1252
    # Windows-1252 bytes that are also UTF-8 are read as UTF-8 (the file says nothing else).
    assume(not (encoding == "cp1252" and reads_as_other_utf8(data, text)))

    with translation.override("en"):
        try:
            result = read_attendance_file(data)
        except AttendanceFileError as error:
            assert CONTROL_CHARS.search(text), f"a clean report was refused: {error}"
            return

    assert not CONTROL_CHARS.search(text), "a report with control characters was read"
    assert result.source == kind
    assert [(row.name, row.email, row.minutes) for row in result.rows] == expected
    assert all(row.joins == 1 for row in result.rows)
    if kind == TEAMS and language == "en":  # Swedish summary rows are not read (docs/attendance-files.md)
        assert result.title == title.strip()
