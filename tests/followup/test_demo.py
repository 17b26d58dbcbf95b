"""seed_demo's evaluations: the default questionnaire in both languages, and the answers of at least
forty demo participants who attended the demo's past dates, each answer with its respondent, the
follow-up ninety days after the spring's module, one small group suppressed; safe to run twice."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bookings.models import ATTENDED_STATES, Booking
from followup.figures import FOLLOWUP_MIN_GROUP
from followup.models import Answer, Kind, Questionnaire, Respondent
from followup.rules import FOLLOW_UP_AFTER
from tests.helpers import member_of, signed_in

pytestmark = pytest.mark.django_db


def state():
    return (
        Answer.objects.count(),
        Respondent.objects.count(),
        Booking.objects.count(),
        sorted(Booking.objects.values_list("state", flat=True)),
    )


def test_seed_demo_adds_answers_of_forty_participants_and_a_questionnaire_safely_twice(english):
    call_command("seed_demo", stdout=StringIO())

    evaluations = Respondent.objects.filter(kind=Kind.EVALUATION)
    assert evaluations.values("user").distinct().count() >= 40
    # Every answer has its respondent: the same number per date (and the follow-up per event).
    answers = Counter(Answer.objects.values_list("kind", "event_key", "original_start"))
    respondents = Counter(Respondent.objects.values_list("kind", "event_key", "original_start"))
    assert answers == respondents
    # Each respondent attended the date they answered about.
    attended = set(
        Booking.objects.filter(state__in=ATTENDED_STATES).values_list(
            "user", "session_date__event_key", "session_date__original_start"
        )
    )
    assert set(evaluations.values_list("user", "event_key", "original_start")) <= attended
    follow_ups = Respondent.objects.filter(kind=Kind.FOLLOW_UP)
    assert follow_ups.count() >= 2 * FOLLOWUP_MIN_GROUP
    for respondent in follow_ups:
        assert (respondent.user_id, respondent.event_key, respondent.original_start) in attended
        assert respondent.answered_at >= respondent.original_start + FOLLOW_UP_AFTER
    by_organisation = Counter(
        Answer.objects.filter(kind=Kind.EVALUATION).values_list("organisation", flat=True)
    )
    assert sum(1 for n in by_organisation.values() if n >= FOLLOWUP_MIN_GROUP) >= 5

    sizes = Counter(Answer.objects.filter(kind=Kind.EVALUATION).values_list("event_key", "original_start"))
    small = [key for key, n in sizes.items() if n < FOLLOWUP_MIN_GROUP]
    assert small, "one date shows the suppression"
    assert sum(1 for n in sizes.values() if n >= FOLLOWUP_MIN_GROUP) >= 3
    questionnaire = Questionnaire.objects.get(locale__language_code="sv", is_default=True)
    assert questionnaire.get_translation_or_none(english).name == "The programme's evaluation"

    before = state()
    call_command("seed_demo", stdout=StringIO())
    assert state() == before
    assert Questionnaire.objects.count() == 2

    client = signed_in(member_of("Editors", "granskare"))
    page = client.get(reverse("followup_admin:event", args=[small[0][0]])).content.decode()
    assert "data-suppressed" in page
