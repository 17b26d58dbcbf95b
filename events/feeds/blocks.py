"""Each event's rendered text kept in the cache, so a publish re-renders only the event that changed.

A feed is its calendar properties, a VTIMEZONE per zone and one block per event: the event's VEVENT
with its RECURRENCE-ID children, as ``events.ical.event_block`` writes it. A feed's blocks are kept
together in one cache entry (``Blocks``: the blocks as one bytes value, with arrays of the events'
ids, stamps, block lengths and zones beside it: cheap to pickle, and a changed block is spliced in
rather than the feed joined again), and each process also keeps the entries it used last in memory,
writing its copy to the shared cache after a build and then only every ``SHARE_AFTER`` rewritten
blocks (the shared copy spares a new process work; it is never needed for correctness).

What a block was written from is summed up by the event's **stamp** (``events.models.FeedStamp``):
a value of one counter that every change to what a block says moves on, in the same transaction as
the change (``stamp_feed_blocks``): a publish or unpublish of the event, new or removed dates
(``sync_occurrences``, so ``extend_occurrences`` and the import too), a new slug or place of a page
above it (its URL; events/signals.py). The counter is bumped with a row lock, so its values follow
the commits (``home.versions.next_version``): an entry read when the counter was at N is current for
every event stamped up to N, and the events stamped since are exactly the ones to write again, in
one indexed query however big the feed. Entries are never invalidated; an old copy (another
process's, one in memory) costs more rewriting, never a stale block.

Which events a feed holds (live, public, in the window, the caller's selection) is read afresh with
every event's stamp in one query over the feed, unless the caller says its selection depends on the
events alone (``stable_selection``, the all-events feed and its filters): then only the events
stamped since are checked, and the rest stay as they were until the members version
(events/feeds/cache.py) moves, on the changes no stamp shows: a page or an audience deleted, a view
restriction added or removed.

The entry's key holds what all its blocks share: the feed, its language, the start of the past
window (an old cancelled date turns from a child into an EXDATE), the host and scheme the URLs are
written with, the blocks version (events/feeds/cache.py), bumped when a Site is saved or deleted,
since its hostname and port are in every URL yet in no event's row, and ``BLOCK_FORMAT``, raised
whenever the writer or the rows change what a block says, so a deploy never reuses old text.
Theme pages appear in no block.
"""

from array import array
from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from .. import ical
from ..models import EventPage, FeedStamp
from .cache import CACHE_SECONDS, LocalEntries, digest
from .rows import RowContext, event_data, event_rows

# 2: no CREATED, URL or LANGUAGE; UUID UIDs; default STATUS and SEQUENCE left out.
# 3: single events in UTC; 22-character UIDs; the page link without its label.
# 4: the entry is a ``Blocks`` keyed on stamps.
# 5: meeting links only where the event makes them public (or in a personal feed).
BLOCK_FORMAT = 5
FEW = 200  # changed events read by id rather than through the feed's query
MANY = 2000  # more events stamped since an entry than this: read the whole feed's stamps instead
SHARE_AFTER = 16  # blocks rewritten after a publish before the entry is written to the shared cache again
UNKEPT = -1  # the stamp of a block written with "now" as its DTSTAMP (no publish time): never reused
STAMP = F("feed_stamp__stamp")

local_entries = LocalEntries(getattr(settings, "FEED_BLOCKS_LOCAL_BYTES", 32 * 1024 * 1024))


class Blocks(NamedTuple):
    """One feed's blocks, ordered by event id (the feed's order)."""

    high: int  # the stamp counter when it was made: every event stamped up to it is written here
    members: int  # the members version it was made under
    pks: array
    stamps: array  # each event's stamp when its block was written (0: never stamped; UNKEPT)
    lengths: array  # each block's length in ``text``
    zones: array  # each block's TZID, an index into ``zone_names`` (0: none)
    zone_names: tuple
    text: bytes

    @property
    def size(self):
        return len(self.text) + 26 * len(self.pks)


def blocks_of(written, high, members) -> Blocks:
    """A new entry of ``written`` (pk: (stamp, zone, block)) alone."""
    pks = sorted(written)
    entries = [written[pk] for pk in pks]
    names = [None, *sorted({zone for _stamp, zone, _block in entries} - {None})]
    zone_index = {name: index for index, name in enumerate(names)}
    return Blocks(
        high,
        members,
        array("q", pks),
        array("q", [stamp for stamp, _zone, _block in entries]),
        array("q", [len(block) for _stamp, _zone, block in entries]),
        array("H", [zone_index[zone] for _stamp, zone, _block in entries]),
        tuple(names),
        b"".join(block for _stamp, _zone, block in entries),
    )


def splice(kept: Blocks, replaced, written, high, members) -> Blocks:
    """``kept`` without the events in ``replaced`` and with ``written`` (pk: (stamp, zone, block))."""
    pks, stamps, lengths, zones = kept.pks, kept.stamps, kept.lengths, kept.zones
    names = list(kept.zone_names)
    zone_index = {name: index for index, name in enumerate(names)}
    starts = list(accumulate(lengths, initial=0))
    text = memoryview(kept.text)
    new_pks, new_stamps, new_lengths, new_zones = array("q"), array("q"), array("q"), array("H")
    parts = []
    cursor = 0

    def keep_until(end):
        if end > cursor:
            new_pks.extend(pks[cursor:end])
            new_stamps.extend(stamps[cursor:end])
            new_lengths.extend(lengths[cursor:end])
            new_zones.extend(zones[cursor:end])
            parts.append(text[starts[cursor] : starts[end]])

    for pk in sorted(set(replaced).union(written)):
        position = bisect_left(pks, pk, cursor)
        keep_until(position)
        cursor = position + 1 if position < len(pks) and pks[position] == pk else position
        if pk in written:
            stamp, zone, block = written[pk]
            if zone not in zone_index:
                zone_index[zone] = len(names)
                names.append(zone)
            new_pks.append(pk)
            new_stamps.append(stamp)
            new_lengths.append(len(block))
            new_zones.append(zone_index[zone])
            parts.append(block)
    keep_until(len(pks))
    return Blocks(high, members, new_pks, new_stamps, new_lengths, new_zones, tuple(names), b"".join(parts))


def _write(data, stamps, context, language, now, among):
    """The blocks of ``data`` (EventData): pk: (stamp, TZID, block)."""
    written = {}
    for event, row in zip(data, event_rows(data, context, among=among), strict=True):
        # A row without a publish time has "now" as its DTSTAMP: used, never kept.
        stamp = (stamps.get(event.pk) or 0) if row.last_modified is not None else UNKEPT
        written[event.pk] = (stamp, ical.block_zone(row), ical.event_block(row, language, now))
    return written


def _read(events):
    pairs = event_data(events, STAMP)
    return [event for event, _extra in pairs], {event.pk: extra[0] for event, extra in pairs}


def feed_blocks(events, language, context: RowContext, versions, now=None, feed="", stable_selection=False):
    """The blocks of ``events`` (a queryset, ordered by id) as one bytes value, and the TZIDs they use.

    ``versions`` are the feed's ``FeedVersions`` (events/feeds/cache.py), read before anything else;
    ``feed`` names the feed. One cache read (none when this process has the entry), one indexed
    query for the events stamped since, one for their rows, and now and then a cache write.
    """
    request = context.request
    window = context.window_start.date() if context.window_start else ""
    key = "events:blocks:" + digest(
        BLOCK_FORMAT, versions.blocks, language, window, request.get_host(), request.scheme, feed
    )
    kept, unshared = local_entries.get(key) or (cache.get(key), 0)
    high, members = versions.stamp, versions.members
    if kept is not None and kept.high > high:
        kept = None  # made from a database further on than this one (restored from a backup)
    changed = None
    if kept is not None and stable_selection and kept.members == members:
        changed = set(FeedStamp.objects.filter(stamp__gt=kept.high).values_list("event_id", flat=True))
        if UNKEPT in kept.stamps:
            changed.update(pk for pk, stamp in zip(kept.pks, kept.stamps, strict=True) if stamp == UNKEPT)
        if len(changed) > MANY:
            changed = None
    if kept is None:
        # Nothing kept (a new day's window, a new site address, a deploy): stamps and rows in one query.
        data, stamps = _read(events)
        entry = blocks_of(_write(data, stamps, context, language, now, events), high, members)
    elif changed is not None:
        # The feed's own conditions decide again for the events stamped since, and for no other.
        data, stamps = _read(events.filter(pk__in=changed)) if changed else ([], {})
        written = _write(data, stamps, context, language, now, None)
        entry = splice(kept, changed, written, high, members) if changed else kept._replace(high=high)
    else:
        stamps = {pk: stamp or 0 for pk, stamp in events.values_list("pk", STAMP)}
        old = dict(zip(kept.pks, kept.stamps, strict=True))
        missing = [pk for pk, stamp in stamps.items() if old.get(pk, UNKEPT) != stamp]  # UNKEPT never is
        if len(missing) > FEW:
            among = events.filter(pk__in=missing) if len(missing) < len(stamps) else events
            data = [event for event, _extra in event_data(among)]
        else:
            # The feed's own conditions (window, filters) were just applied: a few events by id,
            # and their dates by the same ids, skip re-running them.
            among = None
            data = [event for event, _extra in event_data(EventPage.objects.filter(pk__in=missing))]
        written = _write(data, stamps, context, language, now, among)
        gone = old.keys() - stamps.keys()
        entry = splice(kept, gone.union(missing), written, high, members)
    if entry is not kept:
        # Shared with the other processes after a build from scratch or a full read, and after a
        # publish only every few blocks: each process rewrites what was stamped since its own copy
        # anyway, so the shared copy only spares a new process the work (and a write of it costs
        # as much as the rest of the build after a publish).
        unshared = unshared + len(changed) if changed is not None else SHARE_AFTER
        if unshared >= SHARE_AFTER:
            cache.set(key, entry, CACHE_SECONDS)
            unshared = 0
        local_entries.put(key, entry, entry.size, unshared)
    names = entry.zone_names
    return [entry.text], {names[index] for index in set(entry.zones)} - {None}
