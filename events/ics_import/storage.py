"""Choosing how a series is stored: the zone, rule and date exceptions in which the project's own
expansion gives exactly the dates the source calendar means."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import dateutil.rrule
import recurrence as django_recurrence
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import expansion
from ..models import EventDateException, EventPage, OccurrenceStatus
from .fields import truncate
from .lines import LineProblem
from .results import ImportedException
from .vevents import event_span, has_end, naive
from .zones import UTC, all_zone_names, site_zone_name

NOTE_LENGTH = 300  # EventDateException.note's max_length
TITLE_LENGTH = 255  # EventDateException.title's max_length


# Where an event's dates are compared with the source's before it is accepted (validate_rule's horizon).
CHECK_YEARS = 3


def _dateutil_rule(text, start, until, line, source_tz):
    try:
        rule = dateutil.rrule.rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as error:
        raise LineProblem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
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
            raise LineProblem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
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
            if len(instants) > 20 * expansion.MAX_OCCURRENCES:
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
    return naive(value.astimezone(ZoneInfo(zone_name)))


def _override_changes(series, override, zone_name, span):
    """The EventDateException an override stands for (None when it changes nothing we keep)."""
    master = series.master
    original = _local(override.recurrence_id.value, zone_name)
    # A SUMMARY of its own is the date's title, a DESCRIPTION of its own its note.
    title = override.summary[:TITLE_LENGTH] if override.summary != master.summary else ""
    note = ""
    if override.description and override.description != master.description:
        note = truncate(override.description, NOTE_LENGTH)
    if override.cancelled:
        return ImportedException(original.date(), EventDateException.Kind.CANCELLED, note=note, title=title)
    new_start = _local(override.start.value, zone_name)
    new_span = event_span(override) if has_end(override) else span
    if new_start != original or new_span != span:
        if master.start.all_day:
            return ImportedException(
                original.date(),
                EventDateException.Kind.MOVED,
                new_date=new_start.date(),
                note=note,
                title=title,
            )
        new_end = new_start + new_span
        return ImportedException(
            original.date(),
            EventDateException.Kind.MOVED,
            new_date=new_start.date(),
            new_start_time=new_start.time(),
            new_end_time=new_end.time() if new_span != span else None,
            note=note,
            title=title,
        )
    if note or title:
        return ImportedException(original.date(), EventDateException.Kind.NOTE, note=note, title=title)
    return None


def _stored_rules(series, zone_name, source_dates):
    """django-recurrence Rules in `zone_name`, with UNTIL as the project reads it
    (see docs/architecture.md, recurrence and time zones)."""
    zone = ZoneInfo(zone_name)
    rules = []
    for text, until, line in series.rules:
        try:
            rule = django_recurrence.deserialize("RRULE:" + text).rrules[0]
        except (django_recurrence.exceptions.DeserializationError, IndexError, ValueError) as error:
            raise LineProblem(line, _("invalid RRULE: %(reason)s") % {"reason": error}) from None
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
    site_zone = site_zone_name()
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
    for name in all_zone_names():
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

    def page_fields(self, all_day):
        """The EventPage fields this storage sets."""
        return {
            "start_date": self.start.date(),
            "start_time": None if all_day else self.start.time(),
            "end_date": self.end_date,
            "end_time": self.end_time,
            "time_zone": self.zone_name,
            "recurrence": self.recurrence,
        }


def _store_in(series, zone_name, source_dates, excluded):
    master = series.master
    span = event_span(master)
    start = _local(master.start.value, zone_name)
    end = start + span
    if master.start.all_day:
        end_date = (end - dt.timedelta(days=1)).date()
        end_date, end_time = (end_date if end_date > start.date() else None), None
    elif not has_end(master):
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


def _expand_stored(stored, all_day, until):
    # Never saved: the placeholder content type spares Page.__init__ its database query.
    page = EventPage(content_type_id=-1, **stored.page_fields(all_day))
    page.date_exceptions = [EventDateException(**vars(exception)) for exception in stored.exceptions]
    local_until = naive(until.astimezone(ZoneInfo(stored.zone_name))) + dt.timedelta(days=2)
    instances = page.expand(until=local_until) if stored.recurrence else page.expand()
    return [
        (i.start.astimezone(UTC), i.end.astimezone(UTC), i.status == OccurrenceStatus.CANCELLED)
        for i in instances
        if i.original_start.astimezone(UTC) <= until
    ]


def _expected(series, source_dates, excluded, until):
    """The (start, end, cancelled) triples the source calendar means, up to `until`."""
    master = series.master
    span = event_span(master)
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
                new_span = event_span(override) if has_end(override) else span
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
            raise LineProblem(
                override.block.line_of("RECURRENCE-ID"),
                _("RECURRENCE-ID for a date that is not in the series"),
            )
        kept.append(override)
    series.overrides = kept


def choose_storage(series, ctx):
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
        if candidate.same_clock and _local(start, candidate.zone_name) != naive(start):
            continue
        stored = _store_in(series, candidate.zone_name, source_dates, excluded)
        if stored.recurrence is not None:
            try:
                expansion.validate_rule(stored.recurrence, stored.start, ZoneInfo(candidate.zone_name))
            except ValidationError as error:
                line = series.rules[0][2] if series.rules else master.line
                raise LineProblem(line, " ".join(error.messages)) from None
        if _expand_stored(stored, master.start.all_day, check_until) == expected:
            return stored
    if master.start.kind == "zoned" and master.start.zone.name is None:
        tzid = str(master.component.get("DTSTART").params.get("TZID"))
        raise LineProblem(
            master.block.line_of("DTSTART"),
            _("the time zone “%(tzid)s” matches no known time zone") % {"tzid": tzid},
        )
    raise LineProblem(
        master.line,
        _(
            "this event cannot be stored without changing its dates (the dates of a series must keep their time of day)"
        ),
    )
