"""Calendar feeds, included under the language prefix in site/urls.py: /sv/feeds/..., /en/feeds/..."""

from django.urls import path, re_path

from . import feed_views

urlpatterns = [
    path("events.ics", feed_views.events_feed, name="events_feed"),
    path("event/<int:page_id>.ics", feed_views.event_feed, name="event_feed"),
    re_path(
        r"^event/(?P<page_id>[0-9]+)/(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})\.ics$",
        feed_views.occurrence_download,
        name="occurrence_download",
    ),
]
