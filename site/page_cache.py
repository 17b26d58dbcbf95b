"""The public page cache: anonymous GET/HEAD requests for public pages answered from Django's cache.

A cached entry is the whole 200 response (body and headers) under a key made of the site-content
version (home/versions.py, kept in the database, bumped by every publish, unpublish, move, delete,
settings or site change: home/signals.py), the language, scheme, host, path, the query string and the
local date. Reading the version is the one query a hit costs, so a publish in any process is seen by
every process at once. Entries also expire after PAGE_CACHE_SECONDS, so that an event that has just
ended leaves the "upcoming" lists within minutes and not only at midnight.

Nothing personal is ever stored or served: a request with a session, CSRF or messages cookie or an
Authorization header goes to the views, and only responses that are 200, set no cookie, are not marked
private or no-store, and are not kept out by their view (home/page_cache.py: pages under view
restrictions) are stored. The admin, documents, accounts, feeds, search and "My learning" are never
cached, nor a query string with a parameter the public pages do not read (``?preview``, tracking tags).
"""

import datetime as dt
import hashlib
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import urlencode

from home.page_cache import kept_out_of_page_cache
from home.versions import site_content_version

# The parameters of the calendar and news filters (events/views.py, events/filters.py, home/news.py).
PUBLIC_PARAMETERS = frozenset({"view", "month", "page", "type", "format", "language", "audience", "theme"})
REQUEST_COOKIES = ("session", "csrf", "messages")
NEVER_CACHED_CONTROL = ("private", "no-store", "no-cache")
HEADERS_NOT_STORED = frozenset({"set-cookie", "x-page-cache"})


def languages():
    return [code for code, _name in settings.LANGUAGES]


@memoize
def excluded_prefixes():
    """Paths under a language prefix that are personal, searched, or cached on their own (feeds)."""
    prefixes = []
    for language in languages():
        with translation.override(language):
            prefixes += [
                f"/{language}/accounts/",
                f"/{language}/feeds/",
                reverse("my_learning"),
                reverse("search"),
            ]
    return tuple(prefixes)


def personal_cookie_names():
    return {
        "session": settings.SESSION_COOKIE_NAME,
        "csrf": settings.CSRF_COOKIE_NAME,
        "messages": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    }


def cacheable_request(request):
    """The language of a request the cache may answer, or None."""
    if request.method not in ("GET", "HEAD") or "authorization" in request.headers:
        return None
    if any(request.COOKIES.get(name) for name in personal_cookie_names().values()):
        return None
    path = request.path
    language = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    if language not in languages() or path.startswith(excluded_prefixes()):
        return None
    if not set(request.GET).issubset(PUBLIC_PARAMETERS):
        return None
    return language


def cache_key(request, language, version, today):
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    parts = (version, language, request.scheme, request.get_host(), request.path, query, today.isoformat())
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"site:page:{digest}"


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if kept_out_of_page_cache(request):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in NEVER_CACHED_CONTROL)


def entry_for(response):
    etag = response.get("ETag") or '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    headers = [(name, value) for name, value in response.items() if name.lower() not in HEADERS_NOT_STORED]
    if not response.has_header("ETag"):
        headers.append(("ETag", etag))
    return {"body": response.content, "headers": headers, "etag": etag}


def response_from(request, entry):
    response = get_conditional_response(request, etag=entry["etag"])
    if response is None:
        response = HttpResponse(b"" if request.method == "HEAD" else entry["body"])
        for name, value in entry["headers"]:
            response[name] = value
    else:
        response["ETag"] = entry["etag"]
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Place it after WhiteNoise and before the session middleware: a hit needs none of the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        language = cacheable_request(request) if seconds else None
        if language is None:
            return self.get_response(request)

        # The version is read before the page is built: a publish during the build changes the key.
        key = cache_key(request, language, site_content_version(), timezone.localdate())
        entry = cache.get(key)
        if entry is not None:
            return response_from(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and cacheable_response(request, response):
            entry = entry_for(response)
            cache.set(key, entry, min(seconds, seconds_to_midnight()))
            response["ETag"] = entry["etag"]
            response["X-Page-Cache"] = "miss"
        return response


def seconds_to_midnight():
    now = timezone.localtime()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))
