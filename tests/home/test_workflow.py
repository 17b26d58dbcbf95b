"""Who may do what in the admin, the review workflow from submission to publication, and scheduling."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)
from home.models import ThemePage
from home.translation import translate_page
from tests.admin_forms import admin_form_data
from tests.helpers import publish

pytestmark = pytest.mark.django_db


def user_in(group_name):
    user = get_user_model().objects.create_user(username=f"user-{group_name or 'none'}", password="x")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def site_pages(sv_home):
    theme_index = publish(ThemeIndexPageFactory(parent=sv_home))
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    news_index = publish(NewsIndexPageFactory(parent=sv_home))
    return {
        "news index": news_index,
        "news item": publish(NewsPageFactory(parent=news_index)),
        "home": sv_home,
        "standard page": publish(StandardPageFactory(parent=sv_home)),
        "theme index": theme_index,
        "theme": publish(ThemePageFactory(parent=theme_index, title="Samverkan", slug="samverkan")),
        "calendar": calendar,
        "event": publish(EventPageFactory(parent=calendar)),
    }


# (group, page) -> (may edit, may publish)
MATRIX = {
    "Communicators": {
        "news index": (True, False),
        "news item": (True, False),
        "home": (False, False),
        "standard page": (False, False),
        "theme index": (True, False),
        "theme": (True, False),
        "calendar": (False, False),
        "event": (False, False),
    },
    "Editors": dict.fromkeys(
        ["news index", "news item", "home", "standard page", "theme index", "theme", "calendar", "event"],
        (True, True),
    ),
    "Moderators": dict.fromkeys(
        ["news index", "news item", "home", "standard page", "theme index", "theme", "calendar", "event"],
        (True, True),
    ),
    None: dict.fromkeys(
        ["news index", "news item", "home", "standard page", "theme index", "theme", "calendar", "event"],
        (False, False),
    ),
}


@pytest.mark.parametrize("group_name", list(MATRIX))
def test_permission_matrix(site_pages, group_name):
    user = user_in(group_name)
    actual = {}
    for name, page in site_pages.items():
        permissions = page.permissions_for_user(user)
        actual[name] = (permissions.can_edit(), permissions.can_publish())
    assert actual == MATRIX[group_name]


def test_communicators_can_add_themes_but_nothing_elsewhere(site_pages):
    user = user_in("Communicators")
    assert site_pages["theme index"].permissions_for_user(user).can_add_subpage()
    assert site_pages["news index"].permissions_for_user(user).can_add_subpage()
    assert not site_pages["home"].permissions_for_user(user).can_add_subpage()
    assert not site_pages["calendar"].permissions_for_user(user).can_add_subpage()


def test_communicators_may_edit_the_english_theme_section_too(site_pages, bilingual_site):
    en_index = translate_page(site_pages["theme index"], "en", {"Teman": "Themes", "teman": "themes"})
    user = user_in("Communicators")
    assert en_index.permissions_for_user(user).can_add_subpage()
    assert not bilingual_site["en_about"].permissions_for_user(user).can_edit()


def test_the_admin_turns_communicators_away_from_events(client, site_pages):
    client.force_login(user_in("Communicators"))
    assert client.get(f"/admin/pages/{site_pages['theme'].pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{site_pages['event'].pk}/edit/")
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/pages/add/home/standardpage/{site_pages['home'].pk}/").status_code in (
        302,
        403,
    )


def test_a_submitted_theme_is_published_by_a_reviewer(client, site_pages):
    theme = site_pages["theme"]
    communicator = user_in("Communicators")
    client.force_login(communicator)
    data = admin_form_data(client, f"/admin/pages/{theme.pk}/edit/")
    data["title"] = "Samverkan och helhetsperspektiv"
    data["action-submit"] = "Submit"
    response = client.post(f"/admin/pages/{theme.pk}/edit/", data)
    assert response.status_code == 302, response.content[:2000]

    theme = ThemePage.objects.get(pk=theme.pk)
    assert theme.title == "Samverkan"  # the public page waits for review
    state = theme.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert "Samverkan och helhetsperspektiv" not in Client().get(theme.url).content.decode()

    # A communicator cannot approve their own submission.
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=(theme.pk, "approve", task_state.pk))
    assert client.post(approve, {"comment": ""}).status_code in (302, 403)
    assert ThemePage.objects.get(pk=theme.pk).title == "Samverkan"

    reviewer = user_in("Editors")
    client.force_login(reviewer)
    assert client.post(approve, {"comment": "Bra!"}).status_code == 302
    theme = ThemePage.objects.get(pk=theme.pk)
    assert theme.title == "Samverkan och helhetsperspektiv"
    assert theme.live and not theme.has_unpublished_changes
    assert "Samverkan och helhetsperspektiv" in Client().get(theme.url).content.decode()


def test_scheduled_publishing_waits_for_its_time(client, site_pages):
    theme = site_pages["theme"]
    theme.title = "Samverkan 2027"
    # An hour ahead, and the clock travels there (not a sleep): on a loaded machine a go-live time seconds
    # away could pass before the first run below, and waiting for it costs every run that time.
    theme.go_live_at = timezone.now() + dt.timedelta(hours=1)
    revision = theme.save_revision()
    revision.publish()
    assert ThemePage.objects.get(pk=theme.pk).title == "Samverkan"  # the old text until the time comes
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    assert ThemePage.objects.get(pk=theme.pk).title == "Samverkan"

    with time_machine.travel(revision.approved_go_live_at + dt.timedelta(seconds=1), tick=True):
        call_command("publish_scheduled")  # what the cron job runs every few minutes
        assert ThemePage.objects.get(pk=theme.pk).title == "Samverkan 2027"
        assert "Samverkan 2027" in Client().get(theme.url).content.decode()
