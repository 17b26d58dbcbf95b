from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import EventResultsView, ResultsIndexView, may_see_results
from .models import Questionnaire


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


@hooks.register("register_demo_content", order=45)
def seed_followup_demo(demo):
    # After the events (20) and the bookings (35).
    from .demo import seed_followup

    return seed_followup(demo)
