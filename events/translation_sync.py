"""Keep translated events on the source's dates without waiting for "Sync translated pages".

Dates, times, status, date changes, places and sign-up settings are the same fact in every language. When the Swedish
event is published, its live translations get those fields and are republished, so the English
calendar and feeds never show a stale time. Texts (title, venue, a date's own title and note) stay with the
translators: a new date change arrives with the source's title and note until they are translated.
"""

from django.conf import settings
from recurrence import serialize

from .models import EventDateException, EventPage

SHARED_FIELDS = [
    "event_type",
    "event_format",
    "status",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "recurrence",
    "delivery_language",
    "capacity",
    "online_url",
    "online_url_public",
    "registration_url",
    "signup",
    "books_whole_series",
    "signup_opens_at",
    "signup_closes_at",
    "cancellation_deadline_hours",
    "promotion_cutoff_hours",
    "requires_approval",
    "asks_adjustments",
    "place_for_booked_only",
]
EXCEPTION_FIELDS = ["original_date", "kind", "new_date", "new_start_time", "new_end_time", "capacity"]


def comparable(page):
    fields = tuple(
        serialize(getattr(page, name))
        if name == "recurrence" and getattr(page, name)
        else getattr(page, name)
        for name in SHARED_FIELDS
    )
    exceptions = sorted(
        (str(e.translation_key), *(getattr(e, name) for name in EXCEPTION_FIELDS))
        for e in page.date_exceptions.all()
    )
    return fields, exceptions


def push_dates_to_translations(source: EventPage):
    """Copy the shared fields of a source event to its live translations; returns how many changed."""
    if source.locale.language_code != settings.LANGUAGE_CODE:
        return 0
    changed = 0
    translations = EventPage.objects.filter(translation_key=source.translation_key, live=True).exclude(
        locale_id=source.locale_id
    )
    for translation in translations:
        before = comparable(translation)
        for name in SHARED_FIELDS:
            setattr(translation, name, getattr(source, name))
        existing = {e.translation_key: e for e in translation.date_exceptions.all()}
        updated = []
        for exception in source.date_exceptions.all():
            target = existing.get(exception.translation_key) or EventDateException(
                translation_key=exception.translation_key,
                locale_id=translation.locale_id,
                note=exception.note,
                title=exception.title,
            )
            for name in EXCEPTION_FIELDS:
                setattr(target, name, getattr(exception, name))
            updated.append(target)
        translation.date_exceptions = updated
        if comparable(translation) != before:
            translation.save_revision().publish()
            changed += 1
    return changed
