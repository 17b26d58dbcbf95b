"""The cache for entries whose keys carry the site-content version (home/versions.py), with this
process's memory in front of the shared cache.

Such a key is never stale: a publish, move, settings or site change bumps the version and so changes
every key. A process may therefore keep what it has read or built without any invalidation, and an
uncached page then finds its route hint and view restrictions (home/routing.py) and its header and
footer (home/site_chrome.py) without a round trip to Redis each. Those trips cost more than the
work they save, and they are what made a page built by a gunicorn worker slower than the same page
built in one process with the local-memory cache (bench/results.md).

The shared cache still holds every entry, so a new process (or a worker gunicorn has just restarted)
fills its memory from there rather than from the database. Values handed out are shared between
requests: callers must not change them. The memory is emptied when the version moves on
(``site_content_version_for`` tells it) and bounded by entries, least recently used out.
"""

import threading
from collections import OrderedDict

from django.core.cache import cache

# Route hints are one per path seen (a few hundred bytes each): room for a large programme.
MAX_ENTRIES = 20_000


class LocalMemo:
    """An entry-bounded LRU map, safe for threaded servers."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = OrderedDict()
        self.version = None
        self.lock = threading.Lock()

    def follow(self, version):
        """Forget everything when the site-content version moves on: no key of an older version is
        read again, and a home page kept per version is not small (its body)."""
        if version != self.version:
            with self.lock:
                self.entries.clear()
                self.version = version

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.version = None


local_memo = LocalMemo(MAX_ENTRIES)


def get(key):
    """The value kept under ``key`` (a key holding the site-content version), or None."""
    value = local_memo.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local_memo.put(key, value)
    return value


def set(key, value, timeout):
    cache.set(key, value, timeout)
    local_memo.put(key, value)
