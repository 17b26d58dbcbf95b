"""The admin in the editor's language: Swedish words where Wagtail has none, plural model names, and the
review workflow named in each reader's language, in the admin and in the review mails (real SMTP)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import ThemeIndexPageFactory, ThemePageFactory
from tests.admin_forms import admin_form_data
from tests.helpers import publish, signed_in, soup_of

pytestmark = pytest.mark.django_db
User = get_user_model()


def admin_in(language, **fields):
    user = User.objects.create_superuser(f"admin-{language}", f"admin-{language}@example.org", "x", **fields)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def calendar_with_events(sv_home):
    calendar = publish(EventIndexPageFactory(parent=sv_home))
    events = [publish(EventPageFactory(parent=calendar, title=f"Seminarium {n}")) for n in range(3)]
    return calendar, events


def text_of(response):
    assert response.status_code == 200
    soup = soup_of(response)
    for tag in soup(["script", "style"]):
        tag.decompose()
    labels = " ".join(
        value
        for tag in soup.find_all(True)
        for key, value in tag.attrs.items()
        if key in ("aria-label", "title")
    )
    return soup.get_text(" ", strip=True) + " " + labels


def test_a_swedish_admin_reads_swedish_where_wagtail_has_no_swedish(calendar_with_events):
    calendar, events = calendar_with_events
    client = signed_in(admin_in("sv"))

    explorer = text_of(client.get(f"/admin/pages/{calendar.pk}/"))
    assert "Utforskar: Kalender" in explorer and "Exploring" not in explorer
    assert re.search(r"1–3 av 3 sidor", explorer), explorer
    assert "Date updated" not in explorer and "Uppdaterad" in explorer
    # The language filter: Wagtail's Swedish called it "Plats" (a place).
    assert "Språk" in explorer and "Plats" not in explorer and "Locale" not in explorer

    usage = text_of(client.get("/admin/pages/usage/events/eventpage/"))
    assert re.search(r"\b1–3 av 3 evenemang\b", usage), usage
    assert not re.search(r"\bevenemangs\b", usage, re.I) and " of " not in usage

    editor = text_of(client.get(f"/admin/pages/{events[0].pk}/edit/"))
    for swedish in (
        "Automatisk sparning är pausad",
        "Sidopanelens bredd",
        "Minikarta",
        "Lämna in till Granskning",
    ):
        assert swedish in editor
    for english in ("Autosave is paused", "Side panel", "Minimap", "Moderators approval", "Saved"):
        assert english not in editor

    # The admin's scripts (the block picker's "Search options…") read their Swedish from the catalogue.
    scripts = client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("Sök bland alternativen…")[1:-1] in scripts


def test_an_english_admin_reads_english_and_the_workflow_in_english(calendar_with_events):
    calendar, events = calendar_with_events
    client = signed_in(admin_in("en"))
    assert "Exploring: Kalender" in text_of(client.get(f"/admin/pages/{calendar.pk}/"))
    editor = text_of(client.get(f"/admin/pages/{events[0].pk}/edit/"))
    assert "Submit to Review" in editor and "Granskning" not in editor
    assert re.search(r"\b1-3 of 3 events\b", text_of(client.get("/admin/pages/usage/events/eventpage/")))


def moderator(language, first_name):
    user = User.objects.create_user(
        f"mod-{language}", f"{first_name.lower()}@example.org", "x", first_name=first_name
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def test_review_mails_name_the_step_in_each_readers_language_from_the_sites_sender(
    sv_home, smtp_inbox, settings
):
    theme = publish(
        ThemePageFactory(parent=publish(ThemeIndexPageFactory(parent=sv_home)), title="Samverkan")
    )
    moderator("sv", "Mona")
    moderator("en", "Maja")
    communicator = User.objects.create_user("kommunikator", "k@example.org", "x")
    communicator.groups.add(Group.objects.get(name="Communicators"))
    client = signed_in(communicator)

    data = admin_form_data(client, f"/admin/pages/{theme.pk}/edit/")
    data["action-submit"] = "Submit"
    assert client.post(f"/admin/pages/{theme.pk}/edit/", data).status_code == 302

    mails = {message["To"]: message for message in smtp_inbox.messages}
    swedish, english = mails["mona@example.org"], mails["maja@example.org"]
    for mail in (swedish, english):
        assert mail["From"] == settings.DEFAULT_FROM_EMAIL == "Conecto+ <noreply@localhost>"
        assert "Moderators approval" not in mail["Subject"] + mail.get_content()
    assert "Godkännande av moderator" in swedish["Subject"]
    assert swedish.get_content().startswith("Hej Mona!")
    assert "Approval by a moderator" in english["Subject"]
    assert english.get_content().startswith("Hello Maja,")


def test_the_workflow_name_follows_the_language_however_it_was_saved():
    from django.utils import translation
    from wagtail.models import Workflow

    for stored in ("Review", "Granskning"):  # an admin who saves the workflow in Swedish stores Swedish
        Workflow.objects.create(name=stored, active=True)
    Workflow.objects.create(name="Juridisk granskning", active=True)
    for language, expected in (("sv", "Granskning"), ("en", "Review")):
        with translation.override(language):
            names = sorted(str(workflow.name) for workflow in Workflow.objects.filter(active=True))
        assert names.count(expected) == 3  # the default workflow (migration 0010) and the two above
        assert "Juridisk granskning" in names  # a name of its own stays as typed
