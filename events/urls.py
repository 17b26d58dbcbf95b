"""Calendar feeds, included under the language prefix in site/urls.py: /sv/feeds/..., /en/feeds/..."""

from django.urls import path

from . import feed_views

# ``<id:…>``: a number no page can have is a 404, not a database error (home/ids.py).
urlpatterns = [
    path("events.ics", feed_views.events_feed, name="events_feed"),
    path("event/<id:page_id>.ics", feed_views.event_feed, name="event_feed"),
    # The view reads the date (YYYY-MM-DD) and answers anything else with a 404.
    path("event/<id:page_id>/<str:date>.ics", feed_views.occurrence_download, name="occurrence_download"),
]
