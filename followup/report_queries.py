"""The stored facts the follow-up reports read, as plain ``Fact`` rows (followup/report_figures.py).

One function per kind of fact, each a fixed number of queries whatever the number of rows (the
report's query count does not grow with the programme: tests/followup/test_report_views.py).
Nothing is read from page content but an event's type and themes and a path's themes; the figures
themselves are computed from bookings, attendance, completions, requests and answers.

The period is a slice of dates (both days included, in the site's time zone); either end may be
missing.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import Organisation
from bookings.models import (
    ATTENDANCE_STATES,
    Booking,
    BookingChange,
    BookingState,
    DateInterest,
    SessionDate,
    WalkInCount,
)
from events.choices import EventType
from events.models import EventPage, Occurrence
from home.models import ThemePage
from learning.models import LearningPathPage, PathCompletion

from . import report_figures as figures
from .models import Answer, Kind

BOOKING_KINDS = {
    BookingState.ATTENDED: figures.ATTENDED,
    BookingState.PARTLY_ATTENDED: figures.PARTLY_ATTENDED,
    BookingState.NO_SHOW: figures.NO_SHOW,
    BookingState.BOOKED: figures.NOT_RECORDED,
    BookingState.EXPIRED: figures.EXPIRED,
}


def min_group():
    """The smallest group any report shows (docs/followup.md, small groups)."""
    return settings.FOLLOWUP_MIN_GROUP


def in_period(field, period):
    condition = Q()
    if period and period.start:
        condition &= Q(**{f"{field}__date__gte": period.start})
    if period and period.stop:
        condition &= Q(**{f"{field}__date__lte": period.stop})
    return condition


def _date_lengths(keys_and_starts):
    """(event key, original start) → (start, end) of the date as it is now, in one query."""
    if not keys_and_starts:
        return {}
    keys = {key for key, _start in keys_and_starts}
    starts = [start for _key, start in keys_and_starts]
    rows = Occurrence.objects.filter(
        event__translation_key__in=keys, original_start__gte=min(starts), original_start__lte=max(starts)
    ).values_list("event__translation_key", "original_start", "start", "end")
    return {(str(key), original): (start, end) for key, original, start, end in rows}


# A booking made at the door: created straight into an attendance state (a walk-in added by the
# organiser, or a check-in without a booking), or moved there from the waiting list. It held no place.
_came_unbooked = BookingChange.objects.filter(
    booking=OuterRef("pk"),
    from_state__in=["", BookingState.WAITING],
    to_state__in=ATTENDANCE_STATES,
)


def _dates_in(period):
    """Every date that began in the period: its id → (event key, its start in the site's time zone,
    its length in minutes, its end), from the date's occurrence as it is now (a date with none has
    no length). One query, whatever the number of bookings: each booking then names its date by id,
    and the rows the database sends back need no converting of keys and times."""
    occurrence = Occurrence.objects.filter(
        event__translation_key=OuterRef("event_key"), original_start=OuterRef("original_start")
    ).order_by("-start", "-end")  # as _date_lengths: of the translations' rows, the latest
    rows = (
        SessionDate.objects.filter(in_period("original_start", period))
        .annotate(start=Subquery(occurrence.values("start")[:1]), end=Subquery(occurrence.values("end")[:1]))
        .values_list("id", "event_key", "original_start", "start", "end")
    )
    dates = {}
    for pk, key, original_start, start, end in rows:
        if start is None or end is None:
            start = end = original_start
        dates[pk] = (
            str(key),
            timezone.localtime(original_start),
            int((end - start).total_seconds() // 60),
            end,
        )
    return dates


def booking_facts(period, now=None, states=None, at_the_door=True):
    """Bookings of dates that began in the period in the states the figures read: attended, partly
    attended, no-show, still booked after the date ended, expired. Two queries.

    ``states`` narrows them to the states one figure reads (followup/report_figures.py,
    ``Figure.kinds``); ``at_the_door=False`` leaves out whether a booking was made at the door, which
    only the attendance rate reads (``Fact.walk_in``), and with it a subquery per booking."""
    now = now or timezone.now()
    states = [state for state in BOOKING_KINDS if states is None or state in states]
    fields = [
        "user_id",
        "state",
        "session_date_id",
        "user__organisation",
        "user__organisation_name",
        "made_at_the_door",
        "attended_minutes",
    ]
    bookings = Booking.objects.filter(in_period("session_date__original_start", period), state__in=states)
    if at_the_door:
        bookings = bookings.annotate(made_at_the_door=Exists(_came_unbooked))
    else:
        bookings = bookings.annotate(made_at_the_door=Value(False))
    rows = list(bookings.values_list(*fields))
    dates = _dates_in(period) if rows else {}
    facts = []
    for user, state, date_id, organisation, member, walk_in, minutes in rows:
        key, when, scheduled_minutes, end = dates[date_id]
        if state == BookingState.BOOKED and end > now:
            continue  # a date still to come, or going on: nothing to say about attendance yet
        facts.append(
            figures.Fact(
                kind=BOOKING_KINDS[state],
                when=when,
                person=user,
                event_key=key,
                organisation=organisation,
                member=member,
                minutes=minutes,
                scheduled_minutes=scheduled_minutes,
                walk_in=bool(walk_in),
            )
        )
    return facts


def walk_in_facts(period):
    """People without an account counted at the door. Two queries."""
    rows = list(
        WalkInCount.objects.filter(
            in_period("session_date__original_start", period), count__gt=0
        ).values_list("session_date__event_key", "session_date__original_start", "organisation", "count")
    )
    lengths = _date_lengths({(str(key), start) for key, start, *_rest in rows})
    facts = []
    for key, original_start, organisation, count in rows:
        start, end = lengths.get((str(key), original_start), (original_start, original_start))
        facts.append(
            figures.Fact(
                kind=figures.WALK_IN,
                when=timezone.localtime(original_start),
                event_key=str(key),
                organisation=organisation,
                scheduled_minutes=int((end - start).total_seconds() // 60),
                count=count,
            )
        )
    return facts


def completion_facts(period):
    """Learning paths completed in the period. One query."""
    rows = PathCompletion.objects.filter(in_period("completed_at", period)).values_list(
        "user_id", "path_key", "completed_at", "user__organisation", "user__organisation_name"
    )
    return [
        figures.Fact(
            kind=figures.COMPLETION,
            when=timezone.localtime(completed_at),
            person=user,
            path_key=str(path_key),
            organisation=organisation,
            member=member,
        )
        for user, path_key, completed_at, organisation, member in rows
    ]


def interest_facts(period):
    """ "Tell me about new dates" requests made in the period, told or not. One query."""
    rows = DateInterest.objects.filter(in_period("created_at", period)).values_list(
        "user_id", "event_key", "created_at", "user__organisation", "user__organisation_name"
    )
    return [
        figures.Fact(
            kind=figures.INTEREST,
            when=timezone.localtime(created_at),
            person=user,
            event_key=str(key),
            organisation=organisation,
            member=member,
        )
        for user, key, created_at, organisation, member in rows
    ]


def _iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _monday(iso_week):
    """The Monday of an ISO week written as the evaluation stores it ("2026-W49")."""
    year, week = iso_week.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def answer_rows(period):
    """The evaluation's anonymous answers given in the period, as plain tuples (event key, week,
    organisation type, kind, apply rating, usefulness rating, used). One query.

    An answer keeps the ISO week it was given in, not its day (followup/models.py): a week counts
    when the period holds its Monday; ISO week strings sort in time order."""
    condition = Q()
    if period and period.start:
        condition &= Q(week__gte=_iso_week(period.start - timedelta(days=period.start.weekday())))
    if period and period.stop:
        condition &= Q(week__lte=_iso_week(period.stop))
    return list(
        Answer.objects.filter(condition).values_list(
            "event_key", "week", "organisation", "kind", "can_apply", "usefulness", "usage"
        )
    )


def answer_facts(rows):
    """``answer_rows`` as facts; a pure function."""
    return [
        figures.Fact(
            kind=figures.FOLLOW_UP if kind == Kind.FOLLOW_UP else figures.EVALUATION,
            when=_monday(week),
            event_key=str(key),
            organisation=organisation or "",
            apply_rating=apply_rating,
            usefulness_rating=usefulness_rating,
            used=used or "",
        )
        for key, week, organisation, kind, apply_rating, usefulness_rating, used in rows
    ]


def facts_for(figure, period):
    """The facts one figure reads (followup/report_figures.py, ``Figure.kinds``)."""
    kinds = set(figure.kinds)
    facts = []
    states = {state for state, kind in BOOKING_KINDS.items() if kind in kinds}
    if states:
        # Only the attendance rate, the one figure of no-shows, reads whether a booking was made at
        # the door.
        facts += booking_facts(period, states=states, at_the_door=figures.NO_SHOW in kinds)
    if figures.WALK_IN in kinds:
        facts += walk_in_facts(period)
    if figures.COMPLETION in kinds:
        facts += completion_facts(period)
    if figures.INTEREST in kinds:
        facts += interest_facts(period)
    if kinds & {figures.EVALUATION, figures.FOLLOW_UP}:
        facts += answer_facts(answer_rows(period))
    return facts


def _one_page_per_key(rows):
    """Of a page's translations, the one in the default language where there is one."""
    chosen = {}
    for page_id, key, language, *rest in rows:
        key = str(key)
        if key not in chosen or language == settings.LANGUAGE_CODE:
            chosen[key] = (page_id, *rest)
    return chosen


def dimensions(facts):
    """The types and themes of the events and paths the facts name, and every label in the
    language being read. At most five queries."""
    event_keys = {fact.event_key for fact in facts if fact.event_key}
    path_keys = {fact.path_key for fact in facts if fact.path_key}
    events = {}
    event_themes = defaultdict(list)
    if event_keys:
        events = _one_page_per_key(
            EventPage.objects.filter(translation_key__in=event_keys).values_list(
                "id", "translation_key", "locale__language_code", "event_type"
            )
        )
        keys_by_page = {page_id: key for key, (page_id, _type) in events.items()}
        for page_id, theme_key in EventPage.themes.through.objects.filter(
            eventpage_id__in=keys_by_page
        ).values_list("eventpage_id", "themepage__translation_key"):
            event_themes[keys_by_page[page_id]].append(str(theme_key))
    path_themes = defaultdict(list)
    if path_keys:
        paths = _one_page_per_key(
            LearningPathPage.objects.filter(translation_key__in=path_keys).values_list(
                "id", "translation_key", "locale__language_code"
            )
        )
        keys_by_page = {page_id: key for key, (page_id,) in paths.items()}
        for page_id, theme_key in LearningPathPage.themes.through.objects.filter(
            learningpathpage_id__in=keys_by_page
        ).values_list("learningpathpage_id", "themepage__translation_key"):
            path_themes[keys_by_page[page_id]].append(str(theme_key))
    return figures.Dimensions(
        event_types={key: event_type for key, (_id, event_type) in events.items()},
        event_themes={key: tuple(themes) for key, themes in event_themes.items()},
        path_themes={key: tuple(themes) for key, themes in path_themes.items()},
        theme_labels=theme_labels() if event_themes or path_themes else {},
        event_type_labels={value: str(label) for value, label in EventType.choices},
        organisation_labels={value: str(label) for value, label in Organisation.choices},
    )


def theme_labels():
    """Every theme by its translation key, in the tree's order, titled in the language being read
    (the default language's title where it has no translation). One query."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    labels = {}
    for key, title, page_language in ThemePage.objects.order_by("path").values_list(
        "translation_key", "title", "locale__language_code"
    ):
        key = str(key)
        if page_language == language or (key not in labels and page_language == settings.LANGUAGE_CODE):
            labels[key] = title
        labels.setdefault(key, title)
    return labels
