"""The iMIP calendar of a booking mail (bookings/invitations.py), read back by two independent parsers."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bookings.invitations import CANCEL, REQUEST, InvitationDate, invitation_calendar
from events.ical import CANCELLED
from tests.events.calendar_readers import UNKNOWN_ZONE, read_ical, with_unknown_zone_name

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ORGANIZER = "kunskap@conecto.example.org"


def next_late_october(now=None):
    """A Tuesday just after the last Sunday of the next October: standard time (CET, +01:00) again."""
    today = (now or dt.datetime.now(dt.UTC)).date()
    year = today.year if today < dt.date(today.year, 9, 1) else today.year + 1
    last_sunday = max(
        dt.date(year, 10, day) for day in range(25, 32) if dt.date(year, 10, day).weekday() == 6
    )
    return last_sunday + dt.timedelta(days=2)


def a_date(start=None, **fields):
    start = start or dt.datetime.now(STOCKHOLM).replace(microsecond=0) + dt.timedelta(days=20)
    values = {
        "uid": "b7Yk2pQxR1m0aZc9eUvW3g",
        "sequence": 0,
        "start": start,
        "end": start + dt.timedelta(hours=2),
        "summary": "Samordnad individuell plan",
        "description": "Grundkurs för nya samordnare.",
        "location": "Rum Ekorren, Hantverkargatan 3, Stockholm",
        "join_url": "https://meet.example.org/j/123",
        "page_url": "https://kunskap.example.org/sv/kalender/sip/",
    }
    values.update(fields)
    return InvitationDate(**values)


def calendar(method, dates, *, attendee_name="Anna Lindström", dtstamp=None):
    return invitation_calendar(
        method,
        dates,
        organizer_email=ORGANIZER,
        organizer_name="Conecto+",
        attendee_email="anna@kommun.example.se",
        attendee_name=attendee_name,
        dtstamp=dtstamp or dt.datetime.now(dt.UTC),
    )


def content_line_names(text):
    """The name of every unfolded content line (what a reader sees as separate properties)."""
    unfolded = text.replace("\r\n ", "")
    return [re.match(r"[A-Z-]+", line).group(0) for line in unfolded.split("\r\n") if line]


def test_a_request_says_what_a_calendar_needs_and_parses_strictly():
    date = a_date()
    text = calendar(REQUEST, [date])

    parsed = icalendar.Calendar.from_ical(text)
    assert parsed["METHOD"] == "REQUEST"
    (event,) = parsed.walk("VEVENT")
    assert event["UID"] == date.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTSTART"].dt == date.start and event["DTEND"].dt == date.end
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER}" and "SENT-BY" not in event["ORGANIZER"].params
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:anna@kommun.example.se"
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["CN"] == "Anna Lindström"
    assert event["LOCATION"] == date.location
    assert date.join_url in event["DESCRIPTION"] and date.page_url in event["DESCRIPTION"]
    assert str(event["URL"]) == date.join_url
    assert str(event["CONFERENCE"]) == date.join_url
    assert event["DTSTAMP"].dt.tzinfo is not None
    # The same RRULE-based VTIMEZONE the feeds write (events/ical.py).
    (zone,) = parsed.walk("VTIMEZONE")
    assert {part.name for part in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in part for part in zone.subcomponents)

    strict = read_ical(text)
    (event,) = strict.events
    assert event.uid == date.uid and event.sequence == 0
    assert event.dtstart == date.start
    assert event.organizer.uri == f"mailto:{ORGANIZER}"
    assert [attendee.rsvp for attendee in event.attendees] == [False]
    # Every line within 75 octets, CRLF line ends.
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_an_online_only_date_has_its_join_link_as_location():
    text = calendar(REQUEST, [a_date(location="")])
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event["LOCATION"] == "https://meet.example.org/j/123"


def test_a_cancellation_is_a_cancel_with_every_date_cancelled():
    dates = [
        a_date(sequence=2),
        a_date(uid="second-date-uid", sequence=1, start=a_date().start + dt.timedelta(days=7)),
    ]
    text = calendar(CANCEL, dates)
    parsed = icalendar.Calendar.from_ical(text)
    assert parsed["METHOD"] == "CANCEL"
    events = parsed.walk("VEVENT")
    assert [(event["UID"], event["SEQUENCE"], event["STATUS"]) for event in events] == [
        (dates[0].uid, 2, "CANCELLED"),
        (dates[1].uid, 1, "CANCELLED"),
    ]
    assert {event.status.value for event in read_ical(text).events} == {"CANCELLED"}


def test_a_series_is_one_vevent_per_date_in_date_order_with_one_vtimezone():
    first = a_date()
    dates = [a_date(uid=f"uid-{week}", start=first.start + dt.timedelta(weeks=week)) for week in (2, 0, 1)]
    text = calendar(REQUEST, dates)
    parsed = icalendar.Calendar.from_ical(text)
    assert [event["UID"] for event in parsed.walk("VEVENT")] == ["uid-0", "uid-1", "uid-2"]
    assert len(parsed.walk("VTIMEZONE")) == 1
    assert len(read_ical(text).events) == 3


def test_a_request_refuses_a_cancelled_date_and_dates_sharing_a_uid():
    with pytest.raises(ValueError, match="CANCEL"):
        calendar(REQUEST, [a_date(status=CANCELLED)])
    with pytest.raises(ValueError, match="UID"):
        calendar(REQUEST, [a_date(), a_date()])
    with pytest.raises(ValueError, match="method"):
        calendar("PUBLISH", [a_date()])
    with pytest.raises(ValueError, match="aware"):
        a_date(start=dt.datetime(2027, 3, 1, 9))


def test_a_date_in_late_october_booked_in_september_keeps_its_local_time():
    """Booked while Sweden is on summer time, held after the change back: still 09:00 in Stockholm."""
    day = next_late_october()
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=STOCKHOLM)
    booked_at = dt.datetime(day.year, 9, 15, 10, 0, tzinfo=dt.UTC)
    text = calendar(REQUEST, [a_date(start=start)], dtstamp=booked_at)
    assert "DTSTART;TZID=Europe/Stockholm:" + start.strftime("%Y%m%dT090000") in text
    assert f"DTSTAMP:{day.year}0915T100000Z" in text

    # Under a zone name no database knows, the readers must use the calendar's own VTIMEZONE.
    unknown = with_unknown_zone_name(text)
    assert UNKNOWN_ZONE in unknown
    expected_utc = dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)  # CET is UTC+1
    (event,) = icalendar.Calendar.from_ical(unknown).walk("VEVENT")
    assert event["DTSTART"].dt.astimezone(dt.UTC) == expected_utc
    (strict,) = read_ical(unknown).events
    assert strict.dtstart.astimezone(dt.UTC) == expected_utc
    assert strict.dtend.astimezone(dt.UTC) == expected_utc + dt.timedelta(hours=2)


HOSTILE = 'Seminarium\r\nATTENDEE:mailto:evil@example.org\nEND:VEVENT\rBEGIN:VEVENT; ,\\ "quoted" \x00\x1b'


def test_hostile_text_cannot_add_a_content_line():
    date = a_date(
        summary=HOSTILE,
        description=HOSTILE,
        location=HOSTILE,
        join_url="https://meet.example.org/j/1\r\nATTENDEE:mailto:evil@example.org",
        page_url='https://kunskap.example.org/x/"\nORGANIZER:mailto:evil@example.org',
    )
    text = calendar(REQUEST, [date], attendee_name=HOSTILE)

    assert content_line_names(text).count("ATTENDEE") == 1
    assert content_line_names(text).count("ORGANIZER") == 1
    assert content_line_names(text).count("BEGIN") == 5  # VCALENDAR, VTIMEZONE, DAYLIGHT, STANDARD, VEVENT
    assert set(content_line_names(text)) == set(content_line_names(calendar(REQUEST, [a_date()])))

    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:anna@kommun.example.se"  # one attendee, not a list
    assert event["SUMMARY"].startswith("Seminarium\nATTENDEE:mailto:evil@example.org\nEND:VEVENT")
    assert event["LOCATION"] == event["SUMMARY"]
    assert "\n" not in event["ATTENDEE"].params["CN"]
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER}"
    (strict,) = read_ical(text).events
    assert len(strict.attendees) == 1


def test_an_address_that_is_not_one_plain_address_is_refused():
    with pytest.raises(ValueError, match="address"):
        invitation_calendar(
            REQUEST,
            [a_date()],
            organizer_email=ORGANIZER,
            organizer_name="Conecto+",
            attendee_email="anna@example.org\r\nATTENDEE:mailto:evil@example.org",
            attendee_name="Anna",
            dtstamp=dt.datetime.now(dt.UTC),
        )
