"""schema.org Event JSON-LD for an event page: one Event per upcoming date."""

import json

from django.utils.safestring import mark_safe

from .choices import EventFormat, EventStatus, OccurrenceStatus

STATUS = {
    OccurrenceStatus.SCHEDULED: "https://schema.org/EventScheduled",
    OccurrenceStatus.MOVED: "https://schema.org/EventRescheduled",
    OccurrenceStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
ATTENDANCE = {
    EventFormat.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_location(event, page_url):
    places = []
    if event.event_format != EventFormat.ONLINE:
        # A room given only to booked people (EventPage.place_is_private) is not in public data.
        venue, address = event.public_venue_name, event.public_address
        place = {"@type": "Place", "name": venue or event.title}
        if address or venue:
            place["address"] = address or venue
        places.append(place)
    if event.event_format != EventFormat.ON_SITE:
        # The meeting link only when the event makes it public: it lets anyone into the meeting.
        places.append({"@type": "VirtualLocation", "url": event.public_online_url or page_url})
    return places[0] if len(places) == 1 else places


def event_json_ld(event, occurrences, page_url, limit=20):
    location = event_location(event, page_url)
    items = []
    for occurrence in occurrences[:limit]:
        status = EventStatus.POSTPONED if event.status == EventStatus.POSTPONED else occurrence.status
        if event.status == EventStatus.CANCELLED:
            status = OccurrenceStatus.CANCELLED
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": occurrence.title or event.title,
            "url": page_url,
            "startDate": occurrence.start.astimezone(event.zone).isoformat(),
            "endDate": occurrence.end.astimezone(event.zone).isoformat(),
            "eventStatus": STATUS[status],
            "eventAttendanceMode": ATTENDANCE[event.event_format],
            "location": location,
            "inLanguage": event.delivery_language,
        }
        if event.introduction:
            item["description"] = event.introduction
        if event.organiser:
            item["organizer"] = {"@type": "Organization", "name": event.organiser}
        if status == OccurrenceStatus.MOVED:
            item["previousStartDate"] = occurrence.original_start.astimezone(event.zone).isoformat()
        items.append(item)
    return items


def as_script(data):
    return mark_safe(  # noqa: S308 - JSON with <, > and & escaped, like Django's json_script
        '<script type="application/ld+json">'
        + json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
        + "</script>"
    )
