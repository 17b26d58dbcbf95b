"""Sending booking mails in the background (django-tasks), so a booking never waits for the mail server.

The task runs on its own backend alias, ``mail`` (settings ``TASKS``): the immediate backend in
development and tests, the database backend (django-tasks-db) in production, whose queue
``python manage.py db_worker --backend mail`` works through (README.md, "Production processes").
The ``default`` alias stays immediate, so Wagtail's own tasks run as before.

The task gets the mail as plain JSON (``BookingMail.as_json``) and builds the message when it sends
it, so the invitation's DTSTAMP is the time of sending. django-tasks has no retries of its own: a
send that fails on the mail server's side (an SMTP error, a refused or broken connection) enqueues
the task again, after ``RETRY_DELAYS`` where the backend can run a task later (the database backend)
and at once where it cannot (the immediate backend), up to ``MAX_ATTEMPTS`` sends. What
administrators see:

- each failed attempt is logged at WARNING on the ``bookings.mail`` logger;
- the last failure is logged at ERROR there, recorded as a ``FailedMail`` row, which superusers
  see in the admin's "Failed mails" report (bookings/wagtail_hooks.py), and the task fails: with
  the database backend its result also stays in the ``django_tasks_db_dbtaskresult`` table with
  status FAILED and the traceback.
"""

import datetime as dt
import logging
import smtplib

from django.utils import timezone
from django_tasks import task

from bookings.mail import BookingMail, build_message, one_per_date
from bookings.models import FailedMail

logger = logging.getLogger("bookings.mail")

BACKEND = "mail"
MAX_ATTEMPTS = 5
# Waits before the 2nd, 3rd, 4th and 5th attempt: a mail server that is down for a restart is
# back within minutes; one that is down for an hour still gets the mail the same day.
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
# What a send can fail with on the mail server's side; anything else is a bug, not retried.
TEMPORARY_FAILURES = (smtplib.SMTPException, OSError)


@task(backend=BACKEND)
def send_booking_mail(mail: dict, attempt: int = 1) -> str:
    """Build and send one booking mail (``BookingMail.as_json()``); returns the recipient's address."""
    booking_mail = BookingMail.from_json(mail)
    message = build_message(booking_mail, now=timezone.now())
    try:
        message.send()
    except TEMPORARY_FAILURES as error:
        recipient = booking_mail.person.email
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "Booking mail %r to %s failed %d times; giving up: %s",
                str(booking_mail.kind),
                recipient,
                attempt,
                error,
            )
            FailedMail.objects.create(
                kind=str(booking_mail.kind),
                recipient=recipient,
                attempts=attempt,
                error=str(error)[:500],
                failed_at=timezone.now(),
            )
            raise
        logger.warning(
            "Booking mail %r to %s failed (attempt %d of %d), retrying: %s",
            str(booking_mail.kind),
            recipient,
            attempt,
            MAX_ATTEMPTS,
            error,
        )
        retry = send_booking_mail
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        retry.enqueue(mail, attempt=attempt + 1)
        return ""
    return booking_mail.person.email


def enqueue_booking_mail(mail: BookingMail) -> list:
    """Queue the mail (one per date when it carries an invitation: bookings.mail.one_per_date).

    Call it from ``transaction.on_commit`` so a rolled-back booking sends nothing. Returns the task
    results, one per message.
    """
    return [send_booking_mail.enqueue(each.as_json()) for each in one_per_date(mail)]
