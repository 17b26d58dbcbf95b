"""The security headers every response carries (README.md, "Security headers"); the browser checks
that nothing is blocked are in tests/e2e/test_security_headers.py."""

import pytest

from conecto_site.security_headers import permissions_policy_header


def policy(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def test_the_permissions_policy_is_written_as_the_header_wants_it():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self", "https://player.vimeo.com"]})
    assert header == 'camera=(), fullscreen=(self "https://player.vimeo.com")'


@pytest.mark.django_db
def test_pages_feeds_and_the_admin_carry_the_policies(client, sv_home, calendar):
    for url in ("/sv/", "/sv/feeds/events.ics", "/admin/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "geolocation=()" in response["Permissions-Policy"], url
        assert "camera=()" in response["Permissions-Policy"], url
        directives = policy(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", (
            url
        )  # production: strict-origin-when-cross-origin
    # The site allows no inline script; only the admin does (why: site/settings/base.py).
    assert policy(client.get("/sv/"))["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy(client.get("/admin/login/"))["script-src"]


def test_the_sign_in_form_may_go_on_to_the_identity_provider_and_nowhere_else():
    from accounts.sso import openid_connect_origin

    environ = {
        "OIDC_PROVIDER_ID": "stockholm",
        "OIDC_SERVER_URL": "https://login.example.org:8443/realms/stad",
        "OIDC_CLIENT_ID": "conecto",
        "OIDC_CLIENT_SECRET": "hemligt",
    }
    assert openid_connect_origin(environ) == "https://login.example.org:8443"
    assert openid_connect_origin({}) is None
