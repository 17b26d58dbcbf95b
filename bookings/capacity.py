"""An organiser changes the number of places on one date, from the bookings admin.

A date's places are the event's fact, kept where the editor keeps them: the date's change on the
event page (``EventDateException.capacity``, contract point 2 in docs/architecture.md, bookings).
So the organiser's change is a new revision of the live event page, published in their name: the
page's history says who, the publish rewrites the dates and copies the number to the translations
(events/translation_sync.py), and bookings/receivers.py moves people up from the waiting list in
the same transaction (services.apply_event_changes, under the date's lock).

An event with unpublished changes, a workflow under way or a lock by someone else is left alone:
publishing from the organiser's view would publish or bury an editor's work.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from events.models import EventDateException, EventPage


class CapacityRefused(Exception):
    """The change cannot be made now; the message says why (for a 409)."""


@dataclass(frozen=True)
class CapacityChange:
    capacity: int | None  # the date's own number; None: the event's
    event_capacity: int | None


def source_event(event_key):
    """The live event page that holds the date's facts: the default language's where there is one."""
    pages = list(EventPage.objects.filter(translation_key=event_key, live=True).select_related("locale"))
    for page in pages:
        if page.locale.language_code == settings.LANGUAGE_CODE:
            return page
    return pages[0] if pages else None


def date_capacity(event, original_start):
    """The date's own number of places on the live page (None: the event's number applies)."""
    day = original_start.astimezone(event.zone).date()
    exception = event.date_exceptions.filter(original_date=day).first()
    return exception.capacity if exception else None


def set_date_capacity(session_date, capacity, by):
    """Give the date ``capacity`` places (None: the event's own number), published in ``by``'s name."""
    event = source_event(session_date.event_key)
    if event is None:
        raise CapacityRefused(gettext("The event is not published, so its dates cannot be changed here."))
    if event.has_unpublished_changes or event.workflow_in_progress:
        raise CapacityRefused(
            gettext(
                "The event has changes that are not published yet. Ask an editor to publish them, "
                "or to change the number of places in the event."
            )
        )
    if event.locked and event.locked_by_id != by.pk:
        raise CapacityRefused(
            gettext("The event is locked by an editor, so its places cannot be changed now.")
        )
    day = session_date.original_start.astimezone(event.zone).date()
    with transaction.atomic():
        event = EventPage.objects.select_for_update().get(pk=event.pk)
        exceptions = list(event.date_exceptions.all())
        exception = next((e for e in exceptions if e.original_date == day), None)
        if exception is None:
            if capacity is None:
                return CapacityChange(None, event.capacity)
            exception = EventDateException(
                original_date=day, kind=EventDateException.Kind.NOTE, locale_id=event.locale_id
            )
            exceptions.append(exception)
        elif exception.capacity == capacity:
            return CapacityChange(capacity, event.capacity)
        exception.capacity = capacity
        if (
            capacity is None
            and exception.kind == EventDateException.Kind.NOTE
            and not (exception.note or exception.title)
        ):
            exceptions.remove(exception)  # the change said nothing else: the date is as the event again
        event.date_exceptions = exceptions
        revision = event.save_revision(user=by, log_action=True)
        # Organisers may not publish pages; this publish changes only the date's places (the booking
        # permission the view checked), so Wagtail's page-permission check is skipped on purpose.
        revision.publish(user=by, skip_permission_checks=True)
    return CapacityChange(capacity, event.capacity)
