"""Editors maintain the questionnaires in the admin, in both languages, and choose the events."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from bookings.factories import PersonFactory
from followup.models import Questionnaire, QuestionnaireEvent
from followup.questions import questionnaire_for
from tests.helpers import member_of, signed_in

from .conftest import attend


@pytest.fixture
def default_questionnaire(english):
    swedish = Questionnaire.objects.create(
        locale=_sv(),
        name="Standard",
        introduction="Svaren redovisas till ESF+ utan namn.",
        is_default=True,
    )
    translated = swedish.copy_for_translation(english)
    translated.name = "Default"
    translated.introduction = "The answers are reported to ESF+ without names."
    translated.save()
    return swedish


def _sv():
    return Locale.objects.get(language_code="sv")


def test_the_default_questionnaire_introduces_the_questions_in_the_readers_language(
    client, make_event, default_questionnaire
):
    person = PersonFactory()
    booking = attend(person, make_event())
    client.force_login(person)
    assert (
        "Svaren redovisas till ESF+ utan namn."
        in client.get(f"/sv/mitt-larande/utvardering/{booking.pk}/").content.decode()
    )
    assert (
        "The answers are reported to ESF+ without names."
        in client.get(f"/en/my-learning/evaluation/{booking.pk}/").content.decode()
    )


def test_a_questionnaire_that_names_the_event_wins_over_the_default(make_event, default_questionnaire):
    event, other = make_event(), make_event()
    own = Questionnaire.objects.create(locale=_sv(), name="Modulens", introduction="Om modulen.")
    QuestionnaireEvent.objects.create(questionnaire=own, event=event)
    assert questionnaire_for(event.translation_key, "sv") == own
    assert questionnaire_for(other.translation_key, "sv") == default_questionnaire
    assert questionnaire_for(other.translation_key, "en").name == "Default"


def test_an_editor_adds_a_questionnaire_for_an_event_in_the_admin(make_event, english):
    event = make_event()
    editor = signed_in(member_of("Editors", "redaktor"))
    add_url = reverse("wagtailsnippets_followup_questionnaire:add")
    assert editor.get(add_url).status_code == 200
    response = editor.post(
        add_url,
        {
            "name": "Utvärdering av modulen",
            "introduction": "Tack för att du svarar.",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "1000",
            "events-0-event": str(event.pk),
            "events-0-ORDER": "1",
            "events-0-id": "",
            "events-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    questionnaire = Questionnaire.objects.get(name="Utvärdering av modulen")
    assert questionnaire.locale.language_code == "sv"
    assert questionnaire_for(event.translation_key, "sv") == questionnaire
    # wagtail-localize offers the English translation of it.
    submit = reverse(
        "wagtail_localize:submit_snippet_translation", args=["followup", "questionnaire", questionnaire.pk]
    )
    assert editor.get(submit).status_code == 200
    assert editor.post(submit, {"locales": [english.pk]}).status_code == 302
    translated = questionnaire.get_translation(english)
    assert translated.name == "Utvärdering av modulen"  # until the translator's text is in
    # The events stay the editor's choice in Swedish: they are matched by translation key.
    assert questionnaire_for(event.translation_key, "en") == translated


def test_communicators_cannot_edit_questionnaires(db):
    communicator = signed_in(member_of("Communicators", "kommunikator"))
    response = communicator.get(reverse("wagtailsnippets_followup_questionnaire:add"))
    assert response.status_code in (302, 403)
