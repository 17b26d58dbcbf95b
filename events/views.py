"""The event index's listing, month grid and archive: plain GET parameters, no JavaScript needed."""

import calendar as calendar_module
import datetime as dt
import hashlib
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from home.privacy import viewable, viewer_key
from home.versions import site_content_version_for

from .filters import EventFilterSet
from .models import EventPage, Occurrence

PAGE_SIZE = 20
# A day in the month grid shows this many dates and links to the rest, as calendar programs do.
MONTH_DAY_LIMIT = 3
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class CalendarForm(forms.Form):
    """The calendar's own parameters beside the event filters: how the events are shown."""

    # The filters' fields in the order the page shows them; view, month and page are hidden.
    field_order = ["view", "type", "format", "language", "theme", "audience"]

    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("list", _("Upcoming")), ("month", _("Month")), ("past", _("Past events"))],
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)
    # The one day of the month grid whose dates are all listed (`?view=month&day=YYYY-MM-DD`).
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        day, month = cleaned.get("day"), cleaned.get("month")
        if day and month and day.replace(day=1) != month:
            raise forms.ValidationError(_("The day is not in the month shown."))
        return cleaned

    def clean_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match or not (1900 <= int(match[1]) <= 2200 and 1 <= int(match[2]) <= 12):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return dt.date(int(match[1]), int(match[2]), 1)


class CalendarFilterSet(EventFilterSet):
    class Meta:
        form = CalendarForm


def calendar_filters(index_page, request):
    """The calendar's filterset over the live events below ``index_page`` that ``request`` may open."""
    events = viewable(
        EventPage.objects.filter(live=True, locale_id=index_page.locale_id, path__startswith=index_page.path),
        request,
    )
    return CalendarFilterSet(request.GET, queryset=events, request=request)


# What a listed date shows of its event (templates/events/event_index_page.html, occurrence.html):
# building whole event pages for hundreds of dates was most of the month view's time.
LISTED_EVENT_FIELDS = [
    "event__title",
    "event__url_path",
    "event__start_time",
    "event__time_zone",
    "event__status",
    "event__event_type",
    "event__event_format",
]


LISTED_OCCURRENCE_FIELDS = [
    "start",
    "end",
    "original_start",
    "status",
    "note",
    "title",
    "event_id",
    *LISTED_EVENT_FIELDS,
]


def filtered_occurrences(filterset):
    return (
        Occurrence.objects.filter(event__in=filterset.qs)
        .select_related("event")
        .only(*LISTED_OCCURRENCE_FIELDS)
    )


def first_dates(filterset):
    """The calendar's dates for a page of a list: each date checked against the filters on its own
    (EXISTS), so the database walks the dates in order and stops at the page's end. ``event__in``
    made SQLite list every event of the calendar and sort every upcoming date first, which grew with
    the programme (about 20 ms at 5,000 events)."""
    return (
        Occurrence.objects.filter(models.Exists(filterset.qs.filter(pk=models.OuterRef("event_id"))))
        .select_related("event")
        .only(*LISTED_OCCURRENCE_FIELDS)
    )


# Entries of older versions are never read again; they only wait to expire.
COUNT_SECONDS = 60 * 60 * 24


def listing_key(kind, filterset, index_page, *parts):
    """A cache key of the calendar with its filters under the site-content version, for those who
    pass the same view restrictions (home/privacy.py)."""
    request = filterset.request
    params = urlencode(sorted(CalendarFilterSet.params_for(filterset.form.cleaned_data).items()))
    parts = (site_content_version_for(request), viewer_key(request), index_page.pk, params, *parts)
    return f"events:{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def date_counts(filterset, index_page, now):
    """How many of the calendar's dates (with the filters) are upcoming and past at ``now``.

    Counting reads every date, so the numbers are kept per site-content version (a publish, an
    import or extend_occurrences bumps it) together with the moment the first counted date ends:
    until then no date changes sides, and after it the dates are counted again.
    """
    key = listing_key("counts", filterset, index_page)
    counts = cache.get(key)
    if counts is None or (counts["next_end"] is not None and now > counts["next_end"]):
        upcoming = models.Q(end__gte=now)
        counts = Occurrence.objects.filter(event__in=filterset.qs).aggregate(
            upcoming=models.Count("pk", filter=upcoming),
            past=models.Count("pk", filter=~upcoming),
            next_end=models.Min("end", filter=upcoming),
        )
        cache.set(key, counts, COUNT_SECONDS)
    return counts


class CountedPaginator(Paginator):
    """A paginator told its count instead of counting the list again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def filter_query(data, **changes):
    """The current filters as a query string, with some values changed, for links that keep them."""
    params = {"view": data.get("view"), **CalendarFilterSet.params_for(data)}
    if data.get("month"):
        params["month"] = data["month"].strftime("%Y-%m")
    params.update(changes)
    return "?" + urlencode({key: value for key, value in params.items() if value})


def with_event_urls(occurrences, index_page, request):
    """Give each date its event's URL, made from the calendar's own: events are its children, so one
    URL lookup serves every date instead of one per date."""
    base = index_page.get_url(request)
    prefix = len(index_page.url_path)
    for occurrence in occurrences:
        occurrence.event_url = base + occurrence.event.url_path[prefix:]
    return occurrences


def listing_context(filterset, index_page):
    """Context for the index page from a valid calendar filterset."""
    request = filterset.request
    data = filterset.form.cleaned_data
    view = data.get("view") or ("month" if data.get("month") else "list")
    now = timezone.now()
    context = {
        "filter_form": filterset.form,
        "view": view,
        "filters": data,
        "view_queries": {
            name: filter_query(data, view=name, page=None, month=None) for name in ("list", "month", "past")
        },
    }

    if view == "month":
        context.update(month_context(filtered_occurrences(filterset), data, index_page, request))
        return context

    counts = date_counts(filterset, index_page, now)
    if view == "past":
        occurrences = first_dates(filterset).filter(end__lt=now).order_by("-start", "-pk")
    else:
        # The primary key settles dates at the same time, so pages never repeat or skip one.
        occurrences = first_dates(filterset).filter(end__gte=now).order_by("start", "pk")
    paginator = CountedPaginator(occurrences, PAGE_SIZE, counts[view if view == "past" else "upcoming"])
    page = paginator.get_page(data.get("page") or 1)
    # A page's dates change only when the content does or when one of the calendar's upcoming
    # dates ends (it moves to the past and the rest move up): kept like the counts, until then.
    key = listing_key("page", filterset, index_page, view, page.number, index_page.get_url(request))
    kept = cache.get(key)
    if kept is None or kept["next_end"] != counts["next_end"]:
        kept = {
            "next_end": counts["next_end"],
            "dates": with_event_urls(list(page.object_list), index_page, request),
        }
        cache.set(key, kept, COUNT_SECONDS)
    context.update(
        page_obj=page,
        occurrences=kept["dates"],
        previous_query=filter_query(data, page=page.previous_page_number()) if page.has_previous() else None,
        next_query=filter_query(data, page=page.next_page_number()) if page.has_next() else None,
    )
    return context


class LocalDayNumber(models.Func):
    """SQL for the position in ``days`` (consecutive dates) of the local day an instant falls on, for
    instants from the first day on: one comparison with each day's end.

    The database's date-in-a-zone functions are a Python function per row on SQLite, and an ORM
    ``Case`` of some forty ``When`` took longer to compile than the query to run; this writes the
    same CASE directly.
    """

    output_field = models.IntegerField()

    def __init__(self, expression, days, zone):
        super().__init__(expression)
        self.day_ends = tuple(
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone) for day in days
        )

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        whens, params = [], []
        for number, end in enumerate(self.day_ends):
            bound, bound_params = compiler.compile(models.Value(end, output_field=models.DateTimeField()))
            whens.append(f"WHEN {column} < {bound} THEN {number}")
            params += [*column_params, *bound_params]
        return f"CASE {' '.join(whens)} END", params


def first_dates_per_day(occurrences, days, zone, limit):
    """The first ``limit`` dates of each of ``days`` with the number of dates that day (``in_day``),
    in one query: window functions rank and count the dates of each local day."""
    day = LocalDayNumber("start", days, zone)
    first = dt.datetime.combine(days[0], dt.time(0), tzinfo=zone)
    return (
        occurrences.filter(start__gte=first)
        .annotate(
            day_number=day,
            rank_in_day=models.Window(
                RowNumber(), partition_by=[day], order_by=[models.F("start").asc(), models.F("pk").asc()]
            ),
            in_day=models.Window(models.Count("pk"), partition_by=[day]),
        )
        .filter(rank_in_day__lte=limit)
        .select_related("event")
        .only(*LISTED_OCCURRENCE_FIELDS)
        .order_by("start", "pk")
    )


class MonthDates:
    """The dates of one month of the calendar with its filters, kept per site-content version."""

    def __init__(self, *, filterset_data, month, index_page, request):
        params = urlencode(sorted(CalendarFilterSet.params_for(filterset_data).items()))
        # The calendar's URL too: the dates carry their event's URL, which depends on the site asked.
        self.parts = (
            site_content_version_for(request),
            viewer_key(request),  # only the events this viewer may open (home/privacy.py)
            index_page.pk,
            month,
            index_page.get_url(request),
            params,
        )

    def get(self, part, build):
        key = "events:month:" + hashlib.sha256(repr((*self.parts, part)).encode()).hexdigest()[:40]
        dates = cache.get(key)
        if dates is None:
            dates = list(build())
            cache.set(key, dates, COUNT_SECONDS)
        return dates


def month_context(occurrences, data, index_page, request):
    """The month grid: at most MONTH_DAY_LIMIT dates a day, and every date of one chosen day."""
    chosen_day = data.get("day")
    zone = ZoneInfo(settings.TIME_ZONE)
    first = data.get("month") or (chosen_day or timezone.localdate()).replace(day=1)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    grid_start = dt.datetime.combine(weeks[0][0], dt.time(0), tzinfo=zone)
    grid_end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    # Ranking runs over plain rows picked by primary key, whatever joins the filters need.
    in_grid = Occurrence.objects.filter(
        pk__in=occurrences.filter(start__lt=grid_end, end__gt=grid_start).values("pk")
    )
    days = [day for week in weeks for day in week]
    # A month's dates do not change with the clock, only with the content: they are kept per
    # site-content version (a publish, an import or extend_occurrences bumps it).
    kept = MonthDates(filterset_data=data, month=first, index_page=index_page, request=request)
    counts = {}
    by_day = defaultdict(list)
    for occurrence in kept.get(
        "grid",
        lambda: with_event_urls(
            first_dates_per_day(in_grid, days, zone, MONTH_DAY_LIMIT), index_page, request
        ),
    ):
        day = days[occurrence.day_number]
        by_day[day].append(occurrence)
        counts[day] = occurrence.in_day

    # filter_query(data, view="month", month=..., day=...) for every day, its start made once: the
    # month and day come last and need no quoting.
    query_start = filter_query(data, view="month", month=None)

    def cell(day):
        hidden = counts.get(day, 0) - len(by_day[day])
        # A day of the neighbouring month shown in the grid opens its own month.
        day_query = f"{query_start}&month={day:%Y-%m}&day={day.isoformat()}" if hidden else None
        return {
            "date": day,
            "in_month": day.month == first.month,
            "occurrences": by_day[day],
            "hidden": hidden,
            "day_query": day_query,
        }

    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "month": first,
        "weeks": [[cell(day) for day in week] for week in weeks],
        "month_is_empty": not any(count for day, count in counts.items() if day.month == first.month),
        "previous_query": filter_query(data, view="month", month=previous_month.strftime("%Y-%m")),
        "next_query": filter_query(data, view="month", month=next_month.strftime("%Y-%m")),
    }
    if chosen_day:
        day_start = dt.datetime.combine(chosen_day, dt.time(0), tzinfo=zone)
        context["chosen_day"] = chosen_day
        context["chosen_day_occurrences"] = kept.get(
            chosen_day.isoformat(),
            lambda: with_event_urls(
                in_grid.filter(start__gte=day_start, start__lt=day_start + dt.timedelta(days=1))
                .select_related("event")
                .only(*LISTED_OCCURRENCE_FIELDS)
                .order_by("start", "pk"),
                index_page,
                request,
            ),
        )
    return context
