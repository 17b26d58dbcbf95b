"""followup's part of a person's data (accounts/personal_data.py, docs/privacy.md).

Only who was asked and who has answered is about a person; the answers themselves are anonymous
(docs/architecture.md, "Evaluations and the 90-day follow-up") and stay as they are. The reports
read answers only, so these records are deleted, not handed over.
"""

from accounts.personal_data import PersonalData

from .models import AnswerRequest, Respondent


def _when(value):
    return value.isoformat() if value else None


def export(user):
    return {
        "questions_sent": [
            {
                "kind": r.kind,
                "event_key": str(r.event_key),
                "date": _when(r.original_start),
                "sent_at": _when(r.sent_at),
            }
            for r in AnswerRequest.objects.filter(user=user).order_by("sent_at", "pk")
        ],
        "questions_answered": [
            {
                "kind": r.kind,
                "event_key": str(r.event_key),
                "date": _when(r.original_start),
                "answered_at": _when(r.answered_at),
            }
            for r in Respondent.objects.filter(user=user).order_by("answered_at", "pk")
        ],
    }


def hand_over(user, placeholder, before):
    deleted = 0
    for model in (AnswerRequest, Respondent):
        rows = model.objects.filter(user=user)
        if before is not None:
            rows = rows.filter(original_start__lt=before)
        deleted += rows.delete()[0]
    return deleted


def holders(before):
    return set(
        AnswerRequest.objects.filter(original_start__lt=before).values_list("user_id", flat=True)
    ) | set(Respondent.objects.filter(original_start__lt=before).values_list("user_id", flat=True))


def personal_data():
    return PersonalData(key="followup", export=export, hand_over=hand_over, holders=holders, order=30)
