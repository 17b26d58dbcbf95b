"""Template helpers for calendar feeds. Pages put a FeedLinks in their context as ``calendar_feed``
(events.feeds.events_feed_links / event_feed_links / feed_links); base.html links it in the head and
``{% include "components/subscribe.html" with feed=calendar_feed %}`` shows the subscribe box."""

from django import template
from django.urls import reverse

from events.feeds import feed_links

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_links(context, path, name):
    """``{% calendar_feed_links feed_path name as feed %}`` for a feed URL that no page helper knows."""
    return feed_links(context["request"], path, name)


@register.simple_tag
def occurrence_download_url(occurrence):
    """The one-off .ics of one date, keyed by the day it originally fell on (stable across publishes)."""
    day = occurrence.original_start.astimezone(occurrence.event.zone).date()
    return reverse("occurrence_download", kwargs={"page_id": occurrence.event_id, "date": day.isoformat()})
