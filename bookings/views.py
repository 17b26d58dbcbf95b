"""A person books and cancels with plain POST forms (they work without JavaScript).

A refusal is a page saying why with a 4xx (the services' reasons: cancelled, past, closed, already
booked...), never a 500; a double submit is refused by the services and changes nothing. After a change
the person is sent back (303) to where the form was: the event page, a path page or "My learning".
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import EventPage

from . import services
from .models import Booking, BookingState

MAX_ADJUSTMENTS = 1000


def see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _next_url(request, default):
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return default


def refused(request, message, status, back_url=""):
    return TemplateResponse(
        request, "bookings/refused.html", {"message": message, "back_url": back_url}, status=status
    )


def _page_url(request, page):
    """The page's URL as ``page.get_url(request)`` gives it. With one site (the usual case) that is its
    path, read from Wagtail's cached root paths without looking up the request's site (a query)."""
    parts = page.get_url_parts(request)  # the root paths are then kept on the request
    if parts is not None and len({root.site_id for root in page._get_site_root_paths(request)}) == 1:
        return parts[2]
    return page.get_url(request)


def _event_url(request, event_key):
    """The event page in the visitor's language, else in any language it has."""
    pages = EventPage.objects.live().filter(translation_key=event_key).select_related("locale")
    best = None
    for page in pages:
        if best is None or page.locale.language_code == get_language():
            best = page
    return best.get_url(request) if best else "/"


@require_POST
def book(request, event_id):
    event = EventPage.objects.live().public().filter(pk=event_id).first()
    if event is None:
        return refused(request, _("There is no such event."), 404)
    page_url = _page_url(request, event) or "/"
    if not request.user.is_authenticated:
        return redirect_to_login(page_url + "#signup")
    back = _next_url(request, page_url + "#signup")
    try:
        starts = [dt.datetime.fromisoformat(value) for value in request.POST.getlist("date")]
    except ValueError:
        return refused(request, _("That is not a date of this event."), 400, back)
    if any(start.tzinfo is None for start in starts):
        return refused(request, _("That is not a date of this event."), 400, back)
    adjustments = request.POST.get("adjustments", "").strip()
    if len(adjustments) > MAX_ADJUSTMENTS:
        return refused(
            request,
            _("Please describe your needs in at most %(count)d characters.") % {"count": MAX_ADJUSTMENTS},
            400,
            back,
        )
    result = services.book(request.user, event, starts, language=get_language(), adjustments=adjustments)
    if not result.ok:
        return refused(request, result.message, result.http_status, back)
    messages.success(request, result.message)
    return see_other(back)


@require_POST
def cancel(request, booking_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Only the person's own bookings: anyone else's is as unknown as a booking that does not exist.
    booking = Booking.objects.filter(pk=booking_id, user=request.user).select_related("session_date").first()
    if booking is None:
        return refused(request, _("There is no such booking."), 404)
    back = _next_url(request, _event_url(request, booking.session_date.event_key) + "#signup")
    if not booking.is_active:
        return refused(request, _("This booking is already cancelled."), 409, back)
    was_waiting = booking.state == BookingState.WAITING
    result = services.cancel(booking, by=request.user)
    if not result.changed:
        return refused(request, _("This booking is already cancelled."), 409, back)
    messages.success(
        request,
        _("You have left the waiting list.") if was_waiting else _("Your booking is cancelled."),
    )
    return see_other(back)
