"""The mails that ask a person to answer, as plain JSON for the task (followup/tasks.py), in the
language the person booked the date in."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from accounts.models import User
from bookings.interest import pages_in_language
from bookings.mail import web_link

from .models import Kind

LANGUAGES = ("sv", "en")
URL_NAMES = {Kind.EVALUATION: "followup_evaluation", Kind.FOLLOW_UP: "followup_follow_up"}


def _root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def request_mails(kind, items):
    """One JSON-able mail per ``asking.AttendedDate`` in ``items``; people without an address get none."""
    if not items:
        return []
    users = User.objects.in_bulk({i.user_id for i in items})
    root = _root_url()
    pages = {}
    mails = []
    for item in items:
        user = users.get(item.user_id)
        if user is None or not user.email:
            continue
        language = item.language if item.language in LANGUAGES else settings.LANGUAGE_CODE
        if language not in pages:
            pages[language] = {}
        if item.event_key not in pages[language]:
            pages[language].update(pages_in_language([item.event_key], language))
        page = pages[language].get(item.event_key)
        with translation.override(language):
            url = root + reverse(URL_NAMES[kind], kwargs={"booking_id": item.booking_id})
            start = timezone.localtime(item.original_start, page.display_zone if page else None)
            when = date_format(start, "j F Y")
        mails.append(
            {
                "kind": str(kind),
                "name": user.get_full_name() or user.get_username(),
                "email": user.email,
                "language": language,
                "title": page.title if page else "",
                "when": when,
                "url": url,
            }
        )
    return mails


SUBJECTS = {
    Kind.EVALUATION: lambda: _("What did “%(title)s” give you?"),
    Kind.FOLLOW_UP: lambda: _("Three months on: have you used “%(title)s” in your work?"),
}


def build_message(mail, connection=None):
    language = mail["language"] if mail["language"] in LANGUAGES else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**mail, "url": web_link(mail["url"])}
        subject = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") + SUBJECTS[Kind(mail["kind"])]() % {
            "title": mail["title"]
        }
        text = render_to_string("followup/mail/request.txt", context)
        html = render_to_string("followup/mail/request.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail["email"]],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
