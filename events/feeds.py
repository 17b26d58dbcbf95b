"""Calendar feeds: event pages and their materialised dates as events/ical.py rows, cached responses,
and the links a subscribe box shows.

How a series is written (DESIGN section 5):

- The stored rule goes into the feed as it is (RRULE, plus RDATE/EXDATE from the rule), with
  ``DTSTART;TZID=<the event's zone>`` at the series' first date. Clients expand it themselves, so an
  open-ended series is not cut at our occurrence horizon.
- Dates that differ from the rule are read from the Occurrence table (what the site itself shows),
  never by expanding rules per request: a moved date, a date with a note and a cancelled date become
  ``RECURRENCE-ID`` children with the series' UID; a cancelled one is a child with
  ``STATUS:CANCELLED`` while it is within the past window, and an EXDATE once it is older.
- A series the RRULE form cannot say exactly (several RRULEs, an EXRULE, or a first date the rule
  itself would not produce, which RFC 5545 leaves undefined) is written as DTSTART plus an RDATE for
  every materialised date from the past window on.

UIDs are ``event-<translation key>-<language>@conecto-kunskapsportal``: stable across edits, slug
changes and moves, free of dates, and different for the Swedish and the English version of the same
event. The two are separate calendar objects with their own titles and SEQUENCE, and someone who
subscribes to both languages gets two distinct events rather than one UID in two calendars, which
clients that match events by UID across calendars could merge.
"""

import copy
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from recurrence import Recurrence, serialize

from accounts.models import Organisation
from home.versions import bump_version, current_version

from . import ical
from . import recurrence as rec
from .models import DeliveryLanguage, EventFormat, EventPage, EventStatus, EventType, Occurrence

UID_DOMAIN = "conecto-kunskapsportal"
PAST_WINDOW = dt.timedelta(days=30)
REFRESH_INTERVAL = dt.timedelta(hours=1)
MAX_AGE = 600  # seconds shared caches and clients may reuse a response
CACHE_SECONDS = 24 * 60 * 60  # the key changes on publish and at midnight anyway
VERSION_KEY = "events:feeds:version"
CONTENT_TYPE = "text/calendar; charset=utf-8"


# Cache versioning ------------------------------------------------------------------------------


def feed_version():
    """A number that changes whenever anything a feed shows may have changed, the same in every process."""
    return current_version(VERSION_KEY)


def bump_feed_version():
    bump_version(VERSION_KEY)


def cache_key(*parts):
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"events:feed:{feed_version()}:{digest}"


# Rows ------------------------------------------------------------------------------------------


def event_uid(event, suffix=""):
    return f"event-{event.translation_key}-{event.locale.language_code}{suffix}@{UID_DOMAIN}"


def _local(value, zone, all_day):
    local = value.astimezone(zone).replace(tzinfo=None)
    return local.date() if all_day else local


def _rule_value(rule, zone):
    """One stored rule as an RFC 5545 RECUR value: UNTIL in UTC, a date-only UNTIL for the whole local day.

    django-recurrence keeps UNTIL in UTC, a picked date as local midnight (DESIGN section 6); RFC 5545
    wants UNTIL in UTC whenever DTSTART has a TZID.
    """
    local_rule = copy.copy(rule)
    if rule.until is not None:
        until = rule.until
        if until.tzinfo is not None:
            until = until.astimezone(zone).replace(tzinfo=None)
        if until.time() == dt.time(0, 0):
            until = dt.datetime.combine(until.date(), dt.time(23, 59, 59))
        local_rule.until = until.replace(tzinfo=zone).astimezone(dt.UTC)
    return serialize(local_rule).removeprefix("RRULE:")


def _rule_form_possible(event, start):
    """True when RRULE/RDATE/EXDATE say exactly what the site shows (see the module docstring)."""
    recurrence = event.recurrence
    if len(recurrence.rrules) > 1 or recurrence.exrules:
        return False
    if recurrence.rrules:
        only_rules = Recurrence(rrules=recurrence.rrules)
        first = next(iter(rec._naive_rruleset(only_rules, start, event.zone)), None)
        if first != start:
            return False
    return True


def is_recurring(event):
    recurrence = event.recurrence
    return bool(recurrence and (recurrence.rrules or recurrence.rdates))


@dataclass
class RowContext:
    """What every row of one feed shares: the request (for URLs) and the window."""

    request: object
    window_start: dt.datetime | None  # aware; None keeps every date


def _status(event):
    if event.status == EventStatus.CANCELLED:
        return ical.CANCELLED
    if event.status == EventStatus.POSTPONED:
        return ical.TENTATIVE
    return ical.CONFIRMED


def _location(event):
    place = ", ".join(
        part for part in [event.venue_name, *(line.strip() for line in event.address.splitlines())] if part
    )
    if event.event_format == EventFormat.ONLINE:
        return event.online_url or place or _("Online")
    return place


def _description(event, page_url, note=""):
    parts = []
    if event.status == EventStatus.POSTPONED:
        parts.append(_("This event is postponed. New dates will be published here."))
    if note:
        parts.append(note)
    if event.introduction:
        parts.append(event.introduction)
    if event.online_url:
        parts.append(_("Online meeting: %(url)s") % {"url": event.online_url})
    if event.registration_url and event.status == EventStatus.SCHEDULED:
        parts.append(_("Register: %(url)s") % {"url": event.registration_url})
    if page_url:
        parts.append(_("More information: %(url)s") % {"url": page_url})
    return "\n\n".join(parts)


def _cancelled_title(title):
    # Clients that ignore STATUS (several do for subscriptions) still show the cancellation.
    return _("Cancelled: %(title)s") % {"title": title}


def event_row(event, occurrences, context: RowContext) -> ical.EventRow:
    """One event page as a feed row.

    ``occurrences`` are the event's dates that matter to the row: every date that differs from the
    rule (moved, cancelled on its own, with a note) and, for the RDATE form, every date from the
    window on; ordered by original start.
    """
    zone = event.zone
    all_day = event.all_day
    page_url = event.get_full_url(context.request)
    status = _status(event)
    start, end = event.local_bounds()
    duration = end - start
    if all_day:
        start, end = start.date(), end.date()
    rrule, rdates, exdates, overrides = None, [], [], []
    window_start = context.window_start

    def override_for(occurrence):
        moved = occurrence.start != occurrence.original_start
        cancelled = status == ical.CANCELLED or occurrence.status == rec.CANCELLED
        description = _description(event, page_url, occurrence.note)
        if moved:
            moved_from = occurrence.original_start.astimezone(zone)
            when = date_format(moved_from, "DATE_FORMAT" if all_day else "DATETIME_FORMAT")
            description = _("Moved from %(when)s.") % {"when": when} + "\n\n" + description
        return ical.Override(
            recurrence_id=_local(occurrence.original_start, zone, all_day),
            start=_local(occurrence.start, zone, all_day),
            end=_local(occurrence.end, zone, all_day),
            status=ical.CANCELLED if cancelled else status,
            title=_cancelled_title(event.title) if cancelled else event.title,
            description=description,
        )

    if not is_recurring(event):
        # One date: the occurrence (when it differs) says where it ended up.
        note = ""
        if occurrences:
            occurrence = occurrences[0]
            start = _local(occurrence.start, zone, all_day)
            end = _local(occurrence.end, zone, all_day)
            note = occurrence.note
            if occurrence.status == rec.CANCELLED:
                status = ical.CANCELLED
        return _row(event, page_url, start, end, status, _description(event, page_url, note))

    if _rule_form_possible(event, event.local_bounds()[0]):
        recurrence = event.recurrence
        if recurrence.rrules:
            rrule = _rule_value(recurrence.rrules[0], zone)
        first_time = event.start_time or dt.time(0, 0)

        def on_start_time(value):
            day = rec.to_local_date(value, zone)
            return day if all_day else dt.datetime.combine(day, first_time)

        rdates = [on_start_time(value) for value in recurrence.rdates]
        exdates = [on_start_time(value) for value in recurrence.exdates]
        for occurrence in occurrences:
            old = window_start is not None and occurrence.end < window_start
            moved = occurrence.start != occurrence.original_start
            if old and not moved:
                if occurrence.status == rec.CANCELLED and status != ical.CANCELLED:
                    exdates.append(_local(occurrence.original_start, zone, all_day))
                continue  # an old note is no longer worth a child
            overrides.append(override_for(occurrence))
    else:
        # RDATE form: every materialised date from the window on, changed ones as children.
        originals = [_local(o.original_start, zone, all_day) for o in occurrences]
        if originals:
            start = originals[0]
            end = start + duration if not all_day else start + dt.timedelta(days=duration.days)
            rdates = originals[1:]
        overrides = [
            override_for(o)
            for o in occurrences
            if o.start != o.original_start
            or o.note
            or (o.status == rec.CANCELLED and status != ical.CANCELLED)
        ]
    return _row(
        event,
        page_url,
        start,
        end,
        status,
        _description(event, page_url),
        rrule=rrule,
        rdates=tuple(rdates),
        exdates=tuple(sorted(set(exdates))),
        overrides=tuple(overrides),
    )


def _row(event, page_url, start, end, status, description, **extra):
    title = _cancelled_title(event.title) if status == ical.CANCELLED else event.title
    return ical.EventRow(
        uid=extra.pop("uid", None) or event_uid(event),
        title=title,
        start=start,
        end=end,
        time_zone=event.time_zone,
        sequence=event.sequence,
        status=status,
        description=description,
        url=page_url or "",
        location=_location(event),
        conference=event.online_url if event.event_format != EventFormat.ON_SITE else "",
        conference_label=_("Online meeting") if event.online_url else "",
        categories=(str(event.get_event_type_display()),),
        created=event.first_published_at,
        last_modified=event.last_published_at,
        **extra,
    )


def _changed_dates():
    """Occurrences that differ from their rule: moved, annotated, or cancelled on their own."""
    return (
        Q(status=rec.MOVED)
        | ~Q(note="")
        | ~Q(start=F("original_start"))
        | (Q(status=rec.CANCELLED) & ~Q(event__status=EventStatus.CANCELLED))
    )


def event_rows(events, context: RowContext):
    """Rows for a list of event pages, in three queries whatever their number."""
    events = list(events)
    ids = [event.pk for event in events]
    by_event = {event.pk: [] for event in events}
    needs_all_dates = [
        event.pk
        for event in events
        if is_recurring(event) and not _rule_form_possible(event, event.local_bounds()[0])
    ]
    if ids:
        changed = Occurrence.objects.filter(_changed_dates(), event_id__in=ids).exclude(
            event_id__in=needs_all_dates
        )
        for occurrence in changed.order_by("original_start"):
            by_event[occurrence.event_id].append(occurrence)
    if needs_all_dates:
        dated = Occurrence.objects.filter(event_id__in=needs_all_dates)
        if context.window_start is not None:
            dated = dated.filter(end__gte=context.window_start)
        for occurrence in dated.order_by("original_start"):
            by_event[occurrence.event_id].append(occurrence)
    return [event_row(event, by_event[event.pk], context) for event in events]


def occurrence_row(event, occurrence, request) -> ical.EventRow:
    """One date on its own, for a one-off download: its own UID, no RECURRENCE-ID.

    A lone RECURRENCE-ID child without its series is dropped or misread by most clients, and the
    imported copy must not collide with the subscribed series, so the date is part of this UID.
    """
    zone = event.zone
    page_url = event.get_full_url(request)
    status = _status(event)
    if occurrence.status == rec.CANCELLED:
        status = ical.CANCELLED
    original = occurrence.original_start.astimezone(zone).date()
    return _row(
        event,
        page_url,
        _local(occurrence.start, zone, event.all_day),
        _local(occurrence.end, zone, event.all_day),
        status,
        _description(event, page_url, occurrence.note),
        uid=event_uid(event, f"-{original:%Y%m%d}"),
    )


def feed_events(language_code):
    """Live, public event pages in one language, lightest columns only."""
    return (
        EventPage.objects.live()
        .public()
        .filter(locale__language_code=language_code)
        .select_related("locale")
        .defer_streamfields()
        .order_by("pk")
    )


def in_window(events, window_start):
    """Events with a date that ends after ``window_start``: upcoming ones plus a short past window."""
    return events.filter(pk__in=Occurrence.objects.filter(end__gte=window_start).values("event_id"))


def window_start(now=None):
    """The start of the past window, at local midnight so a day's requests share one cached body."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    midnight = dt.datetime.combine(today - PAST_WINDOW, dt.time(0, 0))
    return timezone.make_aware(midnight)


# Filters ---------------------------------------------------------------------------------------


class FeedFilterForm(forms.Form):
    """The query parameters of /<lang>/feeds/events.ics; the same names and values as the event index."""

    type = forms.ChoiceField(required=False, choices=[("", ""), *EventType.choices])
    format = forms.ChoiceField(required=False, choices=[("", ""), *EventFormat.choices])
    language = forms.ChoiceField(required=False, choices=[("", ""), *DeliveryLanguage.choices])
    audience = forms.ChoiceField(required=False, choices=[("", ""), *Organisation.choices])
    theme = forms.SlugField(required=False, max_length=255)

    def __init__(self, data, *, language_code, **kwargs):
        super().__init__(data, **kwargs)
        self.language_code = language_code

    def clean_theme(self):
        from home.models import ThemePage

        slug = self.cleaned_data.get("theme")
        if not slug:
            return None
        theme = (
            ThemePage.objects.live()
            .public()
            .filter(locale__language_code=self.language_code, slug=slug)
            .only("title", "slug", "translation_key")
            .first()
        )
        if theme is None:
            raise forms.ValidationError(gettext_lazy("There is no theme with this address."))
        return theme


def filter_events(events, data):
    if data.get("type"):
        events = events.filter(event_type=data["type"])
    if data.get("format"):
        events = events.filter(event_format=data["format"])
    if data.get("language"):
        events = events.filter(delivery_language=data["language"])
    if data.get("theme"):
        tagged = EventPage.objects.filter(themes__translation_key=data["theme"].translation_key)
        events = events.filter(pk__in=tagged.values("pk"))
    if data.get("audience"):
        # An event aimed at no one in particular is open to every organisation, as on the index.
        aimed = EventPage.objects.filter(Q(audience__code=data["audience"]) | Q(audience__isnull=True))
        events = events.filter(pk__in=aimed.values("pk"))
    return events


def filter_params(data):
    """Cleaned filters back as query parameters (theme by slug), without empty ones."""
    params = {key: data.get(key) for key in ("type", "format", "language", "audience")}
    if data.get("theme"):
        params["theme"] = data["theme"].slug
    return {key: value for key, value in params.items() if value}


def feed_name(data=None):
    """The calendar's name in the active language, naming the filters it carries."""
    data = data or {}
    labels = []
    if data.get("theme"):
        labels.append(data["theme"].title)
    for key, choices in (
        ("type", EventType),
        ("format", EventFormat),
        ("language", DeliveryLanguage),
        ("audience", Organisation),
    ):
        if data.get(key):
            labels.append(str(choices(data[key]).label))
    name = _("Conecto+ events")
    return f"{name}: {' · '.join(labels)}" if labels else name


def feed_description():
    return _(
        "Knowledge seminars, in-depth modules and supervision from Conecto+, the competence-development "
        "programme of the coordination associations in Stockholm County."
    )


# Responses -------------------------------------------------------------------------------------


def calendar_response(request, key, build, *, filename, attachment=False, public=True):
    """A cached text/calendar response with ETag, Last-Modified and 304s.

    ``build()`` returns the body; it only runs when the cache has no body for ``key``.
    """
    entry = cache.get(key)
    if entry is None:
        body = build()
        entry = {
            "body": body,
            "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            "last_modified": int(time.time()),
        }
        cache.set(key, entry, CACHE_SECONDS)
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if response is None:
        body = entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(body))
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    if public:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response


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
):
    """Serve event pages as a subscribable feed in the active language: the hook for other feeds.

    ``events`` is a queryset of EventPage (for a learning path, the events its steps point at);
    ``page_url`` (a string or a function returning one) is the page that shows these events;
    only live, public pages in the active language are included. ``key`` names this feed in the
    cache (e.g. ``f"path:{path.pk}"``); the cache is cleared on every publish and unpublish.
    ``source`` is the feed's own canonical path (query included); by default the request's path.
    Set ``public=False`` for personal feeds so shared caches keep out.
    """
    language = get_language()
    now = timezone.now()
    start = window_start(now) if window else None

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
        return ical.build_calendar(info, event_rows(selected, RowContext(request, start)), now=now)

    full_key = cache_key(
        "feed", key, language, start.date() if start else "", request.get_host(), request.scheme
    )
    return calendar_response(request, full_key, build, filename=filename, public=public)


# Subscribe links -------------------------------------------------------------------------------


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
    params = filter_params(data or {})
    path = reverse("events_feed") + ("?" + urlencode(params) if params else "")
    return feed_links(request, path, feed_name(data))


def event_feed_links(request, event):
    return feed_links(
        request, reverse("event_feed", kwargs={"page_id": event.pk}), f"{event.title} – Conecto+"
    )
