"""Answering and asking: every write of the followup app, each one transaction.

An answer writes two rows that nothing links (followup/models.py): the ``Respondent`` (who answered
about which date) and the ``Answer`` (what, with the organisation type and the ISO week only). The
Respondent's unique constraints refuse a second answer, also when two submits race each other: the
loser's transaction rolls back whole, so no Answer is left without its Respondent.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking

from . import asking, rules
from .models import Answer, AnswerRequest, Kind, Respondent

logger = logging.getLogger("followup")


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str = ""
    http_status: int = 200


class NotYours(LookupError):
    """No such attended booking of this person: the view answers 404, whoever asks."""


def attended_booking(user, booking_id, kind, now=None):
    """The person's own attended booking ``booking_id`` with its question open, as an
    ``asking.AttendedDate``; raises NotYours for anyone else's booking, or one not (yet) asked about."""
    now = now or timezone.now()
    if not user.is_authenticated:
        raise NotYours
    booking = Booking.objects.filter(pk=booking_id, user=user).select_related("session_date").first()
    if booking is None:
        raise NotYours
    if kind == Kind.EVALUATION:
        items = [d for d in asking.open_evaluations(now, user=user) if d.booking_id == booking.pk]
    else:
        items = [
            d for d in asking.open_follow_ups(now, user=user) if d.event_key == booking.session_date.event_key
        ]
    if not items:
        raise NotYours
    return items[0]


def has_answered(user, kind, date):
    respondent = {"user": user, "kind": kind, "event_key": date.event_key}
    if kind == Kind.EVALUATION:
        respondent["original_start"] = date.original_start
    return Respondent.objects.filter(**respondent).exists()


def refused():
    return Outcome(False, _("You have already answered. Thank you!"), 409)


def _answer(user, kind, date, now, **fields):
    if has_answered(user, kind, date):
        return refused()
    try:
        with transaction.atomic():
            Respondent.objects.create(
                user=user,
                kind=kind,
                event_key=date.event_key,
                original_start=date.original_start,
                answered_at=now,
            )
            Answer.objects.create(
                kind=kind,
                event_key=date.event_key,
                original_start=date.original_start,
                organisation=user.organisation or "",
                week=rules.iso_week(timezone.localtime(now)),
                **fields,
            )
    except IntegrityError:
        return refused()  # a double submit: the other one was first
    return Outcome(True, _("Thank you for your answer."))


def answer_evaluation(user, date, can_apply, usefulness, comment="", now=None):
    """Record ``user``'s evaluation of the attended ``date`` (asking.AttendedDate), once."""
    return _answer(
        user,
        Kind.EVALUATION,
        date,
        now or timezone.now(),
        can_apply=can_apply,
        usefulness=usefulness,
        comment=comment.strip(),
    )


def answer_follow_up(user, date, usage, comment="", now=None):
    """Record ``user``'s follow-up about the event of ``date``, once per event."""
    return _answer(user, Kind.FOLLOW_UP, date, now or timezone.now(), usage=usage, comment=comment.strip())


def send_requests(now=None):
    """Mail everyone with an open question that no mail has asked yet, once: the request rows are
    written in one transaction and the mails queued after it commits. Returns {kind: mails}."""
    from .mail import request_mails
    from .tasks import enqueue_request_mail

    now = now or timezone.now()
    due = {
        Kind.EVALUATION: asking.open_evaluations(now),
        Kind.FOLLOW_UP: asking.open_follow_ups(now),
    }
    sent = {}
    with transaction.atomic():
        mails = []
        for kind, items in due.items():
            items = asking.not_yet_asked(items, kind)
            answered = _answered_by(items, kind)
            items = [i for i in items if _key(i, kind) not in answered]
            # Under the constraint: a second run at the same moment writes nothing twice.
            created = []
            for item in items:
                try:
                    with transaction.atomic():
                        AnswerRequest.objects.create(
                            user_id=item.user_id,
                            kind=kind,
                            event_key=item.event_key,
                            original_start=item.original_start,
                            sent_at=now,
                        )
                except IntegrityError:
                    continue
                created.append(item)
            mails.extend(request_mails(kind, created))
            sent[kind] = len(created)
        transaction.on_commit(lambda: [enqueue_request_mail(mail) for mail in mails])
    return sent


def _key(item, kind):
    if kind == Kind.FOLLOW_UP:
        return (item.user_id, item.event_key)
    return (item.user_id, item.event_key, item.original_start)


def _answered_by(items, kind):
    rows = Respondent.objects.filter(kind=kind, user_id__in={i.user_id for i in items}).values_list(
        "user_id", "event_key", "original_start"
    )
    if kind == Kind.FOLLOW_UP:
        return {(u, k) for u, k, _s in rows}
    return set(rows)
