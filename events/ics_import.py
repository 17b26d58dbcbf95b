"""Importing iCalendar (.ics) files as event pages: `manage.py import_ics` and the admin upload view.

Two plain functions that tests and other code can call:

* `parse_calendar(data)` reads a whole file and turns every series (a VEVENT and its RECURRENCE-ID
  overrides) into an `ImportedEvent`, or raises `CalendarError` listing every problem with its line.
  It writes nothing.
* `apply_import(events, parent, dry_run=...)` creates or updates event pages under an EventIndexPage,
  found again by UID, inside one transaction that is rolled back for a dry run or on any error, and
  returns an `ImportReport`. Changed pages get a new revision and are published, so the existing
  signals materialise their occurrences; an unchanged page is not touched at all.

Time zones (DESIGN sections 4 and 6). The project stores a start as wall-clock time in the event's
`time_zone` and expands rules in that local time. An imported event therefore gets the zone its
times were written in, with these rules:

* TZID of a zone with the same clock as Europe/Stockholm (Outlook's "W. Europe Standard Time", a
  copied VTIMEZONE, Europe/Berlin...) is stored as Europe/Stockholm; another known zone is kept
  (America/New_York stays America/New_York). A VTIMEZONE with a made-up TZID is matched to the IANA
  zone that gives the same instants.
* Floating times (no zone) are read in the calendar's X-WR-TIMEZONE, or Europe/Stockholm without one.
  All-day dates are stored in that zone too.
* UTC times: a single event is stored in the calendar's zone (same instant, local clock). A UTC
  series is stored in the calendar's zone only when that gives exactly the same instants (all its
  dates on one side of a daylight-saving change); otherwise it keeps time_zone "UTC", because a rule
  written in UTC stays at the same UTC time all year and shifts by an hour in Stockholm. (The site
  still shows such dates in Stockholm time: EventPage.display_zone.)

Whatever the zone, the stored rule is expanded with the project's own code (EventPage.expand) and
compared with an independent expansion of the source (dateutil on the source's wall-clock time); an
event whose dates would differ is refused with its line rather than imported wrongly.

Dates of a series: EXDATE is stored as an exclusion of the rule (the date disappears, as in the
source calendar). An override with STATUS:CANCELLED becomes a cancelled date (shown as cancelled on
the site), one with another time or date a moved date, and one that only changes SUMMARY or
DESCRIPTION a date with a note.
"""

import datetime as dt
import functools
import html
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import dateutil.rrule
import recurrence as django_recurrence
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar.prop import vBroken
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from wagtail.coreutils import cautious_slugify, find_available_slug

from . import recurrence as rec
from .ics_lines import CalendarError, LineError, index_blocks
from .models import EventDateException, EventFormat, EventIndexPage, EventPage, EventStatus, EventType

MAX_BYTES = 5 * 1024 * 1024
MAX_EVENTS = 1000
MAX_ERRORS = 50
FETCH_TIMEOUT = 20
INTRODUCTION_LENGTH = 600  # BasePage.introduction's max_length
NOTE_LENGTH = 300  # EventDateException.note's max_length
UTC = dt.UTC
UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "GMT", "Etc/GMT", "Zulu", "Etc/Zulu", "Z"}
# Where an event's dates are compared with the source's before it is accepted (validate_rule's horizon).
CHECK_YEARS = 3
# Hosts whose links are meeting rooms rather than registration pages.
MEETING_HOSTS = (
    "teams.microsoft.com",
    "teams.live.com",
    "zoom.us",
    "meet.google.com",
    "whereby.com",
    "webex.com",
)
# A LOCATION that only says the event is online (the link, if any, is elsewhere).
ONLINE_PLACE = re.compile(
    r"^(digitalt|online|på distans|distans|webbinarium|webinar|(microsoft )?teams([- ]?(möte|meeting))?|zoom"
    r"([- ]?(möte|meeting))?|google meet)$",
    re.IGNORECASE,
)
# CATEGORIES that name one of our event types, in Swedish or English.
CATEGORY_TYPES = {
    "seminar": EventType.SEMINAR,
    "seminarium": EventType.SEMINAR,
    "seminarier": EventType.SEMINAR,
    "kunskapsseminarium": EventType.SEMINAR,
    "kunskapsseminarier": EventType.SEMINAR,
    "knowledge seminar": EventType.SEMINAR,
    "module": EventType.MODULE,
    "modul": EventType.MODULE,
    "fördjupningsmodul": EventType.MODULE,
    "in-depth module": EventType.MODULE,
    "processtöd": EventType.MODULE,
    "process support": EventType.MODULE,
    "supervision": EventType.SUPERVISION,
    "handledning": EventType.SUPERVISION,
    "other": EventType.OTHER,
    "övrigt": EventType.OTHER,
}

__all__ = [
    "CalendarError",
    "ImportReport",
    "ImportedEvent",
    "ImportedException",
    "LineError",
    "apply_import",
    "fetch_url",
    "find_parent",
    "parse_calendar",
    "read_source",
]


# --- What an import produces -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedException:
    """One EventDateException, in the event's local wall-clock time."""

    original_date: dt.date
    kind: str
    new_date: dt.date | None = None
    new_start_time: dt.time | None = None
    new_end_time: dt.time | None = None
    note: str = ""


@dataclass
class ImportedEvent:
    """An EventPage's worth of data read from one VEVENT series."""

    uid: str
    line: int
    title: str
    start_date: dt.date
    start_time: dt.time | None
    end_date: dt.date | None
    end_time: dt.time | None
    time_zone: str
    recurrence: django_recurrence.Recurrence | None = None
    exceptions: list[ImportedException] = field(default_factory=list)
    introduction: str = ""
    body_text: str = ""  # the whole DESCRIPTION when it is longer than an introduction may be
    venue_name: str = ""
    address: str = ""
    online_url: str = ""
    registration_url: str = ""
    status: str = EventStatus.SCHEDULED
    event_type: str | None = None  # None: no CATEGORIES matched one of our types
    event_format: str = EventFormat.ON_SITE
    organiser: str = ""


@dataclass
class ReportItem:
    uid: str
    title: str
    line: int
    page: EventPage | None = None
    changes: list[str] = field(default_factory=list)
    draft_only: bool = False  # the page was unpublished by an editor: saved, not published


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[ReportItem] = field(default_factory=list)
    updated: list[ReportItem] = field(default_factory=list)
    unchanged: list[ReportItem] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# --- Reading the bytes ---------------------------------------------------------------------------


def _size_error():
    return CalendarError(
        [LineError(None, _("the file is larger than %(size)d MB") % {"size": MAX_BYTES >> 20})]
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.URLError(_("redirected to an address that is not http or https"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_url(url):
    """The body of an http(s) URL, at most MAX_BYTES; webcal:// is read as https://."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "webcal":
        parts = parts._replace(scheme="https")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CalendarError([LineError(None, _("only http and https addresses can be imported"))])
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        urllib.parse.urlunsplit(parts),
        headers={"User-Agent": "Conecto+ import_ics", "Accept": "text/calendar"},
    )
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CalendarError(
            [
                LineError(
                    None,
                    _("the server answered %(status)s %(reason)s")
                    % {"status": error.code, "reason": error.reason},
                )
            ]
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise CalendarError(
            [LineError(None, _("could not fetch the calendar: %(reason)s") % {"reason": reason})]
        ) from None
    if len(data) > MAX_BYTES:
        raise _size_error()
    return data


def read_source(source):
    """The bytes of a file path or an http(s)/webcal URL."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source):
        return fetch_url(source)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _size_error()
        return path.read_bytes()
    except OSError as error:
        raise CalendarError(
            [
                LineError(
                    None, _("cannot read %(path)s: %(reason)s") % {"path": source, "reason": error.strerror}
                )
            ]
        ) from None


def _decode(data):
    if len(data) > MAX_BYTES:
        raise _size_error()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CalendarError([LineError(line, _("the file is not valid UTF-8 text"))]) from None


# --- Times and zones -----------------------------------------------------------------------------


class _RememberingZone(dt.tzinfo):
    """A VTIMEZONE's tzinfo that remembers its answers.

    dateutil walks a VTIMEZONE's rules from their DTSTART on every question, and Outlook starts
    them in 1601: without this a file of a few hundred series takes minutes.
    """

    def __init__(self, tzinfo):
        self._tzinfo = tzinfo
        self._answers = {}

    def _ask(self, method, value):
        if value is None:
            return getattr(self._tzinfo, method)(None)
        key = (method, value.replace(tzinfo=None), value.fold)
        if key not in self._answers:
            self._answers[key] = getattr(self._tzinfo, method)(value.replace(tzinfo=self._tzinfo))
        return self._answers[key]

    def utcoffset(self, value):
        return self._ask("utcoffset", value)

    def dst(self, value):
        return self._ask("dst", value)

    def tzname(self, value):
        return self._ask("tzname", value)

    def fromutc(self, value):
        key = ("fromutc", value.replace(tzinfo=None), 0)
        if key not in self._answers:
            self._answers[key] = self._tzinfo.fromutc(value.replace(tzinfo=self._tzinfo))
        local = self._answers[key]
        return local.replace(tzinfo=self)

    def __repr__(self):
        return f"<{self._tzinfo!r} remembered>"


@dataclass(frozen=True)
class Zone:
    tzinfo: dt.tzinfo
    name: str | None  # the IANA name when there is one
    hints: tuple[str, ...] = ()  # IANA zones worth trying first for a zone without a name


@functools.cache
def _all_zones():
    return sorted(available_timezones())


def _site_zone_name():
    return settings.TIME_ZONE


def _iana(name):
    name = (name or "").strip().strip("/")
    if name in _all_zones():
        return name
    return WINDOWS_TO_OLSON.get(name)


@dataclass(frozen=True)
class Moment:
    """A DTSTART-like value: `value` is aware (all-day dates as local midnight), `all_day` for dates."""

    value: dt.datetime
    all_day: bool
    kind: str  # "date", "floating", "utc" or "zoned"
    zone: Zone


class _Problem(Exception):
    def __init__(self, line, message):
        self.error = LineError(line, message)
        super().__init__(message)


class Context:
    """What the whole file shares: its time zones (VTIMEZONE) and its default zone (X-WR-TIMEZONE)."""

    def __init__(self, calendar, blocks_by_component):
        self.vtimezones = {}
        for component in calendar.walk("VTIMEZONE"):
            tzid = str(component.get("TZID", "")).strip()
            self.vtimezones[tzid] = component
        self.blocks = blocks_by_component
        self._zones = {}
        calendar_zone = calendar.get("X-WR-TIMEZONE")
        name = _site_zone_name()
        if calendar_zone is not None and str(calendar_zone).strip():
            name = _iana(str(calendar_zone))
            if name is None:
                block = self.blocks[id(calendar)]
                raise _Problem(
                    block.line_of("X-WR-TIMEZONE"),
                    _("X-WR-TIMEZONE names an unknown time zone: %(tzid)s") % {"tzid": calendar_zone},
                )
        self.calendar_zone = Zone(ZoneInfo(name), name)

    def zone(self, tzid, line):
        if tzid in self._zones:
            return self._zones[tzid]
        cleaned = tzid.strip().strip("/")
        if cleaned in _all_zones():
            zone = Zone(ZoneInfo(cleaned), cleaned)
        elif tzid in self.vtimezones:
            component = self.vtimezones[tzid]
            try:
                tzinfo = _RememberingZone(tzp.create_timezone(component))
                tzinfo.utcoffset(dt.datetime(2000, 1, 1, tzinfo=tzinfo))
            except Exception:  # noqa: BLE001 (a VTIMEZONE dateutil cannot build is just unusable)
                raise _Problem(
                    self.blocks[id(component)].line,
                    _("the VTIMEZONE %(tzid)s cannot be read") % {"tzid": tzid},
                ) from None
            hints = tuple(name for name in [_iana(cleaned)] if name)
            zone = Zone(tzinfo, None, hints)
        elif _iana(cleaned):
            name = _iana(cleaned)
            zone = Zone(ZoneInfo(name), name)
        else:
            suffixes = cleaned.split("/")
            name = next(
                (
                    "/".join(suffixes[i:])
                    for i in range(1, len(suffixes))
                    if "/".join(suffixes[i:]) in _all_zones()
                ),
                None,
            )
            if name is None:
                raise _Problem(
                    line, _("unknown time zone “%(tzid)s” and no VTIMEZONE for it") % {"tzid": tzid}
                )
            zone = Zone(ZoneInfo(name), name)
        self._zones[tzid] = zone
        return zone

    def moment(self, prop, name, line, value=None):
        """Read a date or date-time property (or one `value` of a list property) as a Moment."""
        if isinstance(prop, vBroken):
            raise _Problem(
                line, _("%(name)s is not a valid date or time: %(value)s") % {"name": name, "value": prop}
            )
        value = prop.dt if value is None else value
        params = getattr(prop, "params", {})
        if isinstance(value, dt.datetime):
            tzid = params.get("TZID")
            naive = value.replace(tzinfo=None)
            if tzid:
                zone = self.zone(str(tzid), line)
                kind = "utc" if zone.name in UTC_NAMES else "zoned"
                if kind == "utc":
                    zone = Zone(UTC, "UTC")
            elif value.tzinfo is not None:
                zone, kind = Zone(UTC, "UTC"), "utc"
            else:
                zone, kind = self.calendar_zone, "floating"
            return Moment(naive.replace(tzinfo=zone.tzinfo), False, kind, zone)
        if isinstance(value, dt.date):
            zone = self.calendar_zone
            return Moment(dt.datetime.combine(value, dt.time(0, 0), tzinfo=zone.tzinfo), True, "date", zone)
        raise _Problem(
            line, _("%(name)s is not a valid date or time: %(value)s") % {"name": name, "value": value}
        )


# --- One VEVENT ----------------------------------------------------------------------------------


@dataclass
class RawEvent:
    """A VEVENT as read, before it is joined to its series."""

    block: object
    component: object
    uid: str
    start: Moment
    end: Moment | None
    duration: dt.timedelta | None
    recurrence_id: Moment | None
    summary: str
    description: str
    cancelled: bool

    @property
    def line(self):
        return self.block.line


def _text(component, name):
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, vBroken):
        return ""
    return str(value).strip()


def _single(component, block, name):
    value = component.get(name)
    if isinstance(value, list):
        raise _Problem(block.line_of(name, 1), _("%(name)s appears more than once") % {"name": name})
    return value


def _read_event(component, block, ctx):
    uid = _text(component, "UID")
    if not uid:
        raise _Problem(block.line, _("the event has no UID"))
    if len(uid) > 255:
        raise _Problem(block.line_of("UID"), _("the UID is longer than 255 characters"))
    recurrence_id = _single(component, block, "RECURRENCE-ID")
    if recurrence_id is not None:
        line = block.line_of("RECURRENCE-ID")
        if str(getattr(recurrence_id, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            raise _Problem(line, _("RECURRENCE-ID with RANGE=THISANDFUTURE is not supported"))
        recurrence_id = ctx.moment(recurrence_id, "RECURRENCE-ID", line)
    start = _single(component, block, "DTSTART")
    if start is None:
        if recurrence_id is None:
            raise _Problem(block.line, _("the event has no DTSTART"))
        start_moment = recurrence_id
    else:
        start_moment = ctx.moment(start, "DTSTART", block.line_of("DTSTART"))
    end = _single(component, block, "DTEND")
    end_moment = duration = None
    if end is not None:
        line = block.line_of("DTEND")
        end_moment = ctx.moment(end, "DTEND", line)
        if end_moment.all_day != start_moment.all_day:
            raise _Problem(line, _("DTSTART and DTEND must both be dates or both be date-times"))
        if end_moment.value < start_moment.value:
            raise _Problem(line, _("DTEND before DTSTART"))
    else:
        duration_prop = _single(component, block, "DURATION")
        if duration_prop is not None:
            line = block.line_of("DURATION")
            value = getattr(duration_prop, "dt", None) if not isinstance(duration_prop, vBroken) else None
            if not isinstance(value, dt.timedelta):
                raise _Problem(
                    line, _("DURATION is not a valid duration: %(value)s") % {"value": duration_prop}
                )
            if value < dt.timedelta(0):
                raise _Problem(line, _("DURATION is negative"))
            duration = value
    status = _text(component, "STATUS").upper()
    return RawEvent(
        block=block,
        component=component,
        uid=uid,
        start=start_moment,
        end=end_moment,
        duration=duration,
        recurrence_id=recurrence_id,
        summary=_text(component, "SUMMARY"),
        description=_text(component, "DESCRIPTION"),
        cancelled=status == "CANCELLED",
    )


def _event_span(raw):
    """The event's length in wall-clock terms; no end (or a zero-length one) means the site's default."""
    if raw.start.all_day:
        if raw.end is not None:
            return raw.end.value.date() - raw.start.value.date() or dt.timedelta(days=1)
        if raw.duration is not None:
            return dt.timedelta(days=max(raw.duration.days, 1))
        return dt.timedelta(days=1)
    if raw.end is not None:
        span = _naive(raw.end.value.astimezone(raw.start.zone.tzinfo)) - _naive(raw.start.value)
    else:
        span = raw.duration
    return span or dt.timedelta(hours=1)


def _has_end(raw):
    if raw.end is not None:
        return raw.end.value != raw.start.value
    return bool(raw.duration)


def _naive(value):
    return value.replace(tzinfo=None)


# --- A series: the rule, its dates and its overrides ---------------------------------------------


@dataclass
class Series:
    master: RawEvent
    overrides: list[RawEvent]
    rules: list[tuple[str, object, int]] = field(default_factory=list)  # (text without UNTIL, until, line)
    rdates: list[tuple[Moment, int]] = field(default_factory=list)
    exdates: list[tuple[Moment, int]] = field(default_factory=list)

    @property
    def recurring(self):
        return bool(self.rules or self.rdates)


def _list_values(component, block, ctx, name):
    """Every value of a list property (EXDATE, RDATE) with the line it is on."""
    props = component.get(name)
    if props is None:
        return []
    if not isinstance(props, list):
        props = [props]
    values = []
    for index, prop in enumerate(props):
        line = block.line_of(name, index)
        if isinstance(prop, vBroken):
            raise _Problem(
                line, _("%(name)s is not a valid date or time: %(value)s") % {"name": name, "value": prop}
            )
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):  # RDATE;VALUE=PERIOD: start and end or duration
                start = ctx.moment(item, name, line, value=value[0])
                end = value[1]
                length = (
                    end
                    if isinstance(end, dt.timedelta)
                    else (end - value[0] if isinstance(end, dt.datetime) else None)
                )
                values.append((start, line, length))
            else:
                values.append((ctx.moment(item, name, line, value=value), line, None))
    return values


def _read_rules(series, ctx):
    master = series.master
    component, block = master.component, master.block
    if component.get("EXRULE") is not None:
        raise _Problem(block.line_of("EXRULE"), _("EXRULE is not supported (RFC 5545 deprecates it)"))
    props = component.get("RRULE")
    if props is not None:
        props = props if isinstance(props, list) else [props]
        for index, prop in enumerate(props):
            line = block.line_of("RRULE", index)
            if isinstance(prop, vBroken):
                raise _Problem(line, _("invalid RRULE: %(value)s") % {"value": prop})
            parts = [
                part
                for part in prop.to_ical().decode().split(";")
                if part and not part.upper().startswith(("UNTIL=", "X-"))
            ]
            for part in parts:
                if part.upper().startswith(("RSCALE=", "SKIP=")):
                    raise _Problem(line, _("RRULE %(part)s is not supported") % {"part": part})
            until = prop.get("UNTIL")
            until = until[0] if until else None
            if until is not None and not isinstance(until, dt.date):
                raise _Problem(line, _("invalid RRULE: %(value)s") % {"value": prop.to_ical().decode()})
            series.rules.append((";".join(parts), until, line))
    start = master.start
    for moment, line, length in _list_values(component, block, ctx, "RDATE"):
        if not start.all_day:
            if moment.all_day:  # a plain date: the series' own time of day
                value = dt.datetime.combine(moment.value.date(), start.value.time(), tzinfo=start.zone.tzinfo)
                moment = Moment(value, False, start.kind, start.zone)
            # The site gives every date of a series the same time and length (DESIGN section 4).
            if moment.value.astimezone(start.zone.tzinfo).time() != start.value.time():
                raise _Problem(
                    line,
                    _(
                        "an RDATE at another time of day than DTSTART is not supported; give that date its own event"
                    ),
                )
            if length is not None and length != _event_span(master):
                raise _Problem(
                    line, _("an RDATE with its own length is not supported; give that date its own event")
                )
        series.rdates.append((moment, line))
    for moment, line, _length in _list_values(component, block, ctx, "EXDATE"):
        series.exdates.append((moment, line))


def _dateutil_rule(text, start, until, line, source_tz):
    try:
        rule = dateutil.rrule.rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as error:
        raise _Problem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
    if until is not None:
        if isinstance(until, dt.datetime):
            until = until if until.tzinfo else until.replace(tzinfo=source_tz)
        elif start.time() == dt.time(0, 0):
            until = dt.datetime.combine(until, dt.time(0, 0), tzinfo=source_tz)
        else:  # a date UNTIL on a timed series: the whole of that day
            until = dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=source_tz)
        try:
            rule = rule.replace(until=until)
        except ValueError as error:
            raise _Problem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
    return rule


def _source_dates(series, until):
    """The series' start instants up to `until` (aware), as the source calendar means them.

    Expanded with dateutil on the wall-clock time of DTSTART's own zone (RFC 5545), independently of
    how the project stores and expands rules. Returns every date, EXDATEs included, and the EXDATEd ones.
    """
    master = series.master
    start = master.start.value
    tz = master.start.zone.tzinfo
    instants = {start.astimezone(UTC): start}
    for text, rule_until, line in series.rules:
        for occurrence in _dateutil_rule(text, start, rule_until, line, tz):
            if occurrence > until:
                break
            instants.setdefault(occurrence.astimezone(UTC), occurrence)
            if len(instants) > 20 * rec.MAX_OCCURRENCES:
                break
    for moment, _line in series.rdates:
        value = moment.value
        if master.start.all_day:
            value = dt.datetime.combine(value.date(), dt.time(0, 0), tzinfo=tz)
        instants.setdefault(value.astimezone(UTC), value)
    excluded = set()
    for moment, _line in series.exdates:
        if moment.all_day and not master.start.all_day:
            # A date EXDATE on a timed series: every date on that local day.
            excluded |= {
                key for key, value in instants.items() if value.astimezone(tz).date() == moment.value.date()
            }
        else:
            excluded.add(moment.value.astimezone(UTC))
    return instants, excluded


def _local(value, zone_name):
    return _naive(value.astimezone(ZoneInfo(zone_name)))


def _override_changes(series, override, zone_name, span):
    """The EventDateException an override stands for (None when it changes nothing we keep)."""
    master = series.master
    original = _local(override.recurrence_id.value, zone_name)
    note = ""
    if override.description and override.description != master.description:
        note = override.description
    elif override.summary and override.summary != master.summary:
        note = override.summary
    note = _truncate(note, NOTE_LENGTH)
    if override.cancelled:
        return ImportedException(original.date(), EventDateException.Kind.CANCELLED, note=note)
    new_start = _local(override.start.value, zone_name)
    new_span = _event_span(override) if _has_end(override) else span
    if new_start != original or new_span != span:
        if master.start.all_day:
            return ImportedException(
                original.date(), EventDateException.Kind.MOVED, new_date=new_start.date(), note=note
            )
        new_end = new_start + new_span
        return ImportedException(
            original.date(),
            EventDateException.Kind.MOVED,
            new_date=new_start.date(),
            new_start_time=new_start.time(),
            new_end_time=new_end.time() if new_span != span else None,
            note=note,
        )
    if note:
        return ImportedException(original.date(), EventDateException.Kind.NOTE, note=note)
    return None


def _stored_rules(series, zone_name, source_dates):
    """django-recurrence Rules in `zone_name`, with UNTIL as the project reads it (DESIGN section 6)."""
    zone = ZoneInfo(zone_name)
    rules = []
    for text, until, line in series.rules:
        try:
            rule = django_recurrence.deserialize("RRULE:" + text).rrules[0]
        except (django_recurrence.exceptions.DeserializationError, IndexError, ValueError) as error:
            raise _Problem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
        if until is not None:
            if not isinstance(until, dt.datetime):
                # A date UNTIL: local midnight, which the project reads as "that whole day".
                rule.until = dt.datetime.combine(until, dt.time(0, 0), tzinfo=zone)
            else:
                aware = until if until.tzinfo else until.replace(tzinfo=series.master.start.zone.tzinfo)
                local = aware.astimezone(zone)
                if local.time() == dt.time(0, 0) and aware.astimezone(UTC) not in source_dates:
                    # The project reads a midnight UNTIL as the whole day; a second earlier says what
                    # the source means (nothing later on that day).
                    local -= dt.timedelta(seconds=1)
                rule.until = local
        rules.append(rule)
    return rules


@dataclass
class Candidate:
    zone_name: str
    same_clock: bool  # only accept the zone when DTSTART reads the same on its clock


def _candidates(series, ctx):
    """Zones to try, best first (a generator: the first that reproduces the source's dates wins)."""
    start = series.master.start
    calendar_zone = ctx.calendar_zone.name
    site_zone = _site_zone_name()
    if start.kind in ("date", "floating"):
        yield Candidate(calendar_zone, False)
        return
    if start.kind == "utc":
        yield Candidate(calendar_zone, False)
        yield Candidate("UTC", False)
        return
    names = [site_zone, calendar_zone, *start.zone.hints]
    if start.zone.name:
        names.append(start.zone.name)
    names = list(dict.fromkeys(names))
    for name in names:
        yield Candidate(name, True)
    if start.zone.name is not None:
        return
    if not series.recurring:
        yield Candidate(site_zone, False)  # one instant: any zone shows it right
        return
    # A made-up TZID for a series: look for a known zone with the same clock.
    offset = start.value.utcoffset()
    for name in _all_zones():
        if name not in names and start.value.replace(tzinfo=ZoneInfo(name)).utcoffset() == offset:
            yield Candidate(name, True)


@dataclass
class Stored:
    """An event as it would be stored in one zone."""

    zone_name: str
    start: dt.datetime  # naive local
    end_date: dt.date | None
    end_time: dt.time | None
    recurrence: django_recurrence.Recurrence | None
    exceptions: list[ImportedException]


def _store_in(series, zone_name, source_dates, excluded):
    master = series.master
    span = _event_span(master)
    start = _local(master.start.value, zone_name)
    end = start + span
    if master.start.all_day:
        end_date = (end - dt.timedelta(days=1)).date()
        end_date, end_time = (end_date if end_date > start.date() else None), None
    elif not _has_end(master):
        end_date, end_time = None, None  # no end or a zero-length one: the site shows one hour
    else:
        end_date = end.date() if end.date() != start.date() else None
        end_time = end.time()
    stored_recurrence = None
    if series.recurring:
        zone = ZoneInfo(zone_name)
        value = django_recurrence.Recurrence(
            rrules=_stored_rules(series, zone_name, source_dates),
            rdates=sorted({moment.value.astimezone(zone) for moment, _line in series.rdates}),
            exdates=sorted(source_dates[key].astimezone(zone) for key in excluded if key in source_dates),
        )
        # What the database will hand back: django-recurrence serialises in UTC.
        stored_recurrence = django_recurrence.deserialize(django_recurrence.serialize(value))
    exceptions = {}
    for override in series.overrides:
        exception = _override_changes(series, override, zone_name, span)
        if exception is not None:
            exceptions[exception.original_date] = exception
    return Stored(
        zone_name,
        start,
        end_date,
        end_time,
        stored_recurrence,
        sorted(exceptions.values(), key=lambda e: e.original_date),
    )


def _page_fields(stored, all_day):
    return {
        "start_date": stored.start.date(),
        "start_time": None if all_day else stored.start.time(),
        "end_date": stored.end_date,
        "end_time": stored.end_time,
        "time_zone": stored.zone_name,
        "recurrence": stored.recurrence,
    }


def _expand_stored(stored, all_day, until):
    # Never saved: the placeholder content type spares Page.__init__ its database query.
    page = EventPage(content_type_id=-1, **_page_fields(stored, all_day))
    page.date_exceptions = [EventDateException(**vars(exception)) for exception in stored.exceptions]
    local_until = _naive(until.astimezone(ZoneInfo(stored.zone_name))) + dt.timedelta(days=2)
    instances = page.expand(until=local_until) if stored.recurrence else page.expand()
    return [
        (i.start.astimezone(UTC), i.end.astimezone(UTC), i.status == rec.CANCELLED)
        for i in instances
        if i.original_start.astimezone(UTC) <= until
    ]


def _expected(series, source_dates, excluded, until):
    """The (start, end, cancelled) triples the source calendar means, up to `until`."""
    master = series.master
    span = _event_span(master)
    overrides = {o.recurrence_id.value.astimezone(UTC): o for o in series.overrides}
    expected = []
    for key, value in source_dates.items():
        if key in excluded or key > until:
            continue
        override = overrides.get(key)
        start, end, cancelled = value, value + span, False
        if override is not None:
            cancelled = override.cancelled
            if not cancelled:
                start = override.start.value
                new_span = _event_span(override) if _has_end(override) else span
                end = start + new_span
        if master.start.all_day:
            # Dates are whole local days in the stored zone, whatever the source's zone.
            start = dt.datetime.combine(start.date(), dt.time(0, 0), tzinfo=start.tzinfo)
            end = dt.datetime.combine(end.date(), dt.time(0, 0), tzinfo=start.tzinfo)
        expected.append((start.astimezone(UTC), end.astimezone(UTC), cancelled))
    return sorted(expected)


def _check_overrides(series, source_dates, excluded):
    kept = []
    for override in series.overrides:
        key = override.recurrence_id.value.astimezone(UTC)
        if key in excluded:
            continue  # the date is gone from the series anyway
        if key not in source_dates:
            raise _Problem(
                override.block.line_of("RECURRENCE-ID"),
                _("RECURRENCE-ID for a date that is not in the series"),
            )
        kept.append(override)
    series.overrides = kept


def _choose_storage(series, ctx):
    """The first candidate zone in which the project reproduces the source's dates exactly."""
    master = series.master
    start = master.start.value
    until = max(start, timezone.now()) + dt.timedelta(days=365 * CHECK_YEARS)
    if series.overrides:
        until = max(until, *(o.recurrence_id.value for o in series.overrides))
    if series.exdates:
        until = max(until, *(moment.value for moment, _line in series.exdates))
    source_dates, excluded = _source_dates(series, until)
    _check_overrides(series, source_dates, excluded)
    check_until = start.astimezone(UTC) + dt.timedelta(days=365 * CHECK_YEARS)
    expected = _expected(series, source_dates, excluded, check_until)
    for candidate in _candidates(series, ctx):
        if candidate.same_clock and _local(start, candidate.zone_name) != _naive(start):
            continue
        stored = _store_in(series, candidate.zone_name, source_dates, excluded)
        if stored.recurrence is not None:
            try:
                rec.validate_rule(stored.recurrence, stored.start, ZoneInfo(candidate.zone_name))
            except ValidationError as error:
                line = series.rules[0][2] if series.rules else master.line
                raise _Problem(line, " ".join(error.messages)) from None
        if _expand_stored(stored, master.start.all_day, check_until) == expected:
            return stored
    if master.start.kind == "zoned" and master.start.zone.name is None:
        tzid = str(master.component.get("DTSTART").params.get("TZID"))
        raise _Problem(
            master.block.line_of("DTSTART"),
            _("the time zone “%(tzid)s” matches no known time zone") % {"tzid": tzid},
        )
    raise _Problem(
        master.line,
        _(
            "this event cannot be stored without changing its dates (the dates of a series must keep their time of day)"
        ),
    )


# --- Fields --------------------------------------------------------------------------------------


def _truncate(text, length):
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _valid_url(value):
    if not value or len(value) > 200:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def _is_meeting_link(url):
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return any(host == meeting or host.endswith("." + meeting) for meeting in MEETING_HOSTS)


def _location(text):
    """LOCATION as (venue, address, meeting link, online): "Kommunhuset, Rudsjöterrassen 2, Haninge"."""
    text = text.strip()
    if re.match(r"^https?://\S+$", text):
        return "", "", _valid_url(text), True
    if ONLINE_PLACE.match(text):
        return "", "", "", True
    match = re.search(r"[\n,]", text)
    venue, address = (text[: match.start()], text[match.end() :]) if match else (text, "")
    return venue.strip()[:200], address.strip(), "", False


def _categories(component):
    values = component.get("CATEGORIES")
    if values is None:
        return []
    values = values if isinstance(values, list) else [values]
    names = []
    for value in values:
        cats = getattr(value, "cats", None)
        names += [str(cat) for cat in cats] if cats is not None else str(value).split(",")
    return [name.strip().lower() for name in names if name.strip()]


def _organiser(component):
    organiser = component.get("ORGANIZER")
    if isinstance(organiser, list):
        organiser = organiser[0] if organiser else None
    if organiser is None:
        return ""
    return str(getattr(organiser, "params", {}).get("CN", "")).strip()[:200]


def _fields(series, stored):
    master = series.master
    component = master.component
    description = master.description.replace("\r\n", "\n")
    venue, address, online_url, online = _location(_text(component, "LOCATION"))
    url = _valid_url(_text(component, "URL"))
    meeting = next(
        (
            _valid_url(_text(component, name))
            for name in ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE")
            if _valid_url(_text(component, name))
        ),
        "",
    )
    registration_url = ""
    if url and _is_meeting_link(url):
        online_url = online_url or url
    else:
        registration_url = url
    online_url = online_url or meeting
    event_format = EventFormat.ON_SITE
    if online_url or online:
        event_format = EventFormat.HYBRID if venue else EventFormat.ONLINE
    event_type = next(
        (CATEGORY_TYPES[name] for name in _categories(component) if name in CATEGORY_TYPES), None
    )
    title = master.summary
    if not title:
        raise _Problem(master.line, _("the event has no SUMMARY (title)"))
    return ImportedEvent(
        uid=master.uid,
        line=master.line,
        title=title[:255],
        introduction=_truncate(description, INTRODUCTION_LENGTH),
        body_text=description if len(description) > INTRODUCTION_LENGTH else "",
        venue_name=venue,
        address=address,
        online_url=online_url,
        registration_url=registration_url,
        status=EventStatus.CANCELLED if master.cancelled else EventStatus.SCHEDULED,
        event_type=event_type,
        event_format=event_format,
        organiser=_organiser(component),
        exceptions=stored.exceptions,
        **_page_fields(stored, master.start.all_day),
    )


# --- parse_calendar ------------------------------------------------------------------------------


def parse_calendar(data: bytes) -> list[ImportedEvent]:
    """Every event series in an .ics file, or CalendarError with each problem and its line."""
    text = _decode(data)
    blocks = index_blocks(text, MAX_EVENTS)
    try:
        calendar = Calendar.from_ical(text)
    except Exception as error:  # noqa: BLE001 (structure checked above; icalendar has the last word)
        raise CalendarError(
            [LineError(None, _("the calendar cannot be read: %(reason)s") % {"reason": error})]
        ) from None
    components = calendar.walk()
    if [c.name.upper() for c in components] != [b.name for b in blocks]:
        raise CalendarError([LineError(None, _("the calendar cannot be read: unexpected structure"))])
    blocks_by_component = {id(c): b for c, b in zip(components, blocks, strict=True)}
    try:
        ctx = Context(calendar, blocks_by_component)
    except _Problem as problem:
        raise CalendarError([problem.error]) from None

    errors = []
    masters, overrides, failed = {}, [], set()
    for component in calendar.walk("VEVENT"):
        block = blocks_by_component[id(component)]
        try:
            raw = _read_event(component, block, ctx)
        except _Problem as problem:
            errors.append(problem.error)
            failed.add(_text(component, "UID"))  # its overrides are not orphans, just not checked
            continue
        if raw.recurrence_id is not None:
            overrides.append(raw)
        elif raw.uid in masters:
            errors.append(
                LineError(
                    raw.line,
                    _("a second event with UID %(uid)s (the first is on line %(line)d)")
                    % {"uid": raw.uid, "line": masters[raw.uid].line},
                )
            )
        else:
            masters[raw.uid] = raw

    series_by_uid = {uid: Series(master, []) for uid, master in masters.items()}
    for override in overrides:
        if override.uid in failed:
            continue
        if override.uid not in series_by_uid:
            errors.append(
                LineError(
                    override.line,
                    _("RECURRENCE-ID without the series it changes (no event with UID %(uid)s)")
                    % {"uid": override.uid},
                )
            )
            continue
        series_by_uid[override.uid].overrides.append(override)

    events = []
    for series in series_by_uid.values():
        try:
            _read_rules(series, ctx)
            if series.overrides and not series.recurring:
                raise _Problem(
                    series.overrides[0].line, _("RECURRENCE-ID for a date that is not in the series")
                )
            stored = _choose_storage(series, ctx)
            events.append(_fields(series, stored))
        except _Problem as problem:
            errors.append(problem.error)
    if errors:
        errors.sort(key=lambda error: error.line or 0)
        raise CalendarError(errors[:MAX_ERRORS])
    return sorted(events, key=lambda event: event.line)


# --- apply_import --------------------------------------------------------------------------------

# Fields the calendar owns: a re-import overwrites them. Themes, audience, capacity, the language of
# delivery and (unless a CATEGORIES matches) the event type stay as editors set them.
CALENDAR_FIELDS = [
    "title",
    "introduction",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "venue_name",
    "address",
    "online_url",
    "registration_url",
    "status",
    "event_format",
]


class _Rollback(Exception):
    pass


def _body(text):
    """A long DESCRIPTION as rich text paragraphs (blank lines between paragraphs, line breaks kept)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line.strip()) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )


def _body_source(page):
    return [(block.block_type, getattr(block.value, "source", block.value)) for block in page.body]


def _serialized(value):
    return django_recurrence.serialize(value) if value else ""


def _exception_key(exception):
    return (
        exception.original_date,
        exception.kind,
        exception.new_date,
        exception.new_start_time,
        exception.new_end_time,
        exception.note,
    )


def _desired(event, creating):
    values = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    if event.event_type or creating:
        values["event_type"] = event.event_type or EventType.OTHER
    if event.organiser:
        values["organiser"] = event.organiser
    return values


def _changes(page, event, desired):
    """Verbose names of what the import would change on `page` (empty: nothing)."""
    changes = [
        str(EventPage._meta.get_field(name).verbose_name)
        for name, value in desired.items()
        if getattr(page, name) != value
    ]
    if _serialized(page.recurrence) != _serialized(event.recurrence):
        changes.append(str(EventPage._meta.get_field("recurrence").verbose_name))
    if event.body_text and _body_source(page) != [("rich_text", _body(event.body_text))]:
        changes.append(str(EventPage._meta.get_field("body").verbose_name))
    current = sorted(_exception_key(e) for e in page.date_exceptions.all())
    if current != sorted(_exception_key(e) for e in event.exceptions):
        changes.append(_("changes to single dates"))
    return changes


def _set_fields(page, event, desired):
    from wagtail.rich_text import RichText

    for name, value in desired.items():
        setattr(page, name, value)
    page.recurrence = event.recurrence
    if event.body_text:
        page.body = [("rich_text", RichText(_body(event.body_text)))]
    # Keep the rows (and their translation keys) of dates that stay changed.
    existing = {exception.original_date: exception for exception in page.date_exceptions.all()}
    exceptions = []
    for imported in event.exceptions:
        exception = existing.get(imported.original_date) or EventDateException(locale_id=page.locale_id)
        for name, value in vars(imported).items():
            setattr(exception, name, value)
        exceptions.append(exception)
    page.date_exceptions = exceptions


def _validation_error(event, error):
    if hasattr(error, "message_dict"):
        messages = [
            f"{name}: {message}" if name != "__all__" else message
            for name, field_messages in error.message_dict.items()
            for message in field_messages
        ]
    else:
        messages = error.messages
    return LineError(event.line, " ".join(messages))


def _create(event, parent, user):
    slug = find_available_slug(parent, cautious_slugify(event.title)[:80].strip("-") or "evenemang")
    page = EventPage(slug=slug, locale_id=parent.locale_id, ical_uid=event.uid, owner=user, live=False)
    _set_fields(page, event, _desired(event, creating=True))
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def _update(event, page, user):
    current = page.get_latest_revision_as_object()
    desired = _desired(event, creating=False)
    changes = _changes(current, event, desired)
    if not changes:
        return changes, False
    _set_fields(current, event, desired)
    revision = current.save_revision(user=user, log_action=True)
    if page.live:
        revision.publish(user=user)
    return changes, not page.live


def apply_import(events, parent, dry_run=False, user=None) -> ImportReport:
    """Create or update one event page per ImportedEvent under `parent`, all or nothing.

    A dry run does exactly the same work, so it finds the same problems, and then rolls it back.
    """
    parent = parent.specific
    if not isinstance(parent, EventIndexPage):
        raise TypeError("apply_import needs an EventIndexPage")
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            # Two imports into one calendar at a time would both create the same UIDs.
            list(EventIndexPage.objects.select_for_update().filter(pk=parent.pk).values_list("pk"))
            existing = {
                page.ical_uid: page
                for page in EventPage.objects.filter(
                    locale_id=parent.locale_id, ical_uid__in=[event.uid for event in events]
                )
            }
            for event in events:
                page = existing.get(event.uid)
                item = ReportItem(event.uid, event.title, event.line)
                try:
                    if page is None:
                        item.page = _create(event, parent, user)
                        report.created.append(item)
                        continue
                    if page.path[: -page.steplen] != parent.path or page.depth != parent.depth + 1:
                        report.errors.append(
                            LineError(
                                event.line,
                                _("UID %(uid)s belongs to the event “%(title)s” in another calendar")
                                % {"uid": event.uid, "title": page.title},
                            )
                        )
                        continue
                    item.page = page
                    item.changes, item.draft_only = _update(event, page, user)
                    (report.updated if item.changes else report.unchanged).append(item)
                except ValidationError as error:
                    report.errors.append(_validation_error(event, error))
            if report.errors:
                raise _Rollback
            if dry_run:
                transaction.set_rollback(True)
    except _Rollback:
        report.created, report.updated, report.unchanged = [], [], []
    if dry_run:
        for item in report.created:
            item.page = None  # it was never saved
    return report


def find_parent(value):
    """An EventIndexPage by id or by URL path ("/sv/kalender/", "/kalender/"); None if not exactly one."""
    value = str(value).strip()
    if value.isdigit():
        return EventIndexPage.objects.filter(pk=int(value)).first()
    path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
    matches = []
    for page in EventIndexPage.objects.all():
        paths = {page.url_path, "/" + page.url_path.strip("/").partition("/")[2] + "/"}
        url_parts = page.get_url_parts()
        if url_parts:
            paths.add(url_parts[2])
        if path in paths:
            matches.append(page)
    return matches[0] if len(matches) == 1 else None
