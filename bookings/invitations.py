"""Calendar invitations by mail (iMIP, RFC 6047; iTIP methods of RFC 5546) as plain functions.

Dates in, calendar text out: no database, no request. bookings/mail.py puts the text in a message.
It uses events/ical.py's writer (escaping, folding, the RRULE-based VTIMEZONE) so an invitation and
the public feeds write dates, text and zones alike. What clients need for an update or a cancellation
to replace the entry they hold rather than add a second one (Outlook, Google Calendar, Apple):

- ``METHOD:REQUEST`` for a new or changed place, ``METHOD:CANCEL`` for a place that is gone, the same
  METHOD as the MIME part's ``method`` parameter (bookings/mail.py);
- the same UID for a booking's date in every message, and a SEQUENCE that grows with each message
  that changes it; a client ignores a message whose SEQUENCE is lower than the one it holds. The UID is
  the booking's own, never the public feed's, so a subscribed feed and an accepted invitation are two
  separate entries that never overwrite each other;
- ORGANIZER the programme's own mailbox, the address the mail comes from (no SENT-BY: Outlook treats
  an invitation whose organiser is not the sender as suspect), and the person as ATTENDEE with
  ``RSVP=FALSE``: the booking is made, nothing is asked back;
- DTSTART/DTEND in the event's zone with TZID and its VTIMEZONE, so a date stays at its local hour on
  the other side of a daylight-saving change;
- the place in LOCATION, the join link in DESCRIPTION (what Outlook and Google show), as URL (what
  Apple shows as a link) and as CONFERENCE (RFC 7986); LOCATION holds the join link when there is no
  room, so every client shows where to go.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.encoding import iri_to_uri

from events.ical import CANCELLED, CONFIRMED, escape_text, fold, parameter_value, utc_stamp, vtimezone_text
from events.ical import when_property as _when_property

REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (REQUEST, CANCEL)

ACCEPTED = "ACCEPTED"
PRODID = "PRODID:-//Conecto+//Kunskapsportal bokningar//{language}"

# Control characters (CR and LF among them) never reach a parameter or a URI: they would end the line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
# An address goes in as ``mailto:`` with nothing a content line or URI could not hold.
_ADDRESS = re.compile(r"[^\s\x00-\x1f\x7f<>\"'\\,;:]+@[^\s\x00-\x1f\x7f<>\"'\\,;:@]+")


@dataclass(frozen=True)
class InvitationDate:
    """One booked date as the person's calendar should hold it.

    ``uid`` and ``sequence`` are the booking's stored values for this date (bookings.models.Booking
    ``ical_uid`` and ``ical_sequence``); ``start`` and ``end`` are aware datetimes, written as local
    times in ``time_zone``. ``status`` is CONFIRMED or CANCELLED.
    """

    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    time_zone: str = "Europe/Stockholm"
    summary: str = ""
    description: str = ""
    location: str = ""
    join_url: str = ""
    page_url: str = ""
    status: str = CONFIRMED

    def __post_init__(self):
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("An invitation's start and end must be aware datetimes.")
        if self.end <= self.start:
            raise ValueError("An invitation ends after it starts.")
        if self.sequence < 0:
            raise ValueError("SEQUENCE is never negative.")
        if self.status not in (CONFIRMED, CANCELLED):
            raise ValueError(f"Unknown status {self.status!r}.")
        if not self.uid or _CONTROL.search(self.uid):
            raise ValueError("An invitation needs a UID on one line.")
        ZoneInfo(self.time_zone)  # an unknown zone fails here, not in a reader's calendar


def _one_line(value: str) -> str:
    """A name for a parameter: line breaks and other control characters become one space."""
    return " ".join(_CONTROL.sub(" ", value).split())


def uri(value: str) -> str:
    """A link as a URI value: spaces, control characters and non-ASCII percent-encoded."""
    return iri_to_uri(_CONTROL.sub("", value).strip()) if value else ""


def calendar_address(email: str) -> str:
    """``mailto:`` and the address, refused when it is not one plain address."""
    if not _ADDRESS.fullmatch(email or ""):
        raise ValueError(f"Not a mail address for a calendar: {email!r}")
    return "mailto:" + email


def _person(name: str, email: str, parameters: str = "") -> str:
    cn = _one_line(name)
    common_name = f";CN={parameter_value(cn)}" if cn else ""
    return f"{parameters}{common_name}:{calendar_address(email)}"


def full_description(date: InvitationDate) -> str:
    """DESCRIPTION: the text, then the join link, then the event page, each its own paragraph."""
    parts = [date.description.strip(), uri(date.join_url), uri(date.page_url)]
    return "\n\n".join(part for part in parts if part)


def _vevent(method: str, date: InvitationDate, dtstamp: str, organizer: str, attendee: str) -> list[str]:
    zone = ZoneInfo(date.time_zone)
    start = date.start.astimezone(zone).replace(tzinfo=None)
    end = date.end.astimezone(zone).replace(tzinfo=None)
    join_url, page_url = uri(date.join_url), uri(date.page_url)
    status = CANCELLED if method == CANCEL else date.status
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(date.uid)}",
        f"SEQUENCE:{date.sequence}",
        f"DTSTAMP:{dtstamp}",
        _when_property("DTSTART", start, date.time_zone),
        _when_property("DTEND", end, date.time_zone),
        f"SUMMARY:{escape_text(date.summary)}",
    ]
    description = full_description(date)
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = date.location.strip() or join_url
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if join_url or page_url:
        lines.append(f"URL;VALUE=URI:{join_url or page_url}")
    if join_url:
        lines.append(f'CONFERENCE;FEATURE="AUDIO,VIDEO";VALUE=URI:{join_url}')
    lines += [
        f"ORGANIZER{organizer}",
        f"ATTENDEE{attendee}",
        f"STATUS:{status}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def invitation_calendar(
    method: str,
    dates,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str,
    dtstamp: dt.datetime,
    language: str = "sv",
) -> str:
    """The iMIP calendar of one message: one VEVENT per date, folded text with CRLF line ends.

    ``method`` is REQUEST (a place given or changed) or CANCEL (every date in ``dates`` is cancelled:
    each VEVENT then says ``STATUS:CANCELLED`` whatever the date's own status). ``dtstamp`` is the
    time the message is made, an aware datetime (written in UTC).
    """
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}.")
    dates = list(dates)
    if not dates:
        raise ValueError("An invitation holds at least one date.")
    if method == REQUEST and any(date.status == CANCELLED for date in dates):
        raise ValueError("A cancelled date goes in a CANCEL, not a REQUEST.")
    if len({date.uid for date in dates}) != len(dates):
        raise ValueError("Each date of an invitation has its own UID.")
    if dtstamp.tzinfo is None:
        raise ValueError("DTSTAMP must be an aware datetime.")
    stamp = utc_stamp(dtstamp.replace(microsecond=0))
    organizer = _person(organizer_name, organizer_email)
    parameters = ";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=" + ACCEPTED + ";RSVP=FALSE"
    attendee = _person(attendee_name, attendee_email, parameters)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        PRODID.format(language=language.upper()),
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    # Each zone's VTIMEZONE once, the same text the feeds write (events/ical.py, VTIMEZONE).
    zones = sorted({date.time_zone for date in dates})
    text = "".join(fold(line).decode() for line in head)
    text += "".join(vtimezone_text(zone, dtstamp.astimezone(dt.UTC).year).decode() for zone in zones)
    for date in sorted(dates, key=lambda date: (date.start, date.uid)):
        lines = _vevent(method, date, stamp, organizer, attendee)
        text += "".join(fold(line).decode() for line in lines)
    return text + "END:VCALENDAR\r\n"
