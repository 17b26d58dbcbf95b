"""Read the attendance reports Microsoft Teams and Zoom export: plain functions, no database.

`read_attendance_file(data)` takes the file's bytes and returns an `AttendanceFile`: where it came
from ("teams" or "zoom"), the meeting's title and start when the file says them, one
`AttendanceRow` per person (joins added up, organisers and presenters left out) and the problems
worth showing (rows skipped, times that could not be read). Anything it cannot read raises
`AttendanceFileError`, whose message names the line and the reason; nothing else escapes.

The layouts it reads, and where that knowledge comes from, are described in
docs/attendance-files.md.

The file's encoding is found from its BOM, else from NUL bytes (UTF-16 without a BOM), else UTF-8,
else Windows-1252 (what Excel writes when a file is saved again); the delimiter is whichever of
tab, semicolon and comma gives a known header row.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

TEAMS = "teams"
ZOOM = "zoom"

MAX_BYTES = 10 * 1024 * 1024  # a 2,500-person report is well under 1 MB

DELIMITERS = ("\t", ";", ",")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"\s+")

# Header names, normalised (see `_norm`), for each column we read.
TEAMS_COLUMNS = {
    "name": {"name", "full name", "namn", "fullständigt namn"},
    "first_join": {"first join", "första anslutning"},
    "last_leave": {"last leave", "senaste frånkoppling"},
    "join": {"join time"},
    "leave": {"leave time"},
    "duration": {"in-meeting duration", "duration", "varaktighet i möte", "varaktighet"},
    "email": {"email", "e-mail", "e-post"},
    "upn": {"participant id (upn)", "deltagar-id (upn)"},
    "role": {"role", "roll"},
}
ZOOM_COLUMNS = {
    "name": {"name (original name)", "name", "participant", "user name (original name)"},
    "email": {"user email", "email"},
    "join": {"join time"},
    "leave": {"leave time"},
    "duration": {"duration (minutes)", "total duration (minutes)"},
}
# Columns only Zoom's participant report has: they tell the two apart.
ZOOM_MARKERS = {"name (original name)", "user email", "duration (minutes)", "total duration (minutes)"}
ZOOM_MEETING_BLOCK = {"meeting id", "topic"}

# Teams roles left out: the people who ran the meeting did not attend it.
LEFT_OUT_ROLES = {
    "organizer",
    "co-organizer",
    "presenter",
    "organisatör",
    "medorganisatör",
    "presentatör",
}

TEAMS_SUMMARY_TITLE = {"meeting title", "title"}
TEAMS_SUMMARY_START = {"start time"}
# A row with one cell naming a section: "1. Summary", "2. Participants", "Deltagare", ...
SECTION_TITLE = re.compile(r"^\d+\.\s*\S")
SECTION_NAMES = {
    "summary",
    "participants",
    "in-meeting activities",
    "sammanfattning",
    "deltagare",
}

# "1h 3m 10s", "3m 5s", "45s", "1h", also with spaces or "min" ("1 h 3 min").
DURATION_UNITS = re.compile(
    r"^(?:(?P<h>\d{1,6})\s*h)?\s*(?:(?P<m>\d{1,6})\s*m(?:in)?)?\s*(?:(?P<s>\d{1,6})\s*s)?$"
)
DURATION_CLOCK = re.compile(r"^(?:(?P<h>\d{1,6}):)?(?P<m>\d{1,2}):(?P<s>\d{2})$")
ZOOM_MINUTES = re.compile(r"^\d{1,6}(?:[.,]\d+)?$")

TIME_FORMATS = (
    "%m/%d/%y, %I:%M:%S %p",  # Teams, en-US
    "%m/%d/%Y, %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",  # Zoom
    "%m/%d/%Y %I:%M %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M:%S %p",
    "%Y-%m-%d %H:%M:%S",  # Swedish and ISO
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)


@dataclass(frozen=True)
class AttendanceRow:
    """One person, joins added up. `minutes` are whole minutes attended (rounded down)."""

    name: str
    email: str  # lower case; "" when the file has none
    upn: str  # Teams' Participant ID (UPN), lower case; "" when absent
    minutes: int
    joins: int


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class AttendanceFile:
    source: str  # TEAMS or ZOOM
    rows: list[AttendanceRow]
    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    start: dt.datetime | None = None  # naive: the files give local time without a zone
    encoding: str = ""
    delimiter: str = ""
    left_out: int = 0  # rows of organisers, presenters or the host


class AttendanceFileError(Exception):
    """The file cannot be read; `line` (or None) and `reason` say where and why."""

    def __init__(self, reason, line=None):
        self.line = line
        self.reason = str(reason)
        # Said in the language active where it is raised, like the reason.
        self.message = str(Problem(line, self.reason))
        super().__init__(self.message)

    def __str__(self):
        return self.message


@dataclass
class _Join:
    line: int
    name: str
    email: str
    upn: str
    seconds: int
    start: dt.datetime | None
    end: dt.datetime | None


def read_attendance_file(data):
    """Read a Teams or Zoom attendance report from its bytes; AttendanceFileError when unreadable."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise AttendanceFileError(_("The file could not be read."))
    data = bytes(data)
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise AttendanceFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise AttendanceFileError(_("The file is too large to be an attendance report."))
    text, encoding = decode(data)
    rows, delimiter, header_at = _find_layout(text)
    header = [_norm(cell) for cell in rows[header_at][1]]
    result = (_read_zoom if ZOOM_MARKERS & set(header) else _read_teams)(rows, header_at)
    if not result.rows and not result.left_out and not result.problems:
        raise AttendanceFileError(_("The report lists no participants under its header."), rows[header_at][0])
    result.encoding, result.delimiter = encoding, delimiter
    return result


def decode(data):
    """The text and the name of its encoding: BOM, then NUL bytes, then UTF-8, then cp1252."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decoded(data[len(bom) :], encoding.removesuffix("-sig"), encoding)
    if b"\x00" in data:
        # UTF-16 without a BOM: ASCII text has a NUL in every other byte.
        sample = data[:4000]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 and odd > even:
            return _decoded(data, "utf-16-le", "utf-16-le")
        if even > len(sample) // 4:
            return _decoded(data, "utf-16-be", "utf-16-be")
        raise AttendanceFileError(_("This is not a text file; upload the report as exported."))
    try:
        return _decoded(data, "utf-8", "utf-8")
    except AttendanceFileError:
        return _decoded(data, "cp1252", "cp1252")


def _decoded(data, codec, name):
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise AttendanceFileError(_("This is not a text file; upload the report as exported.")) from error
    found = CONTROL_CHARS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise AttendanceFileError(_("This is not a text file; upload the report as exported."), line)
    return text, name


def _norm(cell):
    return SPACES.sub(" ", cell.replace("\ufeff", "").strip().strip('"')).casefold()


def _parse(text, delimiter):
    """(line, cells) for every row, cells stripped; csv's own errors become ours."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise AttendanceFileError(_("The row cannot be read as a table row."), reader.line_num + 1) from error
    return rows


def _is_header(cells):
    names = {_norm(cell) for cell in cells}
    teams = names & TEAMS_COLUMNS["name"] and names & TEAMS_COLUMNS["duration"]
    zoom = names & ZOOM_COLUMNS["name"] and names & ZOOM_COLUMNS["duration"]
    return bool(teams or zoom)


def _find_layout(text):
    """The rows, the delimiter and the index of the first participant header row."""
    for delimiter in DELIMITERS:
        if delimiter not in text:
            continue
        rows = _parse(text, delimiter)
        for index, (_line, cells) in enumerate(rows):
            if len(cells) > 1 and _is_header(cells):
                return rows, delimiter, index
    raise AttendanceFileError(
        _(
            "This is not a Teams or Zoom attendance report: no row names the participants' "
            "name and duration columns."
        )
    )


def _columns(header, known):
    """Which cell index holds each known column; the first match wins."""
    found = {}
    for index, cell in enumerate(header):
        name = _norm(cell)
        for key, names in known.items():
            if name in names and key not in found:
                found[key] = index
                break
    return found


def _cell(cells, index):
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _is_blank(cells):
    return not any(cell.strip() for cell in cells)


def _is_section_title(cells):
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) != 1:
        return False
    text = _norm(filled[0])
    return bool(SECTION_TITLE.match(text)) or text in SECTION_NAMES


def _section(rows, header_at):
    """The data rows under a header: up to a blank row, a section title or the next header."""
    for line, cells in rows[header_at + 1 :]:
        if _is_blank(cells) or _is_section_title(cells):
            return
        if _is_header(cells):
            return
        yield line, cells


def parse_duration(text):
    """Seconds in a Teams duration ("1h 3m 10s", "3m 5s", "45s", "1:03:10"); None if unreadable."""
    value = text.strip().casefold()
    if not value:
        return None
    match = DURATION_CLOCK.match(value)
    if match is None:
        match = DURATION_UNITS.match(value)
        if match is None or not any(match.group(unit) for unit in "hms"):
            return None
    hours, minutes, seconds = (int(match.group(unit) or 0) for unit in "hms")
    return hours * 3600 + minutes * 60 + seconds


def parse_time(text):
    """A naive datetime from the formats the exports use, or None."""
    value = SPACES.sub(" ", text.strip())
    if not value:
        return None
    for pattern in TIME_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def _read_teams(rows, header_at):
    header = rows[header_at][1]
    columns = _columns(header, TEAMS_COLUMNS)
    problems, title, start = [], "", None
    for _line, cells in rows[:header_at]:
        key = _norm(cells[0]) if cells else ""
        value = _cell(cells, 1)
        if key in TEAMS_SUMMARY_TITLE and value:
            title = value
        elif key in TEAMS_SUMMARY_START and value:
            start = parse_time(value)
    # The participants section has one row a person; when a file has only the in-meeting
    # activities (one row a join), those are added up instead.
    per_join = "first_join" not in columns and "join" in columns
    joins, left_out = [], 0
    for line, cells in _section(rows, header_at):
        role = _norm(_cell(cells, columns.get("role")))
        if role in LEFT_OUT_ROLES:
            left_out += 1
            continue
        join = _row_join(line, cells, columns, problems, teams=True, per_join=per_join)
        if join is not None:
            joins.append(join)
    return AttendanceFile(
        source=TEAMS,
        rows=_add_up(joins, problems, overlap=per_join),
        problems=problems,
        title=title,
        start=start,
        left_out=left_out,
    )


def _read_zoom(rows, header_at):
    columns = _columns(rows[header_at][1], ZOOM_COLUMNS)
    problems, title, start, host = [], "", None, ""
    # The meeting block: a header row with Meeting ID and Topic, and the row under it.
    for index, (_line, cells) in enumerate(rows[:header_at]):
        names = [_norm(cell) for cell in cells]
        if set(names) >= ZOOM_MEETING_BLOCK and index + 1 < header_at:
            values = rows[index + 1][1]
            block = dict(zip(names, values, strict=False))
            title = block.get("topic", "").strip()
            start = parse_time(block.get("start time", ""))
            host = block.get("user email", "").strip().casefold()
            break
    joins, left_out = [], 0
    for line, cells in _section(rows, header_at):
        join = _row_join(line, cells, columns, problems, teams=False, per_join=True)
        if join is None:
            continue
        if host and join.email == host:
            left_out += 1
            continue
        joins.append(join)
    return AttendanceFile(
        source=ZOOM,
        rows=_add_up(joins, problems, overlap=True),
        problems=problems,
        title=title,
        start=start,
        left_out=left_out,
    )


def _row_join(line, cells, columns, problems, *, teams, per_join):
    name = _cell(cells, columns.get("name"))
    email = _cell(cells, columns.get("email")).casefold()
    upn = _cell(cells, columns.get("upn")).casefold()
    if not name and not email:
        problems.append(Problem(line, _("A row without a name or an e-mail address was skipped.")))
        return None
    raw = _cell(cells, columns.get("duration"))
    if teams:
        seconds = parse_duration(raw)
    elif ZOOM_MINUTES.match(raw):
        seconds = round(float(raw.replace(",", ".")) * 60)
    else:
        seconds = None
    if seconds is None:
        if not raw:
            reason = _("The duration of %(name)s is missing.") % {"name": name or email}
        else:
            reason = _("The duration “%(value)s” of %(name)s cannot be read.") % {
                "value": raw[:40],
                "name": name or email,
            }
        raise AttendanceFileError(reason, line)
    start = end = None
    if per_join:
        start = parse_time(_cell(cells, columns.get("join")))
        end = parse_time(_cell(cells, columns.get("leave")))
    return _Join(line, name, email, upn, seconds, start, end)


def _add_up(joins, problems, *, overlap):
    """One row a person (by e-mail, else UPN, else name), in the file's order."""
    people = {}
    for join in joins:
        key = ("email", join.email) if join.email else ("upn", join.upn) if join.upn else None
        key = key or ("name", _norm(join.name))
        people.setdefault(key, []).append(join)
    rows = []
    for group in people.values():
        seconds = sum(join.seconds for join in group)
        if overlap and len(group) > 1:
            seconds -= _overlap_seconds(group, problems)
        first = group[0]
        rows.append(
            AttendanceRow(
                name=first.name,
                email=first.email,
                upn=next((join.upn for join in group if join.upn), ""),
                minutes=max(0, seconds) // 60,
                joins=len(group),
            )
        )
    return rows


def _overlap_seconds(group, problems):
    """Seconds counted twice by joins that overlap (two devices at once); 0 without times."""
    spans = [(join.start, join.end) for join in group]
    if any(start is None or end is None or end < start for start, end in spans):
        problems.append(
            Problem(
                group[0].line,
                _(
                    "The join and leave times of %(name)s cannot be read, so overlapping joins "
                    "are counted twice."
                )
                % {"name": group[0].name or group[0].email},
            )
        )
        return 0
    spans.sort()
    total = sum(int((end - start).total_seconds()) for start, end in spans)
    union, (current_start, current_end) = 0, spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            union += int((current_end - current_start).total_seconds())
            current_start, current_end = start, end
    union += int((current_end - current_start).total_seconds())
    return total - union
