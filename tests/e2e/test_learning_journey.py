"""The whole journey of a new participant in a real browser, in Swedish and in English.

Sign up, confirm the address from the mail a real SMTP server received, find a path through the
index's theme filter, follow it, see its next session on "My learning", mark a material step done
and see the progress bar move, copy the personal feed's address and fetch it, and let the real
calendar client pair (vdirsyncer + khal) subscribe to it. axe-core checks every page on the way; the
index and the path page reflow at 320 CSS pixels.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest

from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import sync_occurrences
from home.factories import ThemeIndexPageFactory, ThemePageFactory, swedish_home
from home.translation import translate_page
from learning.factories import (
    LearningPathIndexPageFactory,
    LearningPathPageFactory,
    material_step,
    session_step,
)
from tests.events.calendar_readers import read_ical
from tests.events.test_feed_clients import KHAL, VDIRSYNCER
from tests.events.test_feed_clients import Client as CalendarClient
from tests.helpers import publish as published

PASSWORD = "ett-langt-losenord-42"
TEXT = {
    "sv": {
        "index": "/sv/larvagar/",
        "my_learning_heading": "Mitt lärande",
        "theme": "Samverkan",
        "path": "Samverkan för individen",
        "seminar": "Matchning från dag 1",
        "follow": "Följ lärvägen",
        "done": "Markera som klart",
        "bar": "Framsteg i Samverkan för individen",
        "copy": "Kopiera länk",
    },
    "en": {
        "index": "/en/learning-paths/",
        "my_learning_heading": "My learning",
        "theme": "Collaboration",
        "path": "Collaboration for the individual",
        "seminar": "Matching from day 1",
        "follow": "Follow this path",
        "done": "Mark as done",
        "bar": "Progress on Collaboration for the individual",
        "copy": "Copy link",
    },
}


@pytest.fixture
def bilingual_path():
    """A path about collaboration, tagged with its theme: a reading, then an upcoming seminar."""
    home = swedish_home()
    translate_page(home, "en", {"Conecto+": "Conecto+", "hem": "home"})
    themes = published(ThemeIndexPageFactory(parent=home))
    translate_page(themes, "en", {"Teman": "Themes", "teman": "themes"})
    theme = published(ThemePageFactory(parent=themes, title="Samverkan", slug="samverkan"))
    translate_page(
        theme,
        "en",
        {"Samverkan": "Collaboration", "samverkan": "collaboration", theme.introduction: "A priority theme."},
    )
    calendar = published(EventIndexPageFactory(parent=home))
    seminar = published(
        EventPageFactory(
            parent=calendar,
            title="Matchning från dag 1",
            slug="matchning",
            introduction="Ett digitalt seminarium.",
            start_date=dt.date.today() + dt.timedelta(days=5),
        )
    )
    sync_occurrences(seminar)
    translate_page(calendar, "en", {"Kalender": "Calendar", "kalender": "calendar"})
    translate_page(
        seminar,
        "en",
        {
            "Matchning från dag 1": "Matching from day 1",
            "matchning": "matching",
            "Ett digitalt seminarium.": "A digital seminar.",
            "Kommunhuset, Haninge": "Haninge town hall",
        },
    )
    index = published(LearningPathIndexPageFactory(parent=home))
    translate_page(
        index,
        "en",
        {
            "Lärvägar": "Learning paths",
            "larvagar": "learning-paths",
            "Teman i följd: seminarier, fördjupning och handledning.": "Themes in order.",
        },
    )
    path = LearningPathPageFactory(
        parent=index,
        title="Samverkan för individen",
        slug="samverkan-for-individen",
        introduction="Seminarier och material om samverkan.",
        steps=[material_step("Läs introduktionen"), session_step(seminar)],
    )
    path.themes = [theme]
    published(path)
    translate_page(
        path,
        "en",
        {
            "Samverkan för individen": "Collaboration for the individual",
            "samverkan-for-individen": "collaboration-for-the-individual",
            "Seminarier och material om samverkan.": "Seminars and material on collaboration.",
            "Läs introduktionen": "Read the introduction",
        },
    )
    return path


def submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def assert_accessible(page, axe_check, what):
    violations = axe_check(page)
    assert not violations, f"{what}: " + axe_check.describe(violations)


def assert_reflows_at_320(page, what):
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert width <= 320, f"{what} needs {width}px at a 320px viewport"


def confirmation_path(mail):
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.get_content())
    assert match, mail.get_content()
    return urlsplit(match.group(0)).path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sign_up_follow_a_path_and_see_progress_on_my_learning(
    site_url, page, axe_check, smtp_inbox, bilingual_path, lang, tmp_path
):
    text = TEXT[lang]
    email = f"sara.{lang}@botkyrka.se"

    # Sign up and confirm the address from the mail the SMTP server received.
    page.goto(f"{site_url}/{lang}/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_first_name", "Sara")
    page.fill("#id_last_name", "Lind")
    page.select_option("#id_organisation", "municipality")
    page.fill("#id_organisation_name", "Botkyrka kommun")
    page.select_option("#id_role", "caseworker")
    submit(page)
    mail = smtp_inbox.pop()
    assert mail["To"] == email
    page.goto(site_url + confirmation_path(mail))
    submit(page)
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    submit(page)

    # Signing in leads to "My learning", empty so far.
    assert urlsplit(page.url).path == {"sv": "/sv/mitt-larande/", "en": "/en/my-learning/"}[lang]
    assert page.locator("main h1").inner_text().strip() == text["my_learning_heading"]
    assert page.locator("progress").count() == 0
    assert_accessible(page, axe_check, "empty My learning")

    # The index, filtered by theme with a plain link.
    page.goto(site_url + text["index"])
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page, axe_check, "path index")
    assert_reflows_at_320(page, "path index")
    with page.expect_navigation():
        page.locator("nav.filter-links").first.get_by_role("link", name=text["theme"], exact=True).click()
    assert "?theme=" in page.url
    assert page.locator("main h1").inner_text().endswith(f": {text['theme']}")
    assert_accessible(page, axe_check, "filtered path index")

    # The path: follow it.
    with page.expect_navigation():
        page.get_by_role("link", name=text["path"]).click()
    assert_accessible(page, axe_check, "path page")
    assert_reflows_at_320(page, "path page")
    page.get_by_role("button", name=text["follow"]).click()
    page.wait_for_load_state()
    assert page.get_by_label(text["bar"]).get_attribute("value") == "0"

    # "My learning", from the header: the path's next session, nothing done yet.
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name=text["my_learning_heading"]).click()
    assert text["seminar"] in page.locator("#next-sessions + ul").inner_text()
    assert page.locator("#next-sessions + ul time").first.get_attribute("datetime")[-6] in "+-"
    assert page.get_by_label(text["bar"]).get_attribute("value") == "0"

    # Mark the reading done on the path page: the bar moves there and on "My learning".
    with page.expect_navigation():
        page.locator(".learning-entry").get_by_role("link", name=text["path"]).click()
    page.get_by_role("button", name=text["done"]).first.click()
    page.wait_for_load_state()
    assert page.get_by_label(text["bar"]).get_attribute("value") == "50"
    page.goto(site_url + {"sv": "/sv/mitt-larande/", "en": "/en/my-learning/"}[lang])
    assert page.get_by_label(text["bar"]).get_attribute("value") == "50"
    assert_accessible(page, axe_check, "My learning")

    # Copy the personal feed's address, fetch it: the path's session is in it.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.locator("#personal-feed").get_by_role("button", name=text["copy"]).click()
    page.locator("#personal-feed [role=status]").wait_for()
    url = page.evaluate("navigator.clipboard.readText()")
    assert url == page.locator("[data-personal-feed]").input_value()
    assert url.startswith(f"{site_url}/{lang}/feeds/me/") and len(url) < 256
    feed = page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert [event.summary for event in read_ical(feed.text()).events] == [text["seminar"]]
    assert not page.js_errors, "\n".join(page.js_errors)

    # The real calendar client pair subscribes to it and lists the session on its date.
    if VDIRSYNCER.exists() and KHAL.exists():
        client = CalendarClient(tmp_path, url)
        client.sync()
        seminar_day = dt.date.today() + dt.timedelta(days=5)
        rows = client.list(seminar_day - dt.timedelta(days=1), seminar_day + dt.timedelta(days=2))
        assert [row[2] for row in rows] == [text["seminar"]]
        assert rows[0][0].startswith(str(seminar_day))


SEEDED_PAGES = [
    # (path, the <h1>, what else must be on the page)
    ("/sv/", "Conecto+", "section.featured-paths .card__title a"),
    ("/en/", "Conecto+", "section.featured-paths .card__title a"),
    ("/sv/larvagar/", "Lärvägar", ".learning-path-card"),
    ("/en/learning-paths/?audience=municipality", "Learning paths: A municipality", ".learning-path-card"),
    (
        "/sv/teman/samverkan/",
        "Samverkan och helhetsperspektiv",
        ".theme-section--learning-paths .card__title a",
    ),
    ("/sv/larvagar/supported-employment-i-praktiken/", "Supported Employment i praktiken", ".learning-step"),
    (
        "/en/learning-paths/collaboration-for-the-individual/",
        "Collaboration for the individual",
        ".learning-group",
    ),
    ("/sv/larvagar/jamstallt-bemotande/", "Jämställt och icke-diskriminerande bemötande", ".learning-step"),
    ("/en/learning-paths/equal-encounters/", "Equal and non-discriminatory encounters", ".learning-step"),
    ("/sv/mitt-larande/", "Mitt lärande", "progress"),
    ("/en/my-learning/", "My learning", "progress"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_paths_are_accessible_and_the_demo_staff_member_sees_progress(
    site_url, page, axe_check, demo_content
):
    page.goto(f"{site_url}/sv/accounts/login/")
    page.fill("#id_login", "deltagare@example.org")
    page.fill("#id_password", "conecto-demo")
    submit(page)
    assert page.locator("progress").count() == 2
    problems = []
    for path, heading, selector in SEEDED_PAGES:
        response = page.goto(site_url + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert page.locator("main h1").inner_text().replace("\u00ad", "") == heading, path
        assert page.locator(selector).count() >= 1, f"{path}: nothing matches {selector}"
        violations = axe_check(page)
        if violations:
            problems.append(f"{path}\n{axe_check.describe(violations)}")
    assert not problems, "\n\n".join(problems)
    assert not page.js_errors, "\n".join(page.js_errors)
