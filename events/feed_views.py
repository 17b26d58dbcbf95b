"""The iCal feed views, under the language prefix like every page (see events/urls.py).

GET and HEAD only. They read neither the session nor the user and set no cookie, so a response is
the same for everyone and shared caches may keep it.
"""

import datetime as dt
import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from . import ical
from .feeds.cache import cache_key, calendar_response
from .feeds.responses import REFRESH_INTERVAL, events_feed_response
from .feeds.rows import RowContext, event_rows, occurrence_row, window_start
from .filters import EventFilterSet, feed_name
from .models import EventIndexPage, EventPage, Occurrence

DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _bad_request(filterset):
    # Every line in the request's language, the filterset's messages included.
    with translation.override(filterset.language):
        heading = gettext("The calendar feed could not understand its parameters:")
    lines = [heading, *(f"- {line}" for line in filterset.error_lines())]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


def _translated_event(page_id):
    """The live public event with this id, in the active language (its translation if need be)."""
    language = get_language()
    event = get_object_or_404(EventPage.objects.live().public().select_related("locale"), pk=page_id)
    if event.locale.language_code != language:
        event = get_object_or_404(
            EventPage.objects.live().public().select_related("locale"),
            translation_key=event.translation_key,
            locale__language_code=language,
        )
    return event


@require_safe
def events_feed(request):
    """All upcoming events in this language, optionally by type, format, language, theme or audience."""
    language = get_language()
    filterset = EventFilterSet(request.GET, queryset=EventPage.objects.all(), request=request)
    if not filterset.is_valid():
        return _bad_request(filterset)
    params = filterset.params()

    def calendar_url():  # only when the body is built, not on every cached request
        calendar = EventIndexPage.objects.live().filter(locale__language_code=language).first()
        return calendar.get_full_url(request) if calendar else ""

    return events_feed_response(
        request,
        filterset.qs,
        name=feed_name(filterset.form.cleaned_data),
        key=("events", sorted(params.items())),
        page_url=calendar_url,
        source=request.path + ("?" + urlencode(params) if params else ""),
        filename=f"conecto-{language}.ics",
        stable_selection=True,  # the filters read the events' own fields, themes and audiences
    )


@require_safe
def event_feed(request, page_id):
    """One event: a single date or the whole series with its changed and cancelled dates."""
    event = _translated_event(page_id)
    language = get_language()

    def build():
        info = ical.CalendarInfo(
            name=f"{event.title} – Conecto+",
            description=event.introduction,
            language=language,
            url=event.get_full_url(request),
            source=request.build_absolute_uri(request.path),
            refresh=REFRESH_INTERVAL,
        )
        start = window_start()
        return ical.build_calendar(info, event_rows([event], RowContext(request, start)))

    key = cache_key("event", event.pk, window_start().date(), request.get_host(), request.scheme)
    return calendar_response(request, key, build, filename=f"{event.slug}.ics")


@require_safe
def occurrence_download(request, page_id, date):
    """One date of an event as a file to import once (it will not follow later changes)."""
    try:
        if not DATE_PATTERN.fullmatch(date):
            raise ValueError(date)
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("No such date") from None
    event = _translated_event(page_id)
    zone = event.zone
    day_start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
    occurrence = (
        Occurrence.objects.filter(
            event=event,
            original_start__gte=day_start,
            original_start__lt=day_start + dt.timedelta(days=1),
        )
        .order_by("original_start")
        .first()
    )
    if occurrence is None:
        raise Http404("The event has no date on this day")
    language = get_language()

    def build():
        info = ical.CalendarInfo(
            name=f"{event.title} – Conecto+",
            description=event.introduction,
            language=language,
            url=event.get_full_url(request),
            refresh=None,
        )
        return ical.build_calendar(info, [occurrence_row(event, occurrence, request)])

    key = cache_key("occurrence", event.pk, occurrence.pk, request.get_host(), request.scheme)
    return calendar_response(
        request, key, build, filename=f"{event.slug}-{day.isoformat()}.ics", attachment=True
    )
