""" "Tell me about new dates" (issue 19): on an event with no date open for booking (all full, past or
not yet planned) a signed-in person asks to be told; when an editor publishes a date open for
booking, each of them gets one mail in the language they asked in, once (``told_at``).

Whether an event is open is a plain function of its dates' facts (``is_open``); asking, stopping and
telling are each one transaction. The mail goes through bookings/mail.py and bookings/tasks.py
after the publish commits.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import EventPage, SignupMode

from . import rules, services
from .invitations import InvitationDate
from .mail import BookingMail, EventInfo, Kind, Person
from .models import DateInterest
from .tasks import enqueue_booking_mail


def is_open(facts: list[rules.DateFacts], now: dt.datetime, whole_series=False) -> bool:
    """Whether a person could take a place now: some date bookable with room (for a series booked
    together: every date not cancelled is bookable and has room)."""
    bookable = [f for f in facts if not f.cancelled]
    if whole_series:
        return bool(bookable) and all(rules.refusal(f, now) is None and f.has_room() for f in bookable)
    return any(rules.refusal(f, now) is None and f.has_room() for f in bookable)


def open_facts(event, now=None):
    """(is the event open for booking now, the dates open for booking as (occurrence, facts))."""
    now = now or timezone.now()
    if not event.live or event.signup != SignupMode.SITE:
        return False, []
    occurrences = list(event.occurrences.all().order_by("start"))
    # A series booked together is booked whole, past dates and all (services.book); else the dates to come.
    considered = occurrences if event.books_whole_series else [o for o in occurrences if o.start > now]
    if not considered:
        return False, []
    rows = services.session_dates_for(event, [o.original_start for o in considered])
    by_start = {row.original_start: row for row in rows}
    facts = services.facts_for(rows)
    pairs = [(o, facts[by_start[o.original_start].pk]) for o in considered]
    opened = is_open([f for _o, f in pairs], now, whole_series=event.books_whole_series)
    dates = [(o, f) for o, f in pairs if opened and rules.refusal(f, now) is None and f.has_room()]
    return opened, dates


def may_ask(event, now=None):
    """An event with sign-up here and no date open for booking."""
    return event.live and event.signup == SignupMode.SITE and not open_facts(event, now)[0]


@dataclass(frozen=True)
class AskResult:
    ok: bool
    status: int = 200  # for a view: 409 when the event is open for booking already


def ask(user, event, language=None, now=None):
    """``user`` wants to be told about new dates of ``event``; a second ask changes nothing."""
    now = now or timezone.now()
    if not may_ask(event, now):
        return AskResult(False, 409)
    try:
        with transaction.atomic():
            DateInterest.objects.get_or_create(
                user=user,
                event_key=event.translation_key,
                told_at=None,
                defaults={"language": language or event.locale.language_code, "created_at": now},
            )
    except IntegrityError:
        pass  # a double submit racing itself: the constraint kept one
    return AskResult(True)


def stop(user, event_key):
    """``user`` no longer wants to be told about ``event_key``'s new dates; returns how many stopped."""
    with transaction.atomic():
        deleted, _ = DateInterest.objects.filter(
            user=user, event_key=event_key, told_at__isnull=True
        ).delete()
    return deleted


def open_interests(user):
    return DateInterest.objects.filter(user=user, told_at__isnull=True).order_by("created_at", "pk")


def pages_in_language(event_keys, language):
    """{event key: its live page in ``language``, else in the default language, else any}."""
    chosen = {}
    for page in EventPage.objects.live().filter(translation_key__in=set(event_keys)).select_related("locale"):
        rank = (
            0
            if page.locale.language_code == language
            else 1
            if page.locale.language_code == settings.LANGUAGE_CODE
            else 2
        )
        if page.translation_key not in chosen or rank < chosen[page.translation_key][0]:
            chosen[page.translation_key] = (rank, page)
    return {key: page for key, (_rank, page) in chosen.items()}


def new_dates_mail(interest, page, dates):
    user = interest.user
    return BookingMail(
        kind=Kind.NEW_DATES,
        person=Person(
            name=user.get_full_name() or user.get_username(), email=user.email, language=interest.language
        ),
        event=EventInfo(title=page.title, url=page.full_url or "", place=page.public_venue_name),
        dates=tuple(
            InvitationDate(
                uid=f"new-dates-{interest.pk}-{occurrence.pk}",  # no calendar goes with this mail
                sequence=0,
                start=occurrence.start,
                end=occurrence.end,
                time_zone=page.time_zone if page.time_zone != "UTC" else settings.TIME_ZONE,
                summary=occurrence.title or page.title,
            )
            for occurrence, _facts in dates
        ),
        in_calendar=False,
    )


def tell_interested(event, now=None):
    """After a publish: if ``event`` is open for booking, tell everyone waiting for new dates, once.

    The interests are marked told in this transaction (locked, so two publishes never tell twice);
    the mails are queued after it commits. Returns how many people are told.
    """
    now = now or timezone.now()
    if not DateInterest.objects.filter(event_key=event.translation_key, told_at__isnull=True).exists():
        return 0
    opened, dates = open_facts(event, now)
    if not opened or not dates:
        return 0
    with transaction.atomic():
        interests = list(
            DateInterest.objects.select_for_update()
            .filter(event_key=event.translation_key, told_at__isnull=True)
            .select_related("user")
            .order_by("pk")
        )
        DateInterest.objects.filter(pk__in=[i.pk for i in interests]).update(told_at=now)
        mails = []
        pages = {}
        for interest in interests:
            if interest.language not in pages:
                pages[interest.language] = pages_in_language([event.translation_key], interest.language).get(
                    event.translation_key, event
                )
            if interest.user.email:
                mails.append(new_dates_mail(interest, pages[interest.language], dates))
        transaction.on_commit(lambda: [enqueue_booking_mail(mail) for mail in mails])
    return len(interests)
