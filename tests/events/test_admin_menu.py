"""The admin shows the calendar to those who may work on it: editors, not communicators."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import NewsIndexPageFactory

pytestmark = pytest.mark.django_db


def signed_in(group_name):
    user = get_user_model().objects.create_user(f"user-{group_name}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def calendar(sv_home):
    NewsIndexPageFactory(parent=sv_home)  # opens the news to communicators
    calendar = EventIndexPageFactory(parent=sv_home)
    event = EventPageFactory(parent=calendar, title="Seminarium om samverkan")
    event.save_revision().publish()
    return calendar


def test_communicators_see_no_events_menu_and_cannot_open_the_listing(calendar):
    communicator = signed_in("Communicators")
    dashboard = communicator.get("/admin/")
    assert dashboard.status_code == 200
    assert "/admin/events/" not in dashboard.content.decode()
    # Turned away the way the admin turns away what a role may not do: back to the dashboard.
    response = communicator.get("/admin/events/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_editors_see_the_events_menu_with_the_events(calendar):
    editor = signed_in("Editors")
    assert "/admin/events/" in editor.get("/admin/").content.decode()
    listing = editor.get("/admin/events/")
    assert listing.status_code == 200
    assert "Seminarium om samverkan" in listing.content.decode()
