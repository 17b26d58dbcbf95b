"""Event pages served as a subscribable feed: ``events_feed_response``, the hook other apps serve
their own feeds with (the all-events feed uses it too), and the calendar's default description."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import ical
from ..models import Occurrence
from .blocks import feed_blocks
from .cache import cache_key, calendar_response, feed_versions
from .rows import RowContext, feed_events, window_start

REFRESH_INTERVAL = dt.timedelta(hours=1)


def feed_description():
    return _(
        "Knowledge seminars, in-depth modules and supervision from Conecto+, the competence-development "
        "programme of the coordination associations in Stockholm County."
    )


def events_feed_response(
    request,
    events,
    *,
    name,
    key,
    page_url="",
    filename="conecto.ics",
    description=None,
    source=None,
    window=True,
    public=True,
    stable_selection=False,
    meeting_links=False,
):
    """Serve event pages as a subscribable feed in the active language: the hook for other feeds.

    ``events`` is a queryset of EventPage (for a learning path, the events its steps point at);
    ``page_url`` (a string or a function returning one) is the page that shows these events;
    only live, public pages in the active language are included. ``key`` names this feed in the
    cache (e.g. ``f"path:{path.pk}"``); the cache is cleared on every publish and unpublish.
    ``source`` is the feed's own canonical path (query included); by default the request's path.
    Set ``public=False`` for personal feeds so shared caches keep out, and ``meeting_links`` for the
    feed of someone who takes part in the events: it then has every online meeting link, where a
    public feed has only those the events make public. Set ``stable_selection``
    when which pages ``events`` selects depends on the pages' own published data alone (their
    fields, types, themes and audiences, not another page's content): after a publish the feed then
    checks only the events that changed (events/feeds/blocks.py).
    """
    language = get_language()
    now = timezone.now()
    start = window_start(now) if window else None
    versions = feed_versions()

    def build():
        selected = feed_events(language).filter(pk__in=events.values("pk"))
        url = page_url() if callable(page_url) else page_url
        if start is not None:
            selected = in_window(selected, start)
        info = ical.CalendarInfo(
            name=name,
            description=feed_description() if description is None else description,
            language=language,
            time_zone=settings.TIME_ZONE,
            url=url,
            # Not the request's own query string: one cached body serves every spelling of it.
            source=request.build_absolute_uri(source or request.path),
            refresh=REFRESH_INTERVAL,
        )
        # Each event's text is kept: after a publish only the changed event is written.
        context = RowContext(request, start, meeting_links=meeting_links)
        blocks, zones = feed_blocks(
            selected, language, context, versions, now, feed=key, stable_selection=stable_selection
        )
        return ical.assemble_calendar(info, blocks, zones, now)

    full_key = cache_key(
        "feed",
        key,
        language,
        start.date() if start else "",
        request.get_host(),
        request.scheme,
        version=versions.feed,
    )
    return calendar_response(request, full_key, build, filename=filename, public=public)


def in_window(events, start):
    """Events with a date that ends after ``start``: upcoming ones plus a short past window.

    As EXISTS, which the database answers per event from the (event, start) index and stops at the
    first date; SQLite read every date of the window for ``pk IN (...)`` first (events/feeds/rows.py
    has the same filter for other callers).
    """
    return events.filter(Exists(Occurrence.objects.filter(event_id=OuterRef("pk"), end__gte=start)))
