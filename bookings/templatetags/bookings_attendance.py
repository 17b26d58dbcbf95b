"""The person's attendance on "My learning" (learning's template loads this library: it is above bookings)."""

from django import template
from django.utils.translation import get_language

from ..display import attended_sessions

register = template.Library()


@register.inclusion_tag("bookings/includes/my_attendance.html", takes_context=True)
def my_attendance(context):
    """The dates the person's attendance has been recorded for, newest first, with what was recorded."""
    request = context.get("request")
    user = getattr(request, "user", None)
    sessions = attended_sessions(user, get_language()) if user is not None and user.is_authenticated else []
    return {"sessions": sessions}
