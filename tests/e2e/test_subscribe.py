"""The subscribe box in a real browser: axe-core on pages that show it (with the instructions open),
the copy button puts the feed address on the clipboard, and without JavaScript the address is still
there to copy by hand."""

import datetime as dt

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from home.factories import ThemeIndexPageFactory, ThemePageFactory, swedish_home
from tests.helpers import publish


@pytest.fixture
def pages():
    home = swedish_home()
    calendar = publish(EventIndexPageFactory(parent=home))
    themes = publish(ThemeIndexPageFactory(parent=home))
    theme = publish(
        ThemePageFactory(parent=themes, title="Supported Employment", slug="supported-employment")
    )
    event = EventPageFactory(
        parent=calendar,
        title="Handledning i Supported Employment",
        event_type="supervision",
        start_date=dt.date.today() + dt.timedelta(days=5),
        themes=[theme],
        published=True,
    )
    return {"home": home, "theme": theme, "calendar": calendar, "event": event}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("which", ["home", "theme", "calendar", "event"])
def test_pages_with_the_subscribe_box_are_accessible(site_url, page, axe_check, pages, which):
    response = page.goto(site_url + pages[which].get_url())
    assert response is not None and response.status == 200
    box = page.locator("section.subscribe")
    assert box.is_visible()
    box.locator("details summary").click()
    assert box.locator("details").get_attribute("open") is not None
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    assert not page.js_errors, "\n".join(page.js_errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_copy_button_puts_the_feed_address_on_the_clipboard(site_url, page, pages):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(site_url + pages["theme"].get_url())
    feed_url = f"{site_url}/sv/feeds/events.ics?theme=supported-employment"
    field = page.locator("section.subscribe input[readonly]")
    assert field.input_value() == feed_url

    # Focusing the field selects the whole address.
    field.focus()
    selected = page.evaluate(
        "() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == feed_url

    button = page.get_by_role("button", name="Kopiera länken")
    assert button.is_visible()
    button.click()
    page.locator("section.subscribe [role=status]").filter(has_text="Adressen är kopierad").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == feed_url
    assert not page.js_errors, "\n".join(page.js_errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_the_address_is_there_and_no_dead_button(site_url, browser, pages):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(site_url + pages["home"].get_url())
        assert (
            page.locator("section.subscribe input[readonly]").input_value()
            == f"{site_url}/sv/feeds/events.ics"
        )
        assert page.locator("section.subscribe button[data-copy-for]").is_hidden()
        assert page.get_by_role("link", name="Lägg till i Google Kalender").is_visible()
    finally:
        context.close()
