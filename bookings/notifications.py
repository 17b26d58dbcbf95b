"""What a booking change sends: ``booking_changed`` (bookings/signals.py) → the right mail, queued.

Connected in BookingsConfig.ready. The signal comes after the change has committed and queues one
task with the changes (``mail_changes``); the task reads what the mails need and queues each mail
(bookings/tasks.py). A booking never waits for the mail server, and the request that booked does not
spend its time building mails either: that was four in ten of a booking POST's time (bench/results.md,
"Booking rush"). Each mail is in the
language the person booked in and carries the booking's stored UID and SEQUENCE for each date.

A publish that moves the time, the place or the online link of a date with booked people sends them
"changed": each date keeps a fingerprint of what their invitations hold (SessionDate.sent_details);
a publish that changes it bumps the bookings' SEQUENCE and announces a ``date_changed`` change.

Every change of an event's bookings also moves that event's bookings version, on which the cached
event page depends, in the change's own transaction (bookings/signals.py, ``announce``): the places
left anonymous visitors see are never stale.
"""

import datetime as dt
import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Site

from events.models import EventPage, Occurrence, SignupMode

from . import services
from .invitations import InvitationDate
from .mail import BookingMail, EventInfo, Kind, Person
from .models import Booking, BookingState, SessionDate
from .signals import BookingChanged, announce, booking_changed
from .tasks import BACKEND, enqueue_booking_mail

DATE_CHANGED = "date_changed"

CANCELLED_BY_ORGANISER = {services.BY_ORGANISER, services.REMOVED}


# The mail each reason sends. Two reasons depend on the state too: moving up into a place that waits
# for approval sends "pending", and a cancellation says who cancelled (see ``kind_of``).
KIND_BY_REASON = {
    services.BOOKED: Kind.BOOKED,
    services.JOINED_WAITING_LIST: Kind.WAITING,
    services.APPROVAL_REQUESTED: Kind.PENDING,
    services.PLACE_OPEN: Kind.PLACE_OPEN,
    services.APPROVED: Kind.APPROVED,
    services.REJECTED: Kind.REJECTED,
    services.DATE_CANCELLED: Kind.DATE_CANCELLED,
    services.DATE_STARTED: Kind.EXPIRED,
    DATE_CHANGED: Kind.CHANGED,
}


def kind_of(change: BookingChanged):
    """The mail a change sends, or None."""
    reason, to_state = change.reason, change.to_state
    if reason in KIND_BY_REASON:
        return KIND_BY_REASON[reason]
    if reason == services.MOVED_UP:
        return Kind.MOVED_UP if to_state == BookingState.BOOKED else Kind.PENDING
    if to_state in (BookingState.CANCELLED, BookingState.CANCELLED_LATE):
        return Kind.CANCELLED_BY_ORGANISER if reason in CANCELLED_BY_ORGANISER else Kind.CANCELLED_BY_PERSON
    return None


def place_text(event):
    return ", ".join(
        part for part in [event.venue_name, *(line.strip() for line in event.address.splitlines())] if part
    )


def details_fingerprint(occurrence):
    """What an invitation holds of a date that, when an editor changes it, the person is told about."""
    event = occurrence.event
    text = "\x1f".join(
        [occurrence.start.isoformat(), occurrence.end.isoformat(), place_text(event), event.online_url]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _occurrences(session_dates):
    """{(event key, original start, language): Occurrence} for these dates, in every language."""
    rows = Occurrence.objects.filter(
        event__translation_key__in={sd.event_key for sd in session_dates},
        original_start__in={sd.original_start for sd in session_dates},
        event__live=True,
    ).select_related("event", "event__locale")
    return {(o.event.translation_key, o.original_start, o.event.locale.language_code): o for o in rows}


def _pick(found, session_date, language):
    for code in (language, settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)):
        occurrence = found.get((session_date.event_key, session_date.original_start, code))
        if occurrence is not None:
            return occurrence
    return None


def _root_url():
    # With one site (the usual case) its address is in Wagtail's cached root paths: no query per mail.
    roots = Site.get_site_root_paths()
    if roots and len({root.site_id for root in roots}) == 1:
        return roots[0].root_url
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def invitation_date(booking, occurrence, page_url):
    session_date = booking.session_date
    if occurrence is None:  # the date is gone from the series: it is only ever cancelled
        start = session_date.original_start
        return InvitationDate(
            uid=booking.ical_uid,
            sequence=booking.ical_sequence,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
    event = occurrence.event
    return InvitationDate(
        uid=booking.ical_uid,
        sequence=booking.ical_sequence,
        start=occurrence.start,
        end=occurrence.end,
        time_zone=event.time_zone,
        summary=occurrence.display_title,
        description=event.introduction,
        join_url=event.online_url,
        page_url=page_url,
    )


def mails_for(changes):
    """The BookingMails for a list of changes: one per person, kind and event (a series together)."""
    return _mails_and_dates(changes)[0]


def _mails_and_dates(changes):
    """(the BookingMails, the session dates and occurrences read for them, to be used again)."""
    changes = [c for c in changes if kind_of(c) is not None]
    if not changes:
        return [], {}, {}
    bookings = {
        b.pk: b
        for b in Booking.objects.filter(pk__in={c.booking_id for c in changes}).select_related(
            "user", "session_date"
        )
    }
    found = _occurrences([b.session_date for b in bookings.values()])
    root = _root_url()
    groups = defaultdict(list)
    for change in changes:
        booking = bookings.get(change.booking_id)
        if booking is not None:
            groups[(booking.user_id, kind_of(change), booking.session_date.event_key)].append(
                (change, booking)
            )
    mails = []
    for (_user, kind, _event_key), items in groups.items():
        first = items[0][1]
        language = first.language
        occurrences = [_pick(found, booking.session_date, language) for _change, booking in items]
        event = next((o.event for o in occurrences if o is not None), None)
        if event is None:
            event = EventPage.objects.filter(translation_key=first.session_date.event_key).first()
        page_url = event.get_full_url() if event else ""
        with translation.override(language):
            bookings_url = root + reverse("my_learning")
        person = first.user
        mails.append(
            BookingMail(
                kind=kind,
                person=Person(
                    name=person.get_full_name() or person.username, email=person.email, language=language
                ),
                event=EventInfo(
                    title=event.title if event else "", url=page_url, place=place_text(event) if event else ""
                ),
                dates=tuple(
                    invitation_date(booking, occurrence, page_url)
                    for (_change, booking), occurrence in zip(items, occurrences, strict=True)
                ),
                in_calendar=all(change.from_state == BookingState.BOOKED for change, _b in items),
                position=_position(items[0][0], first) if kind == Kind.WAITING else None,
                bookings_url=bookings_url,
            )
        )
    dates = {
        (b.session_date.event_key, b.session_date.original_start): b.session_date for b in bookings.values()
    }
    return mails, dates, found


def _position(change, booking):
    # The number the booking read under its date's lock (and showed the person); else counted now.
    return change.position if change.position is not None else services.waiting_position(booking)


@receiver(booking_changed)
def send_booking_mails(sender, changes, **kwargs):
    if any(kind_of(change) is not None for change in changes):
        mail_changes.enqueue([change.as_json() for change in changes])
    else:
        _remember_details(changes)


@task(backend=BACKEND)
def mail_changes(changes: list) -> int:
    """Queue the mails for these changes (``BookingChanged.as_json``); returns how many were queued.

    The mails say what the event and the person's bookings say when the task runs, and the date
    remembers that as what its invitations hold (``_remember_details``), in the same step.
    """
    changes = [BookingChanged.from_json(change) for change in changes]
    mails, dates, found = _mails_and_dates(changes)
    queued = 0
    for mail in mails:
        if mail.person.email:
            enqueue_booking_mail(mail)
            queued += 1
    _remember_details(changes, dates, found)
    return queued


def _remember_details(changes, known=None, found=None):
    """A date that first gets a booked person keeps what the invitation said, to see later changes.

    ``known`` and ``found``: the session dates (by event key and original start) and occurrences the
    mails have just read, which spare reading them again.
    """
    placed = {
        (c.event_key, c.original_start)
        for c in changes
        if c.to_state == BookingState.BOOKED and c.from_state != BookingState.BOOKED
    }
    if not placed:
        return
    known, found = known or {}, found or {}
    if not placed <= known.keys():
        rows = SessionDate.objects.filter(
            event_key__in={key for key, _start in placed}, original_start__in={s for _k, s in placed}
        )
        known = {**known, **{(sd.event_key, sd.original_start): sd for sd in rows}}
    dates = [known[key] for key in placed if key in known and not known[key].sent_details]
    if any(_pick(found, sd, settings.LANGUAGE_CODE) is None for sd in dates):
        found = {**found, **_occurrences(dates)}
    for session_date in dates:
        occurrence = _pick(found, session_date, settings.LANGUAGE_CODE)
        if occurrence is not None:
            SessionDate.objects.filter(pk=session_date.pk, sent_details="").update(
                sent_details=details_fingerprint(occurrence)
            )


def send_changes(event_key):
    """After a publish: booked people of each date whose time, place or link changed are told."""
    dates = list(SessionDate.objects.filter(event_key=event_key, booked_count__gt=0))
    if not dates:
        return
    found = _occurrences(dates)
    changes = []
    for session_date in dates:
        occurrence = _pick(found, session_date, settings.LANGUAGE_CODE)
        if occurrence is None or occurrence.is_cancelled:
            continue  # a cancelled date sends its own mail (services.apply_event_changes)
        fingerprint = details_fingerprint(occurrence)
        if fingerprint == session_date.sent_details:
            continue
        SessionDate.objects.filter(pk=session_date.pk).update(sent_details=fingerprint)
        if not session_date.sent_details:
            continue  # nothing was known of what the invitations hold: remember it from now on
        booked = Booking.objects.filter(session_date=session_date, state=BookingState.BOOKED)
        booked.update(ical_sequence=F("ical_sequence") + 1)
        for booking_id, user_id in booked.values_list("pk", "user_id"):
            changes.append(
                BookingChanged(
                    booking_id=booking_id,
                    user_id=user_id,
                    event_key=session_date.event_key,
                    original_start=session_date.original_start,
                    from_state=BookingState.BOOKED,
                    to_state=BookingState.BOOKED,
                    reason=DATE_CHANGED,
                )
            )
    announce(changes)


def follow_moved_dates(event):
    """A date's identity is its start in the series (bookings/models.py), so when an editor moves the
    event's own start (its time, or the first day of the series) every date gets a new identity, and the
    bookings would look cancelled. When exactly as many booked dates lost their identity as new dates
    appeared, the dates moved: each keeps its bookings (in order), and ``send_changes`` tells the people.
    """
    now = timezone.now()
    starts = set(Occurrence.objects.filter(event=event).values_list("original_start", flat=True))
    rows = list(SessionDate.objects.filter(event_key=event.translation_key).order_by("original_start"))
    known = {row.original_start for row in rows}
    lost = [
        row
        for row in rows
        if row.original_start not in starts
        and row.original_start > now
        and (row.booked_count or row.pending_count or row.waiting_count)
    ]
    new = sorted(start for start in starts - known if start > now)
    if not lost or len(lost) != len(new):
        return
    with transaction.atomic():
        # Locked in id order, like every other change of a date (bookings/services.py).
        list(SessionDate.objects.select_for_update().filter(pk__in=[r.pk for r in lost]).order_by("pk"))
        for row, start in zip(lost, new, strict=True):
            SessionDate.objects.filter(pk=row.pk).update(original_start=start)


def tell_booked_people_of_changes(sender, instance, **kwargs):
    # Connected after bookings/receivers.py (BookingsConfig.ready), so cancelled dates are handled first.
    if instance.signup == SignupMode.SITE:
        with transaction.atomic():
            send_changes(instance.translation_key)


def follow_moved_event(sender, instance, **kwargs):
    # Connected before bookings/receivers.py (BookingsConfig.ready), so the dates have their bookings
    # again before the core's receiver would cancel bookings of dates it no longer finds.
    if instance.signup == SignupMode.SITE:
        follow_moved_dates(instance)
