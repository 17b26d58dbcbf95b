"""Teams and Zoom attendance reports read as the programs export them; bad files give one error.

The files in attendance/ are written the way the exports are described (see the docstring of
bookings/attendance_files.py): Teams in UTF-16 with tabs and English headings, Teams in UTF-8 with
commas and Swedish headings, Zoom with rejoins with and without its meeting block.
"""

import codecs
import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bookings.attendance_files import (
    TEAMS,
    ZOOM,
    AttendanceFileError,
    AttendanceRow,
    parse_duration,
    read_attendance_file,
)

FILES = Path(__file__).parent / "attendance"
TEAMS_EN = (FILES / "teams_en_utf16_tabs.csv").read_bytes()
TEAMS_SV = (FILES / "teams_sv_utf8_commas.csv").read_bytes()
ZOOM_BLOCK = (FILES / "zoom_participants_meeting_block.csv").read_bytes()
ZOOM_ONLY = (FILES / "zoom_participants_only.csv").read_bytes()
ALL_FILES = [TEAMS_EN, TEAMS_SV, ZOOM_BLOCK, ZOOM_ONLY]


def by_name(result):
    return {row.name: row for row in result.rows}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_fixtures_are_stored_as_the_programs_wrote_them():
    assert TEAMS_EN.startswith(codecs.BOM_UTF16_LE)
    assert "\r\n".encode("utf-16-le") in TEAMS_EN
    assert b"\r\n" in TEAMS_SV and not TEAMS_SV.startswith(codecs.BOM_UTF8)


def test_teams_in_utf16_with_tabs_and_english_headings():
    result = read_attendance_file(TEAMS_EN)

    assert result.source == TEAMS
    assert result.encoding == "utf-16-le"
    assert result.title == "Digital seminar: Inclusive recruitment"
    assert result.start == dt.datetime(2026, 11, 12, 8, 58, 3)
    people = by_name(result)
    # The organiser and the presenter ran the meeting; they are left out.
    assert "Karin Lund" not in people and "Omar Haddad" not in people
    assert result.left_out == 2
    assert list(people) == [
        "Anna Svensson",
        "Björn Ek",
        "Cecilia Öberg",
        "David Lee (External)",
        "Eva Nilsson",
        "Fredrik Holm",
    ]
    assert people["Anna Svensson"] == AttendanceRow(
        name="Anna Svensson",
        email="anna.svensson@kommun.example",
        upn="anna.svensson@kommun.example",
        minutes=118,  # 1h 58m 2s
        joins=1,
    )
    assert people["Björn Ek"].minutes == 63  # 1h 3m 10s, though he left and came back
    assert people["Cecilia Öberg"].minutes == 3  # 3m 5s
    assert people["David Lee (External)"].minutes == 0  # 45s
    assert people["David Lee (External)"].email == ""
    assert people["Eva Nilsson"].upn == "eva.n@skola.example"
    assert people["Fredrik Holm"].minutes == 120  # 2h
    # The in-meeting activities below the participants are not counted a second time.
    assert len(result.rows) == 6
    assert result.problems == []


def test_teams_in_utf8_with_commas_and_swedish_headings():
    result = read_attendance_file(TEAMS_SV)

    assert result.source == TEAMS
    assert result.encoding == "utf-8"
    people = by_name(result)
    assert "Karin Lund" not in people  # Organisatör
    assert "Sara Berg" not in people  # Presentatör
    assert people["Lindqvist, Maja"].minutes == 100
    assert people["Lindqvist, Maja"].email == "maja.lindqvist@kommun.example"
    assert people["Åsa Öhman"].minutes == 63  # 1:03:10
    # No e-mail in the file, but a UPN to match by.
    assert people["Jonas Björk"].email == ""
    assert people["Jonas Björk"].upn == "jonas.bjork@foretag.example"
    assert people["Jonas Björk"].minutes == 45
    assert people["Leila Karimi"].minutes == 0
    assert len(result.rows) == 4


def test_zoom_with_the_meeting_block_adds_up_rejoins_and_leaves_out_the_host():
    result = read_attendance_file(ZOOM_BLOCK)

    assert result.source == ZOOM
    assert result.title == "Digital seminar: Mentoring new staff"
    assert result.start == dt.datetime(2026, 11, 26, 9, 57, 12)
    people = by_name(result)
    assert "Karin Lund" not in people  # the host, named in the meeting block
    assert result.left_out == 1
    anna = people["Anna Svensson"]
    assert (anna.minutes, anna.joins, anna.email) == (113, 2, "anna.svensson@kommun.example")
    # Two devices at once (10:30-11:00 inside 10:02-11:59): the half hour counts once.
    assert (people["Björn Ek"].minutes, people["Björn Ek"].joins) == (117, 2)
    # A guest without an e-mail address is added up by name.
    assert (people["Erik Ny"].minutes, people["Erik Ny"].joins) == (34, 2)
    assert people["Fatima Ali"].minutes == 120
    assert len(result.rows) == 4


def test_zoom_without_the_meeting_block():
    result = read_attendance_file(ZOOM_ONLY)

    assert result.source == ZOOM
    assert result.title == "" and result.start is None
    people = by_name(result)
    assert (people["Maja Lindqvist"].minutes, people["Maja Lindqvist"].joins) == (113, 3)
    assert people["Gustav Åberg (Gustav)"].minutes == 90
    assert people["Okänd Gäst"].minutes == 2
    assert result.left_out == 0


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda text: text.encode("utf-16-le"), id="utf-16 without a BOM"),
        pytest.param(lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8 with a BOM"),
        pytest.param(lambda text: text.encode("cp1252"), id="saved again by Excel (cp1252)"),
        pytest.param(lambda text: text.replace("\t", ";").encode("cp1252"), id="semicolons"),
        pytest.param(lambda text: text.replace("\r\n", "\n").encode("utf-8"), id="LF line ends"),
    ],
)
def test_encodings_and_delimiters_are_detected(transform):
    text = TEAMS_EN.decode("utf-16")
    result = read_attendance_file(transform(text))

    assert by_name(result) == by_name(read_attendance_file(TEAMS_EN))


def test_the_activities_section_alone_is_added_up_and_overlaps_count_once():
    text = "\r\n".join(
        [
            "3. In-Meeting Activities",
            "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole",
            "Anna\t11/12/26, 9:00:00 AM\t11/12/26, 9:40:00 AM\t40m 0s\ta@x.example\tAttendee",
            "Anna\t11/12/26, 9:30:00 AM\t11/12/26, 10:00:00 AM\t30m 0s\ta@x.example\tAttendee",
            "Anna\t11/12/26, 10:10:00 AM\t11/12/26, 10:15:00 AM\t5m\tA@X.example\tAttendee",
        ]
    )
    (row,) = read_attendance_file(text.encode("utf-8")).rows

    assert (row.minutes, row.joins) == (65, 3)  # 9:00-10:00 and 10:10-10:15


def test_joins_whose_times_cannot_be_read_are_added_up_with_a_problem_named():
    text = "\n".join(
        [
            "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
            "Anna,a@x.example,sometime,later,20,No",
            "Anna,a@x.example,,,25,No",
        ]
    )
    result = read_attendance_file(text.encode("utf-8"))

    assert result.rows[0].minutes == 45
    assert [str(problem) for problem in result.problems] == [
        "line 2: The join and leave times of Anna cannot be read, so overlapping joins are counted twice."
    ]


def test_a_row_without_name_or_email_is_skipped_and_reported():
    text = "Name,First Join,Last Leave,In-Meeting Duration,Email,Role\n,,,5m,,Attendee\nBo,,,6m,,\n"
    result = read_attendance_file(text.encode("utf-8"))

    assert [row.name for row in result.rows] == ["Bo"]
    assert [problem.line for problem in result.problems] == [2]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h 3m 10s", 3790),
        ("3m 5s", 185),
        ("45s", 45),
        ("2h", 7200),
        ("0s", 0),
        ("1:03:10", 3790),
        ("03:05", 185),
        ("1 h 3 min", 3780),
        ("", None),
        ("soon", None),
        ("1h 3x", None),
        ("7/22/26, 7:02:11 PM", None),
    ],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", None, "empty"),
        (b"\r\n\r\n", None, "empty"),
        (codecs.BOM_UTF16_LE, None, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", None, "not a text file"),
        (b"PK\x03\x04\x14\x00\x06\x00", None, "not a text file"),
        (b"Name,Duration\nAnna\x07,5\n", 2, "not a text file"),
        (b"Hello,world\nThis is,a letter\n", None, "not a Teams or Zoom attendance report"),
        ("Namn;Ålder\nÅsa;41\n".encode("cp1252"), None, "not a Teams or Zoom attendance report"),
        (
            b"Name,In-Meeting Duration,Email\nAnna,an hour,a@x.example\n",
            2,
            "The duration \u201can hour\u201d of Anna cannot be read.",
        ),
        (
            b"Name (Original Name),User Email,Duration (Minutes)\nBo,b@x.example,\n",
            2,
            "The duration of Bo is missing.",
        ),
        (
            b"Name (Original Name),User Email,Duration (Minutes)\n\nBo,b@x.example,12\nCy,c@x.example,1 2\n",
            1,
            "The report lists no participants under its header.",
        ),
    ],
)
def test_bad_files_raise_one_error_naming_the_line_and_the_reason(data, line, words):
    with pytest.raises(AttendanceFileError) as raised:
        read_attendance_file(data)

    assert raised.value.line == line
    assert words in str(raised.value)
    if line is not None:
        assert str(raised.value).startswith(f"line {line}: ")


def test_a_broken_row_in_a_real_export_is_named_by_its_line():
    text = TEAMS_EN.decode("utf-16").replace("1h 3m 10s", "1h 3m 10", 1)

    with pytest.raises(AttendanceFileError) as raised:
        read_attendance_file(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))

    assert raised.value.line == 14
    assert "Björn Ek" in str(raised.value)


def test_the_error_is_told_in_swedish():
    with translation.override("sv"), pytest.raises(AttendanceFileError) as raised:
        read_attendance_file(b"Name,In-Meeting Duration\nAnna,an hour\n")

    assert str(raised.value) == "rad 2: Varaktigheten \u201dan hour\u201d för Anna går inte att läsa."


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
@example(b"\xff\xfe\x00")
@example(b"\x00" * 9)
@example(b"Name,Duration\n" + b"a," * 200000)
def test_random_bytes_give_a_result_or_the_one_error(data):
    try:
        read_attendance_file(data)
    except AttendanceFileError as error:
        assert str(error)


@st.composite
def mutated(draw):
    """A real export with a few bytes changed, inserted or cut away."""
    data = bytearray(draw(st.sampled_from(ALL_FILES)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "truncate":
            del data[at:]
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_real_files_give_a_result_or_the_one_error(data):
    try:
        result = read_attendance_file(data)
    except AttendanceFileError as error:
        assert str(error)
    else:
        assert all(row.minutes >= 0 and row.joins >= 1 for row in result.rows)


def teams_report(people):
    """A Teams participants export of `people` rows, as Teams writes it (UTF-16, tabs, CRLF)."""
    lines = [
        "1. Summary",
        "Meeting title\tBig seminar",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for number in range(people):
        email = f"person{number}@kommun.example"
        lines.append(
            f"Person {number}\t11/12/26, 9:00:00 AM\t11/12/26, 10:30:00 AM\t1h {number % 60}m 5s"
            f"\t{email}\t{email}\tAttendee"
        )
    return codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def test_a_300_row_teams_file_is_read_whole():
    result = read_attendance_file(teams_report(300))

    assert len(result.rows) == 300
    assert result.rows[61].minutes == 61
