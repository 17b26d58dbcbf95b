"""The evaluation in a real browser, in Swedish and in English: from "My learning" to the form
(radio groups in fieldsets, keyboard and labels), the thanks, and the Editors' results in the admin;
axe-core checks each page."""

import datetime as dt

import pytest
from wagtail.users.models import UserProfile

from bookings.factories import BookableEventFactory, PersonFactory
from events.factories import EventIndexPageFactory
from followup.models import Answer
from home.factories import swedish_home
from home.translation import translate_page
from tests.followup.conftest import attend
from tests.helpers import member_of
from tests.helpers import publish as published

from .test_booking_journey import assert_accessible, sign_in

TEXT = {
    "sv": {
        "my_learning": "/sv/mitt-larande/",
        "link": "Utvärdera ”Samverkan i praktiken”",
        "can_apply": "Jag kan omsätta kunskapen i mitt dagliga arbete",
        "usefulness": "Hur användbart var tillfället?",
        "comment": "Är det något mer du vill berätta för oss?",
        "send": "Skicka mitt svar",
        "thanks": "Tack för ditt svar.",
    },
    "en": {
        "my_learning": "/en/my-learning/",
        "link": "Evaluate “Collaboration in practice”",
        "can_apply": "I can apply what I learned in my daily work",
        "usefulness": "How useful was the session?",
        "comment": "Anything else you want to tell us?",
        "send": "Send my answer",
        "thanks": "Thank you for your answer.",
    },
}


@pytest.fixture
def past_event():
    home = swedish_home()
    translate_page(home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    calendar = published(EventIndexPageFactory(parent=home))
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    event = published(
        BookableEventFactory(
            parent=calendar,
            title="Samverkan i praktiken",
            slug="samverkan",
            start_date=dt.date.today() - dt.timedelta(days=3),
        )
    )
    translate_page(
        event,
        "en",
        {
            "Samverkan i praktiken": "Collaboration in practice",
            "samverkan": "cooperation",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    return event


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_answer_the_evaluation_and_read_the_results(site_url, page, axe_check, past_event, lang):
    text = TEXT[lang]
    people = [PersonFactory(organisation="municipality") for _ in range(5)]
    for person in people[1:]:  # four others answered already, so the results show
        booking = attend(person, past_event)
    for _ in people[1:]:
        Answer.objects.create(
            kind="evaluation",
            event_key=past_event.translation_key,
            original_start=booking.session_date.original_start,
            organisation="municipality",
            week="2026-W49",
            can_apply=4,
            usefulness=4,
        )
    attend(people[0], past_event, language=lang)
    sign_in(page.context, site_url, people[0])

    page.goto(site_url + text["my_learning"])
    page.get_by_role("link", name=text["link"]).click()
    assert_accessible(page, axe_check, "evaluation form")
    # Each rating is a labelled radio group (fieldset and legend).
    group = page.get_by_role("group", name=text["can_apply"])
    group.get_by_label("5", exact=True).check()
    page.get_by_role("group", name=text["usefulness"]).get_by_label("4", exact=True).check()
    page.get_by_label(text["comment"]).fill("Konkreta verktyg.")
    page.get_by_role("button", name=text["send"]).click()
    assert page.url.endswith(text["my_learning"])
    assert text["thanks"] in page.locator("[role=status]").first.inner_text()
    assert page.get_by_role("link", name=text["link"]).count() == 0
    assert Answer.objects.count() == 5

    editor = member_of("Editors", f"redaktor-{lang}")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = lang
    profile.save()
    sign_in(page.context, site_url, editor)
    page.goto(f"{site_url}/admin/evaluations/")
    page.get_by_role(
        "link", name="Samverkan i praktiken" if lang == "sv" else "Collaboration in practice"
    ).click()
    assert page.locator(
        "[data-evaluation-results] [data-question=can_apply] [data-average]"
    ).inner_text() == ("4,2" if lang == "sv" else "4.2")
    assert "Konkreta verktyg." in page.locator("[data-comments]").inner_text()
    assert_accessible(page, axe_check, "evaluation results in the admin")
