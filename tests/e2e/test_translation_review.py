"""A communicator opens wagtail-localize's translation editor in the browser and submits the English
translation for review (home/translation_review.py)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.e2e.conftest import AXE_BLOCKING_IMPACTS, AXE_TAGS, inject_axe

USERNAME = "kommunikator"
PASSWORD = "e2e-Kommunikator-lösen-1"


@pytest.fixture
def english_draft():
    from home.factories import NewsIndexPageFactory, NewsPageFactory
    from home.models import HomePage
    from home.translation import translate_page

    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    translate_page(sv_home, "en", {sv_home.title: "Conecto+", sv_home.slug: "home"})
    index = NewsIndexPageFactory(parent=sv_home, title="Nyheter", slug="nyheter")
    index.save_revision().publish()
    translate_page(index, "en", {"Nyheter": "News", "nyheter": "news", index.introduction: "News."})
    item = NewsPageFactory(
        parent=index,
        title="Nya handledningsgrupper",
        slug="nya-handledningsgrupper",
        introduction="Anmäl dig nu.",
        date=dt.date(2025, 3, 1),
        body=[("rich_text", "<p>Grupperna startar i april.</p>")],
    )
    item.save_revision().publish()
    return translate_page(
        item,
        "en",
        {
            "Nya handledningsgrupper": "New supervision groups",
            "nya-handledningsgrupper": "new-supervision-groups",
            "Anmäl dig nu.": "Sign up now.",
            "Grupperna startar i april.": "The groups start in April.",
        },
        publish=False,
    )


@pytest.fixture
def communicator():
    user = get_user_model().objects.create_user(USERNAME, "kommunikator@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Communicators"))
    return user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_communicator_submits_a_translation_for_review_from_the_translation_editor(
    site_url, page, english_draft, communicator
):
    page.goto(f"{site_url}/admin/login/")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{site_url}/admin/")

    page.goto(f"{site_url}/admin/pages/{english_draft.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # This is wagtail-localize's translation editor, drawn by its JavaScript.
    assert page.locator(".js-translation-editor footer").count() == 1
    assert "New supervision groups" in page.locator(".js-translation-editor").inner_text()

    submit = page.get_by_role("button", name="Skicka för granskning")
    submit.scroll_into_view_if_needed()
    assert submit.is_visible()
    # Nothing drawn over it (wagtail-localize's footer sticks to the bottom of the window).
    box = submit.bounding_box()
    covering = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert covering == "Skicka för granskning"

    inject_axe(page)
    results = page.evaluate(
        "tags => axe.run({include: [['[data-translation-review]']]}, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert results["passes"]
    assert not [v["id"] for v in results["violations"] if v["impact"] in AXE_BLOCKING_IMPACTS]

    submit.click()
    page.wait_for_load_state("networkidle")
    assert "har skickats för granskning" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="Skicka för granskning").count() == 0
    english_draft.refresh_from_db()
    assert english_draft.current_workflow_state.status == "in_progress"
    assert not english_draft.live
    assert not page.js_errors, "\n".join(page.js_errors)
