"""The participant's side: the evaluation and the follow-up, under "My learning".

The address holds the person's own attended booking id: only its owner may open it, anyone else
gets a 404, so the id tells nothing. Plain forms with CSRF; they work without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from bookings.interest import pages_in_language

from . import certificate as certificates
from . import services
from .forms import EvaluationForm, FollowUpForm
from .models import Kind
from .questions import questionnaire_for

FORMS = {Kind.EVALUATION: EvaluationForm, Kind.FOLLOW_UP: FollowUpForm}


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _answer_page(request, booking_id, kind):
    now = timezone.now()
    try:
        date = services.attended_booking(request.user, booking_id, kind, now=now)
    except services.NotYours:
        raise Http404("No such question for you") from None
    language = Locale.get_active().language_code
    page = pages_in_language([date.event_key], language).get(date.event_key)
    form = FORMS[kind](request.POST or None)
    status = 200
    refusal = None
    answered = services.has_answered(request.user, kind, date)
    if request.method == "POST":
        if answered:
            refusal, status = services.refused().message, services.refused().http_status
        elif form.is_valid():
            data = form.cleaned_data
            if kind == Kind.EVALUATION:
                outcome = services.answer_evaluation(
                    request.user, date, data["can_apply"], data["usefulness"], data["comment"], now=now
                )
            else:
                outcome = services.answer_follow_up(
                    request.user, date, data["usage"], data["comment"], now=now
                )
            if outcome.ok:
                messages.success(request, outcome.message)
                return _see_other(reverse("my_learning"))
            refusal, status = outcome.message, outcome.http_status
        else:
            status = 400
    return TemplateResponse(
        request,
        "followup/answer.html",
        {
            "kind": str(kind),
            "form": form,
            "event_page": page,
            "date": date,
            "start": timezone.localtime(date.original_start, page.display_zone if page else None),
            "questionnaire": questionnaire_for(date.event_key, language) if kind == Kind.EVALUATION else None,
            "refusal": refusal,
            "answered": answered,
            "my_learning_url": reverse("my_learning"),
        },
        status=status,
    )


@login_required
def evaluation(request, booking_id):
    return _answer_page(request, booking_id, Kind.EVALUATION)


@login_required
def follow_up(request, booking_id):
    return _answer_page(request, booking_id, Kind.FOLLOW_UP)


@login_required
def certificate(request):
    """The signed-in person's own certificate; nothing in the address says whose, so nobody else's."""
    language = Locale.get_active().language_code
    user = request.user
    sessions = certificates.attended_sessions(user, language)
    return TemplateResponse(
        request,
        "followup/certificate.html",
        {
            "person": user,
            "sessions": sessions,
            "total_hours": certificates.total_hours(sessions),
            "paths": certificates.completed_paths(user, language),
            "issued": timezone.localdate(),
            "my_learning_url": reverse("my_learning"),
        },
    )
