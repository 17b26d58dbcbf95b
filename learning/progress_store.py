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
    return {key: set(sources) for key, sources in step_sources(user, path_keys).items()}


def step_sources(user, path_keys):
    """{path key: {completed step id: how it was recorded}} for one person, in one query."""
    done = {key: {} for key in path_keys}
    for key, step_id, source in StepCompletion.objects.filter(user=user, path_key__in=path_keys).values_list(
        "path_key", "step_id", "source"
    ):
        done.setdefault(key, {})[step_id] = source
    return done


def completed_paths(user, path_keys):
    return set(
        PathCompletion.objects.filter(user=user, path_key__in=path_keys).values_list("path_key", flat=True)
    )


def progress_for(user, path):
    return progress_and_self_reports(user, path)[0]


def progress_and_self_reports(user, path):
    """(progress on the path, ids of the steps the person reported done themselves: the ones they may undo)."""
    key = path.translation_key
    sources = step_sources(user, [key])[key]
    progress = evaluate(path.structure, sources, completed_before=key in completed_paths(user, [key]))
    return progress, frozenset(
        step_id for step_id, source in sources.items() if source == ProgressSource.SELF_REPORT
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


@transaction.atomic
def undo_done(user, path, step_id):
    """Take back a step the person marked done themselves (a step recorded from attendance stays).

    The path stops being complete when what is left no longer completes it: the person said the
    step was not done after all, so the completion it brought is not kept either.
    """
    if step_id not in path.structure.by_id():
        raise LookupError(step_id)
    key = path.translation_key
    completion = (
        StepCompletion.objects.select_for_update().filter(user=user, path_key=key, step_id=step_id).first()
    )
    if completion is not None:
        if completion.source != ProgressSource.SELF_REPORT:
            raise NotAllowed("recorded")
        completion.delete()
        if not evaluate(path.structure, completed_step_ids(user, [key])[key]).complete:
            PathCompletion.objects.filter(user=user, path_key=key).delete()
    return progress_for(user, path)
