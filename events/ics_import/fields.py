"""Field mapping: SUMMARY, DESCRIPTION, LOCATION, URL, ORGANIZER, STATUS and CATEGORIES as the
fields of an event page."""

import re
import urllib.error
import urllib.parse
import urllib.request

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from ..models import EventFormat, EventStatus, EventType
from .lines import LineProblem
from .results import ImportedEvent
from .vevents import text_value

INTRODUCTION_LENGTH = 600  # BasePage.introduction's max_length


# Hosts whose links are meeting rooms rather than registration pages.
MEETING_HOSTS = (
    "teams.microsoft.com",
    "teams.live.com",
    "zoom.us",
    "meet.google.com",
    "whereby.com",
    "webex.com",
)


# A LOCATION that only says the event is online (the link, if any, is elsewhere).
ONLINE_PLACE = re.compile(
    r"^(digitalt|online|på distans|distans|webbinarium|webinar|(microsoft )?teams([- ]?(möte|meeting))?|zoom"
    r"([- ]?(möte|meeting))?|google meet)$",
    re.IGNORECASE,
)


# CATEGORIES that name one of our event types, in Swedish or English.
CATEGORY_TYPES = {
    "seminar": EventType.SEMINAR,
    "seminarium": EventType.SEMINAR,
    "seminarier": EventType.SEMINAR,
    "kunskapsseminarium": EventType.SEMINAR,
    "kunskapsseminarier": EventType.SEMINAR,
    "knowledge seminar": EventType.SEMINAR,
    "module": EventType.MODULE,
    "modul": EventType.MODULE,
    "fördjupningsmodul": EventType.MODULE,
    "in-depth module": EventType.MODULE,
    "processtöd": EventType.MODULE,
    "process support": EventType.MODULE,
    "supervision": EventType.SUPERVISION,
    "handledning": EventType.SUPERVISION,
    "other": EventType.OTHER,
    "övrigt": EventType.OTHER,
}


def truncate(text, length):
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _valid_url(value):
    if not value or len(value) > 200:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def _is_meeting_link(url):
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return any(host == meeting or host.endswith("." + meeting) for meeting in MEETING_HOSTS)


def _location(text):
    """LOCATION as (venue, address, meeting link, online): "Kommunhuset, Rudsjöterrassen 2, Haninge"."""
    text = text.strip()
    if re.match(r"^https?://\S+$", text):
        return "", "", _valid_url(text), True
    if ONLINE_PLACE.match(text):
        return "", "", "", True
    match = re.search(r"[\n,]", text)
    venue, address = (text[: match.start()], text[match.end() :]) if match else (text, "")
    return venue.strip()[:200], address.strip(), "", False


def _categories(component):
    values = component.get("CATEGORIES")
    if values is None:
        return []
    values = values if isinstance(values, list) else [values]
    names = []
    for value in values:
        cats = getattr(value, "cats", None)
        names += [str(cat) for cat in cats] if cats is not None else str(value).split(",")
    return [name.strip().lower() for name in names if name.strip()]


def _organiser(component):
    organiser = component.get("ORGANIZER")
    if isinstance(organiser, list):
        organiser = organiser[0] if organiser else None
    if organiser is None:
        return ""
    return str(getattr(organiser, "params", {}).get("CN", "")).strip()[:200]


def imported_event(series, stored):
    master = series.master
    component = master.component
    description = master.description.replace("\r\n", "\n")
    venue, address, online_url, online = _location(text_value(component, "LOCATION"))
    url = _valid_url(text_value(component, "URL"))
    meeting = next(
        (
            _valid_url(text_value(component, name))
            for name in ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE")
            if _valid_url(text_value(component, name))
        ),
        "",
    )
    registration_url = ""
    if url and _is_meeting_link(url):
        online_url = online_url or url
    else:
        registration_url = url
    online_url = online_url or meeting
    event_format = EventFormat.ON_SITE
    if online_url or online:
        event_format = EventFormat.HYBRID if venue else EventFormat.ONLINE
    event_type = next(
        (CATEGORY_TYPES[name] for name in _categories(component) if name in CATEGORY_TYPES), None
    )
    title = master.summary
    if not title:
        raise LineProblem(master.line, _("the event has no SUMMARY (title)"))
    return ImportedEvent(
        uid=master.uid,
        line=master.line,
        title=title[:255],
        introduction=truncate(description, INTRODUCTION_LENGTH),
        body_text=description if len(description) > INTRODUCTION_LENGTH else "",
        venue_name=venue,
        address=address,
        online_url=online_url,
        registration_url=registration_url,
        status=EventStatus.CANCELLED if master.cancelled else EventStatus.SCHEDULED,
        event_type=event_type,
        event_format=event_format,
        organiser=_organiser(component),
        exceptions=stored.exceptions,
        **stored.page_fields(master.start.all_day),
    )
