"""The certificate in a real browser, in Swedish and in English: from "My learning" to the page,
its Print button (a static script, the CSP allows no inline one), the print stylesheet hiding the
site's navigation and footer, and axe-core."""

import pytest

from bookings.factories import PersonFactory
from tests.followup.conftest import attend

from .test_booking_journey import assert_accessible, sign_in
from .test_evaluation import past_event  # noqa: F401 (a fixture)

TEXT = {
    "sv": {"my_learning": "/sv/mitt-larande/", "heading": "Intyg om deltagande", "print": "Skriv ut"},
    "en": {"my_learning": "/en/my-learning/", "heading": "Certificate of participation", "print": "Print"},
}
TITLE = {"sv": "Samverkan i praktiken", "en": "Collaboration in practice"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_open_and_print_the_certificate(site_url, page, axe_check, past_event, lang):  # noqa: F811
    text = TEXT[lang]
    person = PersonFactory(first_name="Anna", last_name="Lind", organisation_name="Haninge kommun")
    attend(person, past_event, language=lang)
    sign_in(page.context, site_url, person)

    page.goto(site_url + text["my_learning"])
    page.locator("[data-certificate-link]").click()
    assert page.get_by_role("heading", level=1).inner_text() == text["heading"]
    table = page.get_by_role("table")
    assert TITLE[lang] in table.inner_text()
    assert "Anna Lind" in page.locator("[data-certificate-name]").inner_text()
    assert page.get_by_role("button", name=text["print"]).is_visible()
    assert_accessible(page, axe_check, "certificate")

    page.emulate_media(media="print")
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".main-nav--wide").is_visible()
    assert not page.get_by_role("button", name=text["print"]).is_visible()
    assert table.is_visible()
