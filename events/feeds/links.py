"""The links a subscribe box and a ``<link rel="alternate" type="text/calendar">`` show for a feed."""

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.text import slugify

from ..filters import EventFilterSet, feed_name


@dataclass(frozen=True)
class FeedLinks:
    """Everything a subscribe box and a <link rel=alternate> need, for one feed."""

    name: str
    url: str  # absolute http(s) URL: what vdirsyncer, Outlook and the copy button use
    webcal: str
    google: str
    outlook: str  # Outlook on the web for work and school accounts
    outlook_live: str  # Outlook.com for personal accounts
    filename: str

    @property
    def element_id(self):
        return "feed-" + hashlib.sha256(self.url.encode()).hexdigest()[:8]


def feed_links(request, path, name, filename=None):
    """Subscribe links for the feed at ``path`` (site-relative, query string included)."""
    url = request.build_absolute_uri(path)
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedLinks(
        name=name,
        url=url,
        webcal=webcal,
        google="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}, quote_via=quote),
        outlook="https://outlook.office.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}, quote_via=quote),
        outlook_live="https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}, quote_via=quote),
        filename=filename or (slugify(name) or "conecto") + ".ics",
    )


def events_feed_links(request, data=None):
    """Links to the all-events feed in the active language, with the given cleaned filters."""
    params = EventFilterSet.params_for(data or {})
    path = reverse("events_feed") + ("?" + urlencode(params) if params else "")
    return feed_links(request, path, feed_name(data))


def event_feed_links(request, event):
    return feed_links(
        request, reverse("event_feed", kwargs={"page_id": event.pk}), f"{event.title} – Conecto+"
    )
