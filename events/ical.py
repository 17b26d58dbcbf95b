"""iCalendar feeds as plain functions: rows in, bytes out. No database, no requests.

The Django side (events/feeds/rows.py) turns event pages and their materialised occurrences into the rows
below; this module writes RFC 5545 text with RFC 7986 calendar properties. Choices that clients
depend on:

- Calendar properties come before any component.
- Each event is a self-contained block of text (``event_block``), so a feed can keep the blocks of
  unchanged events and only write the ones that changed (events/feeds/blocks.py).
- A series is written in wall-clock times with ``TZID`` (the event's own zone), and so are its
  RDATE/EXDATE and its children's RECURRENCE-ID, so a weekly 18:00 session stays at 18:00 on both
  sides of a daylight-saving change; every TZID used gets a ``VTIMEZONE`` written with RRULE parts,
  because Outlook and vobject misread the long RDATE form icalendar would generate.
- A single timed event (no rule, no other dates: ``in_utc``) is written in UTC,
  ``DTSTART:20261203T080000Z``: one date has no daylight-saving change to keep, the UTC instant is
  the same moment, which every client shows in its own zone (as Google Calendar's own export
  does), and it is 44 bytes shorter than the TZID pair. Its block then needs no VTIMEZONE
  (``block_zone``); the calendar's own zone is still named (X-WR-TIMEZONE) and defined.
- All-day and multi-day events are ``VALUE=DATE`` with an exclusive end date.
- A changed or annotated date of a series is a child ``VEVENT`` with the series' UID and a
  ``RECURRENCE-ID``; a cancelled date is such a child with ``STATUS:CANCELLED``.

What an event says, and what it leaves out (a feed is mostly VEVENTs, so each line counts: an event
of the benchmark programme, bench/programme.py, went from about 650 bytes to 470, then with UTC
single events, 22-character UIDs and the bare page link to about 403):

- Written: UID, DTSTAMP (both REQUIRED), DTSTART and DTEND (UTC or TZID, above), RRULE/RDATE/EXDATE,
  RECURRENCE-ID, SUMMARY, DESCRIPTION, LOCATION, CONFERENCE, CATEGORIES, LAST-MODIFIED; STATUS
  and SEQUENCE when they are not the default.
- ``STATUS`` only when TENTATIVE or CANCELLED: an event without STATUS is an ordinary, going-ahead
  event to every client (Outlook, Google, Apple, Thunderbird); ``SEQUENCE`` only when above 0, its
  default (RFC 5545 3.8.7.4). ``TRANSP:OPAQUE`` and ``CLASS:PUBLIC`` are defaults too (3.8.2.7,
  3.8.1.3); all-day events still say ``TRANSP:TRANSPARENT``.
- No ``CREATED``: no client shows or acts on it; ``LAST-MODIFIED`` (kept) is what they read.
- No ``LANGUAGE`` parameter on the text properties: no calendar client reads it, and a feed is in
  one language anyway (its PRODID and names say which).
- No ``URL`` property: the page link is the last paragraph of DESCRIPTION (events/feeds/rows.py),
  because Outlook and Google Calendar show DESCRIPTION and never URL; Apple Calendar and
  Thunderbird show DESCRIPTION too and make the link clickable, so writing it twice only cost bytes.
  The link stands alone, without a "More information:" label: every one of those clients makes a
  bare URL clickable, and the label cost 17 bytes an event.
- The UID is 22 characters, a UUID in base64url (events/feeds/rows.py ``event_uid``).
- ``DTEND``, not ``DURATION``: ``DURATION:PT1H30M`` would be 27 bytes shorter than a DTEND with TZID,
  but DTEND is what every reader understands (several importers read only DTEND), and an event's
  end is the time people look up.
"""

import calendar as calendar_module
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

import dateutil.rrule
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

UTC = dt.UTC
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Where VTIMEZONE rules start: old enough for any date a feed carries, and what Outlook writes itself.
RULE_EPOCH_YEAR = 1970

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
TENTATIVE = "TENTATIVE"


@dataclass(frozen=True)
class CalendarInfo:
    """The calendar as a whole: its name and description are in the feed's language."""

    name: str
    description: str
    language: str  # "sv" or "en"
    time_zone: str = "Europe/Stockholm"  # X-WR-TIMEZONE
    url: str = ""  # the page that shows these events
    source: str = ""  # where the feed itself lives (RFC 7986 SOURCE)
    refresh: dt.timedelta | None = dt.timedelta(hours=1)  # None for a file imported once
    method: str | None = "PUBLISH"


# Rows are named tuples rather than frozen dataclasses: as immutable and comparable, and several
# times quicker to make, which counts when a feed makes thousands of them.


class Override(NamedTuple):
    """One date of a series that differs from the rule: moved, cancelled or with a note."""

    recurrence_id: dt.datetime | dt.date  # the original start, naive local wall-clock time (or a date)
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    status: str = CONFIRMED
    title: str | None = None  # None: the series' title
    description: str | None = None


class EventRow(NamedTuple):
    """One calendar object (a single event or a whole series) with its overrides.

    ``start``/``end`` are naive wall-clock datetimes in ``time_zone``, or dates for all-day events
    (``end`` exclusive). ``rrule`` is an RFC 5545 RECUR value whose UNTIL is already in UTC.
    """

    uid: str
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    time_zone: str
    sequence: int = 0
    status: str = CONFIRMED
    description: str = ""  # ends with the page link (there is no URL property, see above)
    location: str = ""
    conference: str = ""
    conference_label: str = ""
    categories: tuple[str, ...] = ()
    last_modified: dt.datetime | None = None
    rrule: str | None = None
    rdates: tuple = ()
    exdates: tuple = ()
    overrides: tuple[Override, ...] = ()

    @property
    def all_day(self):
        return not isinstance(self.start, dt.datetime)


# The RFC 5545 writer -------------------------------------------------------------------------------
# Written by hand rather than through icalendar's object tree, which costs about three quarters of a
# cold feed build: a feed is thousands of events and each is a handful of short lines. Each block is
# built as one text and encoded once; most lines are short ASCII and skip the folding entirely.

# Control characters other than HTAB are not allowed in TEXT (RFC 5545 3.3.11); newlines are escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPECIAL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\\;,]")  # control characters, line breaks, \ ; ,
# Quoted in a parameter value: what would end it (RFC 5545 3.2), and a backslash, which icalendar
# reads as escaping the character after it in an unquoted value (``CN=Lind\:mailto:...`` then
# has no address).
_UNSAFE_IN_PARAMETERS = frozenset(',;:"\\')
FOLD_AT = 75  # octets per line, CRLF not counted (RFC 5545 3.1)
_SHORT = FOLD_AT // 4  # characters that fit in 75 octets whatever they are (UTF-8 takes at most 4)


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every line break written as ``\\n``."""
    # One search for the plain case, then plain replace() calls: several times quicker than
    # str.translate() with a table, which looks up every character of non-ASCII text.
    if _SPECIAL.search(value) is None:
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def parameter_value(value: str) -> str:
    """A parameter value, quoted when it holds , ; : or \\ (RFC 5545 3.2), with RFC 6868's ^ escapes.

    A line break (CRLF, CR or LF) is RFC 6868's ``^n``; other control characters are left out, as
    in TEXT (``escape_text``), since a parameter value cannot hold them either.
    """
    if "^" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.replace("^", "^^").replace("\r\n", "\n").replace("\r", "\n")
        value = value.replace("\n", "^n").replace('"', "^'")
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    if _UNSAFE_IN_PARAMETERS.intersection(value):
        return f'"{value}"'
    return value


def fold(line: str) -> bytes:
    """One content line as UTF-8 with CRLF, folded at 75 octets without splitting a character."""
    return _fold_octets(line.encode())


def _fold_octets(data: bytes) -> bytes:
    if len(data) <= FOLD_AT:
        return data + b"\r\n"
    parts = []
    start, limit = 0, FOLD_AT
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, FOLD_AT - 1  # a continuation line starts with one space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _line(text: str) -> str:
    """``fold`` as text: one content line with its CRLF, folded where it is longer than 75 octets."""
    if text.isascii():  # one octet a character, so characters can be counted and cut
        if len(text) <= FOLD_AT:
            return text + "\r\n"
        cuts = range(FOLD_AT, len(text), FOLD_AT - 1)
        return "\r\n ".join([text[:FOLD_AT], *(text[cut : cut + FOLD_AT - 1] for cut in cuts)]) + "\r\n"
    if len(text) <= _SHORT:
        return text + "\r\n"
    data = text.encode()
    if len(data) <= FOLD_AT:
        return text + "\r\n"
    return _fold_octets(data).decode()  # folds between characters, so the octets decode again


def utc_stamp(value: dt.datetime) -> str:
    """A DATE-TIME in UTC form (``20260401T083000Z``); ``value`` must be aware."""
    return _datetime_value(value.astimezone(UTC)) + "Z"


def _date_value(value: dt.date) -> str:
    return "%04d%02d%02d" % (value.year, value.month, value.day)  # noqa: UP031 (quicker, see below)


def _datetime_value(value: dt.datetime) -> str:
    # %-formatting: about twice as quick as an f-string with six format specs, and unlike
    # isoformat() it needs no care for microseconds or an offset.
    return "%04d%02d%02dT%02d%02d%02d" % (  # noqa: UP031
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )


def _value(value, utc: bool) -> str:
    if not isinstance(value, dt.datetime):
        return _date_value(value)
    return _datetime_value(value) + "Z" if utc else _datetime_value(value)


def _when_prefix(name: str, value, tzid: str) -> str:
    if not isinstance(value, dt.datetime):
        return f"{name};VALUE=DATE:"
    if tzid == "UTC":
        return f"{name}:"
    return f"{name};TZID={parameter_value(tzid)}:"


def when_property(name: str, values, tzid: str) -> str:
    """DTSTART, DTEND, RECURRENCE-ID, RDATE or EXDATE for naive wall-clock times in ``tzid``, or dates.

    Dates are ``VALUE=DATE``; times carry ``TZID`` except in UTC, which is the ``Z`` form.
    """
    if not isinstance(values, (list, tuple)):
        values = [values]
    utc = tzid == "UTC"
    return _when_prefix(name, values[0], tzid) + ",".join(_value(value, utc) for value in values)


def duration_value(value: dt.timedelta) -> str:
    """A DURATION (RFC 5545 3.3.6) of a positive timedelta: ``PT1H``, ``P1D``, ``P1DT2H0M5S``."""
    days, seconds = value.days, value.seconds
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"P{days}D" if days else "P"
    if hours or minutes or seconds:
        text += "T"
        if seconds:
            text += f"{hours}H{minutes}M{seconds}S"
        elif minutes:
            text += f"{hours}H{minutes}M"
        else:
            text += f"{hours}H"
    return text if text != "P" else "PT0S"


def in_utc(row: EventRow) -> bool:
    """True when the row is written in UTC: one timed date, no rule, no other dates (see above)."""
    return not (row.all_day or row.rrule or row.rdates or row.exdates or row.overrides)


@functools.lru_cache(maxsize=64)
def _zone(tzid: str) -> ZoneInfo:
    return ZoneInfo(tzid)


def _as_utc(value: dt.datetime, tzid: str) -> dt.datetime:
    """A naive wall-clock time in ``tzid`` as the naive UTC time of the same instant."""
    # The zone's offset at that wall-clock time (the earlier one in a repeated hour, as
    # replace(tzinfo=...) would take it), without making an aware datetime and converting it.
    return value - _zone(tzid).utcoffset(value)


def _text_line(name: str, value: str) -> str:
    return _line(f"{name}:{escape_text(value)}") if value else ""


def _vevent(row: EventRow, head: str, middle: str, tail: str, single: bool, override: Override | None):
    """One VEVENT as text: ``head``, ``middle`` and ``tail`` are the lines every VEVENT of the row shares."""
    if override is None:
        start, end, status, title, description = row.start, row.end, row.status, row.title, row.description
    else:
        start, end, status = override.start, override.end, override.status
        title = override.title or row.title
        description = row.description if override.description is None else override.description
    if single:  # one timed date (in_utc), as its UTC instant: the most common block, written out
        if row.time_zone != "UTC":
            start, end = _as_utc(start, row.time_zone), _as_utc(end, row.time_zone)
        return "".join(
            [
                head,
                f"DTSTART:{_datetime_value(start)}Z\r\nDTEND:{_datetime_value(end)}Z\r\n",
                _text_line("SUMMARY", title),
                _text_line("DESCRIPTION", description),
                middle,
                "" if status == CONFIRMED else f"STATUS:{status}\r\n",
                tail,
            ]
        )
    tzid = row.time_zone
    utc = tzid == "UTC"
    parts = [head]
    if override is not None:
        recurrence_id = override.recurrence_id
        parts.append(_line(_when_prefix("RECURRENCE-ID", recurrence_id, tzid) + _value(recurrence_id, utc)))
    parts.append(_line(_when_prefix("DTSTART", start, tzid) + _value(start, utc)))
    parts.append(_line(_when_prefix("DTEND", end, tzid) + _value(end, utc)))
    if override is None:
        if row.rrule:
            parts.append(_line(f"RRULE:{row.rrule}"))
        rdates = list(row.rdates)
        if rdates and not row.rrule and row.start not in rdates:
            # DTSTART is the first date (RFC 5545), but some readers (ical 14) only expand an RRULE
            # from it; listed again it is a duplicate that conforming readers drop.
            rdates.insert(0, row.start)
        if rdates:
            parts.append(_line(when_property("RDATE", rdates, tzid)))
        if row.exdates:
            parts.append(_line(when_property("EXDATE", list(row.exdates), tzid)))
    parts.append(_text_line("SUMMARY", title))
    parts.append(_text_line("DESCRIPTION", description))
    parts.append(middle)
    if status != CONFIRMED:  # no STATUS is an ordinary event (see the module docstring)
        parts.append(f"STATUS:{status}\r\n")
    parts.append(tail)
    return "".join(parts)


@functools.lru_cache(maxsize=1024)
def _place_lines(location: str, conference: str, conference_label: str, categories: tuple) -> str:
    """LOCATION, CONFERENCE and CATEGORIES: made once per distinct place and category in a process,
    since a programme has few places and fewer categories."""
    lines = _text_line("LOCATION", location)
    if conference:
        label = f";LABEL={parameter_value(conference_label)}" if conference_label else ""
        lines += _line(f'CONFERENCE;FEATURE="AUDIO,VIDEO"{label};VALUE=URI:{conference}')
    if categories:
        lines += _line("CATEGORIES:" + ",".join(escape_text(category) for category in categories))
    return lines


def event_block(row: EventRow, language: str = "", now: dt.datetime | None = None) -> bytes:
    """The VEVENT of a row and one child VEVENT per override, as folded UTF-8 text.

    It depends on the row alone (``now`` only stands in for a missing ``last_modified``), so a feed
    can keep the block and reuse it until the event changes. ``language`` is the feed's; the text
    is already in it and no property repeats it (see the module docstring).
    """
    # The time this version of the event was published, not the time of the request: the feed then
    # stays byte-identical between publishes, so its ETag holds across processes and cache evictions.
    dtstamp = utc_stamp(row.last_modified or now or dt.datetime.now(UTC))
    single = in_utc(row)
    # What the parent and its RECURRENCE-ID children say alike, written once.
    head = f"BEGIN:VEVENT\r\n{_line('UID:' + escape_text(row.uid))}DTSTAMP:{dtstamp}\r\n"
    middle = _place_lines(row.location, row.conference, row.conference_label, tuple(row.categories))
    tail = f"SEQUENCE:{row.sequence}\r\n" if row.sequence else ""  # 0 is SEQUENCE's default
    if row.last_modified:
        tail += f"LAST-MODIFIED:{dtstamp}\r\n"  # the same instant as DTSTAMP (see above)
    if row.all_day:
        tail += "TRANSP:TRANSPARENT\r\n"
    tail += "END:VEVENT\r\n"
    text = _vevent(row, head, middle, tail, single, None)
    if row.overrides:
        text += "".join(_vevent(row, head, middle, tail, single, override) for override in row.overrides)
    return text.encode()


def block_zone(row: EventRow) -> str | None:
    """The TZID a row's block refers to, which then needs its VTIMEZONE (none for all-day and UTC rows)."""
    return None if row.all_day or in_utc(row) or row.time_zone == "UTC" else row.time_zone


def _calendar_head(info: CalendarInfo) -> bytes:
    # Order matters to some readers: identification first, then the RFC 7986 and X-WR names.
    # NAME (RFC 7986) is TEXT, and so is an X- property by default (RFC 5545 3.8.8.2).
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Conecto+//Kunskapsportal//{info.language.upper()}",
        "CALSCALE:GREGORIAN",
    ]
    if info.method:
        lines.append(f"METHOD:{info.method}")
    lines += [f"NAME:{escape_text(info.name)}", f"X-WR-CALNAME:{escape_text(info.name)}"]
    if info.description:
        lines.append(f"DESCRIPTION:{escape_text(info.description)}")
        lines.append(f"X-WR-CALDESC:{escape_text(info.description)}")
    lines.append(f"X-WR-TIMEZONE:{info.time_zone}")
    if info.refresh:
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{duration_value(info.refresh)}")
        lines.append(f"X-PUBLISHED-TTL:{duration_value(info.refresh)}")
    if info.url:
        lines.append(f"URL;VALUE=URI:{info.url}")
    if info.source:
        lines.append(f"SOURCE;VALUE=URI:{info.source}")
    return b"".join(fold(line) for line in lines)


def assemble_calendar(info: CalendarInfo, blocks, zones, now: dt.datetime | None = None) -> bytes:
    """A whole feed from finished event blocks and the TZIDs they use (calendar properties first)."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    zones = {info.time_zone, *(zone for zone in zones if zone)}
    parts = [_calendar_head(info)]
    parts += [vtimezone_text(tzid, now.year) for tzid in sorted(zones)]
    parts += blocks
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def build_calendar(info: CalendarInfo, rows, now: dt.datetime | None = None) -> bytes:
    """The whole feed as bytes: CRLF line ends, lines folded at 75 octets, UTF-8."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rows = list(rows)
    blocks = [event_block(row, info.language, now) for row in rows]
    return assemble_calendar(info, blocks, [block_zone(row) for row in rows], now)


# VTIMEZONE -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Transition:
    local: dt.datetime  # wall-clock time just before the change, in the old offset
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str


def _offset(zone, instant):
    return instant.astimezone(zone).utcoffset()


def _transitions(zone: ZoneInfo, year: int) -> list[_Transition]:
    """The offset changes of ``zone`` during ``year``, found to the minute."""
    found = []
    day = dt.timedelta(days=1)
    instant = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    before = _offset(zone, instant)
    while instant < end:
        following = instant + day
        after = _offset(zone, following)
        if after != before:
            low, high = instant, following  # offset(low) == before, offset(high) == after
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            changed_at = high.replace(second=0, microsecond=0)
            found.append(
                _Transition(
                    local=(changed_at + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=changed_at.astimezone(zone).tzname(),
                )
            )
        before = after
        instant = following
    return found


def _byday_candidates(local: dt.datetime):
    weekday = WEEKDAYS[local.weekday()]
    candidates = []
    if local.day + 7 > calendar_module.monthrange(local.year, local.month)[1]:
        candidates.append(f"-1{weekday}")  # "last Sunday": how European rules are written
    candidates.append(f"{(local.day - 1) // 7 + 1}{weekday}")
    return candidates


def _matches(transition: _Transition, other: _Transition, byday: str):
    return (
        other.local.month == transition.local.month
        and other.local.time() == transition.local.time()
        and other.offset_from == transition.offset_from
        and other.offset_to == transition.offset_to
        and byday in _byday_candidates(other.local)
    )


def _rule_based(tzid: str, year: int) -> Timezone | None:
    """A VTIMEZONE with one yearly RRULE per change, or None when the zone follows no such rule."""
    zone = ZoneInfo(tzid)
    years = [_transitions(zone, y) for y in (year, year + 1, year + 2)]
    timezone = Timezone()
    timezone.add("tzid", tzid)
    if not any(years):
        offset = _offset(zone, dt.datetime(year, 7, 1, tzinfo=UTC))
        standard = TimezoneStandard()
        standard.add("dtstart", dt.datetime(RULE_EPOCH_YEAR, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", dt.datetime(year, 7, 1, tzinfo=zone).tzname())
        timezone.add_component(standard)
        return timezone
    if len({len(transitions) for transitions in years}) != 1:
        return None  # the zone changes its rules in these years
    for index, transition in enumerate(years[0]):
        byday = next(
            (
                candidate
                for candidate in _byday_candidates(transition.local)
                if all(_matches(transition, later[index], candidate) for later in years[1:])
            ),
            None,
        )
        if byday is None:
            return None
        rule = dateutil.rrule.rrule(
            dateutil.rrule.YEARLY,
            dtstart=dt.datetime.combine(dt.date(RULE_EPOCH_YEAR, 1, 1), transition.local.time()),
            bymonth=transition.local.month,
            byweekday=getattr(dateutil.rrule, byday[-2:])(int(byday[:-2])),
        )
        part = TimezoneDaylight() if transition.offset_to > transition.offset_from else TimezoneStandard()
        part.add("dtstart", rule[0])
        part.add("rrule", vRecur.from_ical(f"FREQ=YEARLY;BYMONTH={transition.local.month};BYDAY={byday}"))
        part.add("tzoffsetfrom", transition.offset_from)
        part.add("tzoffsetto", transition.offset_to)
        part.add("tzname", transition.name)
        timezone.add_component(part)
    return timezone


@functools.lru_cache(maxsize=64)
def vtimezone_text(tzid: str, year: int) -> bytes:
    """The VTIMEZONE of ``tzid`` as folded text, made once per zone and year in each process."""
    return vtimezone(tzid, year).to_ical()


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str, year: int) -> Timezone:
    """The VTIMEZONE for ``tzid`` as of ``year``: RRULE-based where the zone has a yearly rule.

    Zones whose changes follow no weekday rule (or change rules within three years) fall back to
    icalendar's explicit list of transitions for the years around ``year``.
    """
    timezone = _rule_based(tzid, year)
    if timezone is None:
        timezone = Timezone.from_tzid(
            tzid, first_date=dt.date(year - 2, 1, 1), last_date=dt.date(year + 3, 1, 1)
        )
    return timezone
