"""Small screens: at 320 CSS px no public page scrolls sideways (WCAG 2.1 1.4.10 Reflow), in both
languages and on every page type, and each still passes axe-core. The month grid becomes a list of days,
the event page puts its practical information before the subscribe box, tap targets are at least
24 x 24 px, a news card without an image shows no empty box, the header leaves room for content with
its menu behind a keyboard-reachable <details>, and long compounds break between their parts."""

import datetime as dt

import pytest

from events.factories import EventPageFactory
from events.models import EventIndexPage, EventPage
from home.models import NewsPage

NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}
LONG_TITLE = "Kunskapsseminarium: Kompetensutvecklingssatsningen i Stockholms län"

# Every element's box, and the page's own width, against the viewport.
MEASURE_JS = """() => {
    const width = document.documentElement.clientWidth;
    const offenders = [];
    for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (!box.width && !box.height) continue;
        if (box.width > width + 0.5 || box.right > width + 0.5 || box.left < -0.5) {
            const classes = typeof element.className === 'string' && element.className.trim()
                ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
            offenders.push(`<${element.tagName.toLowerCase()}${classes}> ${Math.round(box.left)}..${Math.round(box.right)}`
                + ` "${element.textContent.trim().slice(0, 40)}"`);
        }
    }
    return {width, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 8)};
}"""


def month_of(day):
    return day.strftime("%Y-%m")


@pytest.fixture
def demo_site(demo_content):
    """seed_demo's content (tests/conftest.py), plus a busy day of long-titled seminars in the
    Swedish calendar."""
    calendar = EventIndexPage.objects.get(locale__language_code="sv")
    busy_day = dt.date.today() + dt.timedelta(days=2)
    for number in range(5):
        event = EventPageFactory(
            parent=calendar,
            title=f"{LONG_TITLE} ({number + 1})",
            slug=f"kompetensutvecklingssatsningen-{number + 1}",
            start_date=busy_day,
            start_time=dt.time(9 + number, 0),
            end_time=dt.time(9 + number, 45),
        )
        EventPage.objects.get(pk=event.pk).save_revision().publish()
    # The module's third date is moved one day (home/demo_content.py): show the month it lands in.
    moved_day = dt.date.today() + dt.timedelta(days=5 + 14 + 1)
    return {"busy_day": busy_day, "moved_month": month_of(moved_day)}


def page_types(demo_site):
    busy = demo_site["busy_day"]
    return [
        # (path, status, what must be on the page)
        ("/sv/", 200, ".news-card"),
        ("/sv/tillganglighetsredogorelse/", 200, "h1"),
        ("/sv/nyheter/", 200, ".news-card"),
        ("/sv/nyheter/behovsinventeringen-klar/", 200, "h1"),
        ("/sv/teman/", 200, ".card"),
        ("/sv/teman/samverkan/", 200, ".theme-section"),
        ("/sv/kalender/", 200, ".event-list__item"),
        (f"/sv/kalender/?view=month&month={month_of(busy)}", 200, ".month-grid__more"),
        (f"/sv/kalender/?view=month&month={month_of(busy)}&day={busy.isoformat()}", 200, "#day-events"),
        (f"/sv/kalender/?view=month&month={demo_site['moved_month']}", 200, ".month-grid .badge--moved"),
        ("/sv/kalender/seminarium-matchning-fran-dag-1/", 200, ".event__facts"),
        ("/sv/kalender/kompetensutvecklingssatsningen-1/", 200, ".event__facts"),
        ("/sv/kalender/fordjupningsmodul-supported-employment/", 200, ".occurrence-list"),
        ("/sv/sok/?q=kompetensutveckling", 200, ".search-result"),
        ("/sv/finns-inte/", 404, "h1"),
        ("/sv/accounts/login/", 200, "form"),
        ("/en/", 200, ".news-card"),
        ("/en/about-conecto/", 200, "h1"),
        ("/en/news/", 200, ".news-card"),
        ("/en/news/needs-survey-complete/", 200, "h1"),
        ("/en/themes/", 200, ".card"),
        ("/en/themes/collaboration/", 200, ".theme-section"),
        ("/en/calendar/", 200, ".event-list__item"),
        (f"/en/calendar/?view=month&month={demo_site['moved_month']}", 200, ".month-grid .badge--moved"),
        ("/en/calendar/seminar-matchning-fran-dag-1/", 200, ".event__facts"),
        ("/en/calendar/in-depth-module-supported-employment/", 200, ".occurrence-list"),
        ("/en/search/?q=supervision", 200, ".search-result"),
        ("/en/no-such-page/", 404, "h1"),
        ("/en/accounts/login/", 200, "form"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_page_scrolls_sideways_at_320_px(site_url, page, axe_check, demo_site):
    page.set_viewport_size(NARROW)
    problems = []
    for path, status, selector in page_types(demo_site):
        response = page.goto(site_url + path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"
        assert page.locator("html").get_attribute("lang") == path[1:3], path
        assert page.locator(selector).count() >= 1, f"{path}: nothing matches {selector}"
        measured = page.evaluate(MEASURE_JS)
        assert measured["width"] == NARROW["width"], measured
        if measured["scrollWidth"] > NARROW["width"] or measured["offenders"]:
            problems.append(
                f"{path}: page is {measured['scrollWidth']} px wide; " + "; ".join(measured["offenders"])
            )
        violations = axe_check(page)
        if violations:
            problems.append(f"{path}\n{axe_check.describe(violations)}")
    assert not problems, "\n".join(problems)
    # The browser logs a 404 page's own status as an error; anything else is a real one.
    missing = [site_url + path for path, status, _selector in page_types(demo_site) if status == 404]
    errors = [
        error for error in page.js_errors if not any(f"on {url}: Failed to load" in error for url in missing)
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_month_grid_is_a_list_of_days_on_a_small_screen_without_javascript(site_url, browser, demo_site):
    busy = demo_site["busy_day"]
    context = browser.new_context(locale="sv-SE", java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sv/kalender/?view=month&month={month_of(busy)}")
        # Only days with events are shown, one under the other, each with its weekday and month.
        cells = page.locator(".month-grid td:visible")
        boxes = [cells.nth(number).bounding_box() for number in range(cells.count())]
        assert boxes, "no day is shown"
        assert all(box["width"] > 250 for box in boxes), boxes
        assert all(before["y"] < after["y"] for before, after in zip(boxes, boxes[1:], strict=False))
        assert page.locator(".month-grid td.month-grid__empty:visible").count() == 0
        busy_cell = page.locator(f".month-grid td:has(time[datetime='{busy.isoformat()}'])")
        assert busy.strftime("%-d") in busy_cell.locator(".month-grid__day").inner_text()
        assert busy_cell.locator(".month-grid__long").first.is_visible()
        assert busy_cell.locator("li > a:not(.month-grid__more)").count() == 3
        more = busy_cell.locator(".month-grid__more")
        box = more.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        more.click()
        page.wait_for_url(f"**day={busy.isoformat()}#day-events")
        titles = page.locator("#day-events .event-list__item > a").all_inner_texts()
        assert [title for title in titles if title.startswith(LONG_TITLE)] == [
            f"{LONG_TITLE} ({number})" for number in range(1, 6)
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
        # On a wide screen the same page is a seven-column grid again.
        page.set_viewport_size(WIDE)
        assert page.locator(".month-grid thead th").first.is_visible()
        assert page.locator(".month-grid__long").first.is_hidden()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "path",
    ["/sv/kalender/fordjupningsmodul-supported-employment/", "/en/calendar/seminar-matchning-fran-dag-1/"],
)
def test_event_page_on_a_small_screen_puts_facts_first_and_has_big_enough_targets(
    site_url, page, demo_site, path
):
    page.set_viewport_size(NARROW)
    page.goto(site_url + path)
    facts = page.locator(".event__facts").bounding_box()
    subscribe = page.locator(".subscribe").bounding_box()
    assert facts["y"] + facts["height"] <= subscribe["y"], (facts, subscribe)

    targets = page.locator(
        ".subscribe a:visible, .subscribe button:visible, .subscribe summary, a.occurrence-download"
    )
    assert targets.count() >= 7
    small = []
    for number in range(targets.count()):
        target = targets.nth(number)
        box = target.bounding_box()
        if box["width"] < 24 or box["height"] < 24:
            small.append(f"{target.inner_text()!r}: {box['width']:.0f} x {box['height']:.0f}")
    assert not small, "tap targets under 24 x 24 px: " + "; ".join(small)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "viewport", [WIDE, {"width": 900, "height": 900}], ids=["three-across", "two-across"]
)
def test_a_news_card_without_an_image_shows_no_empty_box(site_url, page, demo_site, viewport):
    newest = NewsPage.objects.filter(locale__language_code="sv").order_by("-date").first()
    newest.listing_image = None
    newest.save_revision().publish()

    page.set_viewport_size(viewport)
    page.goto(site_url + "/sv/")
    cards = page.locator(".latest-news .news-card")
    assert cards.count() == 3
    assert cards.first.locator("img").count() == 0 and cards.nth(1).locator("img").count() == 1
    # Nothing stands in for the missing image: the title is the first thing in the card.
    assert cards.first.evaluate("card => getComputedStyle(card, '::before').content") in ("none", "normal")
    card, title = cards.first.bounding_box(), cards.first.locator(".card__title").bounding_box()
    assert title["y"] - card["y"] < 30, (card, title)
    with_image = cards.nth(1).locator("img").bounding_box()
    assert with_image["y"] - cards.nth(1).bounding_box()["y"] < 30
    # Cards in a row still share their height.
    boxes = [cards.nth(number).bounding_box() for number in range(3)]
    first_row = [box for box in boxes if box["y"] == boxes[0]["y"]]
    assert len(first_row) >= 2 and len({round(box["height"]) for box in first_row}) == 1, boxes


PHONE = {"width": 320, "height": 640}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("path", "section"),
    [("/sv/kalender/kompetensutvecklingssatsningen-1/", "Kalender"), ("/en/themes/collaboration/", "Themes")],
)
def test_on_a_phone_content_starts_high_and_the_menu_opens_by_keyboard(
    site_url, page, axe_check, demo_site, path, section
):
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    main = page.locator("#main-content").bounding_box()
    assert main["y"] <= 200, f"the header takes {main['y']:.0f} of {PHONE['height']} px"
    assert page.locator(".main-nav--wide").is_hidden()
    menu = page.locator(".main-nav--narrow details")
    assert menu.locator("a").first.is_hidden()  # closed until asked for

    # By keyboard alone: Tab to the menu, open it with Enter, Tab into its links.
    for _press in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("the menu button is not reachable with Tab")
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.closest('details') !== null]"
    )
    assert focused[1], focused
    current = menu.locator("a[aria-current]")
    assert current.count() == 1 and current.inner_text() == section
    assert current.get_attribute("aria-current") == "true"  # the section of this page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)

    # On a wide screen the same links are a row, the section marked the same way.
    page.set_viewport_size(WIDE)
    assert page.locator(".main-nav--narrow").is_hidden()
    wide = page.locator(".main-nav--wide a[aria-current]")
    assert wide.count() == 1 and wide.inner_text() == section and wide.get_attribute("aria-current") == "true"
    page.locator(".main-nav--wide").get_by_role("link", name=section).click()
    page.wait_for_load_state()
    own = page.locator(".main-nav--wide a[aria-current]")
    assert own.inner_text() == section and own.get_attribute("aria-current") == "page"


WORD_LINES_JS = """([selector, parts]) => {
    // For each part of the compound, the lines (tops) that every one of its letters is drawn on: one
    // line when the part is whole, none when it is cut in two. A letter right after a soft hyphen that
    // broke the line also reports the hyphen's box, at the end of the line before.
    const node = document.querySelector(selector).firstChild;
    return parts.map(part => {
        const at = node.textContent.indexOf(part);
        let common = null;
        for (let letter = at; letter < at + part.length; letter++) {
            const range = document.createRange();
            range.setStart(node, letter);
            range.setEnd(node, letter + 1);
            const tops = [...range.getClientRects()].map(box => Math.round(box.top));
            common = common === null ? tops : common.filter(top => tops.includes(top));
        }
        return common;
    });
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_compound_breaks_between_its_parts_on_a_phone(site_url, page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(site_url + "/sv/kalender/kompetensutvecklingssatsningen-1/")
    parts = ["Kompetens", "utvecklings", "satsningen"]
    assert "Kompetens\u00adutvecklings\u00adsatsningen" in page.locator("h1").text_content()
    lines = page.evaluate(WORD_LINES_JS, ["h1", parts])
    assert all(len(tops) == 1 for tops in lines), lines  # no part is cut in two
    assert len({tops[0] for tops in lines}) > 1, lines  # the word did not fit on one line and broke
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
