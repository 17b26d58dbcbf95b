"""A path step whose event is under a view restriction shows neither the event's title, nor its link,
nor its dates to someone who may not open it; those who may see all of it (home/privacy.py)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from learning.factories import session_step
from learning.models import PathFollow
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

HIDDEN = "Ett evenemang som inte är öppet för dig"


@pytest.fixture
def path_with_restricted_steps(make_event, make_path):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    public = make_event(title="Öppet seminarium", start_date=tomorrow)
    members = make_event(title="Internt seminarium", start_date=tomorrow)
    group_only = make_event(title="Handledning för gruppen", start_date=tomorrow)
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    restriction = PageViewRestriction.objects.create(
        page=group_only, restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name="Handledare")
    restriction.groups.add(group)
    path = make_path(
        [session_step(public), session_step(members), session_step(group_only)],
        title="Samverkan i praktiken",
        slug="samverkan-i-praktiken",
    )
    return {"path": path, "public": public, "members": members, "group_only": group_only, "group": group}


def steps(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    found = []
    for step in soup.select(".learning-step"):
        title = step.select_one(".learning-step__title")
        link = title.select_one("a")
        found.append(
            {
                "title": title.get_text(strip=True),
                "link": link["href"] if link else None,
                "dates": bool(step.select("time")),
            }
        )
    return found


def shown(step, event):
    return step == {"title": event.title, "link": event.url, "dates": True}


HIDDEN_STEP = {"title": HIDDEN, "link": None, "dates": False}


def test_anonymous_visitors_see_no_restricted_event_in_the_steps(client, path_with_restricted_steps):
    made = path_with_restricted_steps
    first, second, third = steps(client, made["path"].url)
    assert shown(first, made["public"])
    assert second == HIDDEN_STEP
    assert third == HIDDEN_STEP
    body = client.get(made["path"].url).content.decode()
    for event in (made["members"], made["group_only"]):
        assert event.title not in body and event.url not in body


def test_signed_in_people_see_what_they_may_open(path_with_restricted_steps, django_user_model):
    made = path_with_restricted_steps
    anna = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    bo = django_user_model.objects.create_user("bo", "bo@example.org", "pw")
    bo.groups.add(made["group"])

    first, second, third = steps(signed_in(anna), made["path"].url)
    assert shown(first, made["public"]) and shown(second, made["members"])
    assert third == HIDDEN_STEP

    first, second, third = steps(signed_in(bo), made["path"].url)
    assert (
        shown(first, made["public"]) and shown(second, made["members"]) and shown(third, made["group_only"])
    )


def test_my_learning_lists_no_session_the_person_may_not_open(path_with_restricted_steps, django_user_model):
    made = path_with_restricted_steps
    anna = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    PathFollow.objects.create(user=anna, path_key=made["path"].translation_key)
    soup = BeautifulSoup(signed_in(anna).get("/sv/mitt-larande/").content, "html.parser")
    sessions = soup.select_one("#next-sessions").find_parent("section").get_text(" ", strip=True)
    assert "Öppet seminarium" in sessions and "Internt seminarium" in sessions
    assert "Handledning för gruppen" not in soup.get_text()
