"""axe-core, the document language and the skip link on public pages, in Swedish and English."""

import pytest

from tests.helpers import open_page_in_its_language

PAGES = [
    # (language, which page, the title its <h1> shows)
    ("sv", "home", "Conecto+"),
    ("sv", "about", "Om Conecto+"),
    ("en", "home", "Conecto+"),
    ("en", "about", "About Conecto+"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("language", "which", "heading"), PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_public_page_is_accessible(site_url, page, axe_check, bilingual_pages, language, which, heading):
    wagtail_page = getattr(bilingual_pages, f"{language}_{which}")
    open_page_in_its_language(page, site_url, wagtail_page, language, heading)

    # The skip link is the first thing the keyboard reaches, and it leads to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({href: document.activeElement.getAttribute('href'), text: document.activeElement.textContent})"
    )
    assert focused["href"] == "#main-content", focused
    assert page.locator("#main-content").count() == 1
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"

    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)
