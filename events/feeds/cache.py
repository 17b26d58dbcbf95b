"""Cached text/calendar responses: a feed version that every publish bumps (kept in the database, so
every process and every command sees it), cache keys that carry it, and conditional GET (ETag,
Last-Modified, 304)."""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from home.versions import bump_version, current_version, current_versions

MAX_AGE = 600  # seconds shared caches and clients may reuse a response
CACHE_SECONDS = 24 * 60 * 60  # the key changes on publish and at midnight anyway
VERSION_KEY = "events:feeds:version"
# The rendered text of each event (events/feeds/blocks.py) is keyed by what the event itself depends
# on, so a publish does not throw it away; this version empties it for changes outside the event
# (the site's address).
BLOCKS_VERSION_KEY = "events:feeds:blocks"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_version():
    """A number that changes whenever anything a feed shows may have changed, the same in every process."""
    return current_version(VERSION_KEY)


def feed_versions():
    """The feed version and the version of the event blocks, in one query: (feed, blocks)."""
    versions = current_versions(VERSION_KEY, BLOCKS_VERSION_KEY)
    return versions[VERSION_KEY], versions[BLOCKS_VERSION_KEY]


def bump_feed_version():
    bump_version(VERSION_KEY)


def bump_block_version():
    """Render every event's block afresh (and every feed): for changes no event's own data shows."""
    bump_version(BLOCKS_VERSION_KEY)
    bump_version(VERSION_KEY)


def digest(*parts):
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:40]


def cache_key(*parts, version=None):
    """The cache key of a feed body: ``parts`` under the current feed version (or the one given)."""
    return f"events:feed:{feed_version() if version is None else version}:{digest(*parts)}"


def calendar_response(request, key, build, *, filename, attachment=False, public=True):
    """A cached text/calendar response with ETag, Last-Modified and 304s.

    ``build()`` returns the body; it only runs when the cache has no body for ``key``.
    """
    entry = cache.get(key)
    if entry is None:
        body = build()
        entry = {
            "body": body,
            "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            "last_modified": int(time.time()),
        }
        cache.set(key, entry, CACHE_SECONDS)
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    if response is None:
        body = entry["body"]
        response = HttpResponse(b"" if request.method == "HEAD" else body, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(body))
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    if public:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response
