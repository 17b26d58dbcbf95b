"""Learning paths as stored pages: step identity, translation, prerequisites, progress that lasts."""

import pytest
from django.core.exceptions import ValidationError

from home.translation import translate_page
from learning import progress_store
from learning.factories import material_step, session_step, step_group
from learning.models import LearningPathPage, PathCompletion, StepCompletion

pytestmark = pytest.mark.django_db


def step_ids(page):
    return [step.id for step in page.structure.steps]


def english_strings(page, extra=None):
    strings = {
        page.title: "Supported Employment in practice",
        page.slug: "supported-employment",
        page.introduction: "A path through seminars and material.",
        "Läs om IPS": "Read about IPS",
        "Kapitel 1 och 2.": "Chapters 1 and 2.",
    }
    strings.update(extra or {})
    return strings


def test_a_step_keeps_its_identity_when_reordered_and_edited(simple_path):
    before = step_ids(simple_path)
    raw = list(simple_path.steps.raw_data)
    raw[0]["value"]["title"] = "Läs om IPS, ny upplaga"
    raw[1]["value"]["prerequisite"] = ""
    simple_path.steps = [raw[1], raw[0]]
    simple_path.save_revision().publish()
    page = LearningPathPage.objects.get(pk=simple_path.pk)
    assert step_ids(page) == [before[1], before[0]]
    assert page.structure.steps[1].title == "Läs om IPS, ny upplaga"


def test_translation_and_sync_keep_every_step_identity(simple_path, english_paths, make_event):
    english = translate_page(simple_path, "en", english_strings(simple_path))
    assert english.locale.language_code == "en"
    assert step_ids(english) == step_ids(simple_path)
    assert english.structure.steps[0].title == "Read about IPS"
    # The prerequisite names the same step in both languages.
    assert english.structure.steps[1].prerequisite == simple_path.structure.steps[0].id

    # The editors reorder, add a group and sync the translation: old steps keep their ids.
    second = make_event(title="Matchning från dag 1")
    raw = list(simple_path.steps.raw_data)
    raw[1]["value"]["prerequisite"] = ""
    choice = step_group("Välj ett", 1, [session_step(second), material_step("Film om BIP")])
    simple_path.steps = [raw[1], choice, raw[0]]
    simple_path.save_revision().publish()
    simple_path.refresh_from_db()
    english = translate_page(
        simple_path,
        "en",
        english_strings(simple_path, {"Välj ett": "Choose one", "Film om BIP": "A film about BIP"}),
    )
    assert step_ids(english) == step_ids(simple_path)
    assert set(step_ids(english)) >= {raw[0]["id"], raw[1]["id"]}
    assert english.structure.groups[choice["id"]].title == "Choose one"


def test_a_prerequisite_must_be_an_earlier_step_of_the_path(make_path, seminar):
    later = material_step("Senare")
    first = session_step(seminar, prerequisite=later["id"])
    with pytest.raises(ValidationError) as error:
        make_path([first, later])
    assert "steps" in error.value.message_dict
    stranger = session_step(seminar, prerequisite="a-step-of-another-path")
    with pytest.raises(ValidationError):
        make_path([stranger])
    in_group = material_step("I gruppen", prerequisite=later["id"])
    with pytest.raises(ValidationError):
        make_path([step_group("Välj", 1, [in_group, material_step("Annat")]), later])


def test_progress_is_shared_between_the_swedish_page_and_its_translation(
    simple_path, english_paths, django_user_model
):
    english = translate_page(simple_path, "en", english_strings(simple_path))
    person = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    reading_id = simple_path.structure.steps[0].id
    progress_store.mark_done(person, english, reading_id)
    assert progress_store.is_following(person, simple_path)
    assert progress_store.progress_for(person, simple_path).is_done(reading_id)
    assert StepCompletion.objects.get().path_key == simple_path.translation_key


def test_completion_survives_steps_added_removed_or_made_required(make_path, django_user_model):
    optional = material_step("Fördjupning", required=False)
    only = material_step("Grunder")
    path = make_path([only, optional])
    person = django_user_model.objects.create_user("bo", "bo@example.org", "pw")
    assert progress_store.mark_done(person, path, only["id"]).complete
    assert PathCompletion.objects.filter(user=person, path_key=path.translation_key).exists()

    # Editors make the optional step required, add a new one and remove the one that was done.
    optional["value"]["required"] = True
    path.steps = [optional, material_step("Nytt steg")]
    path.save_revision().publish()
    path = LearningPathPage.objects.get(pk=path.pk)
    progress = progress_store.progress_for(person, path)
    assert progress.complete and progress.percent == 100
    assert progress.history == {only["id"]}
    assert StepCompletion.objects.filter(user=person, step_id=only["id"]).exists()
