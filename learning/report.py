"""The editors' learning path report in the Wagtail admin (Reports → Learning paths), with Wagtail's
own CSV and XLSX export. The figures are learning/report_figures.py; this view only reads the rows."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.models import Organisation
from events.models import EventPage

from .models import LearningPathPage, PathCompletion, PathFollow, StepCompletion
from .progress import MATERIAL
from .report_figures import PathSummary, report_rows

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


class LearningPathReportView(ReportView):
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

    def user_has_permission(self, permission):
        return self.request.user.has_perm(f"learning.{permission}")

    def get_queryset(self):
        return report_rows(
            path_summaries(),
            PathFollow.objects.values_list("path_key", "user__organisation"),
            PathCompletion.objects.values_list("path_key", "user__organisation"),
            StepCompletion.objects.values_list("path_key", "step_id"),
            dict(Organisation.choices),
        )


class LearningPathReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)
