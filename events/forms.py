"""The event editor: a change to a single date must name a date the series actually has.

Whether a date is in the series depends on the rule, start and zone being edited in the same form,
which the inline's own clean cannot see, so the page form checks every date change against them.
"""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import expansion
from .choices import TIME_ZONES

# How many of the saved series' next dates the date field's help text lists.
OFFERED_DATES = 8


def _day(value):
    return date_format(value, "l j F Y")


def outside_series_message(day, before, after):
    """What the editor reads when a date change names a date the series does not have."""
    message = _("%(date)s is not one of the series' dates.") % {"date": _day(day)}
    if before and after:
        nearest = _("The nearest dates in the series are %(before)s and %(after)s.") % {
            "before": _day(before),
            "after": _day(after),
        }
    elif before or after:
        nearest = _("The nearest date in the series is %(date)s.") % {"date": _day(before or after)}
    else:
        return message
    return f"{message} {nearest}"


def offered_dates_help(dates):
    if not dates:
        return ""
    return _("The date as it falls in the series. Its next dates: %(dates)s.") % {
        "dates": ", ".join(_day(day) for day in dates)
    }


def _series(start_date, start_time, recurrence, time_zone):
    start = dt.datetime.combine(start_date, start_time or dt.time(0, 0))
    return expansion.series_dates(start, recurrence, ZoneInfo(time_zone))


class EventPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("date_exceptions")
        event = self.instance
        if formset is None or not event.start_date or event.time_zone not in TIME_ZONES:
            return
        # The saved series' next dates, offered in the help text of every date change (the empty
        # form that "Add" copies included); the check in clean() uses the dates being edited.
        today = timezone.localdate()
        upcoming = (
            day
            for day in _series(event.start_date, event.start_time, event.recurrence, event.time_zone)
            if day >= today
        )
        help_text = offered_dates_help(list(itertools.islice(upcoming, OFFERED_DATES)))
        if not help_text:
            return
        base = formset.form

        class DateChangeForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["original_date"].help_text = help_text

        formset.form = DateChangeForm

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("date_exceptions")
        start_date = cleaned_data.get("start_date")
        time_zone = cleaned_data.get("time_zone")
        if (
            formset is None
            or not start_date
            or "recurrence" not in cleaned_data
            or time_zone not in TIME_ZONES
        ):
            return cleaned_data  # the fields' own errors come first
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("original_date")
            if day is None:
                continue
            dates = _series(start_date, cleaned_data.get("start_time"), cleaned_data["recurrence"], time_zone)
            found, before, after = expansion.locate_date(dates, day)
            if not found:
                form.add_error("original_date", outside_series_message(day, before, after))
        return cleaned_data
