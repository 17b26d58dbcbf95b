"""The account pages as a visitor sees them: Swedish text, the header, the single sign-on button."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from accounts.sso import openid_connect_providers

pytestmark = pytest.mark.django_db
User = get_user_model()

OIDC_ENV = {
    "OIDC_PROVIDER_ID": "stockholm",
    "OIDC_PROVIDER_NAME": "Stockholms stad",
    "OIDC_SERVER_URL": "https://login.example.org/realms/stad",
    "OIDC_CLIENT_ID": "conecto",
    "OIDC_CLIENT_SECRET": "hemligt",
}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_swedish_login_page_invites_to_sign_up_not_to_log_in(client, sv_home):
    """allauth's own Swedish said "Already have an account? Then log in" with a sign-up link."""
    page = soup(client.get("/sv/accounts/login/"))
    main = page.find("main")
    assert "Har du redan ett konto" not in main.get_text()
    invitation = main.find("a", href="/sv/accounts/signup/")
    assert invitation.get_text(strip=True) == "skapa ett konto"
    assert "Har du inget konto än?" in invitation.parent.get_text()


def test_swedish_signup_page_links_to_login(client, sv_home):
    main = soup(client.get("/sv/accounts/signup/")).find("main")
    link = main.find("a", href="/sv/accounts/login/")
    assert link.get_text(strip=True) == "logga in"
    assert "Har du redan ett konto?" in link.parent.get_text()
    assert main.find("label", attrs={"for": "id_email"}).get_text(strip=True) == "E-post:"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/sv/accounts/login/", "Logga in"),
        ("/en/accounts/login/", "Sign In"),
        ("/sv/accounts/signup/", "Skapa konto"),
        ("/sv/accounts/password/reset/", "Återställning av lösenord"),
        ("/en/accounts/password/reset/", "Password Reset"),
    ],
)
def test_account_pages_are_in_the_site_layout_and_language(client, sv_home, path, heading):
    page = soup(client.get(path))
    assert page.html["lang"] == path[1:3]
    assert page.find("header", class_="site-header") and page.find("footer", class_="site-footer")
    assert page.find("main").find("h1").get_text(strip=True) == heading
    assert " ".join(page.title.get_text().split()) == f"{heading} | Conecto+"


def test_header_offers_log_in_when_signed_out(client, sv_home):
    nav = soup(client.get("/sv/")).find("nav", class_="main-nav")
    assert nav.find("a", href="/sv/accounts/login/").get_text(strip=True) == "Logga in"
    assert not nav.find("a", href="/sv/mitt-larande/")
    assert not nav.find("form")


def test_header_shows_the_name_and_a_log_out_form_when_signed_in(client, sv_home):
    client.force_login(
        User.objects.create_user("eva", "eva@example.org", "x", first_name="Eva", last_name="Ek")
    )
    nav = soup(client.get("/en/")).find("nav", class_="main-nav")
    assert nav.find("a", href="/en/my-learning/").get_text(strip=True) == "My learning"
    profile = nav.find("a", href="/en/accounts/profile/")
    assert profile.get_text(" ", strip=True) == "Your profile: Eva Ek"
    logout = nav.find("form", action="/en/accounts/logout/")
    assert logout["method"] == "post"
    assert logout.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert logout.find("button").get_text(strip=True) == "Log out"


def test_log_out_link_target_does_not_log_out_on_get(client, sv_home):
    client.force_login(User.objects.create_user("fia", "fia@example.org", "x"))
    assert client.get("/sv/accounts/logout/").status_code == 200  # a confirmation page with a form
    assert client.get("/sv/accounts/profile/").status_code == 200


def test_login_page_offers_single_sign_on_when_configured(client, sv_home, settings):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(OIDC_ENV)
    main = soup(client.get("/sv/accounts/login/")).find("main")
    button = main.find("a", href="/sv/accounts/oidc/stockholm/login/?process=login")
    assert button.get_text(strip=True) == "Stockholms stad"
    # The provider's page asks for a POST (allauth's CSRF protection of the redirect to the server).
    assert client.get("/sv/accounts/oidc/stockholm/login/?process=login").status_code == 200


def test_login_page_has_no_single_sign_on_without_configuration(client, sv_home, settings):
    settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers({})
    main = soup(client.get("/sv/accounts/login/")).find("main")
    assert not main.find("a", href=lambda href: href and "/oidc/" in href)
    assert "Eller logga in via" not in main.get_text()


@pytest.mark.parametrize(
    "missing", ["OIDC_PROVIDER_ID", "OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]
)
def test_an_incomplete_single_sign_on_configuration_configures_nothing(missing):
    assert openid_connect_providers({**OIDC_ENV, missing: " "}) == {}


def test_single_sign_on_configuration_from_the_environment():
    app = openid_connect_providers(OIDC_ENV)["openid_connect"]["APPS"][0]
    assert app == {
        "provider_id": "stockholm",
        "name": "Stockholms stad",
        "client_id": "conecto",
        "secret": "hemligt",
        "settings": {"server_url": "https://login.example.org/realms/stad"},
    }
    unnamed = {**OIDC_ENV, "OIDC_PROVIDER_NAME": ""}
    assert openid_connect_providers(unnamed)["openid_connect"]["APPS"][0]["name"] == "stockholm"


def test_profile_page_query_count_does_not_grow_with_the_site(client, sv_home, django_assert_max_num_queries):
    from home.factories import StandardPageFactory

    client.force_login(User.objects.create_user("gun", "gun@example.org", "x", first_name="Gun"))
    client.get("/sv/accounts/profile/")  # the first view creates the site's footer settings, once
    for count in (1, 20):
        while sv_home.get_children().count() < count:
            StandardPageFactory(parent=sv_home, show_in_menus=True)
        with django_assert_max_num_queries(14):
            assert client.get("/sv/accounts/profile/").status_code == 200
