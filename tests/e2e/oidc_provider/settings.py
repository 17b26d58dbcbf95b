"""Settings of the identity provider (see __init__.py). What varies per test comes from the environment:
IDP_DATABASE (its SQLite file) and IDP_RSA_PRIVATE_KEY (the key it signs ID tokens with, made by the test)."""

import os
from pathlib import Path

SECRET_KEY = "identity-provider-test-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.e2e.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
# A throwaway database: it need not wait for the disk.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["IDP_DATABASE"],
        "OPTIONS": {"init_command": "PRAGMA synchronous=OFF;"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
# Both servers are on 127.0.0.1, and a browser keeps cookies per host, not per port: with Django's
# default names the provider's session would replace the site's (and the sign-in it has begun).
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["IDP_RSA_PRIVATE_KEY"],
    "OAUTH2_VALIDATOR_CLASS": "tests.e2e.oidc_provider.claims.StaffClaims",
    "SCOPES": {
        "openid": "Who you are",
        "profile": "Your name",
        "email": "Your e-mail address",
    },
    # PKCE is required, as the site always sends it (OAUTH_PKCE_ENABLED in accounts/sso.py).
    "PKCE_REQUIRED": True,
}

# The site's clock in the tests may be a year ahead (TEST_CLOCK_SHIFT_DAYS, site/settings/test.py);
# the provider's must be the same, or the site finds its ID tokens issued in the past and expired.
if os.environ.get("TEST_CLOCK_SHIFT_DAYS"):
    import datetime as _dt

    import time_machine

    time_machine.travel(
        _dt.datetime.now(_dt.UTC) + _dt.timedelta(days=int(os.environ["TEST_CLOCK_SHIFT_DAYS"])), tick=True
    ).start()
