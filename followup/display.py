"""What "My learning" shows of the followup app: the open questions of the signed-in person."""

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from bookings.interest import pages_in_language

from . import asking
from .models import Kind


def _rows(items, kind, pages, url_name):
    rows = []
    for item in items:
        page = pages.get(item.event_key)
        rows.append(
            {
                "title": page.title if page else "",
                "start": timezone.localtime(item.original_start, page.display_zone if page else None),
                "url": reverse(url_name, kwargs={"booking_id": item.booking_id}),
                "kind": str(kind),
            }
        )
    return rows


def open_questions(request, now):
    """{"evaluations": [...], "follow_ups": [...]} not yet answered, or None when there are none."""
    user = request.user
    if not user.is_authenticated:
        return None
    evaluations = asking.open_evaluations(now, user=user)
    follow_ups = asking.open_follow_ups(now, user=user)
    if evaluations:
        done = asking.answered(user, Kind.EVALUATION)
        evaluations = [e for e in evaluations if (e.event_key, e.original_start) not in done]
    if follow_ups:
        done = asking.answered(user, Kind.FOLLOW_UP)
        follow_ups = [f for f in follow_ups if f.event_key not in done]
    if not evaluations and not follow_ups:
        return None
    pages = pages_in_language(
        {i.event_key for i in evaluations + follow_ups}, Locale.get_active().language_code
    )
    return {
        "evaluations": _rows(reversed(evaluations), Kind.EVALUATION, pages, "followup_evaluation"),
        "follow_ups": _rows(follow_ups, Kind.FOLLOW_UP, pages, "followup_follow_up"),
    }


def certificate_link(request, now):
    """{"url": ...} of the certificate once the person has attended a date, else None (one query)."""
    from .certificate import has_attended

    user = request.user
    if not user.is_authenticated or not has_attended(user):
        return None
    return {"url": reverse("followup_certificate")}
