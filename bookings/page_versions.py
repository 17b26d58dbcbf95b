"""The version each event's cached page depends on for its places left (home/versions.py).

Anonymous visitors get the event page from the public page cache (site/page_cache.py); the page
depends on this version (bookings/display.py), which every booking change of the event moves in the
change's own transaction (bookings/signals.py, ``announce``), so a cached copy never shows stale places.
"""

from home.versions import bump_versions


def event_version_name(event_key):
    return f"bookings:event:{event_key}"


def bump_event_versions(event_keys):
    """After bookings of these events changed: their cached pages are built again (one UPDATE)."""
    names = sorted({event_version_name(key) for key in event_keys})
    if names:
        bump_versions(*names)
