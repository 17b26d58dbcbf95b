"""Settings shared by every environment. Secrets and hosts come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url

from accounts.client_ip import trusted_networks
from accounts.sso import openid_connect_origin, openid_connect_providers

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "accounts",
    "home",
    "events",
    "bookings",
    "learning",
    "followup",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.ConectoUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "recurrence",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",  # the database queue that production's mail uses (TASKS below)
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, cached pages included
    # (CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY below).
    "conecto_site.security_headers.ContentSecurityPolicyMiddleware",
    "conecto_site.security_headers.PermissionsPolicyMiddleware",
    # ETag and 304 for every GET (news feeds, pages); the iCal feeds set their own validators.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous views of public pages from the cache, before sessions and the rest (site/page_cache.py).
    "conecto_site.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Anything built from someone's session is private, no-store (site/private_responses.py).
    "conecto_site.private_responses.PrivateResponseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "conecto_site.urls"
WSGI_APPLICATION = "conecto_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the zero-setup default; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it begins, and a second writer waits for it: a
    # transaction that read first and writes later (a publish while the editor's autosave saves)
    # otherwise fails at once with "database is locked" instead of waiting.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL switches the cache from local memory to Redis.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "conecto"),
        }
    }
else:
    # The feeds keep one entry per event (events/feeds/blocks.py): room for a large programme.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A page open to signed-in people only sends others to the site's own login page (allauth's, in the
# visitor's language) and back; Wagtail's default (/_util/login/) is not served here.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# The password form of a password-protected page, in the site's layout.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "home/password_required.html"  # noqa: S105 (a template name)
# Signing in leads to what people come for: their paths, next sessions and progress.
LOGIN_REDIRECT_URL = "my_learning"

# django-allauth: people sign in with their work e-mail address, verified before the first sign-in.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ProfileSignupForm"
# Without the maxlength a browser cuts a pasted address to; the adapter refuses one too long to store.
ACCOUNT_FORMS = {
    "add_email": "accounts.email_forms.AddEmailForm",
    "change_email": "accounts.email_forms.ChangeEmailForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Conecto+: "
# Messages and mails name people by their name, or their address before they have given one, never by
# the username allauth made up from the address ("Du har loggat in som anna.").
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
# allauth's rate limits, written out so they are visible (README.md, "Accounts and single sign-on").
# The counters live in the cache: with several processes set REDIS_URL so they share them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",  # 5 wrong passwords for one address lock it for 5 minutes
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",  # one confirmation mail per address every 3 minutes
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# `manage.py housekeeping` (daily) deletes accounts whose address was not confirmed within this many days
# and that never signed in (accounts/housekeeping.py).
UNVERIFIED_ACCOUNT_DAYS = int(os.environ.get("UNVERIFIED_ACCOUNT_DAYS", "14"))

# The proxies in front of the site (addresses or networks, comma-separated): only a request from one
# of them has its X-Forwarded-For believed when the rate limits above count by address
# (accounts/client_ip.py). Unset: every request is counted by the address that connected.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
trusted_networks(TRUSTED_PROXIES)  # a mistyped address stops the site at start, not at the first sign-in

# Municipal single sign-on (OpenID Connect), only when OIDC_* is set (accounts/sso.py).
SOCIALACCOUNT_PROVIDERS = openid_connect_providers(os.environ)
# Someone signing in through single sign-on for the first time confirms name, organisation and role.
SOCIALACCOUNT_AUTO_SIGNUP = False

# Internationalisation: Swedish first, English as a full second language.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "conecto_language"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Conecto+"
# The sender of every mail (accounts, review notifications) and of error mails, with a name people
# recognise; production derives the address from the site's host unless these are set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Conecto+ <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search; on PostgreSQL each page is stemmed in its own language (home/search_backend.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "home.search_backend",
        "SEARCH_CONFIG": "swedish",
        "LANGUAGE_SEARCH_CONFIGS": {"sv": "swedish", "en": "english"},
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "odp", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The machines are offline: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False

SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false").lower() == "true"
# How long a cached public page may live at most (site/page_cache.py); 0 turns the cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Bytes of cached pages and feeds each process also keeps in its own memory, in front of the shared cache.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
EVENTS_HORIZON_MONTHS = int(os.environ.get("EVENTS_HORIZON_MONTHS", "18"))
# The follow-up reports show no group of fewer people or answers than this (docs/followup.md).
FOLLOWUP_MIN_GROUP = 5

# Days a record of a booking mail that failed every attempt (bookings.FailedMail) is kept before
# `manage.py expire_bookings` deletes it: long enough to follow it up, not kept for ever (it holds
# the person's address).
FAILED_MAIL_RETENTION_DAYS = int(os.environ.get("FAILED_MAIL_RETENTION_DAYS", "90"))

# Personal data (docs/privacy.md, "How long"): the last day of the programme's reporting period to
# its ESF+ funder, and how many days after it bookings, attendance and progress of the dates before it
# are still kept with names (for the funder's final review and questions about the participant list);
# after that `manage.py purge_personal_data` hands them to anonymous placeholders.
PROGRAMME_REPORTING_ENDS = datetime.date.fromisoformat(
    os.environ.get("PROGRAMME_REPORTING_ENDS", "2027-06-30")
)
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))

# A new translation starts as a draft. wagtail-localize's default publishes it at once when the
# source is live, which would put untranslated Swedish text under /en/ and skip the review workflow.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Background tasks (django-tasks). "default" is what Wagtail's own tasks use and stays immediate;
# booking mails go through "mail" (bookings/tasks.py), immediate here and in tests, the database queue
# in production (site/settings/production.py), worked through by `manage.py db_worker --backend mail`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# Content-Security-Policy (django-csp; README.md, "Security headers"). Everything the site loads is
# served from here; the only other origins are the two video players, framed only when a reader
# presses play (home/video.py). No inline script or style anywhere on the site: its scripts and
# styles are files, and JSON-LD is a data block, which script-src does not govern.
VIDEO_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'", *VIDEO_FRAME_ORIGINS],
        "frame-ancestors": ["'self'"],  # Wagtail's live preview frames the site itself
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The single sign-on button's form redirects to the identity provider, which form-action covers.
        "form-action": ["'self'", *filter(None, [openid_connect_origin(os.environ)])],
    },
}
# What the policy says instead under /admin/ (site/security_headers.py). Wagtail 8's admin runs inline
# scripts that carry no nonce and differ per form (its date and time pickers call
# initDateChooser("id_<field>") in a <script> beside each field, InlinePanel starts itself the same way,
# and chooser modals run the scripts in the HTML they fetch), and it sets inline styles from its scripts;
# neither a nonce nor a fixed list of hashes can cover them. The admin is for signed-in staff only, it
# escapes what editors enter, and scripts may still come from this site alone (no 'unsafe-eval', no
# other origin). data: and blob: are the icons in Wagtail's styles and its previews of an image being
# uploaded.
CONTENT_SECURITY_POLICY_ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
}

# Permissions-Policy (site/security_headers.py): every powerful feature off, but those the video player
# needs, for this site and the two players it frames; the copy button's clipboard for this site.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *VIDEO_FRAME_ORIGINS],
    "camera": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": ["self", *VIDEO_FRAME_ORIGINS],
    "fullscreen": ["self", *VIDEO_FRAME_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *VIDEO_FRAME_ORIGINS],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
