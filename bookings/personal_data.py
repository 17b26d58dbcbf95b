"""bookings' part of a person's data (accounts/personal_data.py, docs/privacy.md).

Bookings, attendance and "tell me about new dates" requests are what the follow-up reports count,
so they are handed to the person's anonymous placeholder rather than deleted; what only served the
person (adjustment needs, the organisers' notes, failed mails to their address) goes.
"""

from django.db import transaction
from django.utils import timezone

from accounts.personal_data import PersonalData
from events.models import EventPage

from . import services
from .models import ACTIVE_STATES, Booking, BookingChange, DateInterest, FailedMail


def _titles(keys):
    """Event translation key → a title, one query (the person's bookings may span languages)."""
    return {
        str(key): title
        for key, title in EventPage.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "title"
        )
    }


def _when(value):
    return value.isoformat() if value else None


def export(user):
    bookings = list(
        Booking.objects.filter(user=user)
        .select_related("session_date")
        .prefetch_related("changes")
        .order_by("session_date__original_start", "pk")
    )
    interests = list(DateInterest.objects.filter(user=user).order_by("created_at", "pk"))
    titles = _titles({b.session_date.event_key for b in bookings} | {i.event_key for i in interests})
    return {
        "bookings": [
            {
                "event": titles.get(str(booking.session_date.event_key), ""),
                "event_key": str(booking.session_date.event_key),
                "date": _when(booking.session_date.original_start),
                "state": booking.state,
                "language": booking.language,
                "booked_at": _when(booking.created_at),
                "adjustment_needs": booking.adjustment_needs,
                "attended_minutes": booking.attended_minutes,
                "attendance_source": booking.attendance_source,
                "attendance_recorded_at": _when(booking.attendance_recorded_at),
                "history": [
                    {
                        "at": _when(change.at),
                        "from": change.from_state,
                        "to": change.to_state,
                        "reason": change.reason,
                    }
                    for change in sorted(booking.changes.all(), key=lambda change: (change.at, change.pk))
                ],
            }
            for booking in bookings
        ],
        "date_interests": [
            {
                "event": titles.get(str(interest.event_key), ""),
                "event_key": str(interest.event_key),
                "asked_at": _when(interest.created_at),
                "told_at": _when(interest.told_at),
            }
            for interest in interests
        ],
    }


def hand_over(user, placeholder, before):
    now = timezone.now()
    with transaction.atomic():
        bookings = Booking.objects.filter(user=user)
        interests = DateInterest.objects.filter(user=user)
        if before is None:
            # The person leaves: their places on dates still to come are given up (the waiting list
            # moves up), one by one so a series' dates already held are not cancelled with them.
            bookings.update(series_key=None)
            upcoming = list(bookings.filter(state__in=ACTIVE_STATES, session_date__original_start__gt=now))
            if upcoming:
                services.cancel(upcoming, now=now)
            interests.filter(told_at__isnull=True).update(told_at=now)  # nobody left to tell
            FailedMail.objects.filter(recipient__iexact=user.email).exclude(recipient="").delete()
        else:
            bookings = bookings.filter(session_date__original_start__lt=before)
            interests = interests.filter(created_at__lt=before)
        ids = list(bookings.values_list("pk", flat=True))
        changed = BookingChange.objects.filter(booking_id__in=ids).update(by=None, note="")
        changed += Booking.objects.filter(pk__in=ids).update(user=placeholder, adjustment_needs="")
        changed += interests.update(user=placeholder)
    return changed


def holders(before):
    return set(
        Booking.objects.filter(session_date__original_start__lt=before).values_list("user_id", flat=True)
    ) | set(DateInterest.objects.filter(created_at__lt=before).values_list("user_id", flat=True))


def expire(now):
    return services.forget_adjustments(now) + services.purge_failed_mails(now)


def personal_data():
    return PersonalData(
        key="bookings", export=export, hand_over=hand_over, holders=holders, expire=expire, order=10
    )
