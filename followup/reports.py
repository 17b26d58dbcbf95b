"""The programme's follow-up report in the Wagtail admin (Reports → Follow-up), for the Follow-up
group and superusers: one view, a figure and a breakdown chosen in the filters, for a period, with
a chart beside the table and Wagtail's CSV and XLSX export (home/spreadsheets.py).

The view is thin: the facts come from followup/report_queries.py, the figures and the hiding of
small groups from followup/report_figures.py, the chart from followup/charts.py.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.http import HttpResponseBadRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from home.spreadsheets import ExcelCSVMixin

from . import report_figures as figures
from . import report_queries as queries
from .charts import bar_chart, display
from .report_models import REPORTS_PERMISSION, ExportLog

DEFAULT_FIGURE = "participants"
DEFAULT_BREAKDOWN = figures.BY_ORGANISATION


class ReportForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        if period and period.start and period.stop and period.start > period.stop:
            self.add_error("period", _("The period ends before it begins."))
        figure = figures.FIGURES.get(cleaned.get("figure") or DEFAULT_FIGURE)
        by = cleaned.get("by") or DEFAULT_BREAKDOWN
        if figure and by in figure.not_by:
            self.add_error(
                "by",
                _("%(figure)s cannot be broken down by %(by)s.")
                % {"figure": figure.label, "by": str(figures.BREAKDOWNS[by]).lower()},
            )
        return cleaned


class ReportFilterSet(WagtailFilterSet):
    """``?figure=…&by=…&period_from=…&period_to=…``; the view reads the form itself (the rows are not
    a queryset)."""

    figure = django_filters.ChoiceFilter(
        label=_("Figure"),
        choices=[(key, figure.label) for key, figure in figures.FIGURES.items()],
        empty_label=None,
        method="keep",
    )
    by = django_filters.ChoiceFilter(
        label=pgettext_lazy("figures broken down", "By"),
        choices=list(figures.BREAKDOWNS.items()),
        empty_label=None,
        method="keep",
    )
    period = django_filters.DateFromToRangeFilter(
        label=_("Period"),
        widget=DateRangePickerWidget,
        method="keep",
        help_text=_(
            "The dates that began, the paths completed, the requests made and the answers given in it."
        ),
    )

    class Meta:
        model = ExportLog  # any model: django-filter wants one, though nothing is filtered as a queryset
        fields = []
        form = ReportForm

    def keep(self, queryset, name, value):
        return queryset


class FollowupReportView(ExcelCSVMixin, ReportView):
    page_title = _("Follow-up")
    header_icon = "table"
    index_url_name = "followup_report"
    index_results_url_name = "followup_report_results"
    permission_required = "view_followup_reports"
    paginate_by = 1000  # a group per row: a few hundred at most (member organisations)
    filterset_class = ReportFilterSet
    results_template_name = "followup/report_results.html"

    def user_has_permission(self, permission):
        return self.request.user.has_perm(f"followup.{permission}")

    @cached_property
    def choice(self):
        """(figure, breakdown, period) asked for, the defaults where none; None when unreadable."""
        if self.filters is None:
            return figures.FIGURES[DEFAULT_FIGURE], DEFAULT_BREAKDOWN, None
        if not self.filters.is_valid():
            return None
        data = self.filters.form.cleaned_data
        figure = figures.FIGURES[data.get("figure") or DEFAULT_FIGURE]
        return figure, data.get("by") or DEFAULT_BREAKDOWN, data.get("period")

    @property
    def figure(self):
        return self.choice[0] if self.choice else figures.FIGURES[DEFAULT_FIGURE]

    @property
    def breakdown(self):
        return self.choice[1] if self.choice else DEFAULT_BREAKDOWN

    @property
    def list_export(self):
        return ["group", *(column.name for column in self.figure.columns)]

    @property
    def export_headings(self):
        return {
            "group": figures.BREAKDOWNS[self.breakdown],
            **{column.name: column.label for column in self.figure.columns},
        }

    @property
    def columns(self):
        return [FigureColumn(name, label=label) for name, label in self.export_headings.items()]

    def get_filename(self):
        return f"followup-{self.figure.key}-{self.breakdown}"

    def filter_queryset(self, queryset):
        return queryset  # the choices are applied while reading the rows (get_queryset)

    def get_queryset(self):
        if self.choice is None:
            return []
        figure, by, period = self.choice
        facts = queries.facts_for(figure, period)
        return figures.figure_rows(figure, facts, by, queries.dimensions(facts), queries.min_group())

    def to_row_dict(self, item):
        return {name: _exported(item[name]) for name in self.list_export}

    def render_to_response(self, context, **response_kwargs):
        if self.is_export and self.choice is None:
            # Never a download of everything when what was asked for could not be read.
            errors = " ".join(error for errors in self.filters.errors.values() for error in errors)
            message = _("The report could not be made: %(errors)s") % {"errors": errors}
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(self.object_list)
        context["figure"] = self.figure
        context["breakdown_label"] = figures.BREAKDOWNS[self.breakdown]
        context["min_group"] = queries.min_group()
        context["any_hidden"] = any(row.hidden for row in rows)
        context["chart"] = self.chart(rows) if len(rows) > 1 else None
        return context

    def chart(self, rows):
        column = self.figure.chart_column
        label = next(col.label for col in self.figure.columns if col.name == column)
        return bar_chart(
            title=_("%(figure)s by %(by)s")
            % {"figure": label, "by": str(figures.BREAKDOWNS[self.breakdown]).lower()},
            description=_(
                "Bar chart with one bar per group. Groups too small to show have no bar. The table "
                "below holds the same figures."
            ),
            groups=[(row.group, row.cell(column), column in row.hidden) for row in rows if not row.is_total],
            maximum=self.figure.chart_maximum,
        )


class FigureColumn(Column):
    """A cell as the reader expects it: numbers in their language, a dash where there is none."""

    def get_value(self, instance):
        return display(instance[self.name])


def _exported(value):
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    return str(value)


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORTS_PERMISSION)
