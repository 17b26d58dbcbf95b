"""Sending the request mails in the background (django-tasks, the ``mail`` backend as bookings'
mails: bookings/tasks.py), so the command never waits for the mail server."""

import logging
import smtplib

from django_tasks import task

from .mail import build_message

logger = logging.getLogger("followup.mail")

BACKEND = "mail"


@task(backend=BACKEND)
def send_request_mail(mail: dict) -> str:
    """Send one request to answer (``followup.mail.request_mails``); returns the recipient's address."""
    try:
        build_message(mail).send()
    except (smtplib.SMTPException, OSError) as error:
        # The request row stays: the question is on "My learning" whether or not the mail arrived.
        logger.error("Request to answer (%s) to %s failed: %s", mail["kind"], mail["email"], error)
        raise
    return mail["email"]


def enqueue_request_mail(mail: dict):
    return send_request_mail.enqueue(mail)
