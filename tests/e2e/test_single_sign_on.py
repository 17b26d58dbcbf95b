"""Single sign-on, end to end: the site configured from the OIDC_* environment variables (accounts/sso.py,
site/settings/base.py) against a real OpenID Connect provider started for the test (django-oauth-toolkit
in a second process, tests/e2e/oidc_provider/), driven in the browser like a person would (README.md,
"Accounts and single sign-on").

The browser also holds the site to its Content-Security-Policy: the sign-in form leads on to the
provider, which form-action must allow, and any violation is an error of the page (tests/e2e/conftest.py).
"""

import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError

from accounts.models import Organisation, Role

ROOT = Path(__file__).resolve().parents[2]
BASE_SETTINGS = ROOT / "site" / "settings" / "base.py"
PROVIDER_ID = "haninge"
PROVIDER_NAME = "Haninge kommun"
CLIENT_ID = "conecto-plus"
CLIENT_SECRET = "registrerad-hemlighet-for-testet"
STAFF = {
    "username": "lisa.berg",
    "password": "kommunens-losenord-42",
    "email": "lisa.berg@haninge.se",
    "first_name": "Lisa",
    "last_name": "Berg",
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the identity provider did not answer {url}:\n{log.read_text()}")


@pytest.fixture
def identity_provider(site_url, tmp_path):
    """A municipality's OpenID Connect provider in a process of its own, on its own SQLite database, with
    an RSA key made now, this site registered for both languages' callbacks, and one member of staff."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "IDP_DATABASE": str(tmp_path / "identity-provider.sqlite3"),
        "IDP_RSA_PRIVATE_KEY": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    }
    registration = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [
            f"{site_url}/{lang}/accounts/oidc/{PROVIDER_ID}/login/callback/" for lang in ("sv", "en")
        ],
        **STAFF,
    }
    subprocess.run(
        [sys.executable, "-m", "tests.e2e.oidc_provider.prepare", json.dumps(registration)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = tmp_path / "identity-provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
                "django.core.wsgi:get_wsgi_application()",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server_url = f"http://127.0.0.1:{port}/o"
    try:
        discovery = wait_until_serving(f"{server_url}/.well-known/openid-configuration", process, log)
        assert discovery["issuer"] == server_url
        yield server_url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def single_sign_on(identity_provider, settings, monkeypatch):
    """The site's settings as site/settings/base.py builds them from the OIDC_* environment variables
    (README.md, "Accounts and single sign-on"), in force in the live server."""
    for name, value in {
        "OIDC_PROVIDER_ID": PROVIDER_ID,
        "OIDC_PROVIDER_NAME": PROVIDER_NAME,
        "OIDC_SERVER_URL": identity_provider,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }.items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(BASE_SETTINGS))
    settings.SOCIALACCOUNT_PROVIDERS = configured["SOCIALACCOUNT_PROVIDERS"]
    settings.CONTENT_SECURITY_POLICY = configured["CONTENT_SECURITY_POLICY"]
    return identity_provider


def submit(page, button):
    """Press a button that leads to another page; a navigation the browser refused (a Content-Security-
    Policy violation, say) fails with what the page reported."""
    try:
        with page.expect_navigation():
            button.click()
    except PlaywrightError as error:
        page.wait_for_timeout(1000)  # the page's report of a violation comes after the refusal
        raise AssertionError("\n".join([*page.js_errors, str(error)])) from error


def sign_in_through_the_provider(page, site_url):
    """From the site's login page to the provider and back, signing in there when it asks and consenting."""
    page.goto(f"{site_url}/sv/accounts/login/")
    submit(page, page.get_by_role("link", name=PROVIDER_NAME))
    assert page.locator("main h1").inner_text().strip() == f"Logga in via {PROVIDER_NAME}"
    submit(page, page.locator("main").get_by_role("button", name="Fortsätt"))
    if urlsplit(page.url).path == "/login/":
        page.fill("#id_username", STAFF["username"])
        page.fill("#id_password", STAFF["password"])
        submit(page, page.get_by_role("button", name="Sign in"))
    assert urlsplit(page.url).path == "/o/authorize/", page.url
    assert "Authorize Conecto+?" in page.locator("h3").inner_text()
    submit(page, page.get_by_role("button", name="Authorize"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_sign_out_and_sign_in_again_through_the_identity_provider(
    site_url, single_sign_on, page, axe_check
):
    User = get_user_model()

    # The login page offers the provider; the policy lets the sign-in form go on to it.
    policy = page.goto(f"{site_url}/sv/accounts/login/").headers["content-security-policy"]
    provider_origin = single_sign_on.removesuffix("/o")
    assert f"form-action 'self' {provider_origin}" in policy

    # First time: signed in at the provider, the site asks for what the provider does not know.
    sign_in_through_the_provider(page, site_url)
    assert urlsplit(page.url).path == "/sv/accounts/3rdparty/signup/", page.url
    assert page.locator("#id_email").input_value() == STAFF["email"]
    assert page.locator("#id_first_name").input_value() == STAFF["first_name"]
    assert page.locator("#id_last_name").input_value() == STAFF["last_name"]
    assert not User.objects.exists()
    violations = axe_check(page)
    assert not violations, axe_check.describe(violations)
    page.select_option("#id_organisation", Organisation.MUNICIPALITY)
    page.fill("#id_organisation_name", "Haninge kommun, arbetsmarknad")
    page.select_option("#id_role", Role.CASEWORKER)
    submit(page, page.locator("main form[method=post] button[type=submit]"))

    assert urlsplit(page.url).path == "/sv/mitt-larande/", page.url
    nav = page.locator(".main-nav")
    assert nav.get_by_role("link", name="Din profil: Lisa Berg").count() == 1
    person = User.objects.get()
    assert (person.email, person.first_name, person.last_name) == (STAFF["email"], "Lisa", "Berg")
    assert (person.organisation, person.organisation_name, person.role) == (
        Organisation.MUNICIPALITY,
        "Haninge kommun, arbetsmarknad",
        Role.CASEWORKER,
    )
    assert not person.has_usable_password()  # the provider is how this person signs in
    assert person.emailaddress_set.get().verified  # as the provider said: no confirmation mail
    account = SocialAccount.objects.get()
    assert (account.user, account.provider) == (person, PROVIDER_ID)

    submit(page, nav.get_by_role("button", name="Logga ut"))
    assert urlsplit(page.url).path == "/sv/"
    assert page.locator(".main-nav").get_by_role("link", name="Logga in").count() == 1

    # Again: the provider remembers the person, and the site the account; no second sign-up.
    sign_in_through_the_provider(page, site_url)
    assert urlsplit(page.url).path == "/sv/mitt-larande/", page.url
    assert page.locator(".main-nav").get_by_role("link", name="Din profil: Lisa Berg").count() == 1
    assert list(User.objects.all()) == [person]
    assert SocialAccount.objects.get() == account

    assert not page.js_errors, "\n".join(page.js_errors)
