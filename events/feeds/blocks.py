"""Each event's rendered text kept in the cache, so a publish re-renders only the event that changed.

A feed is its calendar properties, a VTIMEZONE per zone and one block per event: the event's VEVENT
with its RECURRENCE-ID children, as ``events.ical.event_block`` writes it. A feed's blocks are kept
together in one cache entry (one read and one write, however many events; cheaper than a key per
event), each beside the inputs it was written from, read for all events of a feed in one light query:

- the event: its last publish (``last_published_at`` and the live revision); its ``sequence``
  (events/sequence.py grows it after the publish itself); its ``url_path``, because a parent's new
  slug or a move changes the page's URL without a publish of the event; and the newest id among its
  materialised dates, which are written afresh, with new ids, on every publish, unpublish and
  ``extend_occurrences`` run (the RDATE form lists them).

The entry's key holds what all its blocks share: the feed, its language, the start of the past
window (an old cancelled date turns from a child into an EXDATE), the host and scheme the URLs are
written with, the blocks version (events/feeds/cache.py), bumped when a Site is saved or deleted,
since its hostname and port are in every URL yet in no event's row, and ``BLOCK_FORMAT``, raised
whenever the writer or the rows change what a block says, so a deploy never reuses old text.

Dates synced from a source event to its translations arrive by publishing the translation
(events/translation_sync.py), which changes its last publish. Theme pages appear in no block.
"""

from django.core.cache import cache
from django.db.models import F, OuterRef, Subquery, TextField
from django.db.models.functions import Cast

from .. import ical
from ..models import EventPage, Occurrence
from .cache import CACHE_SECONDS, digest
from .rows import RowContext, event_data, event_rows

# 2: no CREATED, URL or LANGUAGE; UUID UIDs; default STATUS and SEQUENCE left out.
# 3: single events in UTC; 22-character UIDs; the page link without its label.
BLOCK_FORMAT = 3
FEW = 200  # changed events read by id rather than through the feed's query
# What a block is made of besides the row's own fields (see the module docstring).
INPUT_FIELDS = ("last_published_at", "live_revision_id", "sequence", "url_path")


def _dates_version():
    """The newest id among the event's materialised dates."""
    return Subquery(Occurrence.objects.filter(event_id=OuterRef("pk")).order_by("-pk").values("pk")[:1])


def _input_columns():
    # Compared for equality only: the publish time as text needs no conversion per row.
    return [
        Cast("last_published_at", output_field=TextField()),
        *(F(name) for name in INPUT_FIELDS[1:]),
        _dates_version(),
    ]


def _block_inputs(events):
    """What each event's block depends on, without the rows: one light query for the whole feed."""
    return {pk: tuple(inputs) for pk, *inputs in events.values_list("pk", *_input_columns())}


def feed_blocks(events, language, context: RowContext, blocks_version, now=None, feed=""):
    """The blocks of ``events`` (a queryset, in its order) and the TZIDs they use.

    A feed's blocks (``feed`` names it) are kept together in one cache entry, pk: (inputs, TZID,
    block): one read and at most one write per build however many events it has. Only the events
    whose inputs changed are read as rows and written.
    """
    request = context.request
    window = context.window_start.date() if context.window_start else ""
    key = "events:blocks:" + digest(
        BLOCK_FORMAT, blocks_version, language, window, request.get_host(), request.scheme, feed
    )
    kept = cache.get(key) or {}
    if kept:
        inputs = _block_inputs(events)
        missing = [pk for pk, value in inputs.items() if kept.get(pk, (None,))[0] != value]
        if len(missing) > FEW:
            events = among = events.filter(pk__in=missing) if len(missing) < len(inputs) else events
        else:
            # The feed's own conditions (window, filters) were just applied: a few events by id,
            # and their dates by the same ids, skip re-running them.
            among = None
            events = EventPage.objects.filter(pk__in=missing).select_related("locale")
        data = [event for event, _extra in event_data(events)] if missing else []
    else:
        # Nothing kept (a new day's window, a new site address, a deploy): inputs and rows in one query.
        among = events
        pairs = event_data(events, *_input_columns())
        inputs = {event.pk: tuple(extra) for event, extra in pairs}
        data = [event for event, _extra in pairs]
    written = {}
    for event, row in zip(data, event_rows(data, context, among=among), strict=True):
        # A row without a publish time has "now" as its DTSTAMP: used, never kept.
        stamp = inputs.get(event.pk) if row.last_modified is not None else None
        written[event.pk] = (stamp, ical.block_zone(row), ical.event_block(row, language, now))
    entries, keep = [], {}
    for pk, value in inputs.items():
        entry = written.get(pk) or kept.get(pk)
        if entry is None or (pk not in written and entry[0] != value):  # gone between the queries
            continue
        entries.append(entry)
        if entry[0] is not None:
            keep[pk] = entry
    if written or len(keep) != len(kept):
        cache.set(key, keep, CACHE_SECONDS)
    return [block for _inputs, _zone, block in entries], {zone for _inputs, zone, _block in entries if zone}
