"""Feed rows: event pages and their materialised dates as the rows events/ical.py writes.

How a series is written (see docs/architecture.md, calendar feeds):

- The stored rule goes into the feed as it is (RRULE, plus RDATE/EXDATE from the rule), with
  ``DTSTART;TZID=<the event's zone>`` at the series' first date. Clients expand it themselves, so an
  open-ended series is not cut at our occurrence horizon.
- Dates that differ from the rule are read from the Occurrence table (what the site itself shows),
  never by expanding rules per request: a moved date, a date with a note or its own title and a cancelled date become
  ``RECURRENCE-ID`` children with the series' UID; a cancelled one is a child with
  ``STATUS:CANCELLED`` while it is within the past window, and an EXDATE once it is older.
- A series the RRULE form cannot say exactly (several RRULEs, an EXRULE, or a first date the rule
  itself would not produce, which RFC 5545 leaves undefined) is written as DTSTART plus an RDATE for
  every materialised date from the past window on.

UIDs are made from a UUID, the form RFC 7986 (5.3) recommends: ``uuid5(<translation key>, "<language>")``
(a one-date download adds ``-YYYYMMDD`` to the name, so its UID stays distinct from the series'),
written as its 16 bytes in base64url without padding: 22 characters instead of the 36 of the
hyphenated form, for the same stable value (a UID is any unique text to clients, RFC 5545 3.8.4.7).
The translation key is one UUID for all languages of a page, so the UID is stable across edits, slug
changes and moves, free of dates, and different for the Swedish and the English version of the same
event. The two are separate calendar objects with their own titles and SEQUENCE, and someone who
subscribes to both languages gets two distinct events rather than one UID in two calendars, which
clients that match events by UID across calendars could merge. (The earlier
``event-<translation key>-<language>@conecto-kunskapsportal`` and then the hyphenated UUID changed
before the site went into production, so no subscriber saw them.)

The page link is the last paragraph of DESCRIPTION, the bare URL without a label (clients make it
a link), the only place Outlook and Google Calendar show it; events/ical.py writes no URL property
besides (see its docstring).
"""

import base64
import contextvars
import copy
import datetime as dt
import functools
import hashlib
import re
import uuid
from collections import namedtuple
from dataclasses import dataclass, field
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from recurrence import Recurrence, serialize

from .. import expansion, ical
from ..models import EventFormat, EventPage, EventStatus, EventType, Occurrence, OccurrenceStatus

PAST_WINDOW = dt.timedelta(days=30)


def event_uid(event, suffix=""):
    """The event's UID in its language (see the module docstring); ``suffix`` makes one date's own."""
    key = event.translation_key
    key = key.bytes if isinstance(key, uuid.UUID) else bytes.fromhex(str(key).replace("-", ""))
    # uuid.uuid5() written out (RFC 4122 4.3: SHA-1 of namespace and name, version and variant bits
    # set), without the two UUID objects it makes: a third of the rows' time in a big feed.
    name = f"{event.locale.language_code}{suffix}".encode()
    name = bytearray(hashlib.sha1(key + name, usedforsecurity=False).digest()[:16])
    name[6] = name[6] & 0x0F | 0x50  # version 5
    name[8] = name[8] & 0x3F | 0x80  # the RFC 4122 variant
    return base64.urlsafe_b64encode(name)[:22].decode()  # 22 characters, without the padding


def _local(value, zone, all_day):
    local = value.astimezone(zone).replace(tzinfo=None)
    return local.date() if all_day else local


def _rule_value(rule, zone):
    """One stored rule as an RFC 5545 RECUR value: UNTIL in UTC, a date-only UNTIL for the whole local day.

    django-recurrence keeps UNTIL in UTC, a picked date as local midnight (see docs/architecture.md,
    recurrence and time zones); RFC 5545 wants UNTIL in UTC whenever DTSTART has a TZID.
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
        first = next(iter(expansion.local_ruleset(only_rules, start, event.zone)), None)
        if first != start:
            return False
    return True


def is_recurring(event):
    recurrence = event.recurrence
    return bool(recurrence and (recurrence.rrules or recurrence.rdates))


@functools.lru_cache(maxsize=256)
def _translated(language, message):
    return gettext(message)


# The active language while event_rows writes a feed's rows: asked of Django once, not per string.
_rows_language = contextvars.ContextVar("rows_language", default=None)


def _language():
    return _rows_language.get() or get_language()


# Whether the rows event_rows writes may hold every event's meeting link (RowContext.meeting_links).
_rows_meeting_links = contextvars.ContextVar("rows_meeting_links", default=False)


def _(message):
    """gettext for the few fixed strings every row repeats, looked up once per language and process
    (named ``_`` so that makemessages still finds them)."""
    return _translated(_language(), message)


@functools.lru_cache(maxsize=64)
def _type_label(language, event_type):
    # What get_event_type_display() says, an unknown stored value included.
    return str(dict(EventType.choices).get(event_type, event_type))


# Characters quote() leaves as they are: most slugs need no quoting at all.
_plain_slug = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch


class PageUrls:
    """Full page URLs as ``Page.get_full_url`` gives them, asked of Wagtail once per parent page.

    A page's URL is its parent's URL plus its slug, so siblings (the events of one calendar) share
    a prefix; the first page under each parent is resolved by Wagtail and checked against it.
    """

    def __init__(self, request):
        self.request = request
        self.prefixes = {}

    def __call__(self, page):
        slug = page.slug
        slug_part = (slug if _plain_slug(slug) else quote(slug)) + "/"
        parent = page.url_path[: -len(page.slug) - 1]
        prefix = self.prefixes.get(parent)
        if prefix is None:
            url = page.get_full_url(self.request) or ""
            same_form = url.endswith(slug_part) and page.url_path.endswith(f"/{page.slug}/")
            self.prefixes[parent] = url[: -len(slug_part)] if same_form else False
            return url
        if prefix is False:  # a URL of another form (a routable page, a hook): Wagtail's own
            return page.get_full_url(self.request) or ""
        return prefix + slug_part


@dataclass
class RowContext:
    """What every row of one feed shares: the request (for URLs), the window, and whether the feed
    is one person's, who takes part and so gets every meeting link (a public feed gets only the
    links the events make public)."""

    request: object
    window_start: dt.datetime | None  # aware; None keeps every date
    meeting_links: bool = False
    urls: PageUrls = field(init=False)
    rule_forms: dict = field(init=False, default_factory=dict)  # event pk: RRULE form possible

    def __post_init__(self):
        self.urls = PageUrls(self.request)

    def rule_form_possible(self, event):
        """``_rule_form_possible`` once per event of a feed: it builds the rule to see its first date."""
        if event.pk not in self.rule_forms:
            start = event.local_bounds()[0]
            text = getattr(event, "recurrence_text", None)
            if text is not None and _starts_at_dtstart(event.recurrence):
                self.rule_forms[event.pk] = True
            else:
                self.rule_forms[event.pk] = _rule_form_possible(event, start)
        return self.rule_forms[event.pk]

    def rule_value(self, event):
        """``_rule_value`` of the event's rule, once per distinct rule and zone."""
        text = getattr(event, "recurrence_text", None)
        if text is None:
            return _rule_value(event.recurrence.rrules[0], event.zone)
        return _rule_value_of(text, event.time_zone)


# Rule parts that can leave out DTSTART's own date; without any, a rule's first date is DTSTART
# (its weekday, day and month come from DTSTART itself), so no expansion is needed to see it.
_SELECTING_PARTS = (
    "bysetpos",
    "bymonth",
    "bymonthday",
    "byyearday",
    "byweekno",
    "byday",
    "byhour",
    "byminute",
    "bysecond",
    "byeaster",
)


@functools.lru_cache(maxsize=4096)
def _rule_value_of(text, time_zone):
    return _rule_value(_recurrence(text).rrules[0], _zone(time_zone))


def _starts_at_dtstart(recurrence):
    """True when the one rule surely yields DTSTART first: one RRULE, no EXRULE, no selecting parts,
    no UNTIL (which could end it before DTSTART) and no COUNT of 0."""
    if len(recurrence.rrules) != 1 or recurrence.exrules:
        return not recurrence.rrules and not recurrence.exrules
    rule = recurrence.rrules[0]
    if rule.until is not None or rule.count == 0:
        return False
    return not any(getattr(rule, name, None) for name in _SELECTING_PARTS)


# An event as plain data ----------------------------------------------------------------------------
# A feed of thousands of events reads them with values_list() rather than as pages: building page
# objects (and Wagtail's URL work for each) was most of a cold build.

# What a row is made of: every attribute event_row and its helpers read (``live`` is not read: the
# feeds select live pages only, and a boolean column costs SQLite a conversion per row in Django).
DATA_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "translation_key",
    "locale_id",
    "last_published_at",
    "introduction",
    "event_type",
    "event_format",
    "status",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "venue_name",
    "address",
    "online_url",
    "online_url_public",
    "place_for_booked_only",
    "signup",
    "registration_url",
    "sequence",
)
_Locale = namedtuple("_Locale", "language_code")


@functools.lru_cache(maxsize=16)
def _locale(language_code):
    return _Locale(language_code)


@functools.lru_cache(maxsize=64)
def _zone(name):
    return ZoneInfo(name)


@functools.lru_cache(maxsize=4096)
def _recurrence(text):
    """The stored rule as the field reads it, parsed once per distinct text (rows only read it)."""
    return EventPage._meta.get_field("recurrence").to_python(text)


_Fields = namedtuple("_Fields", [*DATA_FIELDS, "language_code", "recurrence_text"])


class EventData(_Fields):
    """An event page's row fields without the page: what ``event_row`` reads, as the page says it.

    Only the first event under each parent becomes a page, for Wagtail to resolve its URL
    (``PageUrls``); the others share that prefix.
    """

    __slots__ = ()

    # The page's own definitions, so that a row says exactly what the page would.
    all_day = EventPage.all_day
    public_online_url = EventPage.public_online_url
    participant_online_url = EventPage.participant_online_url
    place_is_private = EventPage.place_is_private
    public_venue_name = EventPage.public_venue_name
    public_address = EventPage.public_address
    local_bounds = EventPage.local_bounds

    pk = _Fields.id

    @property
    def zone(self):
        return _zone(self.time_zone)

    @property
    def locale(self):
        return _locale(self.language_code)

    @property
    def recurrence(self):
        return _recurrence(self.recurrence_text) if self.recurrence_text else None

    def get_full_url(self, request=None):
        # A page with these fields loaded (any other deferred), as a query with only() gives it.
        known = {**{name: getattr(self, name) for name in DATA_FIELDS}, "page_ptr_id": self.id, "live": True}
        fields = [f.attname for f in EventPage._meta.concrete_fields if f.attname in known]
        page = EventPage.from_db(None, fields, [known[name] for name in fields])
        return page.get_full_url(request)


def _utc_datetime(text):
    return None if text is None else dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


# SQLite hands these columns over as text and Django converts each value in Python, most of the
# query's time for a big feed; read as text, they are converted here by the standard library's
# ISO parsers, several times faster. (PostgreSQL's driver returns native values already.)
_SQLITE_PARSERS = {
    "translation_key": None,  # kept as SQLite's 32 hex digits: only the UID reads it (event_uid)
    "last_published_at": _utc_datetime,
    "start_date": dt.date.fromisoformat,
    "start_time": dt.time.fromisoformat,
    "end_date": dt.date.fromisoformat,
    "end_time": dt.time.fromisoformat,
}


def _selected_as(expression, as_text):
    """The DATA_FIELDS name ``expression`` reads exactly as it is selected here, or None.

    A row's own column asked for again as an extra (blocks.py asks for a few) is taken from the row
    instead: every column of thousands of rows costs the driver a Python object.
    """
    if isinstance(expression, F) and expression.name in DATA_FIELDS and expression.name not in as_text:
        return expression.name
    if isinstance(expression, Cast) and isinstance(expression.output_field, TextField):
        (source,) = expression.get_source_expressions()
        if isinstance(source, F) and source.name in as_text:
            return source.name
    return None


def event_data(events, *extra):
    """``events`` (a queryset of EventPage) as ``EventData`` in one query, each with the values of
    the ``extra`` expressions: [(data, (extra values)), ...]."""
    # The rule as text: parsed once per distinct rule rather than by the field for every row.
    rule = Cast("recurrence", output_field=TextField())
    parsers = _SQLITE_PARSERS if connections[events.db].vendor == "sqlite" else {}
    fields = [Cast(name, output_field=TextField()) if name in parsers else name for name in DATA_FIELDS]
    width = len(DATA_FIELDS) + 2
    index = {name: position for position, name in enumerate(DATA_FIELDS)}
    # Where each extra value comes from: its own column, or the row's column of the same value.
    sources, selected = [], []
    for expression in extra:
        name = _selected_as(expression, parsers)
        if name is None:
            sources.append(width + len(selected))
            selected.append(expression)
        else:
            sources.append(index[name])
    columns = events.values_list(*fields, "locale__language_code", rule, *selected)
    make = EventData._make
    parse = [(index[name], parser) for name, parser in parsers.items() if parser]
    found = []
    for values in columns:
        extras = tuple(values[source] for source in sources)
        if parse:
            values = list(values[:width])
            for position, parser in parse:
                if values[position] is not None:
                    values[position] = parser(values[position])
        found.append((make(values[:width]), extras))
    return found


def _status(event):
    if event.status == EventStatus.CANCELLED:
        return ical.CANCELLED
    if event.status == EventStatus.POSTPONED:
        return ical.TENTATIVE
    return ical.CONFIRMED


def _meeting_link(event):
    """The event's meeting link as this feed may show it (see ``RowContext.meeting_links``)."""
    return event.participant_online_url if _rows_meeting_links.get() else event.public_online_url


def _location(event):
    # Public and personal feeds alike: a room for booked people only is in their booking rows
    # (bookings/feed_rows.py), not here.
    return _place(
        _language(), event.public_venue_name, event.public_address, event.event_format, _meeting_link(event)
    )


@functools.lru_cache(maxsize=1024)
def _place(language, venue_name, address, event_format, online_url):
    # Once per distinct place and language: a programme has few places, repeated by many events.
    place = ", ".join(part for part in [venue_name, *(line.strip() for line in address.splitlines())] if part)
    if event_format == EventFormat.ONLINE:
        return online_url or place or _("Online")  # in ``language``, the active one
    return place


def _description(event, page_url, note=""):
    parts = []
    if event.status == EventStatus.POSTPONED:
        parts.append(_("This event is postponed. New dates will be published here."))
    if note:
        parts.append(note)
    if event.introduction:
        parts.append(event.introduction)
    if online_url := _meeting_link(event):
        parts.append(_("Online meeting: %(url)s") % {"url": online_url})
    if event.registration_url and event.status == EventStatus.SCHEDULED:
        parts.append(_("Register: %(url)s") % {"url": event.registration_url})
    if page_url:
        parts.append(page_url)  # bare: every client makes it a link (see the module docstring)
    return "\n\n".join(parts)


def _cancelled_title(title):
    # Clients that ignore STATUS (several do for subscriptions) still show the cancellation.
    return _("Cancelled: %(title)s") % {"title": title}


def event_row(event, occurrences, context: RowContext) -> ical.EventRow:
    """One event page as a feed row.

    ``occurrences`` are the event's dates that matter to the row: every date that differs from the
    rule (moved, cancelled on its own, with a note or its own title) and, for the RDATE form, every date from the
    window on; ordered by original start.
    """
    zone = event.zone
    all_day = event.all_day
    page_url = context.urls(event)
    status = _status(event)
    start, end = event.local_bounds()
    duration = end - start
    if all_day:
        start, end = start.date(), end.date()
    if not is_recurring(event):
        # One date: the occurrence (when it differs) says where it ended up.
        note = title = ""
        if occurrences:
            occurrence = occurrences[0]
            start = _local(occurrence.start, zone, all_day)
            end = _local(occurrence.end, zone, all_day)
            note, title = occurrence.note, occurrence.title
            if occurrence.status == OccurrenceStatus.CANCELLED:
                status = ical.CANCELLED
        return _row(event, page_url, start, end, status, _description(event, page_url, note), title=title)

    rrule, rdates, exdates, overrides = None, [], [], []
    window_start = context.window_start

    def override_for(occurrence):
        moved = occurrence.start != occurrence.original_start
        cancelled = status == ical.CANCELLED or occurrence.status == OccurrenceStatus.CANCELLED
        title = occurrence.title or event.title
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
            title=_cancelled_title(title) if cancelled else title,
            description=description,
        )

    if context.rule_form_possible(event):
        recurrence = event.recurrence
        if recurrence.rrules:
            rrule = context.rule_value(event)
        first_time = event.start_time or dt.time(0, 0)

        def on_start_time(value):
            day = expansion.to_local_date(value, zone)
            return day if all_day else dt.datetime.combine(day, first_time)

        rdates = [on_start_time(value) for value in recurrence.rdates]
        exdates = [on_start_time(value) for value in recurrence.exdates]
        for occurrence in occurrences:
            old = window_start is not None and occurrence.end < window_start
            moved = occurrence.start != occurrence.original_start
            if old and not moved:
                if occurrence.status == OccurrenceStatus.CANCELLED and status != ical.CANCELLED:
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
            or o.title
            or (o.status == OccurrenceStatus.CANCELLED and status != ical.CANCELLED)
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


def _row(event, page_url, start, end, status, description, title="", **extra):
    # ``page_url`` is already the last paragraph of ``description``: there is no URL property.
    title = title or event.title
    title = _cancelled_title(title) if status == ical.CANCELLED else title
    return ical.EventRow(
        uid=extra.pop("uid", None) or event_uid(event),
        title=title,
        start=start,
        end=end,
        time_zone=event.time_zone,
        sequence=event.sequence,
        status=status,
        description=description,
        location=_location(event),
        conference=_meeting_link(event) if event.event_format != EventFormat.ON_SITE else "",
        conference_label=_("Online meeting") if _meeting_link(event) else "",
        categories=(_type_label(_language(), event.event_type),),
        last_modified=event.last_published_at,
        **extra,
    )


def _changed_dates():
    """Occurrences that differ from their rule: moved, annotated, titled, or cancelled on their own."""
    return (
        Q(status=OccurrenceStatus.MOVED)
        | ~Q(note="")
        | ~Q(title="")
        | ~Q(start=F("original_start"))
        | (Q(status=OccurrenceStatus.CANCELLED) & ~Q(event__status=EventStatus.CANCELLED))
    )


def event_rows(events, context: RowContext, among=None):
    """Rows for a list of event pages, in one query whatever their number (plus the pages', if a queryset).

    ``among``, a queryset of exactly these events, says they are many (a whole feed): their changed
    dates are then read for their languages and kept for these events here, rather than by a list
    of thousands of ids or by the feed's own query again as a subquery (which made SQLite look up
    every event's dates: six times slower than reading the few changed dates of the language).
    """
    events = list(events)
    ids = [event.pk for event in events]
    by_event = {event.pk: [] for event in events}
    needs_all_dates = [
        event.pk for event in events if is_recurring(event) and not context.rule_form_possible(event)
    ]
    if ids:
        # One query: the changed dates of rule-form events, every date of RDATE-form series.
        rule_form = set(ids).difference(needs_all_dates)
        if among is not None and rule_form:
            locales = sorted({event.locale_id for event in events})
            wanted = Q(_changed_dates(), event__locale_id__in=locales) & ~Q(event_id__in=needs_all_dates)
        elif rule_form:
            wanted = Q(_changed_dates(), event_id__in=sorted(rule_form))
        else:
            wanted = Q(pk__in=[])
        if needs_all_dates:
            dated = Q(event_id__in=needs_all_dates)
            if context.window_start is not None:
                dated &= Q(end__gte=context.window_start)
            wanted |= dated
        for occurrence in Occurrence.objects.filter(wanted).order_by("original_start"):
            if occurrence.event_id in by_event:  # the language's other events are left out here
                by_event[occurrence.event_id].append(occurrence)
    token = _rows_language.set(get_language())
    links = _rows_meeting_links.set(context.meeting_links)
    try:
        return [event_row(event, by_event[event.pk], context) for event in events]
    finally:
        _rows_meeting_links.reset(links)
        _rows_language.reset(token)


def occurrence_row(event, occurrence, request) -> ical.EventRow:
    """One date on its own, for a one-off download: its own UID, no RECURRENCE-ID.

    A lone RECURRENCE-ID child without its series is dropped or misread by most clients, and the
    imported copy must not collide with the subscribed series, so the date is part of this UID.
    """
    zone = event.zone
    page_url = event.get_full_url(request)
    status = _status(event)
    if occurrence.status == OccurrenceStatus.CANCELLED:
        status = ical.CANCELLED
    original = occurrence.original_start.astimezone(zone).date()
    return _row(
        event,
        page_url,
        _local(occurrence.start, zone, event.all_day),
        _local(occurrence.end, zone, event.all_day),
        status,
        _description(event, page_url, occurrence.note),
        title=occurrence.title,
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
