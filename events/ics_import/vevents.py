"""Reading one VEVENT (dates, UID, SUMMARY...) and the rule, RDATEs and EXDATEs of its series."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from icalendar.prop import vBroken

from .lines import LineProblem
from .zones import Moment

# A BYDAY ordinal ("2TU", "-1SU") is 1 to 53 (RFC 5545 3.3.10), and at most 5 within a month: no
# month has a sixth Monday. dateutil fails on a larger one with an IndexError (or wraps a large
# negative one round to another day), so the reader refuses it first.
ORDINAL_WEEKDAY = re.compile(r"^([+-]?\d+)(MO|TU|WE|TH|FR|SA|SU)$")


def _bad_ordinal_weekday(parts):
    """Whether a BYDAY value of a rule's parts has an ordinal that no month or year has."""
    values = dict(part.upper().split("=", 1) for part in parts if "=" in part)
    in_month = values.get("FREQ") == "MONTHLY" or (values.get("FREQ") == "YEARLY" and "BYMONTH" in values)
    for day in values.get("BYDAY", "").split(","):
        match = ORDINAL_WEEKDAY.match(day.strip())
        if match and not 1 <= abs(int(match.group(1))) <= (5 if in_month else 53):
            return True
    return False


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


def text_value(component, name):
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, vBroken):
        return ""
    return str(value).strip()


def _single(component, block, name):
    value = component.get(name)
    if isinstance(value, list):
        raise LineProblem(block.line_of(name, 1), _("%(name)s appears more than once") % {"name": name})
    return value


def read_event(component, block, ctx):
    uid = text_value(component, "UID")
    if not uid:
        raise LineProblem(block.line, _("the event has no UID"))
    if len(uid) > 255:
        raise LineProblem(block.line_of("UID"), _("the UID is longer than 255 characters"))
    recurrence_id = _single(component, block, "RECURRENCE-ID")
    if recurrence_id is not None:
        line = block.line_of("RECURRENCE-ID")
        if str(getattr(recurrence_id, "params", {}).get("RANGE", "")).upper() == "THISANDFUTURE":
            raise LineProblem(line, _("RECURRENCE-ID with RANGE=THISANDFUTURE is not supported"))
        recurrence_id = ctx.moment(recurrence_id, "RECURRENCE-ID", line)
    start = _single(component, block, "DTSTART")
    if start is None:
        if recurrence_id is None:
            raise LineProblem(block.line, _("the event has no DTSTART"))
        start_moment = recurrence_id
    else:
        start_moment = ctx.moment(start, "DTSTART", block.line_of("DTSTART"))
    end = _single(component, block, "DTEND")
    end_moment = duration = None
    if end is not None:
        line = block.line_of("DTEND")
        end_moment = ctx.moment(end, "DTEND", line)
        if end_moment.all_day != start_moment.all_day:
            raise LineProblem(line, _("DTSTART and DTEND must both be dates or both be date-times"))
        if end_moment.value < start_moment.value:
            raise LineProblem(line, _("DTEND before DTSTART"))
    else:
        duration_prop = _single(component, block, "DURATION")
        if duration_prop is not None:
            line = block.line_of("DURATION")
            value = getattr(duration_prop, "dt", None) if not isinstance(duration_prop, vBroken) else None
            if not isinstance(value, dt.timedelta):
                raise LineProblem(
                    line, _("DURATION is not a valid duration: %(value)s") % {"value": duration_prop}
                )
            if value < dt.timedelta(0):
                raise LineProblem(line, _("DURATION is negative"))
            duration = value
    status = text_value(component, "STATUS").upper()
    return RawEvent(
        block=block,
        component=component,
        uid=uid,
        start=start_moment,
        end=end_moment,
        duration=duration,
        recurrence_id=recurrence_id,
        summary=text_value(component, "SUMMARY"),
        description=text_value(component, "DESCRIPTION"),
        cancelled=status == "CANCELLED",
    )


def event_span(raw):
    """The event's length in wall-clock terms; no end (or a zero-length one) means the site's default."""
    if raw.start.all_day:
        if raw.end is not None:
            return raw.end.value.date() - raw.start.value.date() or dt.timedelta(days=1)
        if raw.duration is not None:
            return dt.timedelta(days=max(raw.duration.days, 1))
        return dt.timedelta(days=1)
    if raw.end is not None:
        span = naive(raw.end.value.astimezone(raw.start.zone.tzinfo)) - naive(raw.start.value)
    else:
        span = raw.duration
    return span or dt.timedelta(hours=1)


def has_end(raw):
    if raw.end is not None:
        return raw.end.value != raw.start.value
    return bool(raw.duration)


def naive(value):
    return value.replace(tzinfo=None)


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
            raise LineProblem(
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


def read_rules(series, ctx):
    master = series.master
    component, block = master.component, master.block
    if component.get("EXRULE") is not None:
        raise LineProblem(block.line_of("EXRULE"), _("EXRULE is not supported (RFC 5545 deprecates it)"))
    props = component.get("RRULE")
    if props is not None:
        props = props if isinstance(props, list) else [props]
        for index, prop in enumerate(props):
            line = block.line_of("RRULE", index)
            if isinstance(prop, vBroken):
                raise LineProblem(line, _("invalid RRULE: %(value)s") % {"value": prop})
            parts = [
                part
                for part in prop.to_ical().decode().split(";")
                if part and not part.upper().startswith(("UNTIL=", "X-"))
            ]
            for part in parts:
                if part.upper().startswith(("RSCALE=", "SKIP=")):
                    raise LineProblem(line, _("RRULE %(part)s is not supported") % {"part": part})
            if _bad_ordinal_weekday(parts):
                raise LineProblem(line, _("invalid RRULE: %(value)s") % {"value": prop.to_ical().decode()})
            until = prop.get("UNTIL")
            until = until[0] if until else None
            if until is not None and not isinstance(until, dt.date):
                raise LineProblem(line, _("invalid RRULE: %(value)s") % {"value": prop.to_ical().decode()})
            series.rules.append((";".join(parts), until, line))
    start = master.start
    for moment, line, length in _list_values(component, block, ctx, "RDATE"):
        if not start.all_day:
            if moment.all_day:  # a plain date: the series' own time of day
                value = dt.datetime.combine(moment.value.date(), start.value.time(), tzinfo=start.zone.tzinfo)
                moment = Moment(value, False, start.kind, start.zone)
            # The site gives every date of a series the same time and length
            # (see docs/architecture.md, events and occurrences).
            if moment.value.astimezone(start.zone.tzinfo).time() != start.value.time():
                raise LineProblem(
                    line,
                    _(
                        "an RDATE at another time of day than DTSTART is not supported; give that date its own event"
                    ),
                )
            if length is not None and length != event_span(master):
                raise LineProblem(
                    line, _("an RDATE with its own length is not supported; give that date its own event")
                )
        series.rdates.append((moment, line))
    for moment, line, _length in _list_values(component, block, ctx, "EXDATE"):
        series.exdates.append((moment, line))
