"""Property tests: events/expansion.py against an independent expander, across daylight-saving changes.

Hypothesis draws rules the way an editor (the recurrence widget) or an import stores them:
FREQ DAILY, WEEKLY or MONTHLY, an INTERVAL, COUNT or UNTIL or neither, BYDAY (weekdays, or one
"2nd Tuesday"/"last Sunday" for MONTHLY) and EXDATEs, for a series in Europe/Stockholm that starts a
few weeks before the last Sunday of March or October, at any time of day, 02:30 on the change day
included. The same rule is expanded two other ways:

- ``reference_dates`` below walks the calendar day by day and keeps each day that RFC 5545 3.3.10
  says the rule gives: no dateutil, no django-recurrence, no time zone;
- the ``ical`` library (tests/events/calendar_readers.py) reads the rule as calendar text, with
  DTSTART in TZID=Europe/Stockholm, and expands it in its own timeline.

Each date must come out at the series' local wall-clock time, at the instant RFC 5545 3.3.5 gives
that local time (a time repeated in October is its first occurrence; a time skipped in March is
read with the offset before the gap), with the same dates, none twice and none lost on the change
days themselves.
"""

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st
from recurrence import deserialize

from events.expansion import expand, series_dates
from tests.events.calendar_readers import read_ical

STOCKHOLM = ZoneInfo("Europe/Stockholm")
UTC = dt.UTC
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Far enough that any drawn series has ended (at most 20 monthly dates, every third month).
SCAN_DAYS = 366 * 12
OPEN_ENDED_DAYS = 120  # an open-ended series is compared up to this many days after its start


def last_sunday(year, month):
    last = calendar.monthrange(year, month)[1]
    return max(
        dt.date(year, month, day)
        for day in range(last - 6, last + 1)
        if dt.date(year, month, day).weekday() == 6
    )


def change_days(first_year, last_year):
    return {last_sunday(year, month) for year in range(first_year, last_year + 1) for month in (3, 10)}


@dataclass(frozen=True)
class Series:
    start: dt.datetime  # naive local wall-clock time in Europe/Stockholm
    freq: str
    interval: int
    byday: tuple[str, ...]  # "MO", "TH"; or one "2TU" / "-1SU" for MONTHLY
    count: int | None
    until: dt.date | None  # the last local day of the series (UNTIL)
    until_exact: bool  # UNTIL written as the UTC instant of that day's date rather than the day
    exdates: tuple[dt.date, ...]
    exdates_as_instants: bool  # EXDATE as the instant of the date (else local midnight in UTC)

    @property
    def duration(self):
        return dt.timedelta(minutes=90)

    def rrule_text(self, until_value):
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.byday:
            parts.append("BYDAY=" + ",".join(self.byday))
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if until_value:
            parts.append(f"UNTIL={until_value}")
        return ";".join(parts)


def utc_text(instant):
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_midnight_in_utc(day):
    """How the recurrence widget stores a picked date (events/expansion.py, to_local_date)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=STOCKHOLM)


def rfc_instant(wall):
    """The instant of a Stockholm wall-clock time by RFC 5545 3.3.5, found without fold or replace().

    Of the offsets Stockholm uses, those that give back the same wall-clock time; a repeated time
    (October) is its first occurrence, the earlier instant; a time in the March gap is read with the
    offset in force before the gap (the offset of the day before).
    """
    fitting = []
    for hours in (1, 2):
        instant = (wall - dt.timedelta(hours=hours)).replace(tzinfo=UTC)
        if instant.astimezone(STOCKHOLM).replace(tzinfo=None) == wall:
            fitting.append(instant)
    if fitting:
        return min(fitting)
    before = (wall - dt.timedelta(days=1)).replace(tzinfo=STOCKHOLM).utcoffset()
    return (wall - before).replace(tzinfo=UTC)


def stored_recurrence(series):
    """The rule as django-recurrence stores it: UNTIL and EXDATE in UTC (see events/expansion.py)."""
    until_value = None
    if series.until is not None:
        if series.until_exact:
            until_value = utc_text(rfc_instant(dt.datetime.combine(series.until, series.start.time())))
        else:
            until_value = utc_text(local_midnight_in_utc(series.until))
    lines = ["RRULE:" + series.rrule_text(until_value)]
    for day in series.exdates:
        if series.exdates_as_instants:
            value = rfc_instant(dt.datetime.combine(day, series.start.time()))
        else:
            value = local_midnight_in_utc(day)
        lines.append("EXDATE:" + utc_text(value))
    return deserialize("\n".join(lines))


# The independent expander ---------------------------------------------------------------------------


def _nth_in_month(day):
    """(n, -m): day is the n-th of its weekday in its month, and the m-th from the end."""
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1, -((last - day.day) // 7 + 1)


def rule_matches(series, day):
    start = series.start.date()
    weekday = WEEKDAYS[day.weekday()]
    if series.freq == "DAILY":
        in_step = (day - start).days % series.interval == 0
        return in_step and (not series.byday or weekday in series.byday)
    if series.freq == "WEEKLY":  # weeks start on Monday (WKST=MO, the default)
        weeks = (
            (day - dt.timedelta(days=day.weekday())) - (start - dt.timedelta(days=start.weekday()))
        ).days // 7
        return weeks % series.interval == 0 and weekday in (series.byday or (WEEKDAYS[start.weekday()],))
    months = (day.year * 12 + day.month) - (start.year * 12 + start.month)
    if months % series.interval:
        return False
    if not series.byday:
        return day.day == start.day  # a month without that day has no date (RFC 5545 3.3.10)
    ordinal = series.byday[0][:-2]
    if ordinal:
        return weekday == series.byday[0][-2:] and int(ordinal) in _nth_in_month(day)
    return weekday in series.byday


def reference_dates(series, horizon=None):
    """The local dates of the series, walked day by day, COUNT before EXDATE (RFC 5545 3.8.5.1)."""
    start = series.start.date()
    found = []
    for offset in range(SCAN_DAYS):
        day = start + dt.timedelta(days=offset)
        if series.until is not None and day > series.until:
            break
        if horizon is not None and day > horizon:
            break
        if rule_matches(series, day):
            found.append(day)
            if series.count is not None and len(found) == series.count:
                break
    return [day for day in found if day not in series.exdates]


# Drawing series ---------------------------------------------------------------------------------------


@st.composite
def stockholm_series(draw):
    this_year = dt.date.today().year
    change = last_sunday(draw(st.integers(this_year, this_year + 2)), draw(st.sampled_from([3, 10])))
    day = change - dt.timedelta(days=draw(st.integers(-3, 45)))
    # Any quarter hour, and more often the hours a change moves (02:00-03:00).
    hour = draw(st.one_of(st.integers(0, 23), st.sampled_from([1, 2, 3])))
    start = dt.datetime.combine(day, dt.time(hour, draw(st.sampled_from([0, 15, 30, 45]))))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    interval = draw(st.integers(1, 3))
    weekday = WEEKDAYS[day.weekday()]
    byday = ()
    if freq in ("DAILY", "WEEKLY"):
        extra = draw(st.sets(st.sampled_from(WEEKDAYS), max_size=4))
        if extra:  # the start's own weekday stays in, so DTSTART is a date of the rule
            byday = tuple(name for name in WEEKDAYS if name in extra | {weekday})
    else:
        kind = draw(st.sampled_from(["day", "nth", "last", "weekdays"]))
        first, last = _nth_in_month(day)
        if kind == "nth":
            byday = (f"{first}{weekday}",)
        elif kind == "last":
            byday = (f"{last}{weekday}",)
        elif kind == "weekdays":
            extra = draw(st.sets(st.sampled_from(WEEKDAYS), max_size=2))
            byday = tuple(name for name in WEEKDAYS if name in extra | {weekday})
    end = draw(st.sampled_from(["count", "until", "open"]))
    count = draw(st.integers(1, 20)) if end == "count" else None
    until = None
    if end == "until":
        until = day + dt.timedelta(days=draw(st.integers(0, 200 if freq == "MONTHLY" else 70)))
    draft = Series(start, freq, interval, byday, count, until, False, (), False)
    dates = reference_dates(draft, horizon=day + dt.timedelta(days=OPEN_ENDED_DAYS))
    picks = draw(st.lists(st.integers(0, max(len(dates) - 1, 0)), max_size=4)) if dates else []
    exdates = tuple(sorted({dates[index] for index in picks}))
    return Series(
        start,
        freq,
        interval,
        byday,
        count,
        until,
        until_exact=draw(st.booleans()),
        exdates=exdates,
        exdates_as_instants=draw(st.booleans()),
    )


def dst_examples():
    """Pinned cases on the change days themselves, in the next year's March and October."""
    year = dt.date.today().year + 1
    march, october = last_sunday(year, 3), last_sunday(year, 10)
    week = dt.timedelta(days=7)
    return [
        # Daily at 02:30 across the March gap: the change day still has its date.
        Series(dt.datetime.combine(march - week, dt.time(2, 30)), "DAILY", 1, (), 14, None, False, (), False),
        # Daily at 02:30 across the October repeat: one date that day, not two.
        Series(
            dt.datetime.combine(october - week, dt.time(2, 30)), "DAILY", 1, (), 14, None, False, (), False
        ),
        # "Last Sunday" monthly at 02:15: every change day is a date of the series.
        Series(
            dt.datetime.combine(march, dt.time(2, 15)), "MONTHLY", 1, ("-1SU",), 13, None, False, (), True
        ),
        # Weekly on Sunday until the October change day, written as that day's instant.
        Series(
            dt.datetime.combine(october - 3 * week, dt.time(2, 45)),
            "WEEKLY",
            1,
            ("SU",),
            None,
            october,
            True,
            (october - week,),
            True,
        ),
    ]


def with_examples(test):
    for series in dst_examples():
        test = example(series)(test)
    return test


# The properties ---------------------------------------------------------------------------------------


def horizon_of(series):
    if series.count is None and series.until is None:
        return series.start.date() + dt.timedelta(days=OPEN_ENDED_DAYS)
    return None


@with_examples
@given(stockholm_series())
def test_expansion_agrees_with_a_day_by_day_walk_of_the_rule(series):
    horizon = horizon_of(series)
    expected = reference_dates(series, horizon)
    until = dt.datetime.combine(horizon, dt.time.max) if horizon else None

    instances = expand(series.start, series.start + series.duration, stored_recurrence(series), until=until)

    dates = [instance.start.date() for instance in instances]
    assert dates == expected
    assert len(set(dates)) == len(dates), "a date appears twice"
    for instance in instances:
        wall = dt.datetime.combine(instance.start.date(), series.start.time())
        assert instance.start.replace(tzinfo=None) == wall, "not at the series' local time"
        assert instance.start.astimezone(UTC) == rfc_instant(wall), f"wrong instant for {wall}"
        assert instance.end.replace(tzinfo=None) - wall == series.duration
    changes = change_days(series.start.year, series.start.year + 12)
    assert [day for day in dates if day in changes] == [day for day in expected if day in changes]


@with_examples
@given(stockholm_series())
def test_series_dates_are_the_same_dates(series):
    horizon = horizon_of(series)
    expected = reference_dates(series, horizon)

    dates = series_dates(series.start, stored_recurrence(series))

    assert list(itertools.islice(dates, len(expected) + (0 if horizon else 1))) == expected


def as_calendar_text(series):
    """The series as an RFC 5545 calendar, written here by hand (not with the project's writer)."""

    def local(value):
        return value.strftime("%Y%m%dT%H%M%S")

    until_value = None
    if series.until is not None:
        last_moment = dt.datetime.combine(
            series.until, series.start.time() if series.until_exact else dt.time.max
        )
        until_value = utc_text(rfc_instant(last_moment.replace(microsecond=0)))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Conecto+//property tests//EN",
        "BEGIN:VEVENT",
        "UID:series@example.org",
        "DTSTAMP:20260101T000000Z",
        f"DTSTART;TZID=Europe/Stockholm:{local(series.start)}",
        f"DTEND;TZID=Europe/Stockholm:{local(series.start + series.duration)}",
        "RRULE:" + series.rrule_text(until_value),
        "SUMMARY:Series",
    ]
    for day in series.exdates:
        lines.append(f"EXDATE;TZID=Europe/Stockholm:{local(dt.datetime.combine(day, series.start.time()))}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


@with_examples
@given(stockholm_series())
def test_expansion_agrees_with_the_ical_library(series):
    horizon = horizon_of(series)
    last = dt.datetime.combine(horizon or series.start.date() + dt.timedelta(days=SCAN_DAYS), dt.time.max)
    timeline = read_ical(as_calendar_text(series)).timeline_tz(STOCKHOLM)
    theirs = [
        event.dtstart.astimezone(UTC)
        for event in timeline.overlapping(
            rfc_instant(series.start).astimezone(STOCKHOLM), last.replace(tzinfo=STOCKHOLM)
        )
    ]

    instances = expand(
        series.start,
        series.start + series.duration,
        stored_recurrence(series),
        until=last if horizon else None,
    )

    assert [instance.start.astimezone(UTC) for instance in instances] == theirs
