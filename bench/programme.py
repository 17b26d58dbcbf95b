"""A synthetic programme as iCalendar text: plain functions, no Django.

The mix follows the peer measurement in issue 12: four single events for every weekly series, spread
from a month ago to ten months ahead, in Europe/Stockholm with an RRULE-based VTIMEZONE.
"""

import datetime as dt

MAX_EVENTS_PER_FILE = 1000  # import_ics refuses larger files

VTIMEZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Stockholm",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
)

KINDS = [
    ("Kunskapsseminarium", "Seminarium"),
    ("Fördjupningsmodul", "Fördjupningsmodul"),
    ("Handledningsgrupp", "Handledning"),
    ("Nätverksträff", ""),
]
PLACES = ["Kommunhuset, Storgatan 1, Haninge", "Teams", "Regionens hus, Solna", "Digitalt"]


def event_lines(number, today, language):
    """One VEVENT: every fifth a weekly series of ten dates, the rest single dates."""
    kind, category = KINDS[number % len(KINDS)]
    day = today + dt.timedelta(days=(number * 7) % 330 - 30)
    hour = 9 + number % 8
    start = dt.datetime.combine(day, dt.time(hour, 0))
    end = start + dt.timedelta(hours=1, minutes=30)
    title = f"{kind} {number}" if language == "sv" else f"{kind} {number} (English)"
    lines = [
        "BEGIN:VEVENT",
        f"UID:bench-{number}@conecto-bench",
        "DTSTAMP:20260101T000000Z",
        f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Stockholm:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{title}",
        f"DESCRIPTION:Ett tillfälle i Conecto+ om samverkan och metoder\\, nummer {number}.",
        f"LOCATION:{PLACES[number % len(PLACES)].replace(',', chr(92) + ',')}",
    ]
    if category:
        lines.append(f"CATEGORIES:{category}")
    if number % 5 == 0:
        lines.append("RRULE:FREQ=WEEKLY;COUNT=10")
    lines.append("END:VEVENT")
    return lines


def calendars(count, today, language="sv"):
    """The programme of ``count`` events as one or more iCalendar texts of at most 1,000 events."""
    texts = []
    for first in range(0, count, MAX_EVENTS_PER_FILE):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Conecto+//bench//SV", VTIMEZONE]
        for number in range(first, min(count, first + MAX_EVENTS_PER_FILE)):
            lines.extend(event_lines(number, today, language))
        lines.append("END:VCALENDAR")
        texts.append("\r\n".join(lines) + "\r\n")
    return texts
