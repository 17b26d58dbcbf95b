"""A person downloads their data and deletes their account in a real browser, in Swedish and
English, with no serious or critical axe-core violation (docs/privacy.md)."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEXT = {
    "sv": ("Din profil", "Ladda ner mina uppgifter (JSON)", "Radera mitt konto", "Ditt lösenord", "raderats"),
    "en": ("Your profile", "Download my data (JSON)", "Delete my account", "Your password", "deleted"),
}


def sign_in(page, site_url, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_download_my_data_and_delete_my_account(site_url, page, axe_check, sv_home, lang):
    profile_heading, download_label, delete_label, password_label, deleted = TEXT[lang]
    person = get_user_model().objects.create_user(
        f"lisa-{lang}", f"lisa.{lang}@haninge.se", "ett-langt-losenord-42", organisation="municipality"
    )
    sign_in(page, site_url, person)

    def check():
        violations = axe_check(page)
        assert not violations, axe_check.describe(violations)

    page.goto(f"{site_url}/{lang}/accounts/profile/")
    assert page.locator("main h1").inner_text().strip() == profile_heading
    check()
    with page.expect_download() as download:
        page.get_by_role("button", name=download_label).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == f"lisa.{lang}@haninge.se"

    page.get_by_role("link", name=delete_label).click()
    assert page.locator("main h1").inner_text().strip() == delete_label
    check()
    page.get_by_label(password_label).fill("fel")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator("main .errorlist").count() == 1
    check()
    page.get_by_label(password_label).fill("ett-langt-losenord-42")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert urlsplit(page.url).path == f"/{lang}/"
    assert deleted in page.locator("body").inner_text()
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    errors = [error for error in page.js_errors if "status of 400" not in error]  # the wrong password's page
    assert not errors, "\n".join(errors)
