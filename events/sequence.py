"""SEQUENCE for calendar clients: it grows on publish when something a reader cares about changed.

"Cares about" means the time, the place, the title, a cancellation, the rule or a date change
(RFC 5545 section 3.8.7.4). A republish with the same values, or a change to the introduction or
the body only, leaves it alone. The values of the previous publish are kept as a digest on the page
rather than looked up in revisions, which Wagtail's ``purge_revisions`` may delete. Each language
version counts on its own: it is its own calendar object (its own UID, see events/feeds/rows.py).
"""

import hashlib
import json

from recurrence import serialize


def reader_fingerprint(event):
    changes = sorted(
        [
            change.original_date.isoformat(),
            change.kind,
            str(change.new_date),
            str(change.new_start_time),
            str(change.new_end_time),
            change.note,
            # Only when set, so the digests of events published before dates had titles still match.
            *([change.title] if change.title else []),
        ]
        for change in event.date_exceptions.all()
    )
    values = [
        event.title,
        str(event.start_date),
        str(event.start_time),
        str(event.end_date),
        str(event.end_time),
        event.time_zone,
        serialize(event.recurrence) if event.recurrence else "",
        event.status,
        event.event_format,
        event.venue_name,
        event.address,
        event.online_url,
        changes,
        # Only when set (the digests of events published before it existed still match): making the
        # link public changes the place the public feeds show.
        *(["online_url_public"] if event.online_url_public else []),
    ]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def update_sequence(event):
    """Called after ``event`` was published; returns its (possibly grown) sequence."""
    from .models import EventPage

    fingerprint = reader_fingerprint(event)
    sequence, previous = (
        EventPage.objects.filter(pk=event.pk).values_list("sequence", "sequence_fingerprint").get()
    )
    if previous != fingerprint:
        # The first publish sets the baseline. A page published before digests were kept has none:
        # grow then too, since growing without need is harmless and missing a change is not.
        if previous or event.first_published_at != event.last_published_at:
            sequence += 1
        EventPage.objects.filter(pk=event.pk).update(sequence=sequence, sequence_fingerprint=fingerprint)
    event.sequence, event.sequence_fingerprint = sequence, fingerprint
    return sequence
