"""The event index's listing, month grid and archive: plain GET parameters, no JavaScript needed."""

import calendar as calendar_module
import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from home.models import ThemePage

from .models import DeliveryLanguage, EventFormat, EventType, Occurrence

PAGE_SIZE = 20
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class EventFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("list", _("Upcoming")), ("month", _("Month")), ("past", _("Past events"))],
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EventType.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *EventFormat.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *DeliveryLanguage.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    audience = forms.ChoiceField(
        label=_("Who it is for"), required=False, choices=[("", _("Everyone")), *Organisation.choices]
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, data, *, locale_id, **kwargs):
        super().__init__(data, **kwargs)
        self.themes = {
            theme.slug: theme
            for theme in ThemePage.objects.live()
            .filter(locale_id=locale_id)
            .order_by("path")
            .only("title", "slug", "translation_key")
        }
        self.fields["theme"].choices = [
            ("", _("All themes")),
            *((slug, theme.title) for slug, theme in self.themes.items()),
        ]

    def clean_theme(self):
        slug = self.cleaned_data.get("theme")
        return self.themes[slug] if slug else None

    def clean_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match or not (1900 <= int(match[1]) <= 2200 and 1 <= int(match[2]) <= 12):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return dt.date(int(match[1]), int(match[2]), 1)


def filtered_occurrences(index_page, data):
    queryset = Occurrence.objects.filter(
        event__live=True, event__locale_id=index_page.locale_id, event__path__startswith=index_page.path
    ).select_related("event")
    if data.get("type"):
        queryset = queryset.filter(event__event_type=data["type"])
    if data.get("format"):
        queryset = queryset.filter(event__event_format=data["format"])
    if data.get("language"):
        queryset = queryset.filter(event__delivery_language=data["language"])
    if data.get("theme"):
        queryset = queryset.filter(event__themes__translation_key=data["theme"].translation_key)
    if data.get("audience"):
        # An event aimed at no one in particular is open to every organisation.
        queryset = queryset.filter(
            models.Q(event__audience__code=data["audience"]) | models.Q(event__audience__isnull=True)
        )
    if data.get("theme") or data.get("audience"):
        queryset = queryset.distinct()
    return queryset


def filter_query(data, **changes):
    """The current filters as a query string, with some values changed, for links that keep them."""
    params = {key: data.get(key) for key in ("view", "type", "format", "language", "audience")}
    if data.get("theme"):
        params["theme"] = data["theme"].slug
    if data.get("month"):
        params["month"] = data["month"].strftime("%Y-%m")
    params.update(changes)
    return "?" + urlencode({key: value for key, value in params.items() if value})


def listing_context(index_page, request):
    """Context for the index page, or raises forms.ValidationError for nonsense parameters."""
    form = EventFilterForm(request.GET, locale_id=index_page.locale_id)
    if not form.is_valid():
        raise forms.ValidationError(form.errors)
    data = form.cleaned_data
    view = data.get("view") or ("month" if data.get("month") else "list")
    now = timezone.now()
    occurrences = filtered_occurrences(index_page, data)
    context = {
        "filter_form": form,
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
        for occurrence in occurrences.filter(start__lt=grid_end, end__gt=grid_start).order_by("start"):
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
        occurrences=page.object_list,
        previous_query=filter_query(data, page=page.previous_page_number()) if page.has_previous() else None,
        next_query=filter_query(data, page=page.next_page_number()) if page.has_next() else None,
    )
    return context
