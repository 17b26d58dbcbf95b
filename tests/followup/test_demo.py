"""seed_demo's evaluations: the default questionnaire in both languages and anonymous answers, one
small group suppressed in the admin; safe to run twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from followup.figures import FOLLOWUP_MIN_GROUP
from followup.models import Answer, Kind, Questionnaire
from tests.helpers import member_of, signed_in

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_answers_and_a_questionnaire_safely_twice(english):
    call_command("seed_demo", stdout=StringIO())
    answers = Answer.objects.count()
    assert answers >= 20
    assert Answer.objects.filter(kind=Kind.FOLLOW_UP).count() >= FOLLOWUP_MIN_GROUP
    assert len(set(Answer.objects.values_list("organisation", flat=True))) >= 4
    sizes = {}
    for key in Answer.objects.filter(kind=Kind.EVALUATION).values_list("event_key", "original_start"):
        sizes[key] = sizes.get(key, 0) + 1
    small = [key for key, n in sizes.items() if n < FOLLOWUP_MIN_GROUP]
    assert small, "one date or event shows the suppression"
    questionnaire = Questionnaire.objects.get(locale__language_code="sv", is_default=True)
    assert questionnaire.get_translation_or_none(english).name == "The programme's evaluation"

    call_command("seed_demo", stdout=StringIO())
    assert Answer.objects.count() == answers
    assert Questionnaire.objects.count() == 2

    client = signed_in(member_of("Editors", "granskare"))
    page = client.get(reverse("followup_admin:event", args=[small[0][0]])).content.decode()
    assert "data-suppressed" in page
