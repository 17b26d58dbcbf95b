"""Hostile text for the property tests of the iCalendar writers, and the checks their output must pass.

Used by tests/events/test_feed_writer_properties.py (events/ical.py) and
tests/bookings/test_invitation_properties.py (bookings/invitations.py).

A hostile text is a few pieces: runs of CR, LF, commas, semicolons, colons, quotes, backslashes,
control characters and other Unicode line separators; any Unicode text; long runs of emoji and
Swedish letters; pieces of content lines ("\\r\\nATTENDEE:mailto:...", "\\nEND:VEVENT").

What a reader should get back is the text as the writers document it (events/ical.py,
``escape_text``): a line break (CRLF, CR or LF) is one LF, and the control characters RFC 5545
3.3.11 does not allow in TEXT are left out; nothing else changes.
"""

import re

import icalendar
import vobject
from hypothesis import strategies as st

INJECTIONS = [
    "\r\nATTENDEE:mailto:evil@example.org",
    "\nATTENDEE;CN=Evil:mailto:evil@example.org",
    "\rORGANIZER:mailto:evil@example.org",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Evil",
    "\r\n END:VCALENDAR",
    "\u2028ATTENDEE:mailto:evil@example.org",
    "\x85URL:https://evil.example.org",
    '";X-EVIL=1:',
    "\\n\\,\\;\\\\",
]
SPECIALS = "\r\n\t,;:\\\"'^ \x00\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeffåäöÅÄÖé€"
EMOJI = "😀👩\u200d👩\u200d👧🇸🇪🎉✅"

piece = st.one_of(
    st.text(alphabet=SPECIALS, max_size=6),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(EMOJI + "åäöÅÄÖ "), min_size=60, max_size=200),
    st.sampled_from(INJECTIONS),
)
hostile = st.lists(piece, max_size=6).map("".join)

TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def as_written(text):
    """The text a reader should get back (see the module docstring)."""
    return TEXT_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def harmless(text):
    """A plain stand-in for a drawn text: a property written for one is written for the other."""
    return "x" if text else ""


def assert_folded_utf8(data: bytes):
    """CRLF line ends, no other CR or LF, lines of at most 75 octets that each decode as UTF-8."""
    assert data.endswith(b"\r\n")
    data.decode("utf-8")
    for number, line in enumerate(data[:-2].split(b"\r\n"), start=1):
        assert b"\r" not in line and b"\n" not in line, f"line {number} holds a bare CR or LF: {line!r}"
        assert len(line) <= 75, f"line {number} is {len(line)} octets: {line!r}"
        line.decode("utf-8")  # a fold never splits a character


def content_line_names(data: bytes):
    """The name of every unfolded content line, in order: what a reader sees as properties."""
    unfolded = data.decode().replace("\r\n ", "")
    return [re.match(r"[A-Z0-9-]+", line).group(0) for line in unfolded.split("\r\n") if line]


def icalendar_events(data):
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def vobject_events(data):
    return vobject.readOne(data.decode()).vevent_list


def vobject_text(event, name):
    found = event.contents.get(name)
    return found[0].value if found else ""


def text_of(value):
    return "" if value is None else str(value)


def as_icalendar_reads_a_parameter(value):
    """icalendar reads ``\\,`` ``\\:`` ``\\;`` and ``\\\\`` in a parameter, even a quoted one, as the
    character after the backslash, and leaves out space at either end of an unquoted one
    (icalendar/parser/content_line.py); RFC 5545 has no escapes there and keeps the space."""
    return re.sub(r"\\([,:;\\])", r"\1", value)


def rfc6868(value):
    """A parameter value with RFC 6868's ^ escapes undone (vobject leaves them)."""
    return re.sub(r"\^(.)", lambda m: {"n": "\n", "'": '"', "^": "^"}.get(m.group(1), m.group(0)), value)
