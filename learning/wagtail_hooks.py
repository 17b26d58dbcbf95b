from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .choosers import module_chooser, seminar_chooser, supervision_chooser
from .personal_data import personal_data
from .progress_store import progress_from_attendance

FEATURED_ON_HOME = 3


@hooks.register("register_admin_viewset")
def register_event_choosers():
    return [seminar_chooser, module_chooser, supervision_chooser]


# --- Theme pages (home/themes.py) and the home page (home/home_sections.py) ---


def live_paths(locale_id, request):
    """Live paths of one language that ``request`` may open, in tree order, in one query."""
    from home.privacy import viewable

    from .models import LearningPathPage

    return viewable(LearningPathPage.objects.live().filter(locale_id=locale_id), request).order_by("path")


def paths_for_theme(theme, limit, request):
    from home.themes import tagged_with

    return list(tagged_with(live_paths(theme.locale_id, request), theme)[:limit])


def path_index_link_for_theme(theme):
    from .models import LearningPathIndexPage

    index = LearningPathIndexPage.objects.live().filter(locale_id=theme.locale_id).first()
    if index:
        return f"{index.url}?theme={theme.slug}", _("All learning paths in this theme")
    return None


@hooks.register("register_theme_section")
def theme_paths_section():
    from home.themes import ThemeSection

    # After the events: a path is the way through them.
    return ThemeSection(
        key="learning-paths",
        heading=_("Learning paths"),
        template="learning/theme_section.html",
        items=paths_for_theme,
        more_link=path_index_link_for_theme,
        order=20,
    )


def featured_for_home(request, home_page):
    from .models import LearningPathIndexPage

    paths = list(live_paths(home_page.locale_id, request).filter(featured=True)[:FEATURED_ON_HOME])
    if not paths:
        return None
    return {
        "paths": paths,
        "path_index": LearningPathIndexPage.objects.live().filter(locale_id=home_page.locale_id).first(),
    }


@hooks.register("register_home_section")
def home_featured_paths_section():
    from home.home_sections import HomeSection

    return HomeSection(
        key="learning-paths", template="learning/home_section.html", context=featured_for_home, order=30
    )


@hooks.register("register_demo_content", order=25)
def seed_learning_demo(demo):
    from .demo import seed_learning

    return seed_learning(demo)


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


@hooks.register("register_attendance_listener")
def attendance_listener():
    # Attendance completes session steps in the transaction that records it (bookings/attendance_hooks.py).
    return progress_from_attendance


@hooks.register("register_personal_data")
def register_personal_data():
    """This app's part of a person's download, account deletion and purge (docs/privacy.md)."""
    return personal_data()
