"""English pages are wagtail-localize translations of the Swedish ones, made and synced in the admin."""

import polib
import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from accounts.models import User
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = User.objects.create_user("redaktor", "redaktor@example.org", "secret-pass-123")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def submit_for_translation(client, page, english):
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=english)


def upload_catalogue(client, translation, strings):
    """Download the translation's PO file from the admin, fill it in and upload it, as a translator would."""
    response = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert response.status_code == 200
    catalogue = polib.pofile(response.content.decode())
    for entry in catalogue.translated_entries() + catalogue.untranslated_entries():
        entry.msgstr = strings[entry.msgid]
    upload = client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": _as_upload(str(catalogue))},
    )
    assert upload.status_code == 302


def _as_upload(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("translation.po", text.encode(), content_type="text/x-gettext-translation")


def publish_translation(client, page):
    response = client.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302, response.content[:500]


def test_editor_translates_a_swedish_page_into_english(
    editor_client, sv_home, english, django_capture_on_commit_callbacks
):
    about = StandardPageFactory(
        parent=sv_home, title="Om oss", slug="om-oss", introduction="Vilka vi är.", body=[]
    )

    # Each admin request commits on its own, so on-commit work (the publish) runs after each one.
    def admin_request(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(editor_client, *args)

    home_translation = admin_request(submit_for_translation, sv_home, english)
    admin_request(upload_catalogue, home_translation, {"Conecto+": "Conecto+", "hem": "home"})
    admin_request(publish_translation, home_translation.get_target_instance())

    about_translation = admin_request(submit_for_translation, about, english)
    admin_request(
        upload_catalogue,
        about_translation,
        {"Om oss": "About us", "om-oss": "about-us", "Vilka vi är.": "Who we are."},
    )
    en_about = about_translation.get_target_instance()
    admin_request(publish_translation, en_about)

    en_about.refresh_from_db()
    assert en_about.live and en_about.locale == english
    assert en_about.translation_key == about.translation_key

    response = editor_client.get("/en/about-us/")
    assert response.status_code == 200
    assert b"Who we are." in response.content and b'lang="en"' in response.content


def test_editing_the_swedish_page_then_syncing_updates_the_english_one(
    editor_client, bilingual_site, django_capture_on_commit_callbacks
):
    sv_about = Page.objects.get(pk=bilingual_site["sv_about"].pk).specific
    sv_about.introduction = "Vilka vi är och vad vi gör."
    sv_about.save_revision().publish()
    source = TranslationSource.objects.get(object_id=sv_about.translation_key, locale=sv_about.locale)
    translation = source.translations.get()

    with django_capture_on_commit_callbacks(execute=True):
        # "Sync translated pages" in the admin re-reads the Swedish page into the translation source.
        response = editor_client.post(f"/admin/localize/update/{source.pk}/", {})
        assert response.status_code == 302
        upload_catalogue(
            editor_client,
            translation,
            {
                "Om oss": "About us",
                "om-oss": "about-us",
                "Vilka vi är och vad vi gör.": "Who we are and what we do.",
                "Vi samordnar kompetensutveckling.": "We coordinate competence development.",
            },
        )
        publish_translation(editor_client, bilingual_site["en_about"])

    body = editor_client.get("/en/about-us/").content.decode()
    assert "Who we are and what we do." in body
    assert "Who we are.</p>" not in body


def test_translate_page_refuses_to_publish_half_translated(bilingual_site):
    from home.translation import MissingTranslationsError, translate_page

    sv_about = bilingual_site["sv_about"]
    sv_about.introduction = "En helt ny ingress."
    sv_about.save_revision().publish()
    with pytest.raises(MissingTranslationsError, match="En helt ny ingress"):
        translate_page(sv_about, "en", {"Om oss": "About us"})
    bilingual_site["en_about"].refresh_from_db()
    assert bilingual_site["en_about"].introduction == "Who we are."
