"""Where things are in an .ics file: a pre-pass that gives every component and property its line.

icalendar parses values well but forgets where they came from. This pass unfolds the lines itself
(RFC 5545 section 3.1), checks the BEGIN/END structure and records the physical line on which each
component begins and each of its properties appears, so that errors can say "line 12: ...".
Components are recorded in document order, the order in which icalendar's `walk()` returns them.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from icalendar.parser import Contentline

NEWLINE = re.compile(r"\r\n|\r|\n")
PROPERTY_NAME = re.compile(r"^[A-Za-z0-9-]+$")


@dataclass
class LineError:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class LineProblem(Exception):
    """One problem found while reading, raised where it is found and collected as a LineError."""

    def __init__(self, line, message):
        self.error = LineError(line, message)
        super().__init__(message)


class CalendarError(Exception):
    """The file cannot be imported; `errors` says where and why."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class Block:
    """One component (VCALENDAR, VEVENT, VTIMEZONE, ...) and the lines of its own properties."""

    name: str
    line: int
    properties: dict[str, list[int]] = field(default_factory=dict)

    def line_of(self, name, index=0):
        """The line of the `index`-th `name` property, or the component's BEGIN line."""
        lines = self.properties.get(name.upper(), [])
        if not lines:
            return self.line
        return lines[min(index, len(lines) - 1)]


def logical_lines(text):
    """Unfolded content lines as (number of the first physical line, text); blank lines are skipped."""
    current, start = None, 0
    for number, line in enumerate(NEWLINE.split(text), start=1):
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            continue
        if current is not None:
            yield start, current
        current, start = (line, number) if line.strip() else (None, 0)
    if current is not None:
        yield start, current


def index_blocks(text, max_events):
    """Every component of the calendar in document order, or CalendarError for a broken structure."""
    blocks, stack = [], []
    closed_at = None
    events = 0
    last_line = 0
    for number, content in logical_lines(text):
        last_line = number
        if closed_at is not None:
            raise CalendarError([LineError(number, _("text after END:VCALENDAR"))])
        try:
            name, _params, value = Contentline(content).parts()
        except Exception:  # noqa: BLE001 (icalendar raises ValueError and friends for bad lines)
            name = None
        if not PROPERTY_NAME.match(name or ""):
            if not stack:  # the very first line: most likely not a calendar at all
                raise CalendarError([LineError(number, _("expected BEGIN:VCALENDAR"))])
            raise CalendarError([LineError(number, _("not an iCalendar content line (expected NAME:value)"))])
        name, value = name.upper(), value.strip().upper()
        if not stack and (name, value) != ("BEGIN", "VCALENDAR"):
            raise CalendarError([LineError(number, _("expected BEGIN:VCALENDAR"))])
        if name == "BEGIN":
            if value == "VCALENDAR" and stack:
                raise CalendarError([LineError(number, _("a calendar inside a calendar"))])
            if value == "VEVENT":
                events += 1
                if events > max_events:
                    raise CalendarError(
                        [LineError(number, _("more than %(max)d events in one file") % {"max": max_events})]
                    )
            block = Block(value, number)
            blocks.append(block)
            stack.append(block)
        elif name == "END":
            if stack[-1].name != value:
                raise CalendarError(
                    [
                        LineError(
                            number,
                            _("expected END:%(expected)s, found END:%(found)s")
                            % {"expected": stack[-1].name, "found": value},
                        )
                    ]
                )
            stack.pop()
            if not stack:
                closed_at = number
        else:
            stack[-1].properties.setdefault(name, []).append(number)
    if not blocks:
        raise CalendarError([LineError(None, _("the file is empty"))])
    if stack:
        raise CalendarError(
            [
                LineError(
                    last_line,
                    _("%(name)s begun on line %(line)d is never closed")
                    % {"name": stack[-1].name, "line": stack[-1].line},
                )
            ]
        )
    return blocks
