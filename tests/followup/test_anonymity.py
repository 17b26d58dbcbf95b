"""Who answered and what was answered are two tables that nothing links (issue 21)."""

import pytest
from django.db import models

from followup import services
from followup.models import Answer, Respondent

from .conftest import attend

# Field names that would say who or exactly when: none of them may be on an Answer.
IDENTIFYING = {"user", "user_id", "person", "respondent", "email", "name", "ip", "ip_address", "user_agent"}
ALLOWED = {
    "id",
    "kind",
    "event_key",
    "original_start",
    "organisation",
    "week",
    "can_apply",
    "usefulness",
    "usage",
    "comment",
}


def test_no_answer_field_is_a_relation_or_identifies_a_person():
    fields = Answer._meta.get_fields()
    assert not [f.name for f in fields if f.is_relation], "an Answer must not point at anything"
    assert {f.name for f in fields} == ALLOWED, "a new field on Answer needs a privacy review"
    assert not IDENTIFYING & {f.name for f in fields}
    assert not [f.name for f in fields if isinstance(f, models.DateTimeField) and f.name != "original_start"]
    assert not [f.name for f in fields if isinstance(f, models.GenericIPAddressField)]
    # The key is random, so the order of the answers is not the order of the respondents.
    assert isinstance(Answer._meta.pk, models.UUIDField)


def test_nothing_points_at_an_answer_either():
    assert not [
        f
        for model in (Respondent,)
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model is Answer
    ]


@pytest.mark.django_db
def test_the_stored_answer_holds_only_the_date_the_organisation_type_and_the_week(bilingual_event, person):
    booking = attend(person, bilingual_event["sv"])
    date = services.attended_booking(person, booking.pk, "evaluation")
    services.answer_evaluation(person, date, 3, 4, "Bra")
    row = Answer.objects.values().get()
    assert str(person.pk) not in {str(v) for k, v in row.items() if k not in ("can_apply", "usefulness")}
    assert person.email not in str(row) and person.username not in str(row)
    assert row["week"].startswith(str(date.end.isocalendar()[0]))
    assert row["event_key"] == bilingual_event["sv"].translation_key
    assert row["original_start"] == booking.session_date.original_start
    # The respondent says who answered, never what.
    respondent = Respondent.objects.values().get()
    assert set(respondent) == {"id", "user_id", "kind", "event_key", "original_start", "answered_at"}
