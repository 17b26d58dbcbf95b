"""iCalendar feeds as plain functions: rows in, bytes out. No database, no requests.

The Django side (events/feeds/rows.py) turns event pages and their materialised occurrences into the rows
below; this module writes RFC 5545 text with RFC 7986 calendar properties. Choices that clients
depend on:

- Calendar properties come before any component (icalendar writes properties first).
- Times are wall-clock times with ``TZID`` (the event's own zone), so an 18:00 session stays at 18:00
  on both sides of a daylight-saving change; every TZID used gets a ``VTIMEZONE`` written with RRULE
  parts, because Outlook and vobject misread the long RDATE form icalendar would generate.
- All-day and multi-day events are ``VALUE=DATE`` with an exclusive end date.
- A changed or annotated date of a series is a child ``VEVENT`` with the series' UID and a
  ``RECURRENCE-ID``; a cancelled date is such a child with ``STATUS:CANCELLED``.
"""

import calendar as calendar_module
import datetime as dt
import functools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import dateutil.rrule
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration, vRecur, vText

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


@dataclass(frozen=True)
class Override:
    """One date of a series that differs from the rule: moved, cancelled or with a note."""

    recurrence_id: dt.datetime | dt.date  # the original start, naive local wall-clock time (or a date)
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    status: str = CONFIRMED
    title: str | None = None  # None: the series' title
    description: str | None = None


@dataclass(frozen=True)
class EventRow:
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
    description: str = ""
    url: str = ""
    location: str = ""
    conference: str = ""
    conference_label: str = ""
    categories: tuple[str, ...] = ()
    created: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    rrule: str | None = None
    rdates: tuple = ()
    exdates: tuple = ()
    overrides: tuple[Override, ...] = field(default_factory=tuple)

    @property
    def all_day(self):
        return not isinstance(self.start, dt.datetime)


def _when(value, zone):
    """A naive wall-clock datetime made aware in the event's zone (icalendar writes TZID=zone.key)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=zone)
    return value


def _add_text(component, name, value, language):
    if value:
        component.add(name, value, parameters={"LANGUAGE": language} if language else None)


def _vevent(row: EventRow, language: str, stamp: dt.datetime, override: Override | None = None):
    zone = ZoneInfo(row.time_zone)
    event = Event()
    event.add("uid", row.uid)
    # The time this version of the event was published, not the time of the request: the feed then
    # stays byte-identical between publishes, so its ETag holds across processes and cache evictions.
    event.add("dtstamp", (row.last_modified or stamp).astimezone(UTC).replace(microsecond=0))
    if override is not None:
        event.add("recurrence-id", _when(override.recurrence_id, zone))
    start = override.start if override else row.start
    end = override.end if override else row.end
    event.add("dtstart", _when(start, zone))
    event.add("dtend", _when(end, zone))
    if override is None:
        if row.rrule:
            event.add("rrule", vRecur.from_ical(row.rrule))
        rdates = list(row.rdates)
        if rdates and not row.rrule and row.start not in rdates:
            # DTSTART is the first date (RFC 5545), but some readers (ical 14) only expand an RRULE
            # from it; listed again it is a duplicate that conforming readers drop.
            rdates.insert(0, row.start)
        if rdates:
            event.add("rdate", [_when(value, zone) for value in rdates])
        if row.exdates:
            event.add("exdate", [_when(value, zone) for value in row.exdates])
    _add_text(event, "summary", override.title if override and override.title else row.title, language)
    description = override.description if override and override.description is not None else row.description
    _add_text(event, "description", description, language)
    _add_text(event, "location", row.location, language)
    if row.url:
        event.add("url", row.url, parameters={"VALUE": "URI"})
    if row.conference:
        parameters = {"VALUE": "URI", "FEATURE": "AUDIO,VIDEO"}
        if row.conference_label:
            parameters["LABEL"] = row.conference_label
        event.add("conference", row.conference, parameters=parameters)
    if row.categories:
        event.add("categories", list(row.categories))
    event.add("status", override.status if override else row.status)
    event.add("sequence", row.sequence)
    if row.created:
        event.add("created", row.created.astimezone(UTC))
    if row.last_modified:
        event.add("last-modified", row.last_modified.astimezone(UTC))
    event.add("transp", "TRANSPARENT" if row.all_day else "OPAQUE")
    event.add("class", "PUBLIC")
    return event


def build_calendar(info: CalendarInfo, rows, now: dt.datetime | None = None) -> bytes:
    """The whole feed as bytes: CRLF line ends, lines folded at 75 octets, UTF-8."""
    now = (now or dt.datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rows = list(rows)
    calendar = Calendar()
    # Order matters to some readers: identification first, then the RFC 7986 and X-WR names.
    calendar.add("prodid", f"-//Conecto+//Kunskapsportal//{info.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if info.method:
        calendar.add("method", info.method)
    # NAME (RFC 7986) is TEXT, and so is an X- property by default (RFC 5545 3.8.8.2); icalendar
    # would write both unescaped, so commas and semicolons in a theme's title would break them.
    calendar.add("name", vText(info.name))
    calendar.add("x-wr-calname", vText(info.name))
    if info.description:
        calendar.add("description", info.description)
        calendar.add("x-wr-caldesc", vText(info.description))
    calendar.add("x-wr-timezone", info.time_zone)
    if info.refresh:
        calendar.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(info.refresh))
    if info.url:
        calendar.add("url", info.url, parameters={"VALUE": "URI"})
    if info.source:
        calendar.add("source", info.source, parameters={"VALUE": "URI"})

    zones = {info.time_zone} | {row.time_zone for row in rows if not row.all_day}
    for tzid in sorted(zones):
        calendar.add_component(vtimezone(tzid, now.year))
    for row in rows:
        calendar.add_component(_vevent(row, info.language, now))
        for override in row.overrides:
            calendar.add_component(_vevent(row, info.language, now, override))
    return calendar.to_ical()


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
