"""Self check-in for a signed-in person: the page a date's QR code or link opens, and the page that
takes its six-character code (bookings/check_in.py).

GET only shows the date and a "Check in" button; the POST checks in through
``bookings.attendance.check_in``. A link or code that is forged, wrong, early or late gets a page
saying so with a 4xx. Every response is private and no-store, and sends a referrer only to this site,
so the token in the address stays out of caches, history and other sites' logs.
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from . import attendance, services
from .attendance_rules import CHECK_IN_CLOSES_AFTER, CHECK_IN_OPENS_BEFORE, CheckInWindow, check_in_window
from .check_in import (
    CODE_LENGTH,
    note_wrong_code,
    session_date_for_code,
    session_date_id_from_token,
    token_for,
    too_many_wrong_codes,
)
from .models import Booking, BookingState, SessionDate


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    # Never to another site; "no-referrer" would also make the browser send "Origin: null" with the
    # page's own POST, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def refused(request, message, status):
    return private(
        TemplateResponse(request, "bookings/check_in_refused.html", {"message": message}, status=status)
    )


def _local(value):
    return date_format(timezone.localtime(value), "l j F Y, H:i")


def _event_title(occurrence):
    """The date's title in the visitor's language where the event has a page in it."""
    event = occurrence.event
    if event.locale.language_code != get_language():
        locale = Locale.objects.filter(language_code=get_language()).first()
        translation = event.get_translation_or_none(locale) if locale else None
        if translation is not None and translation.live:
            event = translation.specific
    return occurrence.title or event.title


def _window_refusal(request, occurrence, state):
    if state == CheckInWindow.TOO_EARLY:
        return refused(
            request,
            _("Check-in has not opened yet. It opens at %(time)s.")
            % {"time": _local(occurrence.start - CHECK_IN_OPENS_BEFORE)},
            403,
        )
    return refused(
        request,
        _("Check-in for this date closed at %(time)s.")
        % {"time": _local(occurrence.end + CHECK_IN_CLOSES_AFTER)},
        410,
    )


@require_http_methods(["GET", "POST"])
def check_in(request, token):
    if not request.user.is_authenticated:
        return private(redirect_to_login(request.get_full_path()))
    session_date_id = session_date_id_from_token(token)
    session_date = (
        SessionDate.objects.filter(pk=session_date_id).first() if session_date_id is not None else None
    )
    if session_date is None:
        return refused(request, _("This check-in link is not valid. Ask the organiser for the code."), 404)
    occurrence = services.occurrences_for([session_date])[session_date.pk]
    if occurrence is None or occurrence.is_cancelled:
        return refused(request, _("This date is cancelled: there is nothing to check in to."), 410)
    state = check_in_window(occurrence.start, occurrence.end, timezone.now())
    if state != CheckInWindow.OPEN:
        return _window_refusal(request, occurrence, state)
    already = Booking.objects.filter(
        session_date=session_date, user=request.user, state=BookingState.ATTENDED
    ).exists()
    if already:
        # A second scan or a second press: nothing to do, and the person sees it counted once.
        return refused(request, _("You are already marked as attended on this date."), 409)
    context = {"title": _event_title(occurrence), "when": _local(occurrence.start), "token": token}
    if request.method == "POST":
        result = attendance.check_in(session_date, request.user)
        if result.refusal == "full":
            message = (
                _("You are waiting for a place and this date has none left. Speak to the organiser.")
                if result.booking is not None
                else _("You have no booking and this date has no place left. Speak to the organiser.")
            )
            return refused(request, message, 409)
        if result.refusal == "cancelled":
            return refused(request, _("This date is cancelled: there is nothing to check in to."), 410)
        if result.refusal:
            return _window_refusal(request, occurrence, result.refusal)
        return private(TemplateResponse(request, "bookings/check_in_done.html", context))
    return private(TemplateResponse(request, "bookings/check_in.html", context))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        help_text=gettext_lazy("The six characters the organiser shows, for example ABC-DEF."),
        max_length=20,
    )


@require_http_methods(["GET", "POST"])
def check_in_code(request):
    if not request.user.is_authenticated:
        return private(redirect_to_login(request.get_full_path()))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if too_many_wrong_codes(request.user):
            return refused(request, _("Too many wrong codes. Wait a quarter of an hour and try again."), 429)
        if form.is_valid():
            session_date = session_date_for_code(form.cleaned_data["code"])
            if session_date is not None:
                response = HttpResponseRedirect(reverse("check_in", args=[token_for(session_date)]))
                response.status_code = 303
                return private(response)
            note_wrong_code(request.user)
            form.add_error(
                "code",
                _(
                    "No date open for check-in has this code. Check the %(length)d characters, and that "
                    "check-in has opened."
                )
                % {"length": CODE_LENGTH},
            )
        status = 400
    return private(TemplateResponse(request, "bookings/check_in_code.html", {"form": form}, status=status))
