"""Each event's rendered text kept in the cache, so a publish re-renders only the event that changed.

A feed is its calendar properties, a VTIMEZONE per zone and one block per event: the event's VEVENT
with its RECURRENCE-ID children, as ``events.ical.event_block`` writes it. A block is kept under a
key made of everything it is made from, read for all events of a feed in one light query:

- the event: its id and language; its last publish (``last_published_at`` and the live revision);
  its ``sequence`` (events/sequence.py grows it after the publish itself); its ``url_path``, because
  a parent's new slug or a move changes the page's URL without a publish of the event; and the
  newest id among its materialised dates, which are written afresh, with new ids, on every publish,
  unpublish and ``extend_occurrences`` run (the RDATE form lists them);
- the feed: the start of the past window (an old cancelled date turns from a child into an EXDATE),
  and the host and scheme the URLs are written with;
- the blocks version (events/feeds/cache.py), bumped when a Site is saved or deleted, since its
  hostname and port are in every URL yet in no event's row; and ``BLOCK_FORMAT``, raised whenever
  the writer or the rows change what a block says, so a deploy never reuses old text.

Dates synced from a source event to its translations arrive by publishing the translation
(events/translation_sync.py), which changes its last publish. Theme pages appear in no block.
"""

from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from .. import ical
from ..models import Occurrence
from .cache import CACHE_SECONDS, digest
from .rows import RowContext, event_rows

# 2: no CREATED, URL or LANGUAGE; UUID UIDs; default STATUS and SEQUENCE left out.
# 3: single events in UTC; 22-character UIDs; the page link without its label.
BLOCK_FORMAT = 3
# What a row is made of (events/feeds/rows.py); any other field read there would cost a query per event.
ROW_FIELDS = [
    "id",
    "title",
    "slug",
    "url_path",
    "translation_key",
    "locale__language_code",
    "live",
    "first_published_at",
    "last_published_at",
    "introduction",
    "event_type",
    "event_format",
    "status",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "recurrence",
    "venue_name",
    "address",
    "online_url",
    "registration_url",
    "sequence",
]


def _with_block_inputs(events):
    """What each event's block depends on, without loading the pages: one query for the whole feed."""
    newest_date = Occurrence.objects.filter(event_id=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    return events.annotate(dates_version=Subquery(newest_date)).values_list(
        "pk", "last_published_at", "live_revision_id", "sequence", "url_path", "dates_version"
    )


def feed_blocks(events, language, context: RowContext, blocks_version, now=None):
    """The blocks of ``events`` (a queryset, in its order) and the TZIDs they use.

    Blocks found in the cache are reused; the others are written from rows of the missing events
    only, and kept.
    """
    request = context.request
    window = context.window_start.date() if context.window_start else ""
    shared = (BLOCK_FORMAT, blocks_version, language, window, request.get_host(), request.scheme)
    keys = {}
    for inputs in _with_block_inputs(events):
        keys[inputs[0]] = f"events:block:{digest(*shared, *inputs)}"
    found = cache.get_many(list(keys.values())) if keys else {}
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        if len(missing) < len(keys):
            events = events.filter(pk__in=missing)
        pages = list(events.only(*ROW_FIELDS))
        fresh = {}
        for page, row in zip(pages, event_rows(pages, context), strict=True):
            entry = (ical.block_zone(row), ical.event_block(row, language, now))
            found[keys.get(page.pk, "")] = entry
            if page.pk in keys and row.last_modified is not None:  # else its DTSTAMP is "now"
                fresh[keys[page.pk]] = entry
        cache.set_many(fresh, CACHE_SECONDS)
    entries = [found[key] for key in keys.values() if key in found]
    return [block for _zone, block in entries], {zone for zone, _block in entries if zone}
