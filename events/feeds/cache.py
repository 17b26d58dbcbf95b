"""Cached text/calendar responses: a feed version that every publish bumps (kept in the database, so
every process and every command sees it), cache keys that carry it, and conditional GET (ETag,
Last-Modified, 304)."""

import hashlib
import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from home.versions import bump_version, current_version, current_versions

from ..models import FEED_STAMP_VERSION

MAX_AGE = 600  # seconds shared caches and clients may reuse a response
CACHE_SECONDS = 24 * 60 * 60  # the key changes on publish and at midnight anyway
VERSION_KEY = "events:feeds:version"
# The rendered text of each event (events/feeds/blocks.py) is keyed by what the event itself depends
# on, so a publish does not throw it away; this version empties it for changes outside the event
# (the site's address).
BLOCKS_VERSION_KEY = "events:feeds:blocks"
# Bumped when which events a feed holds may change without any event's stamp (events/feeds/blocks.py).
MEMBERS_VERSION_KEY = "events:feeds:members"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_version():
    """A number that changes whenever anything a feed shows may have changed, the same in every process."""
    return current_version(VERSION_KEY)


class FeedVersions:
    """What a feed's cache entries depend on, read in one query before anything else of the feed."""

    __slots__ = ("feed", "blocks", "stamp", "members")

    def __init__(self, feed, blocks, stamp, members):
        self.feed, self.blocks, self.stamp, self.members = feed, blocks, stamp, members


def feed_versions():
    """The feed version, the blocks version, the stamp counter and the members version, in one query."""
    names = (VERSION_KEY, BLOCKS_VERSION_KEY, FEED_STAMP_VERSION, MEMBERS_VERSION_KEY)
    versions = current_versions(*names)
    return FeedVersions(*(versions[name] for name in names))


def bump_feed_version():
    bump_version(VERSION_KEY)


def bump_block_version():
    """Render every event's block afresh (and every feed): for changes no event's own data shows."""
    bump_version(BLOCKS_VERSION_KEY)
    bump_version(VERSION_KEY)


def bump_members_version():
    bump_version(MEMBERS_VERSION_KEY)
    bump_version(VERSION_KEY)


class LocalEntries:
    """The feed block entries this process used last, up to ``max_bytes``, least recently used out.

    Safe without invalidation: an entry says which stamp it is current to, and a feed reads the
    events stamped since (events/feeds/blocks.py), so an old copy costs work, never a stale block.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        """``(entry, note)`` as put, or None."""
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0], found[2]

    def put(self, key, entry, size, note=None):
        with self.lock:
            if key in self.entries:
                self.size -= self.entries.pop(key)[1]
            if size > self.max_bytes:
                return
            self.entries[key] = (entry, size, note)
            self.size += size
            while self.size > self.max_bytes:
                self.size -= self.entries.pop(next(iter(self.entries)))[1]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


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
    built = entry is None
    if built:
        body = build()
        entry = {
            "body": body,
            "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            "last_modified": int(time.time()),
        }
    response = get_conditional_response(request, etag=entry["etag"], last_modified=entry["last_modified"])
    # A public 200 that the page cache (site/page_cache.py) keeps is stored there only: one write
    # of a big body per build, not two.
    if built and not (public and response is None and getattr(request, "kept_by_page_cache", False)):
        cache.set(key, entry, CACHE_SECONDS)
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
