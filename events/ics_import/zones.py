"""Times and zones: the TZIDs, VTIMEZONEs and X-WR-TIMEZONE of a file, and its dates as Moments."""

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar.prop import vBroken
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from .lines import LineProblem

UTC = dt.UTC


UTC_NAMES = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "GMT", "Etc/GMT", "Zulu", "Etc/Zulu", "Z"}


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
def all_zone_names():
    return sorted(available_timezones())


def site_zone_name():
    return settings.TIME_ZONE


def _iana(name):
    name = (name or "").strip().strip("/")
    if name in all_zone_names():
        return name
    return WINDOWS_TO_OLSON.get(name)


@dataclass(frozen=True)
class Moment:
    """A DTSTART-like value: `value` is aware (all-day dates as local midnight), `all_day` for dates."""

    value: dt.datetime
    all_day: bool
    kind: str  # "date", "floating", "utc" or "zoned"
    zone: Zone


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
        name = site_zone_name()
        if calendar_zone is not None and str(calendar_zone).strip():
            name = _iana(str(calendar_zone))
            if name is None:
                block = self.blocks[id(calendar)]
                raise LineProblem(
                    block.line_of("X-WR-TIMEZONE"),
                    _("X-WR-TIMEZONE names an unknown time zone: %(tzid)s") % {"tzid": calendar_zone},
                )
        self.calendar_zone = Zone(ZoneInfo(name), name)

    def zone(self, tzid, line):
        if tzid in self._zones:
            return self._zones[tzid]
        cleaned = tzid.strip().strip("/")
        if cleaned in all_zone_names():
            zone = Zone(ZoneInfo(cleaned), cleaned)
        elif tzid in self.vtimezones:
            component = self.vtimezones[tzid]
            try:
                tzinfo = _RememberingZone(tzp.create_timezone(component))
                tzinfo.utcoffset(dt.datetime(2000, 1, 1, tzinfo=tzinfo))
            except Exception:  # noqa: BLE001 (a VTIMEZONE dateutil cannot build is just unusable)
                raise LineProblem(
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
                    if "/".join(suffixes[i:]) in all_zone_names()
                ),
                None,
            )
            if name is None:
                raise LineProblem(
                    line, _("unknown time zone “%(tzid)s” and no VTIMEZONE for it") % {"tzid": tzid}
                )
            zone = Zone(ZoneInfo(name), name)
        self._zones[tzid] = zone
        return zone

    def moment(self, prop, name, line, value=None):
        """Read a date or date-time property (or one `value` of a list property) as a Moment."""
        if isinstance(prop, vBroken):
            raise LineProblem(
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
        raise LineProblem(
            line, _("%(name)s is not a valid date or time: %(value)s") % {"name": name, "value": value}
        )
