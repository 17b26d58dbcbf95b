"""Browser tests: pytest-django's live server driven by Playwright and Debian's chromium.

Never run `playwright install`; the tests use the system chromium at /usr/bin/chromium and are
skipped when it is missing (`make browser` installs it).
"""

import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses ORM
# calls from a thread with a running loop unless told otherwise. The Makefile sets this too.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).parents[2]
E2E_DIR = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as `e2e`, so `-m "not e2e"` leaves the browser out."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(request):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (`make browser`)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Create the test database (and its serialized copy) before Playwright starts, so it happens the
    # same way whichever test runs first.
    request.getfixturevalue("django_db_setup")
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
    }

    with sync_playwright() as playwright:
        # While Playwright's event loop runs, asgiref sees an async context and `connections` hands
        # out new connection objects. They lack the serialized database that pytest-django stored
        # on the original ones, and without it serialized_rollback restores nothing: after the
        # first test the flushed database would stay empty. Hand the copy over.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close the connections opened in that context, or PostgreSQL refuses to drop the test database.
        connections.close_all()


@pytest.fixture
def site_url(live_server):
    """The live server's address as http://127.0.0.1:<port>, the host `make run` serves on.

    The only Wagtail Site is ("localhost", 80, default); 127.0.0.1 and a random port match neither,
    so every page in these tests is found through the default-site fallback.
    """
    parts = urlsplit(live_server.url)
    return urlunsplit(parts._replace(netloc=f"127.0.0.1:{parts.port}"))


@pytest.fixture
def browser_locale():
    """The browser's language (Accept-Language and navigator.language); override where needed."""
    return "sv-SE"


# Every Content-Security-Policy violation is reported to the test (README.md, "Security headers"), so
# every browser test that asserts `not page.js_errors` also asserts that the policy blocked nothing.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`
));
"""


@pytest.fixture
def page(browser, browser_locale):
    """A fresh page in a new browser context that records JavaScript errors and Content-Security-Policy
    violations in `page.js_errors`."""
    context = browser.new_context(locale=browser_locale)
    page = context.new_page()
    page.js_errors = []
    page.csp_violations = []

    def on_csp_violation(source, text):
        page.csp_violations.append(f"CSP violation on {source['page'].url}: {text}")
        page.js_errors.append(page.csp_violations[-1])

    context.expose_binding("reportCspViolation", on_csp_violation)
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def on_console(message):
        if message.type == "error":
            location = message.location
            page.js_errors.append(
                f"console.error on {page.url}: {message.text} "
                f"({location.get('url')}:{location.get('lineNumber')})"
            )

    def on_page_error(error):
        page.js_errors.append(f"uncaught error on {page.url}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    context.close()


def inject_axe(page):
    """Put axe-core into the page through the DevTools protocol, which the page's Content-Security-Policy
    does not govern: a <script> tag holding its text would be an inline script, which the site blocks."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make browser` (npm ci) to install axe-core")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))


class AxeChecker:
    """`axe_check(page)` runs axe-core's WCAG 2.1 A/AA rules and returns the serious/critical violations."""

    def __call__(self, page):
        inject_axe(page)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        if not results.get("passes"):
            pytest.fail(f"axe-core ran no passing rule on {page.url}; is the page empty?")
        return [v for v in results["violations"] if v["impact"] in AXE_BLOCKING_IMPACTS]

    @staticmethod
    def describe(violations):
        lines = []
        for violation in violations:
            targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
            lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} -> {targets}")
        return "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(lines)


@pytest.fixture
def axe_check():
    return AxeChecker()


# The strings an English translator would enter in wagtail-localize, keyed by the Swedish source.
HOME_SV = {
    "title": "Conecto+",
    "introduction": "Kompetensutveckling för samverkan i Stockholms län.",
    "cta_heading": "Lär känna programmet",
    "cta_text": "Läs om vilka vi är och vad vi gör.",
    "cta_label": "Om Conecto+",
}
ABOUT_SV = {
    "title": "Om Conecto+",
    "slug": "om-conecto",
    "introduction": "Conecto+ är samordningsförbundens gemensamma kompetensutvecklingsprogram.",
    "text": "Programmet vänder sig till <b>alla</b> som arbetar med samverkan.",
    "quote": "Vi lär oss mer när vi lär oss tillsammans.",
    "attribution": "En deltagare",
    "alt_text": "Deltagare i en workshop sitter runt ett bord.",
    "caption": "En workshop i Stockholm.",
}
ENGLISH = {
    "Conecto+": "Conecto+",
    "hem": "home",
    HOME_SV["introduction"]: "Competence development for collaboration in Stockholm County.",
    HOME_SV["cta_heading"]: "Get to know the programme",
    HOME_SV["cta_text"]: "Read about who we are and what we do.",
    HOME_SV["cta_label"]: "About Conecto+",
    ABOUT_SV["title"]: "About Conecto+",
    ABOUT_SV["slug"]: "about-conecto",
    ABOUT_SV[
        "introduction"
    ]: "Conecto+ is the joint competence-development programme of the coordination associations.",
    ABOUT_SV["text"]: "The programme is for <b>everyone</b> who works with collaboration.",
    ABOUT_SV["quote"]: "We learn more when we learn together.",
    ABOUT_SV["attribution"]: "A participant",
    ABOUT_SV["alt_text"]: "Workshop participants sitting around a table.",
    ABOUT_SV["caption"]: "A workshop in Stockholm.",
}


@pytest.fixture
def bilingual_pages():
    """The Swedish home page and an "Om Conecto+" page with a full body, and their English translations.

    English is made the way editors make it, through wagtail-localize (`home.translation.translate_page`).
    Tests using this need `django_db(transaction=True, serialized_rollback=True)`.
    """
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from home.models import HomePage, StandardPage
    from home.translation import translate_page

    sv_home = HomePage.objects.get(depth=2, locale__language_code="sv")
    image = get_image_model().objects.create(title="Workshop", file=get_test_image_file())

    sv_about = StandardPage(
        title=ABOUT_SV["title"],
        slug=ABOUT_SV["slug"],
        show_in_menus=True,
        introduction=ABOUT_SV["introduction"],
        body=[
            ("rich_text", f"<p>{ABOUT_SV['text']}</p>"),
            ("image", {"image": image, "alt_text": ABOUT_SV["alt_text"], "caption": ABOUT_SV["caption"]}),
            ("quote", {"quote": ABOUT_SV["quote"], "attribution": ABOUT_SV["attribution"]}),
        ],
    )
    sv_home.add_child(instance=sv_about)
    sv_about.save_revision().publish()

    sv_home.refresh_from_db()
    sv_home.introduction = HOME_SV["introduction"]
    sv_home.body = [
        (
            "call_to_action",
            {
                "heading": HOME_SV["cta_heading"],
                "text": HOME_SV["cta_text"],
                "link_label": HOME_SV["cta_label"],
                "link_page": sv_about,
                "link_url": "",
            },
        )
    ]
    sv_home.save_revision().publish()

    en_home = translate_page(sv_home, "en", ENGLISH)
    en_about = translate_page(sv_about, "en", ENGLISH)
    yield SimpleNamespace(
        sv_home=sv_home, sv_about=sv_about, en_home=en_home, en_about=en_about, about_sv_strings=ABOUT_SV
    )
    # Deleting the image removes its file and renditions from MEDIA_ROOT (Wagtail's post_delete
    # handlers); the database itself is flushed by pytest-django afterwards.
    image.delete()


# An organiser in the admin (the bookings, roster and check-in browser tests).
ORGANISER_USERNAME = "arrangor"
ORGANISER_PASSWORD = "e2e-Arrangor-lösen-1"


@pytest.fixture
def organiser():
    user = get_user_model().objects.create_user(
        ORGANISER_USERNAME, "arrangor@example.org", ORGANISER_PASSWORD, first_name="Karin", last_name="Åberg"
    )
    user.groups.add(Group.objects.get(name="Organisers"))
    return user


def sign_in(page, site_url, username=ORGANISER_USERNAME, password=ORGANISER_PASSWORD):
    """Sign in to the admin through its login form (the organiser unless told whom)."""
    page.goto(f"{site_url}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{site_url}/admin/")
