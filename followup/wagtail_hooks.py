from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import EventResultsView, ResultsIndexView, may_see_results
from .models import Questionnaire
from .personal_data import personal_data


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "form"
    menu_label = _("Questionnaires")
    add_to_admin_menu = False
    list_display = ["name", "is_default"]


register_snippet(QuestionnaireViewSet)


admin_urls = [
    path("", ResultsIndexView.as_view(), name="index"),
    path("<uuid:event_key>/", EventResultsView.as_view(), name="event"),
]


@hooks.register("register_admin_urls")
def register_followup_admin_urls():
    return [path("evaluations/", include((admin_urls, "followup_admin"), namespace="followup_admin"))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_results(request.user)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Evaluations"), reverse_lazy("followup_admin:index"), icon_name="list-ul", order=154
    )


@hooks.register("register_my_learning_section")
def my_learning_questions():
    from learning.my_learning_sections import MyLearningSection

    from .display import open_questions

    return MyLearningSection(
        key="followup", template="followup/my_learning_section.html", context=open_questions, order=10
    )


@hooks.register("register_my_learning_section")
def my_learning_certificate():
    from learning.my_learning_sections import MyLearningSection

    from .display import certificate_link

    return MyLearningSection(
        key="certificate",
        template="followup/my_learning_certificate.html",
        context=certificate_link,
        order=20,
    )


@hooks.register("register_demo_content", order=45)
def seed_followup_demo(demo):
    # After the events (20) and the bookings (35).
    from .demo import seed_followup

    return seed_followup(demo)


# The follow-up reports (followup/reports.py) and the participant list (followup/participants.py),
# under Reports, for the Follow-up group and superusers.


@hooks.register("register_admin_urls")
def register_followup_report_urls():
    from django.urls import path

    from .participants import ExportLogView, ParticipantListView
    from .reports import FollowupReportView

    return [
        path("reports/followup/", FollowupReportView.as_view(), name="followup_report"),
        path(
            "reports/followup/results/",
            FollowupReportView.as_view(results_only=True),
            name="followup_report_results",
        ),
        path("reports/participant-list/", ParticipantListView.as_view(), name="followup_participant_list"),
        path(
            "reports/participant-list/results/",
            ParticipantListView.as_view(results_only=True),
            name="followup_participant_list_results",
        ),
        path("reports/participant-list/exports/", ExportLogView.as_view(), name="followup_export_log"),
        path(
            "reports/participant-list/exports/results/",
            ExportLogView.as_view(results_only=True),
            name="followup_export_log_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_followup_report_menu_item():
    from django.urls import reverse

    from .reports import ReportsMenuItem

    return ReportsMenuItem(
        _("Follow-up"), reverse("followup_report"), name="followup", icon_name="table", order=1400
    )


@hooks.register("register_reports_menu_item")
def register_participant_list_menu_item():
    from django.urls import reverse

    from .participants import ParticipantListMenuItem

    return ParticipantListMenuItem(
        _("Participant list"),
        reverse("followup_participant_list"),
        name="participant-list",
        icon_name="group",
        order=1410,
    )


@hooks.register("register_reports_menu_item")
def register_export_log_menu_item():
    from django.urls import reverse

    from .participants import ExportLogMenuItem

    return ExportLogMenuItem(
        _("Participant list exports"),
        reverse("followup_export_log"),
        name="participant-list-exports",
        icon_name="history",
        order=1420,
    )


@hooks.register("register_demo_content", order=40)
def seed_follow_up_demo(demo):
    from .report_demo import seed_follow_up_login

    return seed_follow_up_login(demo)


@hooks.register("register_personal_data")
def register_personal_data():
    """This app's part of a person's download, account deletion and purge (docs/privacy.md)."""
    return personal_data()
