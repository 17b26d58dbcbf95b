"""The feed builder on its own (rows in, bytes out), judged by parsers other than icalendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from events import ical
from tests.events.calendar_readers import (
    components,
    expand_ical,
    expand_vobject,
    properties,
    read_ical,
    with_unknown_zone_name,
)
from tests.helpers import last_sunday

STOCKHOLM = ZoneInfo("Europe/Stockholm")
INFO = ical.CalendarInfo(name="Conecto+ evenemang", description="Kalendern", language="sv")


def weekly_row(zone="Europe/Stockholm", **kwargs):
    values = {
        "uid": "8f14e45f-ceea-567f-a8e1-3f2a9b1c0d11",
        "title": "Handledning",
        "start": dt.datetime(2026, 1, 6, 18, 0),  # a Tuesday
        "end": dt.datetime(2026, 1, 6, 20, 0),
        "time_zone": zone,
        "rrule": "FREQ=WEEKLY;UNTIL=20271231T225959Z",
    }
    values.update(kwargs)
    return ical.EventRow(**values)


def test_stockholm_vtimezone_is_written_with_rrule_parts():
    text = ical.vtimezone("Europe/Stockholm", 2026).to_ical().decode()
    assert "RDATE" not in text
    daylight, standard = components(text, "DAYLIGHT"), components(text, "STANDARD")
    assert sorted(daylight[0]) == sorted(
        [
            "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "TZNAME:CEST",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
        ]
    )
    assert sorted(standard[0]) == sorted(
        [
            "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "TZNAME:CET",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
        ]
    )


@pytest.mark.parametrize(
    ("tzid", "expected_rules"),
    [
        ("America/New_York", {"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"}),
        ("Australia/Sydney", {"FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"}),
        ("Europe/London", {"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}),
        ("Asia/Tokyo", set()),
    ],
)
def test_other_zones_get_rule_based_vtimezones_that_parsers_read_right(tzid, expected_rules):
    zone = ZoneInfo(tzid)
    timezone = ical.vtimezone(tzid, 2026).to_ical().decode()
    assert {value for _params, value in properties(timezone, "RRULE")} == expected_rules
    assert "RDATE" not in timezone
    text = ical.build_calendar(INFO, [weekly_row(tzid)], now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)).decode()
    assert [value for _params, value in properties(text, "TZID")] == sorted([tzid, "Europe/Stockholm"])
    # Every weekly 18:00 session in 2026 and 2027, read through our VTIMEZONE alone (an unknown TZID),
    # lands on the same instant as Python's own zone database says.
    # vobject keeps every TZID it has seen in a process-wide registry: one new name per zone.
    renamed = text.replace(tzid, f"Conecto-Test/{tzid}")
    window = (dt.datetime(2026, 1, 1, tzinfo=zone), dt.datetime(2028, 1, 1, tzinfo=zone))
    expected = []
    day = dt.date(2026, 1, 6)
    while day.year < 2028:
        expected.append(dt.datetime.combine(day, dt.time(18, 0), tzinfo=zone))
        day += dt.timedelta(weeks=1)
    # ical 14 ignores an observance that has neither RRULE nor RDATE (valid RFC 5545, and what
    # icalendar itself writes for fixed offsets), so a fixed zone is read by its known name there.
    feeds = [(expand_vobject, renamed), (expand_ical, renamed if expected_rules else text)]
    for expand, feed in feeds:
        seen = [item.start for item in expand(feed, *window)]
        assert [s.astimezone(dt.UTC) for s in seen] == [e.astimezone(dt.UTC) for e in expected], expand


def test_a_zone_without_a_weekday_rule_falls_back_to_explicit_transitions():
    # Morocco's offset follows Ramadan, which no yearly RRULE can express.
    timezone = ical.vtimezone("Africa/Casablanca", 2026)
    assert timezone["TZID"] == "Africa/Casablanca"
    assert timezone.subcomponents


def test_weekly_evening_session_stays_at_18_local_across_both_dst_changes():
    text = ical.build_calendar(INFO, [weekly_row()]).decode()
    for year in (2026, 2027):
        spring, autumn = last_sunday(year, 3), last_sunday(year, 10)
        # The Tuesdays either side of each change.
        around = [spring - dt.timedelta(days=5), spring + dt.timedelta(days=2)]
        around += [autumn - dt.timedelta(days=5), autumn + dt.timedelta(days=2)]
        for feed in (text, with_unknown_zone_name(text)):
            for expand in (expand_ical, expand_vobject):
                seen = {
                    item.start.astimezone(STOCKHOLM).date(): item.start
                    for item in expand(
                        feed,
                        dt.datetime(year, 3, 1, tzinfo=STOCKHOLM),
                        dt.datetime(year, 11, 30, tzinfo=STOCKHOLM),
                    )
                }
                utc_hours = [seen[day].astimezone(dt.UTC).hour for day in around]
                assert utc_hours == [17, 16, 16, 17], (year, expand.__name__)
                assert {seen[day].astimezone(STOCKHOLM).time() for day in around} == {dt.time(18, 0)}


def test_lines_are_crlf_and_folded_at_75_octets_without_splitting_characters():
    title = "Fördjupning i Supported Employment, del 1; åäö ÅÄÖ – " * 4
    text = ical.build_calendar(INFO, [weekly_row(title=title, description="Rad ett\nRad två " * 20)])
    assert text.endswith(b"\r\n")
    assert b"\n" not in text.replace(b"\r\n", b"")
    lines = text.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    for line in lines:
        line.decode("utf-8")  # no character split across a fold


@pytest.mark.parametrize("letter", ["a", "ö", "–", "🙂"])  # one to four octets in UTF-8
@pytest.mark.parametrize("length", [17, 18, 19, 60, 66, 67, 74, 75, 76, 148, 149, 150, 400])
def test_every_length_of_text_is_folded_at_75_octets_and_read_back_whole(letter, length):
    # Plain ASCII lines are cut by characters and others by octets: both must give parsers the text.
    title = ("x" * (length - 1) + letter)[:length]
    description = "Länk: https://example.org/" + letter * length
    text = ical.build_calendar(INFO, [weekly_row(title=title, description=description)])
    lines = text.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")
    event = read_ical(text.decode()).events[0]
    assert (event.summary, event.description) == (title, description)
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert (str(parsed["SUMMARY"]), str(parsed["DESCRIPTION"])) == (title, description)


@pytest.mark.parametrize(
    "title",
    [
        "Handledning för Östra Södertörn, Järfälla och Täby; del 2",
        "Rad ett\nRad två, med komma; och semikolon\\ och snedstreck",
        "Ärende: ”citat” & <tecken> – åäö ÅÄÖ é ü",
    ],
)
def test_text_survives_the_round_trip_in_every_parser(title):
    description = f"{title}\n\nMer information: https://example.org/?a=1;b=2,3"
    text = ical.build_calendar(
        INFO, [weekly_row(title=title, description=description, location="Sal 1, plan 2; Haninge")]
    )
    event = read_ical(text.decode()).events[0]
    assert (event.summary, event.description, event.location) == (
        title,
        description,
        "Sal 1, plan 2; Haninge",
    )
    parsed = vobject.readOne(text.decode()).vevent
    assert (parsed.summary.value, parsed.description.value) == (title, description)
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert (str(parsed["SUMMARY"]), str(parsed["DESCRIPTION"])) == (title, description)


def test_calendar_properties_precede_every_component():
    text = ical.build_calendar(INFO, [weekly_row()]).decode()
    lines = text.split("\r\n")
    first_component = next(i for i, line in enumerate(lines) if line.startswith("BEGIN:V") and i > 0)
    calendar_part = "\r\n".join(lines[:first_component])
    for expected in (
        "METHOD:PUBLISH",
        "NAME:Conecto+ evenemang",
        "X-WR-CALNAME:Conecto+ evenemang",
        "X-WR-TIMEZONE:Europe/Stockholm",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert f"\r\n{expected}\r\n" in calendar_part + "\r\n", expected
    assert "END:VCALENDAR" not in calendar_part


def test_all_day_dates_and_utc_stamps():
    row = weekly_row(
        start=dt.date(2026, 5, 4),
        end=dt.date(2026, 5, 6),  # Monday and Tuesday
        rrule=None,
        last_modified=dt.datetime(2026, 4, 1, 10, 30, tzinfo=STOCKHOLM),
    )
    text = ical.build_calendar(INFO, [row]).decode()
    event = "\r\n".join(components(text)[0])
    assert properties(event, "DTSTART") == [("VALUE=DATE", "20260504")]
    assert properties(event, "DTEND") == [("VALUE=DATE", "20260506")]
    assert properties(event, "DTSTAMP") == [("", "20260401T083000Z")]
    assert properties(event, "LAST-MODIFIED") == [("", "20260401T083000Z")]
    event = read_ical(text).events[0]
    assert (event.dtstart, event.dtend) == (dt.date(2026, 5, 4), dt.date(2026, 5, 6))


def test_calendar_name_is_escaped_text():
    # NAME (RFC 7986) is TEXT, and so is an X- property by default (RFC 5545 3.8.8.2). vobject
    # reads them as TEXT; icalendar and ical keep properties they do not know as raw text.
    info = ical.CalendarInfo(
        name="Jämställdhet, tillgänglighet; våren",
        description="Seminarier, moduler;\nhandledning",
        language="sv",
    )
    text = ical.build_calendar(info, []).decode()
    assert "\r\nNAME:Jämställdhet\\, tillgänglighet\\; våren\r\n" in text
    assert "\r\nX-WR-CALNAME:Jämställdhet\\, tillgänglighet\\; våren\r\n" in text
    assert "\r\nX-WR-CALDESC:Seminarier\\, moduler\\;\\nhandledning\r\n" in text
    parsed = vobject.readOne(text)
    assert parsed.x_wr_calname.value == parsed.contents["name"][0].value == info.name
    assert parsed.x_wr_caldesc.value == info.description
    assert read_ical(text).prodid == "-//Conecto+//Kunskapsportal//SV"


def test_a_single_date_is_its_utc_instant_and_needs_no_vtimezone():
    rows = [
        weekly_row(
            zone="America/New_York",
            rrule=None,
            start=dt.datetime(2026, 7, 1, 18, 0),
            end=dt.datetime(2026, 7, 1, 19, 0),
        ),
        weekly_row(rrule=None, start=dt.datetime(2026, 12, 3, 9, 0), end=dt.datetime(2026, 12, 3, 10, 30)),
    ]
    text = ical.build_calendar(INFO, rows).decode()
    # 18:00 in New York in summer is 22:00Z; 09:00 in Stockholm in winter is 08:00Z.
    assert "\r\nDTSTART:20260701T220000Z\r\nDTEND:20260701T230000Z\r\n" in text
    assert "\r\nDTSTART:20261203T080000Z\r\nDTEND:20261203T093000Z\r\n" in text
    assert [ical.block_zone(row) for row in rows] == [None, None]
    # Only the calendar's own zone, which X-WR-TIMEZONE names, is defined.
    assert [value for _params, value in properties(text, "TZID")] == ["Europe/Stockholm"]
    starts = [event.dtstart for event in read_ical(text).events]
    assert starts == [
        dt.datetime(2026, 7, 1, 18, 0, tzinfo=ZoneInfo("America/New_York")),
        dt.datetime(2026, 12, 3, 9, 0, tzinfo=STOCKHOLM),
    ]
