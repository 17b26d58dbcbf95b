"""The editors' learning path report in the Wagtail admin (Reports → Learning paths), with Wagtail's
own CSV and XLSX export (the CSV as Swedish Excel reads it, home/spreadsheets.py). The figures are
learning/report_figures.py; this view only reads the rows, for a period when one is chosen."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.models import Organisation
from events.models import EventPage
from home.spreadsheets import ExcelCSVMixin

from .models import LearningPathPage, PathCompletion, PathFollow, StepCompletion
from .progress import MATERIAL
from .report_figures import PathSummary, report_rows, total_row

REPORT_PERMISSION = "learning.view_path_report"


def path_summaries():
    """Every path once (the page in the default language where there is one), with its steps named."""
    by_key = {}
    for page in (
        LearningPathPage.objects.filter(alias_of__isnull=True).select_related("locale").order_by("path")
    ):
        if page.translation_key not in by_key or page.locale.language_code == settings.LANGUAGE_CODE:
            by_key[page.translation_key] = page
    pages = sorted(by_key.values(), key=lambda page: page.title.lower())
    structures = {page.pk: page.structure for page in pages}
    event_ids = {
        step.event_id for structure in structures.values() for step in structure.steps if step.event_id
    }
    events = EventPage.objects.in_bulk(event_ids)

    def step_title(step):
        if step.kind == MATERIAL or step.event_id not in events:
            return step.title or str(_("A step without a title"))
        return events[step.event_id].title

    return [
        PathSummary(
            key=str(page.translation_key),
            title=page.title,
            steps=tuple((step.id, step_title(step)) for step in structures[page.pk].steps),
        )
        for page in pages
    ]


class PeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period and period.start and period.stop and period.start > period.stop:
            self.add_error("period", _("The period ends before it begins."))
        return cleaned


class PeriodFilterSet(WagtailFilterSet):
    """From and to (both days included, in the site's time zone): ``?period_from=…&period_to=…``.

    The rows are not a queryset, so the view reads the period from the form and applies it itself.
    """

    period = django_filters.DateFromToRangeFilter(
        label=_("Period"),
        widget=DateRangePickerWidget,
        help_text=_(
            "Counts what happened in the period: people who began following, completed a step or "
            "completed the path in it."
        ),
    )

    class Meta:
        model = PathFollow
        fields = []
        form = PeriodForm


def in_period(field, period):
    """A Q for ``field`` (a datetime) falling on the days of ``period`` (a slice of dates, ends optional)."""
    condition = Q()
    if period and period.start:
        condition &= Q(**{f"{field}__date__gte": period.start})
    if period and period.stop:
        condition &= Q(**{f"{field}__date__lte": period.stop})
    return condition


class LearningPathReportView(ExcelCSVMixin, ReportView):
    page_title = _("Learning paths")
    header_icon = "list-ol"
    index_url_name = "learning_path_report"
    index_results_url_name = "learning_path_report_results"
    permission_required = "view_path_report"
    paginate_by = 200
    export_filename = "learning-paths"
    list_export = ["path", "breakdown", "group", "followers", "completions"]
    export_headings = {
        "path": _("Learning path"),
        "breakdown": _("Figures by"),
        "group": _("Group or step"),
        "followers": _("People following"),
        "completions": _("People who completed"),
    }
    columns = [Column(field, label=label) for field, label in export_headings.items()]
    filterset_class = PeriodFilterSet
    results_template_name = "learning/report_results.html"

    def user_has_permission(self, permission):
        return self.request.user.has_perm(f"learning.{permission}")

    @cached_property
    def period(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("period")
        return None

    def filter_queryset(self, queryset):
        return queryset  # the period is applied while reading the rows (get_queryset)

    def get_queryset(self):
        follows = list(
            PathFollow.objects.filter(in_period("followed_at", self.period)).values_list(
                "path_key", "user__organisation", "user_id"
            )
        )
        path_completions = list(
            PathCompletion.objects.filter(in_period("completed_at", self.period)).values_list(
                "path_key", "user__organisation", "user_id"
            )
        )
        step_completions = list(
            StepCompletion.objects.filter(in_period("completed_at", self.period)).values_list(
                "path_key", "step_id", "user_id"
            )
        )
        rows = report_rows(
            path_summaries(),
            [(key, organisation) for key, organisation, _user in follows],
            [(key, organisation) for key, organisation, _user in path_completions],
            [(key, step) for key, step, _user in step_completions],
            dict(Organisation.choices),
        )
        self.total = total_row(
            participants={user for *_rest, user in follows + step_completions + path_completions},
            completers={user for *_rest, user in path_completions},
        )
        return [self.total, *rows]

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.filters and not self.filters.is_valid():
            # Never a download of everything when the period asked for could not be read.
            errors = " ".join(error for errors in self.filters.errors.values() for error in errors)
            message = _("The period could not be read: %(errors)s") % {"errors": errors}
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = self.total
        return context


class LearningPathReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)
