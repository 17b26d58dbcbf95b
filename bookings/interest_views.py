"""The POST forms of "Tell me about new dates" (bookings/interest.py): ask on the event page, stop
from "My learning". Plain forms with CSRF; a signed-in person only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from events.models import EventPage, SignupMode

from . import interest


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def ask_for_new_dates(request, event_id):
    event = get_object_or_404(EventPage.objects.live().select_related("locale"), pk=event_id)
    if event.signup != SignupMode.SITE:
        raise Http404(gettext("This event does not take bookings here."))
    result = interest.ask(request.user, event, language=get_language())
    if not result.ok:
        return TemplateResponse(
            request,
            "bookings/interest_refused.html",
            {
                "event": event,
                "message": gettext("This event has dates open for booking: book one on its page."),
            },
            status=result.status,
        )
    messages.success(request, gettext("We will e-mail you when the event has new dates to book."))
    return HttpResponseRedirect(_back(request, event.url), status=303)


@require_POST
@login_required
def stop_new_dates(request, event_id):
    event = get_object_or_404(EventPage.objects.select_related("locale"), pk=event_id)
    interest.stop(request.user, event.translation_key)
    messages.success(request, gettext("You will not be told about new dates of this event."))
    return HttpResponseRedirect(_back(request, event.url or "/"), status=303)
