"""A communicator sends an English translation for review from wagtail-localize's translation editor,
an editor finds it under "Awaiting your review" and approves it, and it is live under /en/."""

import datetime as dt

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import Translation

from home.factories import NewsPageFactory
from home.translation_review import SUBMIT_ACTION
from tests.helpers import member_of, signed_in
from tests.home.news_helpers import make_news_index

pytestmark = pytest.mark.django_db

ENGLISH = {
    "Stöd i handledningsgrupper": "Support in supervision groups",
    "stod-i-handledningsgrupper": "support-in-supervision-groups",
    "Nu startar nya grupper.": "New groups are starting.",
    "Anmäl dig senast i maj.": "Sign up by May.",
}


@pytest.fixture
def translation_in_progress(sv_home, english, bilingual_site, django_capture_on_commit_callbacks):
    """A published Swedish news item that a communicator has translated into English, not yet submitted."""
    sv_news, _en_index = make_news_index(sv_home)
    item = NewsPageFactory(
        parent=sv_news,
        title="Stöd i handledningsgrupper",
        slug="stod-i-handledningsgrupper",
        introduction="Nu startar nya grupper.",
        date=dt.date(2025, 3, 1),
        body=[("rich_text", "<p>Anmäl dig senast i maj.</p>")],
    )
    item.save_revision().publish()
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = communicator.post(f"/admin/localize/submit/page/{item.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=item.translation_key, target_locale=english)
    catalogue = polib.pofile(
        communicator.get(f"/admin/localize/translate/{translation.pk}/pofile/download/").content.decode()
    )
    for entry in catalogue:
        entry.msgstr = ENGLISH[entry.msgid]
    upload = SimpleUploadedFile("en.po", str(catalogue).encode(), content_type="text/x-gettext-translation")
    response = communicator.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/", {"file": upload}
    )
    assert response.status_code == 302
    return communicator, translation.get_target_instance()


def review_form(client, page):
    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    return soup.select_one("form[data-translation-review]")


def test_a_communicator_submits_a_translation_and_an_editor_approves_it(
    translation_in_progress, django_capture_on_commit_callbacks
):
    communicator, en_item = translation_in_progress
    edit_url = f"/admin/pages/{en_item.pk}/edit/"
    form = review_form(communicator, en_item)
    assert form is not None
    button = form.select_one("button[type=submit]")
    assert button.get_text(strip=True) == "Skicka för granskning"
    assert button["name"] == SUBMIT_ACTION

    with django_capture_on_commit_callbacks(execute=True):
        response = communicator.post(edit_url, {SUBMIT_ACTION: "1"})
    assert response.status_code == 302
    en_item.refresh_from_db()
    assert not en_item.live
    assert en_item.current_workflow_state.status == "in_progress"
    assert en_item.get_latest_revision_as_object().title == "Support in supervision groups"
    assert review_form(communicator, en_item) is None  # nothing more to submit while it is in review
    # In review the page is locked to its author: Wagtail turns the post away and nothing restarts.
    assert communicator.post(edit_url, {SUBMIT_ACTION: "1"}).status_code == 302
    assert en_item.workflow_states.count() == 1

    editor = signed_in(member_of("Editors", "redaktor"))
    dashboard = BeautifulSoup(editor.get("/admin/").content, "html.parser")
    awaiting = dashboard.select_one("#awaiting-review-section, #awaiting-review")
    assert "Inväntar din granskning" in awaiting.get_text()  # the admin speaks Swedish by default
    assert "Support in supervision groups" in awaiting.get_text()

    task_state = en_item.current_workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=(en_item.pk, "approve", task_state.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(approve, {"comment": ""}).status_code == 302
    en_item.refresh_from_db()
    assert en_item.live
    page = Client().get(en_item.url)
    assert page.status_code == 200
    assert en_item.url.startswith("/en/")
    assert "Support in supervision groups" in page.content.decode()
    assert "Sign up by May." in page.content.decode()


def test_an_editor_rejecting_sends_it_back_for_a_resubmission(
    translation_in_progress, django_capture_on_commit_callbacks
):
    communicator, en_item = translation_in_progress
    communicator.post(f"/admin/pages/{en_item.pk}/edit/", {SUBMIT_ACTION: "1"})
    en_item.refresh_from_db()
    editor = signed_in(member_of("Editors", "redaktor"))
    task_state = en_item.current_workflow_state.current_task_state
    reject = reverse("wagtailadmin_pages:workflow_action", args=(en_item.pk, "reject", task_state.pk))
    assert editor.post(reject, {"comment": "Kortare rubrik"}).status_code == 302
    en_item.refresh_from_db()
    assert en_item.current_workflow_state.status == "needs_changes"

    assert review_form(communicator, en_item) is not None
    assert communicator.post(f"/admin/pages/{en_item.pk}/edit/", {SUBMIT_ACTION: "1"}).status_code == 302
    en_item.refresh_from_db()
    assert en_item.current_workflow_state.status == "in_progress"
    assert not en_item.live


def test_the_news_introduction_has_one_name_in_the_editor_and_the_translation_editor(
    translation_in_progress,
):
    import json

    from wagtail.users.models import UserProfile

    communicator, en_item = translation_in_progress
    # In English, where the two names differed ("Lead" and "Introduction"); Swedish said "Ingress" twice.
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="kommunikator"))
    profile.preferred_language = "en"
    profile.save()
    sv_item = en_item.get_translation(en_item.locale.get_default())
    editor = BeautifulSoup(communicator.get(f"/admin/pages/{sv_item.pk}/edit/").content, "html.parser")
    label = editor.select_one("label[for=id_introduction]").get_text(strip=True)
    translator = BeautifulSoup(communicator.get(f"/admin/pages/{en_item.pk}/edit/").content, "html.parser")
    props = json.loads(translator.select_one(".js-translation-editor")["data-props"])
    names = {s["location"]["field"] for s in props["segments"] if s["contentPath"] == "introduction"}
    assert label.rstrip("*") == "Introduction"
    assert names == {"Introduction"}
