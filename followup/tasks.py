"""Sending the request mails in the background (django-tasks, the ``mail`` backend as bookings'
mails: bookings/tasks.py, with the same retries), so the command never waits for the mail server."""

import logging

from django.utils import timezone
from django_tasks import task

from bookings.tasks import MAX_ATTEMPTS, RETRY_DELAYS, TEMPORARY_FAILURES

from .mail import build_message

logger = logging.getLogger("followup.mail")

BACKEND = "mail"


@task(backend=BACKEND)
def send_request_mail(mail: dict, attempt: int = 1) -> str:
    """Send one request to answer (``followup.mail.request_mails``); returns the recipient's address."""
    try:
        build_message(mail).send()
    except TEMPORARY_FAILURES as error:
        if attempt >= MAX_ATTEMPTS:
            # The question stays on "My learning" whether or not the mail arrived.
            logger.error(
                "Request to answer (%s) to %s failed %d times; giving up: %s",
                mail["kind"],
                mail["email"],
                attempt,
                error,
            )
            raise
        logger.warning(
            "Request to answer (%s) to %s failed (attempt %d of %d), retrying: %s",
            mail["kind"],
            mail["email"],
            attempt,
            MAX_ATTEMPTS,
            error,
        )
        retry = send_request_mail
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        retry.enqueue(mail, attempt=attempt + 1)
        return ""
    return mail["email"]


def enqueue_request_mail(mail: dict):
    return send_request_mail.enqueue(mail)
