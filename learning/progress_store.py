"""Reading and writing a person's progress; the rules themselves are in learning/progress.py."""

from django.db import transaction
from django.utils import timezone

from events.models import EventPage, Occurrence, SignupMode

from .models import PathCompletion, PathFollow, ProgressSource, StepCompletion
from .progress import evaluate, may_self_report_session


class NotAllowed(Exception):
    """A step the person cannot mark done (yet); the message says why."""


def is_following(user, path):
    return PathFollow.objects.filter(user=user, path_key=path.translation_key).exists()


def follow(user, path):
    PathFollow.objects.get_or_create(user=user, path_key=path.translation_key)


def leave(user, path):
    """Stop following; what the person has done stays in their history."""
    PathFollow.objects.filter(user=user, path_key=path.translation_key).delete()


def completed_step_ids(user, path_keys):
    """{path key: set of completed step ids} for one person."""
    done = {key: set() for key in path_keys}
    for key, step_id in StepCompletion.objects.filter(user=user, path_key__in=path_keys).values_list(
        "path_key", "step_id"
    ):
        done.setdefault(key, set()).add(step_id)
    return done


def completed_paths(user, path_keys):
    return set(
        PathCompletion.objects.filter(user=user, path_key__in=path_keys).values_list("path_key", flat=True)
    )


def progress_for(user, path):
    key = path.translation_key
    return evaluate(
        path.structure,
        completed_step_ids(user, [key])[key],
        completed_before=key in completed_paths(user, [key]),
    )


def session_dates(event_id, now=None, since=None):
    """(dates passed, dates offered) of an event, cancelled dates left out.

    With ``since`` (when the person's account was made) a date that ended before it is not counted
    as passed: it was held before the person could have reported it.
    """
    now = now or timezone.now()
    dates = [
        o for o in Occurrence.objects.filter(event_id=event_id).select_related("event") if not o.is_cancelled
    ]
    return sum(1 for o in dates if o.end < now and (since is None or o.end > since)), len(dates)


def takes_signup_here(event_id):
    """Whether the event takes sign-ups on this site: then attendance, not the person, completes it."""
    return EventPage.objects.filter(pk=event_id, signup=SignupMode.SITE).exists()


@transaction.atomic
def mark_done(user, path, step_id, source=ProgressSource.SELF_REPORT):
    """Record a step as done (following the path if the person did not yet) and the path if it is now complete."""
    structure = path.structure
    step = structure.by_id().get(step_id)
    if step is None:
        raise LookupError(step_id)
    progress = progress_for(user, path)
    if step_id in progress.done:
        return progress
    if step_id in progress.blocked:
        raise NotAllowed("blocked")
    if step.is_session and source == ProgressSource.SELF_REPORT:
        if takes_signup_here(step.event_id):
            raise NotAllowed("attendance")
        past, offered = session_dates(step.event_id, since=user.date_joined)
        if not may_self_report_session(step, past, offered):
            if may_self_report_session(step, session_dates(step.event_id)[0], offered):
                raise NotAllowed("before_account")
            raise NotAllowed("not_yet")
    follow(user, path)
    StepCompletion.objects.get_or_create(
        user=user, path_key=path.translation_key, step_id=step_id, defaults={"source": source}
    )
    progress = progress_for(user, path)
    if progress.complete:
        PathCompletion.objects.get_or_create(user=user, path_key=path.translation_key)
    return progress
