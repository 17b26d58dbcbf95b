"""The communicator's whole path over HTTP: a communicator writes and submits a Swedish news item, a reviewer
publishes it, the communicator translates it into English, and both show up on the site, in the theme,
in search and in the feeds."""

import datetime as dt

import feedparser
import polib
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import Translation

from home.models import NewsPage
from tests.admin_forms import admin_form_data
from tests.helpers import member_of, signed_in
from tests.home.news_helpers import make_news_index, make_themes

pytestmark = pytest.mark.django_db


def test_a_communicator_publishes_a_news_item_in_both_languages(
    sv_home, english, bilingual_site, django_capture_on_commit_callbacks
):
    themes = make_themes(sv_home)
    sv_news, en_news_index = make_news_index(sv_home)
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    reviewer = signed_in(member_of("Editors", "redaktor"))

    def admin(client, method, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(url, data or {})

    # 1. The communicator writes a Swedish news item, tagged with a theme, and submits it for review.
    add_url = f"/admin/pages/add/home/newspage/{sv_news.pk}/"
    data = admin_form_data(communicator, add_url)
    data.update(
        title="Nytt stöd för handledare",
        slug="nytt-stod-for-handledare",
        date=dt.date.today().isoformat(),
        introduction="Handledarna får ett nytt stödmaterial om arbetsmetoder.",
        themes=[str(themes["metoder"]["sv"].pk)],
        **{"action-submit": "Submit"},
    )
    response = admin(communicator, "post", add_url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message"
    )
    item = NewsPage.objects.get(slug="nytt-stod-for-handledare")
    assert not item.live and item.current_workflow_state.status == "in_progress"

    # 2. A reviewer approves; the item is published.
    task_state = item.current_workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=(item.pk, "approve", task_state.pk))
    assert admin(reviewer, "post", approve, {"comment": ""}).status_code == 302
    item.refresh_from_db()
    assert item.live

    # 3. The communicator translates it: submit to English, fill in the catalogue, upload it.
    assert (
        admin(
            communicator, "post", f"/admin/localize/submit/page/{item.pk}/", {"locales": [english.pk]}
        ).status_code
        == 302
    )
    translation = Translation.objects.get(source__object_id=item.translation_key, target_locale=english)
    catalogue = polib.pofile(
        communicator.get(f"/admin/localize/translate/{translation.pk}/pofile/download/").content.decode()
    )
    english_strings = {
        "Nytt stöd för handledare": "New support for supervisors",
        "nytt-stod-for-handledare": "new-support-for-supervisors",
        "Handledarna får ett nytt stödmaterial om arbetsmetoder.": "Supervisors get new support material on working methods.",
    }
    for entry in catalogue:
        entry.msgstr = english_strings[entry.msgid]
    upload = SimpleUploadedFile("en.po", str(catalogue).encode(), content_type="text/x-gettext-translation")
    assert (
        admin(
            communicator,
            "post",
            f"/admin/localize/translate/{translation.pk}/pofile/upload/",
            {"file": upload},
        ).status_code
        == 302
    )
    en_item = translation.get_target_instance()
    assert not en_item.live  # a new translation is a draft: no Swedish text under /en/ before review
    # Publishing is the reviewer's, in English as in Swedish.
    admin(communicator, "post", f"/admin/pages/{en_item.pk}/edit/", {"action": "publish"})
    en_item.refresh_from_db()
    assert not en_item.live
    assert (
        admin(reviewer, "post", f"/admin/pages/{en_item.pk}/edit/", {"action": "publish"}).status_code == 302
    )
    en_item.refresh_from_db()
    assert en_item.live and en_item.title == "New support for supervisors"

    # 4. Both are on the site: the news list, the theme page, search and the feeds, each in its language.
    visitor = Client()
    for language, page, title, theme, search_url, word in [
        ("sv", sv_news, "Nytt stöd för handledare", themes["metoder"]["sv"], "/sv/sok/", "handledare"),
        (
            "en",
            en_news_index,
            "New support for supervisors",
            themes["metoder"]["en"],
            "/en/search/",
            "supervisors",
        ),
    ]:
        assert title in visitor.get(page.url).content.decode()
        assert title in visitor.get(theme.url).content.decode()
        feed = feedparser.parse(visitor.get(page.url + "rss/").content)
        assert title in [entry.title for entry in feed.entries]
        assert feed.feed.language == language
        results = visitor.get(search_url, {"q": word}).content.decode()
        assert title in results
    swedish_results = visitor.get("/sv/sok/", {"q": "handledare"}).content.decode()
    assert "New support for supervisors" not in swedish_results
