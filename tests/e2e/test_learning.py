"""A learning path and "My learning" in a real browser, in Swedish and English, checked with axe-core."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import sync_occurrences
from home.factories import swedish_home
from home.translation import translate_page
from learning.factories import (
    LearningPathIndexPageFactory,
    LearningPathPageFactory,
    material_step,
    session_step,
)
from tests.helpers import publish

SV_STRINGS = {
    "Lärvägar": "Learning paths",
    "larvagar": "learning-paths",
    "Teman i följd: seminarier, fördjupning och handledning.": "Themes in order.",
}


@pytest.fixture
def bilingual_path():
    home = swedish_home()
    translate_page(home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    calendar = publish(EventIndexPageFactory(parent=home))
    seminar = publish(
        EventPageFactory(
            parent=calendar, title="Matchning från dag 1", start_date=dt.date.today() + dt.timedelta(days=5)
        )
    )
    sync_occurrences(seminar)
    index = publish(LearningPathIndexPageFactory(parent=home))
    translate_page(index, "en", SV_STRINGS)
    reading = material_step("Läs introduktionen")
    sv_path = publish(
        LearningPathPageFactory(
            parent=index,
            title="Samverkan för individen",
            slug="samverkan",
            introduction="Seminarier och material om samverkan.",
            steps=[reading, session_step(seminar, prerequisite=reading["id"])],
        )
    )
    en_path = translate_page(
        sv_path,
        "en",
        {
            "Samverkan för individen": "Collaboration for the individual",
            "samverkan": "collaboration",
            "Seminarier och material om samverkan.": "Seminars and material on collaboration.",
            "Läs introduktionen": "Read the introduction",
        },
    )
    return {"sv": sv_path, "en": en_path}


def sign_in(page, site_url, django_user_model):
    person = django_user_model.objects.create_user("karin", "karin@example.org", "pw")
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "my_learning", "follow", "done", "next_label"),
    [
        ("sv", "/sv/mitt-larande/", "Följ lärvägen", "Markera som klart", "Nästa:"),
        ("en", "/en/my-learning/", "Follow this path", "Mark as done", "Next:"),
    ],
)
def test_follow_a_path_mark_a_step_done_and_see_it_on_my_learning(
    site_url,
    page,
    axe_check,
    bilingual_path,
    django_user_model,
    language,
    my_learning,
    follow,
    done,
    next_label,
):
    path = bilingual_path[language]
    response = page.goto(site_url + path.url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    login = page.locator(f'a[href^="/{language}/accounts/login/?next="]').first
    assert login.is_visible()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    sign_in(page, site_url, django_user_model)
    page.goto(site_url + path.url)
    page.get_by_role("button", name=follow).click()
    page.get_by_role("button", name=done).first.click()
    page.wait_for_load_state()
    assert page.locator("progress").get_attribute("value") == "50"
    # The session waits for its date; it is shown as a <time> with its offset.
    assert page.locator(".learning-step time").first.get_attribute("datetime")[-6] in "+-"
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    page.goto(site_url + my_learning)
    assert page.locator("progress").get_attribute("value") == "50"
    assert next_label in page.locator(".learning-entry").inner_text()
    assert page.locator("#next-sessions + ul > li").count() == 1
    assert "Matchning från dag 1" in page.locator("#next-sessions + ul").inner_text()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
