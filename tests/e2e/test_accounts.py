"""Account pages in the browser: axe-core on each step of sign-up, sign-in and reset, and no JavaScript needed."""

import re
from urllib.parse import urlsplit

import pytest

PASSWORD = "ett-langt-losenord-42"
HEADINGS = {
    "sv": {
        "signup": "Skapa konto",
        "sent": "Bekräfta din e-postadress",
        "confirm": "Bekräfta e-postadress",
        "login": "Logga in",
        "my_learning": "Mitt lärande",
        "profile": "Din profil",
        "logout": "Logga ut",
        "reset": "Återställning av lösenord",
        "new_password": "Ändra lösenord",
    },
    "en": {
        "signup": "Sign Up",
        "sent": "Verify Your Email Address",
        "confirm": "Confirm Email Address",
        "login": "Sign In",
        "my_learning": "My learning",
        "profile": "Your profile",
        "logout": "Sign Out",
        "reset": "Password Reset",
        "new_password": "Change Password",
    },
}


def link_in(mail, path_part):
    match = re.search(rf"https?://\S+{re.escape(path_part)}\S*", mail.body)
    assert match, mail.body
    return urlsplit(match.group(0)).path


def fill_signup(page, email):
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_first_name", "Lisa")
    page.fill("#id_last_name", "Berg")
    page.select_option("#id_organisation", "municipality")
    page.fill("#id_organisation_name", "Haninge kommun")
    page.select_option("#id_role", "caseworker")


def submit(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_account_pages_are_accessible(site_url, page, axe_check, mailoutbox, lang):
    headings = HEADINGS[lang]
    email = f"lisa.{lang}@haninge.se"

    def check(step):
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("main h1").inner_text().strip() == headings[step], step
        violations = axe_check(page)
        assert not violations, f"{step}: " + axe_check.describe(violations)

    page.goto(f"{site_url}/{lang}/accounts/signup/")
    check("signup")
    fill_signup(page, email)
    submit(page)
    check("sent")

    page.goto(site_url + link_in(mailoutbox[-1], "/accounts/confirm-email/"))
    check("confirm")
    submit(page)
    check("login")

    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    submit(page)
    check("my_learning")
    page.goto(f"{site_url}/{lang}/accounts/profile/")
    check("profile")
    page.fill("#id_organisation_name", "Haninge kommun, arbetsmarknad")
    submit(page)
    check("profile")
    assert page.locator(".main-nav").get_by_role("button").count() == 1  # the header's Log out

    page.goto(f"{site_url}/{lang}/accounts/logout/")
    check("logout")
    submit(page)
    assert urlsplit(page.url).path == f"/{lang}/"

    page.goto(f"{site_url}/{lang}/accounts/password/reset/")
    check("reset")
    page.fill("#id_email", email)
    submit(page)
    check("reset")
    page.goto(site_url + link_in(mailoutbox[-1], "/accounts/password/reset/key/"))
    check("new_password")
    assert not page.js_errors, "\n".join(page.js_errors)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_sign_in_and_out_without_javascript(site_url, browser, mailoutbox):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/sv/accounts/signup/")
        fill_signup(page, "utan.js@haninge.se")
        submit(page)
        page.goto(site_url + link_in(mailoutbox[-1], "/accounts/confirm-email/"))
        submit(page)
        page.fill("#id_login", "utan.js@haninge.se")
        page.fill("#id_password", PASSWORD)
        submit(page)
        assert urlsplit(page.url).path == "/sv/mitt-larande/"
        nav = page.locator(".main-nav")
        assert nav.get_by_role("link", name="Mitt lärande").get_attribute("aria-current") == "page"
        assert nav.get_by_role("link", name="Din profil: Lisa Berg").count() == 1

        with page.expect_navigation():
            nav.get_by_role("button", name="Logga ut").click()  # the header's POST form
        assert urlsplit(page.url).path == "/sv/"
        assert page.locator(".main-nav").get_by_role("link", name="Logga in").count() == 1
    finally:
        context.close()
