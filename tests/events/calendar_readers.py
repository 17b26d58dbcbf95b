"""Reading our feeds the way calendar clients do, with parsers that are not the one we write with.

`ical` is a strict RFC 5545 parser that also expands recurrences (with RECURRENCE-ID overrides);
`vobject` gives the rule set and the overrides separately, and we merge them as a client would.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

import vobject
from ical.calendar_stream import IcsCalendarStream

STOCKHOLM = "Europe/Stockholm"
# A name no zone database knows: a parser must then use the feed's own VTIMEZONE.
UNKNOWN_ZONE = "Conecto-Test/Stockholm"


@dataclass(frozen=True, order=True)
class Seen:
    start: dt.datetime
    summary: str
    status: str
    uid: str


def with_unknown_zone_name(text, tzid=STOCKHOLM):
    return text.replace(tzid, UNKNOWN_ZONE)


def read_ical(text):
    return IcsCalendarStream.calendar_from_ics(text)


def expand_ical(text, start, end):
    calendar = read_ical(text)
    seen = []
    for event in calendar.timeline_tz(start.tzinfo).overlapping(start, end):
        status = event.status.value if event.status else ""
        seen.append(Seen(event.dtstart, event.summary, status, event.uid))
    return sorted(seen)


def expand_vobject(text, start, end):
    calendar = vobject.readOne(text)
    masters, children = {}, defaultdict(dict)
    for event in calendar.vevent_list:
        uid = event.uid.value
        if hasattr(event, "recurrence_id"):
            children[uid][event.recurrence_id.value] = event
        else:
            masters[uid] = event
    seen = []
    for uid, master in masters.items():
        rules = master.getrruleset(addRDate=True)
        starts = list(rules.between(start, end, inc=True)) if rules else [master.dtstart.value]
        for original in starts:
            event = children[uid].get(original, master)
            when = event.dtstart.value if event is not master else original
            if not start <= when <= end:
                continue
            status = event.status.value if hasattr(event, "status") else ""
            seen.append(Seen(when, event.summary.value, status, uid))
    return sorted(seen)


def unfold(text):
    return re.sub(r"\r\n[ \t]", "", text)


def properties(text, name):
    """Every value of a property (unfolded), with its parameters: [(params, value)]."""
    found = []
    for line in unfold(text).split("\r\n"):
        head, _sep, value = line.partition(":")
        prop, *params = head.split(";")
        if prop == name:
            found.append((";".join(params), value))
    return found


def components(text, kind="VEVENT"):
    """The unfolded text of each component of a kind, as lists of lines."""
    lines = unfold(text).split("\r\n")
    found, current = [], None
    for line in lines:
        if line == f"BEGIN:{kind}":
            current = []
        elif line == f"END:{kind}" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found
