"""Template tags for "Tell me about new dates": the form on the event page and the list on "My
learning" (bookings/interest.py). Each renders its own template from templates/bookings/includes/."""

from django import template
from django.utils.translation import get_language

from events.models import EventPage, SignupMode

from .. import interest

register = template.Library()


def date_interest_context(request, page, is_open=None):
    """The context of bookings/includes/date_interest_form.html, for a hook that renders it on the
    event page (events' templates cannot load this library: the layers run one way).

    ``is_open``: whether the event is open for booking, when the caller has read its dates already
    (bookings/display.py); read here otherwise."""
    user = getattr(request, "user", None)
    if is_open is None:
        shown = isinstance(page, EventPage) and interest.may_ask(page)
    else:
        shown = isinstance(page, EventPage) and page.live and page.signup == SignupMode.SITE and not is_open
    asked = bool(
        shown
        and user is not None
        and user.is_authenticated
        and interest.open_interests(user).filter(event_key=page.translation_key).exists()
    )
    return {"shown": shown, "page": page, "request": request, "user": user, "asked": asked}


@register.inclusion_tag("bookings/includes/date_interest_form.html", takes_context=True)
def date_interest_form(context, page):
    """On an event page: the ask (or stop) form when the event has sign-up here and no date open."""
    return {**date_interest_context(context.get("request"), page), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("bookings/includes/my_date_interests.html", takes_context=True)
def my_date_interests(context):
    """On "My learning": the events the person waits to hear about, each with a stop form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    if user is not None and user.is_authenticated:
        interests = list(interest.open_interests(user))
        pages = interest.pages_in_language([i.event_key for i in interests], get_language())
        rows = [(i, pages[i.event_key]) for i in interests if i.event_key in pages]
    return {"rows": rows, "request": request, "csrf_token": context.get("csrf_token")}
