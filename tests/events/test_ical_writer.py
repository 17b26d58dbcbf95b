"""The hand-written RFC 5545 writer (events/ical.py) against the icalendar-based writer it replaced.

The old writer built every event through icalendar's object tree; it is kept here, and only here, as
the oracle, with the properties the feed no longer writes taken out (CREATED, URL, the LANGUAGE
parameter: see events/ical.py's docstring) and a single timed event given as its UTC instant. Both
outputs are read back with icalendar and compared component by component and property by property
(values and parameters), so any difference a parser could see fails the test.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from icalendar import Calendar, Event, vDuration, vRecur, vText

from events import ical
from tests.events.calendar_readers import read_ical

UTC = dt.UTC
NOW = dt.datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
LONG_SWEDISH = (
    "Välkommen till en eftermiddag om Supported Employment, IPS och Case Management; vi går igenom "
    "metoderna, forskningen och erfarenheterna från Östra Södertörn, Järfälla och Täby.\n\n"
    "Program:\n- 13.00 Inledning, fika\n- 14.30 Workshop; grupparbete\\diskussion\n\n"
    "Anmälan senast en vecka före. Frågor? Skriv till samordnare@example.org."
)


# The oracle: the icalendar-based writer as it was before the hand-written one ---------------------


class _UtcOf:
    """A wall-clock zone whose times _when gives as UTC instants."""

    def __init__(self, zone):
        self.zone = zone


def _when(value, zone):
    if isinstance(value, dt.datetime):
        if isinstance(zone, _UtcOf):
            return value.replace(tzinfo=zone.zone).astimezone(UTC)
        return value.replace(tzinfo=zone)
    return value


def _add_text(component, name, value):
    if value:
        component.add(name, value)


def _single(row):
    # One timed date without rule or other dates is written as its UTC instant (events/ical.py).
    return not (row.all_day or row.rrule or row.rdates or row.exdates or row.overrides)


def _oracle_vevent(row, stamp, override=None):
    zone = ZoneInfo(row.time_zone)
    if _single(row):
        zone = _UtcOf(zone)
    event = Event()
    event.add("uid", row.uid)
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
            rdates.insert(0, row.start)
        if rdates:
            event.add("rdate", [_when(value, zone) for value in rdates])
        if row.exdates:
            event.add("exdate", [_when(value, zone) for value in row.exdates])
    _add_text(event, "summary", override.title if override and override.title else row.title)
    description = override.description if override and override.description is not None else row.description
    _add_text(event, "description", description)
    _add_text(event, "location", row.location)
    if row.conference:
        parameters = {"VALUE": "URI", "FEATURE": "AUDIO,VIDEO"}
        if row.conference_label:
            parameters["LABEL"] = row.conference_label
        event.add("conference", row.conference, parameters=parameters)
    if row.categories:
        event.add("categories", list(row.categories))
    event.add("status", override.status if override else row.status)
    event.add("sequence", row.sequence)
    if row.last_modified:
        event.add("last-modified", row.last_modified.astimezone(UTC))
    event.add("transp", "TRANSPARENT" if row.all_day else "OPAQUE")
    event.add("class", "PUBLIC")
    return event


def oracle_calendar(info, rows, now):
    now = now.astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//Conecto+//Kunskapsportal//{info.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if info.method:
        calendar.add("method", info.method)
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
    zones = {info.time_zone} | {
        row.time_zone for row in rows if not row.all_day and not _single(row) and row.time_zone != "UTC"
    }
    for tzid in sorted(zones):
        calendar.add_component(ical.vtimezone(tzid, now.year))
    for row in rows:
        calendar.add_component(_oracle_vevent(row, now))
        for override in row.overrides:
            calendar.add_component(_oracle_vevent(row, now, override))
    return calendar.to_ical()


# Comparing what a parser sees --------------------------------------------------------------------


# What RFC 5545 says a missing property or parameter means; the new writer leaves these out.
DEFAULTS = {("CLASS", b"PUBLIC"), ("TRANSP", b"OPAQUE"), ("STATUS", b"CONFIRMED"), ("SEQUENCE", b"0")}
DEFAULT_VALUE_TYPES = {"URL": "URI"}


def _view(name, value):
    params = dict(value.params)
    if name in DEFAULT_VALUE_TYPES and params.get("VALUE") == DEFAULT_VALUE_TYPES[name]:
        del params["VALUE"]
    return repr((name, sorted(params.items()), value.to_ical()))


def parsed(text):
    """Each component as icalendar reads it: (name, sorted [(property, parameters, value)]), with
    properties and value types that only state RFC 5545's defaults left out."""
    found = []
    for component in Calendar.from_ical(text).walk():
        props = sorted(
            _view(name, value)
            for name, value in component.property_items(recursive=False, sorted=True)
            if name not in ("BEGIN", "END") and (name, value.to_ical()) not in DEFAULTS
        )
        found.append((component.name, props))
    return found


INFO = ical.CalendarInfo(
    name="Conecto+: jämställdhet, tillgänglighet; våren",
    description="Seminarier, moduler;\nhandledning",
    language="sv",
    url="https://conecto.example.org/sv/kalender/",
    source="https://conecto.example.org/sv/feeds/events.ics?theme=jamstalldhet",
)
BASE = {
    "uid": "7f0c7c3e-1d2b-5c5e-9a51-3f2a9b1c0d11",
    "title": "Kunskapsseminarium: Supported Employment, del 1; grund",
    "start": dt.datetime(2026, 9, 8, 13, 0),
    "end": dt.datetime(2026, 9, 8, 16, 30),
    "time_zone": "Europe/Stockholm",
    "sequence": 3,
    "description": LONG_SWEDISH,
    "location": "Kommunhuset, Storgatan 1, 136 81 Haninge",
    "categories": ("Seminarium",),
    "last_modified": dt.datetime(2026, 5, 20, 8, 0, 59, 999999, tzinfo=UTC),
}


def row(**changes):
    return ical.EventRow(**{**BASE, **changes})


WEEKLY = {
    "rrule": "FREQ=WEEKLY;UNTIL=20261215T225959Z",
    "rdates": (dt.datetime(2026, 12, 22, 13, 0),),
    "exdates": (dt.datetime(2026, 10, 27, 13, 0), dt.datetime(2026, 11, 3, 13, 0)),
}
OVERRIDES = (
    ical.Override(
        recurrence_id=dt.datetime(2026, 9, 29, 13, 0),
        start=dt.datetime(2026, 9, 30, 9, 0),
        end=dt.datetime(2026, 9, 30, 12, 0),
        title="Kunskapsseminarium: Supported Employment, del 1; grund",
        description="Flyttad från 29 september 2026 13:00.\n\n" + LONG_SWEDISH,
    ),
    ical.Override(
        recurrence_id=dt.datetime(2026, 10, 6, 13, 0),
        start=dt.datetime(2026, 10, 6, 13, 0),
        end=dt.datetime(2026, 10, 6, 16, 30),
        status=ical.CANCELLED,
        title="Inställt: Kunskapsseminarium",
        description="",
    ),
    ical.Override(
        recurrence_id=dt.datetime(2026, 10, 13, 13, 0),
        start=dt.datetime(2026, 10, 13, 13, 0),
        end=dt.datetime(2026, 10, 13, 16, 30),
    ),
)
ROWS = {
    "single": row(),
    "single without optional parts": row(description="", location="", categories=(), sequence=0),
    "all-day": row(start=dt.date(2026, 9, 8), end=dt.date(2026, 9, 9), time_zone="Europe/London"),
    "multi-day": row(start=dt.date(2026, 9, 8), end=dt.date(2026, 9, 11)),
    "series with RRULE, RDATE and EXDATE": row(**WEEKLY),
    "series with overrides": row(**WEEKLY, overrides=OVERRIDES),
    "RDATE form": row(rdates=(dt.datetime(2026, 9, 15, 13, 0), dt.datetime(2026, 10, 1, 10, 0))),
    "all-day series": row(
        start=dt.date(2026, 9, 7),
        end=dt.date(2026, 9, 8),
        rrule="FREQ=MONTHLY;BYDAY=1MO;COUNT=6",
        exdates=(dt.date(2026, 11, 2),),
        overrides=(
            ical.Override(
                recurrence_id=dt.date(2026, 10, 5),
                start=dt.date(2026, 10, 6),
                end=dt.date(2026, 10, 7),
                description="Flyttad en dag.",
            ),
        ),
    ),
    "cancelled": row(status=ical.CANCELLED, title="Inställt: Handledning"),
    "postponed": row(status=ical.TENTATIVE),
    "online with a label": row(
        location="https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d",
        conference="https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d",
        conference_label='Onlinemöte: "Teams"; länk',
    ),
    "emoji and long lines": row(
        title="🎉 Fest för alla deltagare 🎉 " * 6,
        description="Ärende: ”citat” & <tecken> – åäö ÅÄÖ é ü 👩🏽‍💻 " * 8,
        categories=("Seminarium", "Övrigt, annat; mer"),
    ),
    "another zone": row(time_zone="America/New_York", **WEEKLY, overrides=OVERRIDES[:1]),
    "a series in UTC": row(time_zone="UTC", rrule="FREQ=WEEKLY;COUNT=10", exdates=WEEKLY["exdates"]),
    "Windows line breaks": row(description="Rad ett\r\nRad två\rRad tre\n"),
}


@pytest.mark.parametrize("name", list(ROWS))
def test_each_kind_of_row_reads_as_the_old_writer_wrote_it(name):
    rows = [ROWS[name]]
    assert parsed(ical.build_calendar(INFO, rows, now=NOW)) == parsed(oracle_calendar(INFO, rows, NOW))


def test_a_whole_feed_of_every_kind_reads_as_the_old_writer_wrote_it():
    rows = list(ROWS.values())
    new, old = ical.build_calendar(INFO, rows, now=NOW), oracle_calendar(INFO, rows, NOW)
    assert parsed(new) == parsed(old)
    # The independent parsers read the same events from both.
    expected = len(rows) + sum(len(each.overrides) for each in rows)
    for text in (new, old):
        assert len(read_ical(text.decode()).events) == expected
        assert len(vobject.readOne(text.decode()).vevent_list) == expected


@pytest.mark.parametrize(
    "info",
    [
        ical.CalendarInfo(name="Enkel", description="", language="en", refresh=None, method=None),
        ical.CalendarInfo(name="Daglig", description="", language="en", refresh=dt.timedelta(days=1)),
        ical.CalendarInfo(
            name="Udda", description="", language="sv", refresh=dt.timedelta(hours=2, seconds=5)
        ),
    ],
)
def test_calendar_properties_read_as_the_old_writer_wrote_them(info):
    assert parsed(ical.build_calendar(info, [], now=NOW)) == parsed(oracle_calendar(info, [], NOW))


def test_lines_are_folded_at_75_octets_between_characters():
    text = ical.build_calendar(INFO, [ROWS["emoji and long lines"]], now=NOW)
    lines = text.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) == 75
    for line in lines:
        line.decode()  # a cut inside a UTF-8 sequence would fail here
    assert b"\n" not in text.replace(b"\r\n", b"")


def test_control_characters_are_left_out_of_text():
    # Not allowed in TEXT (RFC 5545 3.3.11); a strict parser would refuse the whole feed.
    text = ical.build_calendar(INFO, [row(title="Rad\x0bett\x00 och\ttab")], now=NOW).decode()
    assert read_ical(text).events[0].summary == "Radett och\ttab"
    assert str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["SUMMARY"]) == "Radett och\ttab"
