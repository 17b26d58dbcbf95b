"""axe-core, the document language and the skip link on public pages, in Swedish and English."""

import pytest

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
    assert wagtail_page.locale.language_code == language
    url = wagtail_page.get_url()
    assert url.startswith(f"/{language}/"), url

    response = page.goto(site_url + url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == language

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
