"""Production: everything secret or host-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY in the environment.") from exc

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# No script of the site or of Wagtail's admin reads these cookies (the admin takes its CSRF token from
# the page), so none may.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would break the editor.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Every process must share one cache: allauth's rate limits count there (five wrong passwords for an
# address, README.md "Accounts and single sign-on"), and with a cache per process each worker would
# let its own five through. So no silent fall-back to local memory: Redis (REDIS_URL, base.py) or,
# said explicitly, Django's database cache (DJANGO_CACHE=database, after `manage.py createcachetable`).
if not os.environ.get("REDIS_URL"):
    if os.environ.get("DJANGO_CACHE", "").strip() != "database":
        raise ImproperlyConfigured(
            "Production needs a cache shared by every process, or the sign-in rate limits count per"
            " process: set REDIS_URL (redis://host:6379/0), or DJANGO_CACHE=database to use Django's"
            " database cache (run `python manage.py createcachetable` once)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "conecto_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "conecto"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# The caching proxy or CDN in front (README.md, "Production topology"): its address for PURGE requests,
# e.g. http://127.0.0.1:6081 for the Varnish of deploy/varnish.vcl. A publish or unpublish then purges
# the page in every language, the pages above it and the feeds it is in (home/frontend_cache.py), after
# the change is committed. Unset: nothing is purged, and the proxy keeps a page as long as its
# Cache-Control allows (PAGE_CACHE_SECONDS; feeds 10 minutes).
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
# Wagtail would make each URL's other-language twin by swapping the /sv/ prefix; this site's slugs
# differ per language, so home/frontend_cache.py names each translation's own URL instead.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Keep each worker's database connection between requests (checked before reuse): opening one per
# request costs more than the one query a cached page or feed needs (a fresh SQLite connection reads
# the whole schema on its first query). DATABASE_CONN_MAX_AGE=0 closes it after each request again.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
_MAIL_HOSTS = [host.lstrip(".") for host in ALLOWED_HOSTS if "*" not in host]
if "DEFAULT_FROM_EMAIL" not in os.environ and _MAIL_HOSTS:
    DEFAULT_FROM_EMAIL = f"Conecto+ <noreply@{_MAIL_HOSTS[0]}>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Booking mails are queued in the database and sent by `python manage.py db_worker --backend mail`
# (README.md, "Production processes"), so a booking never waits for the mail server.
TASKS = {**TASKS, "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
