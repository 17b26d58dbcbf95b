"""axe-core on the home page's sections, theme, news and search pages in both languages, and the header search used with the keyboard."""

import pytest

PAGES = [
    # (path, the <h1>, what else must be on the page)
    ("/sv/", "Conecto+", "section.upcoming .event-list a"),
    ("/en/", "Conecto+", "section.latest-news .news-card"),
    ("/sv/teman/samverkan/", "Samverkan och helhetsperspektiv", ".theme-section--news .news-list a"),
    (
        "/en/themes/collaboration/",
        "Collaboration and a holistic perspective",
        ".theme-section--news .news-list a",
    ),
    ("/sv/nyheter/", "Nyheter", ".news-card img[srcset]"),
    ("/en/news/?theme=collaboration", "News: Collaboration and a holistic perspective", ".news-card"),
    ("/sv/nyheter/handledning-i-vardagen/", "Handledning hjälper kunskapen in i vardagen", "figure img[alt]"),
    ("/en/news/supervision-in-daily-work/", "Supervision helps knowledge into daily work", ".tag-list a"),
    ("/sv/sok/?q=handledning", "Sök", ".search-result"),
    ("/en/search/?q=supervision", "Search", ".search-result"),
    ("/en/search/?q=nothing-matches-this", "Search", ".search-summary"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_news_theme_and_search_pages_are_accessible(site_url, page, axe_check, demo_content):
    problems = []
    for path, heading, selector in PAGES:
        response = page.goto(site_url + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert page.locator("h1").inner_text().replace("\u00ad", "") == heading, path
        assert page.locator(selector).count() >= 1, f"{path}: nothing matches {selector}"
        assert page.locator("html").get_attribute("lang") == path[1:3]
        violations = axe_check(page)
        if violations:
            problems.append(f"{path}\n{axe_check.describe(violations)}")
    assert not problems, "\n\n".join(problems)
    assert not page.js_errors, "\n".join(page.js_errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_header_search_works_with_the_keyboard_and_without_javascript(site_url, browser, demo_content):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "/sv/")
        field = page.get_by_role("search", name="Sök på webbplatsen").get_by_label("Sök på webbplatsen")
        field.fill("samverkan")
        field.press("Enter")
        page.wait_for_url("**/sv/sok/?q=samverkan")
        summary = page.locator(".search-summary").inner_text()
        assert "träff" in summary and "samverkan" in summary
        assert page.locator(".search-result").count() >= 3
        # The language switcher repeats the search in English.
        page.locator(".language-switcher a[lang=en]").click()
        page.wait_for_url("**/en/search/?q=samverkan")
        assert page.locator("h1").inner_text() == "Search"
    finally:
        context.close()
