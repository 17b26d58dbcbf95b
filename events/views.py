"""The event index's listing, month grid and archive: plain GET parameters, no JavaScript needed."""

import calendar as calendar_module
import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .filters import EventFilterSet
from .models import EventPage, Occurrence

PAGE_SIZE = 20
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
    """The calendar's filterset over the live events below ``index_page``."""
    events = EventPage.objects.filter(
        live=True, locale_id=index_page.locale_id, path__startswith=index_page.path
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


def filtered_occurrences(filterset):
    return (
        Occurrence.objects.filter(event__in=filterset.qs)
        .select_related("event")
        .only("start", "end", "original_start", "status", "note", "event_id", *LISTED_EVENT_FIELDS)
    )


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
    occurrences = filtered_occurrences(filterset)
    context = {
        "filter_form": filterset.form,
        "view": view,
        "filters": data,
        "view_queries": {
            name: filter_query(data, view=name, page=None, month=None) for name in ("list", "month", "past")
        },
    }

    if view == "month":
        zone = ZoneInfo(settings.TIME_ZONE)
        first = data.get("month") or timezone.localdate(now).replace(day=1)
        weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
        grid_start = dt.datetime.combine(weeks[0][0], dt.time(0), tzinfo=zone)
        grid_end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        by_day = defaultdict(list)
        in_grid = occurrences.filter(start__lt=grid_end, end__gt=grid_start).order_by("start")
        for occurrence in with_event_urls(in_grid, index_page, request):
            by_day[occurrence.start.astimezone(zone).date()].append(occurrence)
        previous_month = (first - dt.timedelta(days=1)).replace(day=1)
        next_month = (first + dt.timedelta(days=32)).replace(day=1)
        context.update(
            month=first,
            weeks=[
                [
                    {"date": day, "in_month": day.month == first.month, "occurrences": by_day[day]}
                    for day in week
                ]
                for week in weeks
            ],
            previous_query=filter_query(data, view="month", month=previous_month.strftime("%Y-%m")),
            next_query=filter_query(data, view="month", month=next_month.strftime("%Y-%m")),
        )
        return context

    if view == "past":
        occurrences = occurrences.filter(end__lt=now).order_by("-start")
    else:
        occurrences = occurrences.filter(end__gte=now).order_by("start")
    paginator = Paginator(occurrences, PAGE_SIZE)
    page = paginator.get_page(data.get("page") or 1)
    context.update(
        page_obj=page,
        occurrences=with_event_urls(list(page.object_list), index_page, request),
        previous_query=filter_query(data, page=page.previous_page_number()) if page.has_previous() else None,
        next_query=filter_query(data, page=page.next_page_number()) if page.has_next() else None,
    )
    return context
