"""learning's part of a person's data (accounts/personal_data.py, docs/privacy.md).

Completed steps and paths are handed to the person's anonymous placeholder (the reports count
completed paths); the paths followed and the personal feed's token go with the account.
"""

from django.db import transaction

from accounts.personal_data import PersonalData

from .models import LearningPathPage, PathCompletion, PathFollow, StepCompletion


def _when(value):
    return value.isoformat() if value else None


def export(user):
    follows = list(PathFollow.objects.filter(user=user).order_by("followed_at", "pk"))
    steps = list(StepCompletion.objects.filter(user=user).order_by("completed_at", "pk"))
    paths = list(PathCompletion.objects.filter(user=user).order_by("completed_at", "pk"))
    keys = {row.path_key for row in [*follows, *steps, *paths]}
    titles = {
        str(key): title
        for key, title in LearningPathPage.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "title"
        )
    }
    return {
        "followed_paths": [
            {
                "path": titles.get(str(f.path_key), ""),
                "path_key": str(f.path_key),
                "followed_at": _when(f.followed_at),
            }
            for f in follows
        ],
        "completed_steps": [
            {
                "path": titles.get(str(s.path_key), ""),
                "path_key": str(s.path_key),
                "step": s.step_id,
                "source": s.source,
                "completed_at": _when(s.completed_at),
            }
            for s in steps
        ],
        "completed_paths": [
            {
                "path": titles.get(str(p.path_key), ""),
                "path_key": str(p.path_key),
                "completed_at": _when(p.completed_at),
            }
            for p in paths
        ],
        "has_personal_feed": hasattr(user, "personal_feed_token"),
    }


def hand_over(user, placeholder, before):
    with transaction.atomic():
        steps = StepCompletion.objects.filter(user=user)
        paths = PathCompletion.objects.filter(user=user)
        if before is not None:
            steps = steps.filter(completed_at__lt=before)
            paths = paths.filter(completed_at__lt=before)
        return steps.update(user=placeholder) + paths.update(user=placeholder)


def holders(before):
    return set(
        StepCompletion.objects.filter(completed_at__lt=before).values_list("user_id", flat=True)
    ) | set(PathCompletion.objects.filter(completed_at__lt=before).values_list("user_id", flat=True))


def personal_data():
    return PersonalData(key="learning", export=export, hand_over=hand_over, holders=holders, order=20)
