"""The mails a booking sends, built from plain data (no models), in the language the person booked in.

A message that gives or changes a place carries a calendar invitation (bookings/invitations.py) and
is shaped as RFC 6047 and the mail clients expect::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; charset="utf-8"; method=REQUEST (or CANCEL)
      application/ics; name="invite.ics" (attachment: the same calendar)

Outlook and Gmail act on the ``text/calendar`` part inside the alternative (it is what shows the
invitation's buttons); the attachment is for clients that only import files. It is ``application/ics``
rather than a second ``text/calendar`` so no client sees two invitations in one message. A message
without a calendar (waiting list, pending approval, a rejection of a request that never reached the
calendar) is a plain ``multipart/alternative`` of text and HTML.

The input is plain, JSON-able data (``BookingMail.as_json``) so a background task can carry it and
build the message when it sends it: the invitation's DTSTAMP is then the time of sending.
"""

import datetime as dt
import enum
from dataclasses import asdict, dataclass, replace
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bookings.invitations import CANCEL, REQUEST, InvitationDate, invitation_calendar, uri

LANGUAGES = ("sv", "en")
ATTACHMENT_NAME = "invite.ics"


class Kind(enum.StrEnum):
    BOOKED = "booked"
    WAITING = "waiting"  # on the waiting list
    MOVED_UP = "moved_up"  # from the waiting list to a place
    PENDING = "pending"  # waiting for the organiser's approval
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGED = "changed"  # an editor moved the time, the place or the link of a booked date
    CANCELLED_BY_PERSON = "cancelled_by_person"
    CANCELLED_BY_ORGANISER = "cancelled_by_organiser"
    DATE_CANCELLED = "date_cancelled"  # the date itself is cancelled
    EXPIRED = "expired"  # still waiting when the date began
    PLACE_OPEN = "place_open"  # after the promotion cut-off a place is free to whoever books first
    NEW_DATES = "new_dates"  # "Tell me about new dates": the event has a date open for booking again


# Kinds that give or change a place: their message carries a REQUEST.
GIVES_PLACE = frozenset({Kind.BOOKED, Kind.MOVED_UP, Kind.APPROVED, Kind.CHANGED})
# Kinds that take a place away: a CANCEL, when an invitation for it reached the person's calendar.
TAKES_PLACE = frozenset(
    {Kind.REJECTED, Kind.CANCELLED_BY_PERSON, Kind.CANCELLED_BY_ORGANISER, Kind.DATE_CANCELLED}
)


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    language: str = "sv"  # the language the person booked in


@dataclass(frozen=True)
class EventInfo:
    title: str
    url: str = ""  # the event page in the person's language
    place: str = ""  # the venue as the event page names it; a date's own place is on the date


@dataclass(frozen=True)
class BookingMail:
    """One mail to one person about one event's dates (one date, or a series booked together)."""

    kind: Kind
    person: Person
    event: EventInfo
    dates: tuple[InvitationDate, ...]
    # Whether an invitation for these dates reached the person's calendar (a booked place), so that a
    # rejection or cancellation must take it out again; a waiting or pending entry never did.
    in_calendar: bool = True
    position: int | None = None  # the place in the waiting list
    note: str = ""  # the organiser's words to the person (a rejection, a removal)
    bookings_url: str = ""  # where the person sees and cancels their bookings ("My learning")

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "dates", tuple(self.dates))
        if not self.dates:
            raise ValueError("A booking mail is about at least one date.")

    @property
    def method(self) -> str | None:
        """REQUEST, CANCEL or None (no calendar in the message)."""
        if self.kind in GIVES_PLACE:
            return REQUEST
        if self.kind in TAKES_PLACE and self.in_calendar:
            return CANCEL
        return None

    def as_json(self) -> dict:
        data = asdict(self)
        data["kind"] = str(self.kind)
        for date in data["dates"]:
            date["start"], date["end"] = date["start"].isoformat(), date["end"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "BookingMail":
        dates = tuple(
            InvitationDate(
                **{
                    **date,
                    "start": dt.datetime.fromisoformat(date["start"]),
                    "end": dt.datetime.fromisoformat(date["end"]),
                }
            )
            for date in data["dates"]
        )
        return cls(
            **{
                **data,
                "person": Person(**data["person"]),
                "event": EventInfo(**data["event"]),
                "dates": dates,
            }
        )


def one_per_date(mail: BookingMail) -> list[BookingMail]:
    """The mails to send for ``mail``: one per date when it carries a calendar, else ``mail`` itself.

    A REQUEST or CANCEL that holds several UIDs is one the clients handle badly: Outlook and other
    readers take only the first event, Thunderbird treats it as a plain import. So a series booked
    together gets one invitation per date (each with its own UID and SEQUENCE), while a mail
    without a calendar (waiting list, pending approval) lists all the dates in one message.
    """
    if mail.method is None or len(mail.dates) == 1:
        return [mail]
    return [replace(mail, dates=(date,)) for date in sorted(mail.dates, key=lambda date: date.start)]


class InvitationMessage(EmailMultiAlternatives):
    """Django's message with the iTIP method on its ``text/calendar`` part (RFC 6047 2.4)."""

    def __init__(self, *args, method=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype == "text/calendar" and self.method:
            part.set_param("method", self.method, requote=False)
        return part


def web_link(url: str) -> str:
    """A link for the body: http(s) only, so no other scheme becomes a clickable link in a mail."""
    url = uri(url)
    return url if url.lower().startswith(("https://", "http://")) else ""


def organizer() -> tuple[str, str]:
    """The programme's mailbox (DEFAULT_FROM_EMAIL) as (name, address): the invitation's ORGANIZER."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "Conecto+", address


def when(date: InvitationDate) -> str:
    """The date as people read it, in the active language and the date's own zone."""
    zone = ZoneInfo(date.time_zone)
    start, end = date.start.astimezone(zone), date.end.astimezone(zone)
    day = date_format(start, "l j F Y")
    if start.date() == end.date():
        text = f"{day}, {date_format(start, 'H:i')}–{date_format(end, 'H:i')}"
    else:
        text = f"{day} {date_format(start, 'H:i')} – {date_format(end, 'l j F Y H:i')}"
    if date.time_zone != settings.TIME_ZONE:
        text += f" ({date.time_zone})"
    return text


SUBJECTS = {
    Kind.BOOKED: lambda: _("Booked: %(title)s"),
    Kind.WAITING: lambda: _("On the waiting list: %(title)s"),
    Kind.MOVED_UP: lambda: _("You have a place: %(title)s"),
    Kind.PENDING: lambda: _("Awaiting approval: %(title)s"),
    Kind.APPROVED: lambda: _("Approved: %(title)s"),
    Kind.REJECTED: lambda: _("Not approved: %(title)s"),
    Kind.CHANGED: lambda: _("Changed: %(title)s"),
    # A booking is cancelled ("avbokad"); a date itself is cancelled ("inställt").
    Kind.CANCELLED_BY_PERSON: lambda: pgettext("a booking", "Cancelled: %(title)s"),
    Kind.CANCELLED_BY_ORGANISER: lambda: pgettext("a booking", "Cancelled: %(title)s"),
    Kind.DATE_CANCELLED: lambda: _("Cancelled: %(title)s"),
    Kind.EXPIRED: lambda: _("No place this time: %(title)s"),
    Kind.PLACE_OPEN: lambda: _("A place is free: %(title)s"),
    Kind.NEW_DATES: lambda: _("New dates to book: %(title)s"),
}


def build_message(mail: BookingMail, now: dt.datetime | None = None, connection=None) -> InvitationMessage:
    """The message for ``mail``, in the person's language; ``now`` is the invitation's DTSTAMP."""
    now = now or dt.datetime.now(dt.UTC)
    language = mail.person.language if mail.person.language in LANGUAGES else settings.LANGUAGE_CODE
    method = mail.method
    organizer_name, organizer_email = organizer()
    with translation.override(language):
        dates = [
            {
                "when": when(date),
                "status": date.status,
                "place": date.location or mail.event.place,
                # Only a person with a place gets the join link (issue 19: never on public pages).
                "join_url": web_link(date.join_url) if method == REQUEST else "",
            }
            for date in sorted(mail.dates, key=lambda date: date.start)
        ]
        context = {
            "kind": str(mail.kind),
            "person": mail.person,
            "event": mail.event,
            "event_url": web_link(mail.event.url),
            "dates": dates,
            "show_place": method == REQUEST,
            "calendar": method,
            "position": mail.position,
            "note": mail.note.strip(),
            "bookings_url": web_link(mail.bookings_url),
            "language": language,
        }
        subject = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + SUBJECTS[mail.kind]() % {
            "title": mail.event.title
        }
        text = render_to_string("bookings/mail/message.txt", context)
        html = render_to_string("bookings/mail/message.html", context)
    message = InvitationMessage(
        subject=" ".join(subject.split()),  # a title's line break never reaches the header
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.person.email],
        connection=connection,
        method=method,
    )
    message.attach_alternative(html, "text/html")
    if method:
        # The event's place where a date names none; a cancellation needs no join link any more.
        calendar_dates = [
            replace(
                date,
                location=date.location or mail.event.place,
                join_url=date.join_url if method == REQUEST else "",
            )
            for date in mail.dates
        ]
        calendar = invitation_calendar(
            method,
            calendar_dates,
            organizer_email=organizer_email,
            organizer_name=organizer_name,
            attendee_email=mail.person.email,
            attendee_name=mail.person.name,
            dtstamp=now,
            language=language,
        )
        message.attach_alternative(calendar, "text/calendar")
        message.attach(ATTACHMENT_NAME, calendar.encode(), "application/ics")
    return message
