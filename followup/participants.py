"""The participant list for the funder's reporting (Reports → Participant list): who took part in a
month, as CSV and XLSX, for the Follow-up group and superusers only. Every download is logged
(``ExportLog``, Reports → Participant list exports, superusers only).

The rows are built by ``participant_rows`` (a plain function) from the month's attended bookings;
docs/followup.md defines each column.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Max, Min
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from accounts.models import Gender, Organisation
from bookings.models import ATTENDED_STATES, Booking
from home.spreadsheets import ExcelCSVMixin

from . import report_figures as figures
from .report_models import PARTICIPANT_LIST_PERMISSION, ExportLog
from .report_queries import _date_lengths
from .report_services import log_export


@dataclass(frozen=True)
class Attendance:
    """One attended booking in the month, with the person's details."""

    person: int
    name: str
    email: str
    organisation: str
    member: str
    gender: str
    state: str
    minutes: int | None
    scheduled_minutes: int


@dataclass(frozen=True)
class ParticipantRow:
    name: str
    email: str
    organisation_type: str
    organisation: str
    first_attended: date
    last_attended: date
    hours: Decimal
    gender: str

    def __getitem__(self, name):
        return getattr(self, name)


def participant_rows(attendances, first_and_last, organisation_labels, gender_labels):
    """One row per person who attended in the month, by name.

    ``attendances``: the month's attended bookings; ``first_and_last``: person → (first, last)
    attended date up to the end of the month. Hours are counted as in the hours attended figure
    (followup/report_figures.py, ``minutes_attended``). Gender is left empty where not given.
    """
    by_person = defaultdict(list)
    for attendance in attendances:
        by_person[attendance.person].append(attendance)
    rows = []
    for person, items in by_person.items():
        first = items[0]
        minutes = sum(
            (
                figures.minutes_attended(
                    figures.Fact(
                        kind=item.state,
                        when=first_and_last[person][0],
                        minutes=item.minutes,
                        scheduled_minutes=item.scheduled_minutes,
                    )
                )
                for item in items
            ),
            Decimal(0),
        )
        rows.append(
            ParticipantRow(
                name=first.name,
                email=first.email,
                organisation_type=str(organisation_labels.get(first.organisation, "")),
                organisation=first.member,
                first_attended=first_and_last[person][0],
                last_attended=first_and_last[person][1],
                hours=figures.hours(minutes),
                gender=""
                if first.gender in ("", Gender.NOT_SAID)
                else str(gender_labels.get(first.gender, "")),
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.email.casefold()))


def month_bounds(month):
    """The first moment of ``month`` (its first day) and of the month after, in the site's time zone."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (datetime.combine(month, time(), tzinfo=zone), datetime.combine(following, time(), tzinfo=zone))


def attendances_in(month):
    """The month's attended bookings and each of those people's first and last attended date up to
    the end of the month. Three queries."""
    start, end = month_bounds(month)
    fields = [
        "user_id",
        "user__first_name",
        "user__last_name",
        "user__email",
        "user__organisation",
        "user__organisation_name",
        "user__gender",
        "state",
        "session_date__event_key",
        "session_date__original_start",
        "attended_minutes",
    ]
    rows = list(
        Booking.objects.filter(
            state__in=ATTENDED_STATES,
            session_date__original_start__gte=start,
            session_date__original_start__lt=end,
        ).values_list(*fields)
    )
    lengths = _date_lengths({(str(row[8]), row[9]) for row in rows})
    attendances = []
    for row in rows:
        person, first_name, last_name, email, organisation, member, gender, state, key, original, minutes = (
            row
        )
        begin, finish = lengths.get((str(key), original), (original, original))
        attendances.append(
            Attendance(
                person=person,
                name=f"{first_name} {last_name}".strip() or email,
                email=email,
                organisation=organisation,
                member=member,
                gender=gender,
                state=state,
                minutes=minutes,
                scheduled_minutes=int((finish - begin).total_seconds() // 60),
            )
        )
    first_and_last = {
        person: (timezone.localdate(first), timezone.localdate(last))
        for person, first, last in Booking.objects.filter(
            user_id__in={attendance.person for attendance in attendances},
            state__in=ATTENDED_STATES,
            session_date__original_start__lt=end,
        )
        .values("user_id")
        .annotate(first=Min("session_date__original_start"), last=Max("session_date__original_start"))
        .values_list("user_id", "first", "last")
    }
    return attendances, first_and_last


def previous_month(today=None):
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


class DayColumn(Column):
    """A date shown as the day it was ("10 mars 2026"): Wagtail's DateColumn shows how long ago
    ("8 months ago"), which makes a first and a last attended date weeks apart read the same."""

    cell_template_name = "followup/day_cell.html"


class MonthField(forms.DateField):
    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Give the month as year and month, such as 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class MonthFilterSet(WagtailFilterSet):
    month = MonthFilter(
        label=_("Month"),
        method="keep",
        help_text=_("The people who attended a date in this month (year and month, such as 2026-03)."),
    )

    class Meta:
        model = Booking
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class ParticipantListView(ExcelCSVMixin, ReportView):
    page_title = _("Participant list")
    header_icon = "group"
    index_url_name = "followup_participant_list"
    index_results_url_name = "followup_participant_list_results"
    permission_required = "export_participant_list"
    paginate_by = 200
    filterset_class = MonthFilterSet
    list_export = [
        "name",
        "email",
        "organisation_type",
        "organisation",
        "first_attended",
        "last_attended",
        "hours",
        "gender",
    ]
    export_headings = {
        "name": _("Name"),
        "email": _("E-mail"),
        "organisation_type": _("Organisation type"),
        "organisation": _("Organisation"),
        "first_attended": _("First attended date"),
        "last_attended": _("Last attended date"),
        "hours": _("Hours attended in the month"),
        "gender": _("Gender"),
    }
    columns = [
        DayColumn(field, label=label) if field.endswith("attended") else Column(field, label=label)
        for field, label in export_headings.items()
    ]

    def user_has_permission(self, permission):
        return self.request.user.has_perm(f"followup.{permission}")

    @cached_property
    def month(self):
        """The month asked for (the previous month when none); None when it could not be read."""
        if self.filters is None:
            return previous_month()
        if not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data.get("month") or previous_month()

    def get_filename(self):
        return f"participants-{self.month:%Y-%m}"

    def filter_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        if self.month is None:
            return []
        attendances, first_and_last = attendances_in(self.month)
        return participant_rows(attendances, first_and_last, dict(Organisation.choices), dict(Gender.choices))

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            if self.month is None:
                errors = " ".join(error for errors in self.filters.errors.values() for error in errors)
                message = _("The month could not be read: %(errors)s") % {"errors": errors}
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
            rows = context["object_list"]
            log_export(self.request.user, self.month, self.request.GET.get("export"), len(rows))
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["month_label"] = date_format(self.month, "YEAR_MONTH_FORMAT") if self.month else ""
        return context

    results_template_name = "followup/participant_list_results.html"


class ParticipantListMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PARTICIPANT_LIST_PERMISSION)


class ExportLogView(ExcelCSVMixin, ReportView):
    """Who downloaded the participant list, when, which month, in which format: superusers only."""

    page_title = _("Participant list exports")
    header_icon = "history"
    index_url_name = "followup_export_log"
    index_results_url_name = "followup_export_log_results"
    paginate_by = 100
    permission_required = "superuser"
    list_export = ["exported_at", "user_name", "month", "export_format", "rows"]
    export_headings = {
        "exported_at": _("Exported at"),
        "user_name": _("Exported by"),
        "month": _("Month"),
        "export_format": _("Format"),
        "rows": _("People in the list"),
    }
    columns = [
        DateColumn("exported_at", label=_("Exported at")),
        Column("user_name", label=_("Exported by")),
        Column("month", label=_("Month")),
        Column("export_format", label=_("Format")),
        Column("rows", label=_("People in the list")),
    ]

    def user_has_permission(self, permission):
        return self.request.user.is_superuser

    def get_queryset(self):
        return ExportLog.objects.all()


class ExportLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser
