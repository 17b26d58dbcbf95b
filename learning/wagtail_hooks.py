from wagtail import hooks

from .choosers import module_chooser, seminar_chooser, supervision_chooser


@hooks.register("register_admin_viewset")
def register_event_choosers():
    return [seminar_chooser, module_chooser, supervision_chooser]


# The editors' learning path report (learning/report.py), under Reports.


@hooks.register("register_admin_urls")
def register_learning_path_report_urls():
    from django.urls import path

    from .report import LearningPathReportView

    return [
        path("reports/learning-paths/", LearningPathReportView.as_view(), name="learning_path_report"),
        path(
            "reports/learning-paths/results/",
            LearningPathReportView.as_view(results_only=True),
            name="learning_path_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_learning_path_report_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from .report import LearningPathReportMenuItem

    return LearningPathReportMenuItem(
        _("Learning paths"),
        reverse("learning_path_report"),
        name="learning-paths",
        icon_name="list-ol",
        order=1300,
    )
