"""Calendar feeds: the rows a feed is built from (rows.py), cached conditional-GET responses
(cache.py), the feed response other apps use
(responses.py) and the subscribe links (links.py). The filters are
events/filters.py, shared with the calendar page.

This package exports what other apps and the templates use; the views import the modules directly.
"""

from .cache import bump_feed_version, calendar_response, feed_version
from .links import FeedLinks, event_feed_links, events_feed_links, feed_links
from .responses import events_feed_response

__all__ = [
    "FeedLinks",
    "bump_feed_version",
    "calendar_response",
    "event_feed_links",
    "events_feed_links",
    "events_feed_response",
    "feed_links",
    "feed_version",
]
