"""The public page cache: anonymous GET/HEAD requests for public pages and feeds answered from a cache.

A cached entry is the whole 200 response (body and headers) under a key made of the site-content
version (home/versions.py, kept in the database, bumped by every publish, unpublish, move, delete,
settings or site change: home/signals.py) and the feed version (events/feeds/cache.py, bumped by what
changes a feed), the language, scheme, host, path, the query string and the local date. Reading the
two versions is the one query a hit costs, so a publish in any process is seen by every process at
once. Entries also expire after PAGE_CACHE_SECONDS, so that an event that has just ended leaves the
"upcoming" lists within minutes and not only at midnight.

Each process keeps its most recently served entries in memory too (``LocalEntries``, bounded by
bytes), so a hit skips the trip to Redis and the unpickling of a large feed. No invalidation is
needed: a publish changes the versions and so every key.

The public calendar feeds are answered here as well, with their ETag and Last-Modified (clients
revalidate with either): a hit needs none of the middleware below. An entry keeps a gzip copy of a
text body, made once when it is stored, for the clients that accept it (site/content_encoding.py).
The personal feed (/<lang>/feeds/me/<token>.ics) is never stored: its path is left out and its
response is private.

A stored page that sets no Cache-Control of its own is sent with ``public, max-age=0, s-maxage=N``,
N the seconds its entry has left here (``share``): a proxy or CDN in front (deploy/varnish.vcl) may
keep it as long, and is purged on publish (home/frontend_cache.py); browsers revalidate.

Nothing personal is ever stored or served: a request with a session, CSRF or messages cookie or an
Authorization header goes to the views, and only responses that are 200, set no cookie, are not marked
private or no-store, and are not kept out by their view (home/page_cache.py: pages under view
restrictions) are stored. The admin, documents, accounts, the personal feed, search and "My learning"
are never cached, nor a query string with a parameter the public pages and feeds do not read
(``?preview``, tracking tags).
"""

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe, urlencode

from events.feeds.cache import VERSION_KEY as FEED_VERSION
from home.page_cache import kept_out_of_page_cache, versions_depended_on
from home.versions import SITE_CONTENT_VERSION, current_versions

from .content_encoding import accepts_gzip, gzip_body, gzip_etag

# The parameters of the calendar and news filters and of the feeds (events/views.py,
# events/filters.py, home/news.py).
PUBLIC_PARAMETERS = frozenset({"view", "month", "page", "type", "format", "language", "audience", "theme"})
REQUEST_COOKIES = ("session", "csrf", "messages")
NEVER_CACHED_CONTROL = ("private", "no-store", "no-cache")
HEADERS_NOT_STORED = frozenset({"set-cookie", "x-page-cache"})
# What a 304 repeats of the full response (RFC 9110, 15.4.5).
HEADERS_OF_A_304 = frozenset(
    {"cache-control", "content-location", "etag", "expires", "last-modified", "vary"}
)


def languages():
    return [code for code, _name in settings.LANGUAGES]


@memoize
def excluded_prefixes():
    """Paths under a language prefix that are personal or searched."""
    prefixes = []
    for language in languages():
        with translation.override(language):
            personal_feed = reverse("personal_feed", kwargs={"token": "x"})
            prefixes += [
                f"/{language}/accounts/",
                personal_feed[: personal_feed.rindex("/") + 1],
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


def content_versions():
    """The site-content and feed versions, in one query: every public page and feed depends on them."""
    versions = current_versions(SITE_CONTENT_VERSION, FEED_VERSION)
    return versions[SITE_CONTENT_VERSION], versions[FEED_VERSION]


def cache_key(request, language, versions, today):
    query = urlencode(sorted(request.GET.lists()), doseq=True) if request.META.get("QUERY_STRING") else ""
    parts = (*versions, language, request.scheme, request.get_host(), request.path, query, today.isoformat())
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]
    return f"site:page:{digest}"


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if kept_out_of_page_cache(request):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in NEVER_CACHED_CONTROL)


def entry_for(response, expires, depends=None):
    """What is stored of a response: its body as bytes, a gzip copy when it pays (site/content_encoding.py),
    a short list of headers (cheap to pickle) and the page's own versions it was built under."""
    body = response.content
    etag = response.get("ETag") or '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    packed = gzip_body(body, response.get("Content-Type", ""))
    if packed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    headers = [(name, value) for name, value in response.items() if name.lower() not in HEADERS_NOT_STORED]
    if not response.has_header("ETag"):
        headers.append(("ETag", etag))
    return {
        "body": body,
        "gzip": packed,
        "headers": headers,
        "etag": etag,
        # The feeds' validator; clients revalidate with If-Modified-Since as often as with If-None-Match.
        "last_modified": parse_http_date_safe(response.get("Last-Modified", "")),
        "expires": expires,
        "depends": dict(depends or {}),
        # Sent without Cache-Control and the same for every visitor: a shared cache may keep it too.
        "shared": not depends and not response.has_header("Cache-Control"),
    }


def share(response, entry, now):
    """``Cache-Control`` for a proxy or CDN in front (README.md, "Production topology"): browsers
    revalidate every time (the ETag answers with a 304), shared caches may keep the page as long as
    this entry still lives here (``s-maxage``). A page with live counters (a version it depends on,
    bookings/display.py) or its own Cache-Control is left as it is."""
    if entry.get("shared"):
        seconds = max(0, int(entry["expires"] - now))
        response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"


def still_current(entry):
    """False when a version the page itself depends on (home/page_cache.py, depend_on_version) has moved
    since it was built: one more query, only for the few pages that carry such a mark."""
    depends = entry.get("depends")
    if not depends:
        return True
    return current_versions(*depends) == depends


def representation(request, entry):
    """The body, ETag and Content-Encoding (or None) this request gets of an entry."""
    packed = entry.get("gzip")
    if packed is not None and accepts_gzip(request.headers.get("Accept-Encoding", "")):
        return packed, gzip_etag(entry["etag"]), "gzip"
    return entry["body"], entry["etag"], None


def response_from(request, entry):
    body, etag, encoding = representation(request, entry)
    response = get_conditional_response(request, etag=etag, last_modified=entry.get("last_modified"))
    if response is None:
        response = HttpResponse(b"" if request.method == "HEAD" else body, headers=entry["headers"])
        if encoding:
            response["Content-Encoding"] = encoding
            response["Content-Length"] = str(len(body))
    else:
        for name, value in entry["headers"]:
            if name.lower() in HEADERS_OF_A_304:
                response[name] = value
    response["ETag"] = etag
    response["X-Page-Cache"] = "hit"
    share(response, entry, time.time())
    return response


def encode(request, response, entry):
    """The built response as this request gets it: compressed when it asked for gzip."""
    body, etag, encoding = representation(request, entry)
    if encoding:
        response.content = body
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(body))
    response["ETag"] = etag


class LocalEntries:
    """The entries this process served last, up to ``max_bytes`` of bodies (gzip copies included), least
    recently used first out.

    Safe without invalidation: a key carries the content versions, so after a publish every process
    asks for new keys; an entry is dropped when it expires like its copy in the shared cache.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # the development server and threaded workers share one instance

    def get(self, key, now):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry["expires"] <= now:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = entry_size(entry)
        with self.lock:
            if key in self.entries:
                self._drop(key)
            if size > self.max_bytes:
                return
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _drop(self, key):
        self.size -= entry_size(self.entries.pop(key))


def entry_size(entry):
    return len(entry["body"]) + len(entry.get("gzip") or b"")


local_entries = LocalEntries(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024))


class PublicPageCacheMiddleware:
    """Place it after WhiteNoise and before the session middleware: a hit needs none of the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        language = cacheable_request(request) if seconds else None
        if language is None:
            return self.get_response(request)

        # The versions are read before the page is built: a publish during the build changes the key.
        key = cache_key(request, language, content_versions(), timezone.localdate())
        now = time.time()
        entry = local_entries.get(key, now)
        if entry is None:
            entry = cache.get(key)
            if entry is not None and entry.get("expires", 0) > now:
                local_entries.put(key, entry)
            else:
                entry = None
        if entry is not None and still_current(entry):
            return response_from(request, entry)

        request.kept_by_page_cache = request.method == "GET"  # a view need not store its own copy
        response = self.get_response(request)
        if request.method == "GET" and cacheable_response(request, response):
            timeout = min(seconds, seconds_to_midnight())
            entry = entry_for(response, now + timeout, versions_depended_on(request))
            cache.set(key, entry, timeout)
            local_entries.put(key, entry)
            encode(request, response, entry)
            share(response, entry, now)
            response["X-Page-Cache"] = "miss"
        return response


def seconds_to_midnight():
    now = timezone.localtime()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))
