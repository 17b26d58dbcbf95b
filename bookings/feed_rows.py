"""A person's bookings as rows of their personal feed (learning/feed_views.py): a booked date is
``STATUS:CONFIRMED``, a waiting or pending one ``STATUS:TENTATIVE``.

Each row's UID is the booking's own with a ``-feed`` suffix: neither the public feed's UID nor the
invitation's, so the subscribed feed, the public feeds and an accepted invitation never overwrite each
other (bookings/invitations.py). Only a booked date carries the meeting link (issue 19).
"""

from django.utils.translation import gettext as _

from events import ical
from events.feeds.rows import window_start

from .display import active_bookings
from .models import BookingState
from .notifications import place_text


def feed_bookings(user, language):
    """The person's active bookings the personal feed holds: upcoming ones and the feeds' past window."""
    return active_bookings(user, language, ending_after=window_start())


def booking_rows(request, items):
    """``items`` from ``feed_bookings``, as calendar rows."""
    rows = []
    for item in items:
        occurrence, event, booking = item.occurrence, item.event, item.booking
        zone = event.zone
        booked = booking.state == BookingState.BOOKED
        if booked:
            state = _("You are booked")
        elif booking.state == BookingState.PENDING:
            state = _("Waiting for approval")
        else:
            state = _("You are number %(position)s in line") % {"position": item.position}
        page_url = event.get_full_url(request)
        parts = [state, event.introduction]
        if item.join_url:
            parts.append(_("Online meeting: %(url)s") % {"url": item.join_url})
        parts.append(page_url)
        rows.append(
            ical.EventRow(
                uid=f"{booking.ical_uid}-feed",
                title=occurrence.display_title,
                start=occurrence.start.astimezone(zone).replace(tzinfo=None),
                end=occurrence.end.astimezone(zone).replace(tzinfo=None),
                time_zone=event.time_zone,
                sequence=booking.ical_sequence,
                status=ical.CONFIRMED if booked else ical.TENTATIVE,
                description="\n\n".join(part for part in parts if part),
                # A room for booked people only is not given to those still waiting.
                location=place_text(event) if booked or not event.place_is_private else "",
                conference=item.join_url,
                conference_label=_("Online meeting") if item.join_url else "",
                last_modified=event.last_published_at,
            )
        )
    return rows


def booking_blocks(request, items):
    """The rows as finished VEVENT blocks with their TZID. A booked date says ``STATUS:CONFIRMED``
    outright (the public feeds leave it out as the default), so a client can tell it from a place in line."""
    blocks = []
    for row in booking_rows(request, items):
        block = ical.event_block(row)
        if row.status == ical.CONFIRMED:
            block = block.replace(b"END:VEVENT\r\n", b"STATUS:CONFIRMED\r\nEND:VEVENT\r\n")
        blocks.append((block, ical.block_zone(row)))
    return blocks
