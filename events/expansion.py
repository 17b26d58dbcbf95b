"""Expanding an event's dates: plain functions, no database.

Rules are expanded in local wall-clock time and only then given the event's time zone, so an 18:00
session stays at 18:00 on both sides of a daylight-saving change. django-recurrence stores rule
datetimes in UTC and picked dates as local midnight in UTC: every such value is first turned back
into a local date before it is compared with an occurrence (see docs/architecture.md, recurrence
and time zones).
"""

import copy
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import dateutil.rrule
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from recurrence import Recurrence

from .choices import OccurrenceStatus

DEFAULT_TIME_ZONE = ZoneInfo("Europe/Stockholm")
MAX_OCCURRENCES = 500
# How many rule dates series_dates reads at most: a daily rule for decades, far beyond any horizon.
SERIES_SCAN_LIMIT = 20 * MAX_OCCURRENCES
FINER_THAN_DAILY = {dateutil.rrule.HOURLY, dateutil.rrule.MINUTELY, dateutil.rrule.SECONDLY}


@dataclass(frozen=True)
class DateException:
    """An editor's change to one date of a series, keyed by the date it originally fell on."""

    original_date: dt.date
    cancelled: bool = False
    new_start: dt.datetime | None = None  # naive local wall-clock time
    new_end: dt.datetime | None = None
    note: str = ""
    title: str = ""  # the date's own title; empty: the event's
    capacity: int | None = None  # the date's own number of places; None: the event's


@dataclass(frozen=True, order=True)
class Instance:
    start: dt.datetime  # aware, in the event's zone
    end: dt.datetime
    original_start: dt.datetime = field(compare=False)
    status: str = field(default=OccurrenceStatus.SCHEDULED, compare=False)
    note: str = field(default="", compare=False)
    title: str = field(default="", compare=False)
    capacity: int | None = field(default=None, compare=False)


def to_local_date(value, tz):
    """A date picked in the recurrence widget (local midnight stored in UTC) as the local date."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz)
        return value.date()
    return value


def validate_rule(recurrence: Recurrence | None, start: dt.datetime, tz=DEFAULT_TIME_ZONE, horizon=None):
    """Refuse rules finer than daily and series that would make too many dates."""
    if not recurrence:
        return
    for rule in [*recurrence.rrules, *recurrence.exrules]:
        if rule.freq in FINER_THAN_DAILY:
            raise ValidationError(_("Events can repeat at most once a day."), code="too_frequent")
        if rule.count is not None and rule.count > MAX_OCCURRENCES:
            raise ValidationError(
                _("A series can have at most %(max)d dates.") % {"max": MAX_OCCURRENCES}, code="too_many"
            )
    horizon = horizon or start + dt.timedelta(days=365 * 3)
    naive = local_ruleset(recurrence, start, tz)
    for count, occurrence in enumerate(naive, start=1):
        if occurrence > horizon:
            break
        if count > MAX_OCCURRENCES:
            raise ValidationError(
                _("This rule makes more than %(max)d dates; shorten it or end it earlier.")
                % {"max": MAX_OCCURRENCES},
                code="too_many",
            )


def _local_naive(value, tz):
    if value.tzinfo is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    return value


def local_ruleset(recurrence: Recurrence, start: dt.datetime, tz) -> dateutil.rrule.rruleset:
    """The rule set in naive local time, starting at `start` (naive local)."""
    ruleset = dateutil.rrule.rruleset()
    for rules, add in ((recurrence.rrules, ruleset.rrule), (recurrence.exrules, ruleset.exrule)):
        for rule in rules:
            local_rule = copy.copy(rule)
            if rule.until is not None:
                until = _local_naive(rule.until, tz)
                if until.time() == dt.time(0, 0):
                    # A date-only UNTIL includes that whole local day.
                    until = dt.datetime.combine(until.date(), dt.time.max)
                local_rule.until = until
            add(local_rule.to_dateutil_rrule(dtstart=start))
    for rdate in recurrence.rdates:
        ruleset.rdate(dt.datetime.combine(to_local_date(rdate, tz), start.time()))
    return ruleset


def expand(
    start: dt.datetime,
    end: dt.datetime,
    recurrence: Recurrence | None = None,
    tz=DEFAULT_TIME_ZONE,
    exceptions=(),
    until: dt.datetime | None = None,
    limit: int = MAX_OCCURRENCES,
) -> list[Instance]:
    """All dates of an event from its first one up to `until` (naive local), with exceptions applied.

    `start` and `end` are naive wall-clock times in `tz`. Cancelled dates are kept with status
    OccurrenceStatus.CANCELLED so pages and feeds can show them; EXDATEs are left out entirely.
    """
    duration = end - start
    if recurrence and (recurrence.rrules or recurrence.rdates):
        excluded = {to_local_date(d, tz) for d in recurrence.exdates}
        naive_starts = []
        for occurrence in local_ruleset(recurrence, start, tz):
            if until is not None and occurrence > until:
                break
            if len(naive_starts) >= limit:
                break
            if occurrence.date() not in excluded:
                naive_starts.append(occurrence)
        if start.date() not in excluded and start not in naive_starts and (until is None or start <= until):
            naive_starts.insert(0, start)  # DTSTART is always the first date (RFC 5545)
    else:
        naive_starts = [start]

    by_date = {exception.original_date: exception for exception in exceptions}
    instances = []
    for original in naive_starts:
        exception = by_date.get(original.date())
        new_start, new_end, status, note = original, original + duration, OccurrenceStatus.SCHEDULED, ""
        title, capacity = "", None
        if exception is not None:
            note, title, capacity = exception.note, exception.title, exception.capacity
            if exception.cancelled:
                status = OccurrenceStatus.CANCELLED
            elif exception.new_start is not None:
                new_start = exception.new_start
                new_end = exception.new_end or exception.new_start + duration
                status = OccurrenceStatus.MOVED
        instances.append(
            Instance(
                start=new_start.replace(tzinfo=tz),
                end=new_end.replace(tzinfo=tz),
                original_start=original.replace(tzinfo=tz),
                status=status,
                note=note,
                title=title,
                capacity=capacity,
            )
        )
    return sorted(instances)


def series_dates(start: dt.datetime, recurrence: Recurrence | None = None, tz=DEFAULT_TIME_ZONE):
    """The local dates a series falls on, in order, EXDATEs left out; lazy, so read only as far as needed.

    The same dates expand() gives, before date exceptions, without its limit on how many (a caller
    looking for one date stops at it); `start` is naive local, as for expand().
    """
    if not recurrence or not (recurrence.rrules or recurrence.rdates):
        yield start.date()
        return
    excluded = {to_local_date(d, tz) for d in recurrence.exdates}
    last = None
    if start.date() not in excluded:
        last = start.date()
        yield last  # DTSTART is always the first date (RFC 5545)
    for count, occurrence in enumerate(local_ruleset(recurrence, start, tz)):
        if count > SERIES_SCAN_LIMIT:
            return
        day = occurrence.date()
        if day in excluded or (last is not None and day <= last):
            continue
        last = day
        yield day


def locate_date(dates, day: dt.date):
    """Whether `day` is among the ordered `dates`, and the nearest dates before and after it."""
    before = None
    for candidate in dates:
        if candidate == day:
            return True, before, None
        if candidate > day:
            return False, before, candidate
        before = candidate
    return False, before, None


def shift_recurrence(recurrence: Recurrence | None, days: int, tz=DEFAULT_TIME_ZONE):
    """The same rule moved by whole days: UNTIL, extra dates and excluded dates move with it.

    Values are moved in local wall-clock time, so a local-midnight UNTIL stays local midnight
    when the shift crosses a daylight-saving change.
    """
    if not recurrence:
        return recurrence
    delta = dt.timedelta(days=days)

    def shift(value):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            local = value.astimezone(tz).replace(tzinfo=None) + delta
            return local.replace(tzinfo=tz).astimezone(value.tzinfo)
        return value + delta

    shifted = copy.deepcopy(recurrence)
    for rule in [*shifted.rrules, *shifted.exrules]:
        if rule.until:
            rule.until = shift(rule.until)
    shifted.rdates = [shift(value) for value in shifted.rdates]
    shifted.exdates = [shift(value) for value in shifted.exdates]
    if shifted.dtstart:
        shifted.dtstart = shift(shifted.dtstart)
    if shifted.dtend:
        shifted.dtend = shift(shifted.dtend)
    return shifted
