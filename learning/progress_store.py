"""Reading and writing a person's progress; the rules themselves are in learning/progress.py."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings.models import Booking, BookingState
from events.models import EventPage, Occurrence, SignupMode

from .models import LearningPathPage, PathCompletion, PathFollow, ProgressSource, StepCompletion
from .progress import attendance_completes, evaluate, may_self_report_session


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


def _session_steps_of(event_keys):
    """{event key: [(path key, path structure, step)]}: every session step, on any live path, that
    points at one of the events (in whichever language the step names it)."""
    key_of = dict(
        EventPage.objects.filter(translation_key__in=event_keys).values_list("pk", "translation_key")
    )
    steps, seen = {}, set()
    # The source language's page first: its steps decide when translations differ.
    paths = LearningPathPage.objects.live().select_related("locale")
    for path in sorted(paths, key=lambda p: p.locale.language_code != settings.LANGUAGE_CODE):
        structure = path.structure
        for step in structure.steps:
            event_key = key_of.get(step.event_id) if step.is_session else None
            if event_key and (path.translation_key, step.id) not in seen:
                seen.add((path.translation_key, step.id))
                steps.setdefault(event_key, []).append((path.translation_key, structure, step))
    return steps


def _dates_offered(event_keys):
    """{event key: how many of its dates are not cancelled}, counted on one page per event."""
    pages = {}
    for pk, key, language in EventPage.objects.filter(translation_key__in=event_keys).values_list(
        "pk", "translation_key", "locale__language_code"
    ):
        if key not in pages or language == settings.LANGUAGE_CODE:
            pages[key] = pk
    offered = dict.fromkeys(event_keys, 0)
    for occurrence in Occurrence.objects.filter(event_id__in=pages.values()).select_related("event"):
        if not occurrence.is_cancelled:
            offered[occurrence.event.translation_key] += 1
    return offered


def progress_from_attendance(changes):
    """Complete or withdraw session steps after attendance changed (called by bookings, in its transaction).

    A step is completed (``source = attendance``) once the person has attended as many of its
    event's dates as it needs. A correction withdraws a step only when attendance completed it and
    the dates still attended no longer do, and the path's completion only when that step completed
    it; a step the person reported done themselves and a path completed before stay
    (docs/architecture.md, Attendance).
    """
    people = {(c.user_id, c.event_key) for c in changes}
    event_keys = {key for _, key in people}
    steps = _session_steps_of(event_keys)
    if not steps:
        return
    offered = _dates_offered(event_keys)
    attended = {}
    for user_id, key in Booking.objects.filter(
        user_id__in={user for user, _ in people},
        session_date__event_key__in=event_keys,
        state=BookingState.ATTENDED,
    ).values_list("user_id", "session_date__event_key"):
        attended[(user_id, key)] = attended.get((user_id, key), 0) + 1
    for user_id, event_key in sorted(people, key=str):
        for path_key, structure, step in steps.get(event_key, ()):
            completes = attendance_completes(step, attended.get((user_id, event_key), 0), offered[event_key])
            _follow_attendance(user_id, path_key, structure, step.id, completes)


def _follow_attendance(user_id, path_key, structure, step_id, completes):
    completion = (
        StepCompletion.objects.select_for_update()
        .filter(user_id=user_id, path_key=path_key, step_id=step_id)
        .first()
    )
    if completes and completion is None:
        StepCompletion.objects.create(
            user_id=user_id, path_key=path_key, step_id=step_id, source=ProgressSource.ATTENDANCE
        )
        done = set(
            StepCompletion.objects.filter(user_id=user_id, path_key=path_key).values_list(
                "step_id", flat=True
            )
        )
        if evaluate(structure, done).complete:
            PathCompletion.objects.get_or_create(user_id=user_id, path_key=path_key)
    elif not completes and completion is not None and completion.source == ProgressSource.ATTENDANCE:
        completion.delete()
        path_done = PathCompletion.objects.filter(
            user_id=user_id, path_key=path_key, completed_at__gte=completion.completed_at
        ).first()
        if path_done is not None:
            rest = StepCompletion.objects.filter(user_id=user_id, path_key=path_key).values_list(
                "step_id", flat=True
            )
            if not evaluate(structure, set(rest)).complete:
                path_done.delete()
