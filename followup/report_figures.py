"""The follow-up report's figures: plain functions over plain rows, no database.

Every figure is defined in docs/followup.md (English and Swedish). The report view
(followup/reports.py) reads the stored facts as ``Fact`` rows (followup/report_queries.py) and hands
them here with the ``Dimensions`` that say which theme, event type and so on each fact belongs to.
Here the facts are grouped, counted, turned into rates and averages, and every group smaller than
the threshold (settings.FOLLOWUP_MIN_GROUP, ``min_group`` below) is hidden before anything is shown,
charted or exported.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

# --- What a fact is -----------------------------------------------------------------------------

# Booking facts: the booking's state (bookings.models.BookingState values).
ATTENDED = "attended"
PARTLY_ATTENDED = "partly_attended"
NO_SHOW = "no_show"
NOT_RECORDED = "booked"  # still booked after the date ended: attendance not taken yet
EXPIRED = "expired"  # still waiting when the date began
# Facts of other kinds.
WALK_IN = "walk_in"  # people without an account counted at the door (``count`` of them)
INTEREST = "interest"  # "tell me about new dates"
COMPLETION = "completion"  # a completed learning path
EVALUATION = "evaluation"  # an answer to the questionnaire after a date
FOLLOW_UP = "follow_up"  # an answer to the question ninety days later

ATTENDED_KINDS = (ATTENDED, PARTLY_ATTENDED)
# A partly attended date whose minutes nobody recorded counts this share of the date's length
# (docs/followup.md, hours attended).
PARTLY_ATTENDED_SHARE = Decimal("0.5")
# Follow-up answers that say the knowledge was used.
USED_ANSWERS = ("several", "once")


@dataclass(frozen=True)
class Fact:
    """One stored fact as the figures need it; what does not apply to a kind stays empty."""

    kind: str
    when: date | datetime  # the date's start, the completion, the request, the answer's week
    person: int | None = None  # the user id; None for walk-ins and anonymous answers
    event_key: str = ""  # the event (bookings, interest, answers)
    path_key: str = ""  # the learning path (completions)
    organisation: str = ""  # accounts.models.Organisation value; "" not given
    member: str = ""  # the member organisation as the person wrote it (User.organisation_name)
    minutes: int | None = None  # recorded minutes attended
    scheduled_minutes: int = 0  # the date's length
    walk_in: bool = False  # a booking made at the door (not booked beforehand)
    count: int = 1  # walk-in counts: how many people
    apply_rating: int | None = None
    usefulness_rating: int | None = None
    used: str = ""


@dataclass(frozen=True)
class Dimensions:
    """What the facts' keys mean: each event's type and themes, each path's themes, and labels."""

    event_types: Mapping[str, str] = field(default_factory=dict)  # event key → EventType value
    event_themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # event key → theme keys
    path_themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # path key → theme keys
    theme_labels: Mapping[str, str] = field(default_factory=dict)  # theme key → title, in order
    event_type_labels: Mapping[str, str] = field(default_factory=dict)  # in the order to list them
    organisation_labels: Mapping[str, str] = field(default_factory=dict)  # in the order to list them


# --- Breakdowns ---------------------------------------------------------------------------------

BY_THEME = "theme"
BY_EVENT_TYPE = "event_type"
BY_ORGANISATION = "organisation"
BY_MEMBER = "member"
BY_MONTH = "month"
BREAKDOWNS = {
    BY_THEME: _("Theme"),
    BY_EVENT_TYPE: _("Event type"),
    BY_ORGANISATION: _("Organisation type"),
    BY_MEMBER: _("Member organisation"),
    BY_MONTH: _("Month"),
}

TOTAL = _("All")
NOT_GIVEN = _("Not given")
NO_THEME = _("No theme")
UNKNOWN_EVENT = _("Event no longer on the site")
HIDDEN = _("hidden")


def member_key(name: str) -> str:
    """The member organisation as one group however it was spaced or capitalised."""
    return " ".join((name or "").split()).casefold()


def month_of(when) -> str:
    """ "2026-03" for a date or an aware datetime (already in the site's time zone)."""
    return f"{when.year:04d}-{when.month:02d}"


def group_keys(fact: Fact, by: str, dims: Dimensions) -> tuple[str, ...]:
    """The groups a fact counts in; a fact tagged with two themes counts in both."""
    if by == BY_THEME:
        themes = (
            dims.path_themes.get(fact.path_key) if fact.path_key else dims.event_themes.get(fact.event_key)
        )
        return tuple(themes) if themes else ("",)
    if by == BY_EVENT_TYPE:
        return (dims.event_types.get(fact.event_key, ""),)
    if by == BY_ORGANISATION:
        return (fact.organisation or "",)
    if by == BY_MEMBER:
        return (member_key(fact.member),)
    if by == BY_MONTH:
        return (month_of(fact.when),)
    raise ValueError(by)


def group_label(key: str, by: str, dims: Dimensions, member_names: Mapping[str, str]) -> str:
    if by == BY_THEME:
        return str(dims.theme_labels.get(key, NO_THEME)) if key else str(NO_THEME)
    if by == BY_EVENT_TYPE:
        return str(dims.event_type_labels.get(key, UNKNOWN_EVENT)) if key else str(UNKNOWN_EVENT)
    if by == BY_ORGANISATION:
        return str(dims.organisation_labels.get(key, key)) if key else str(NOT_GIVEN)
    if by == BY_MEMBER:
        return member_names.get(key, key) if key else str(NOT_GIVEN)
    return key  # a month


def _member_names(facts: Iterable[Fact]) -> dict[str, str]:
    """Each member organisation's most common spelling, for its label."""
    spellings = defaultdict(Counter)
    for fact in facts:
        if fact.member.strip():
            spellings[member_key(fact.member)][" ".join(fact.member.split())] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in spellings.items()}


def _group_order(keys: Iterable[str], by: str, dims: Dimensions, labels: Mapping[str, str]) -> list[str]:
    """Themes, types and organisation types in their own order, months in time, members by name;
    "not given" last."""
    known = {
        BY_THEME: list(dims.theme_labels),
        BY_EVENT_TYPE: list(dims.event_type_labels),
        BY_ORGANISATION: list(dims.organisation_labels),
    }.get(by)
    keys = set(keys)
    if known is not None:
        ordered = [key for key in known if key in keys]
        rest = sorted(keys - set(ordered) - {""}, key=lambda key: labels[key].casefold())
        return ordered + rest + ([""] if "" in keys else [])
    if by == BY_MONTH:
        return sorted(keys)
    return sorted(keys - {""}, key=lambda key: labels[key].casefold()) + ([""] if "" in keys else [])


# --- The figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    label: str


@dataclass(frozen=True)
class Block:
    """Columns shown or hidden together, and the column that holds the group's size for them."""

    size: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kinds: tuple[str, ...]  # the kinds of fact it reads
    columns: tuple[Column, ...]
    blocks: tuple[Block, ...]
    chart_column: str  # the column drawn in the chart
    compute: Callable[[list[Fact]], dict]
    not_by: tuple[str, ...] = ()  # breakdowns the facts cannot give
    chart_maximum: float | None = None  # a fixed scale (a rating, a percentage)


def _people(facts):
    return len({fact.person for fact in facts if fact.person is not None})


def hours(minutes: Decimal | int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def minutes_attended(fact: Fact) -> Decimal:
    """Recorded minutes where known; else the date's length for attended (and for each walk-in
    counted at the door), half of it for partly attended."""
    if fact.kind == WALK_IN:
        return Decimal(fact.scheduled_minutes * fact.count)
    if fact.minutes is not None:
        return Decimal(fact.minutes)
    if fact.kind == PARTLY_ATTENDED:
        return fact.scheduled_minutes * PARTLY_ATTENDED_SHARE
    return Decimal(fact.scheduled_minutes)


def _participants(facts):
    attended = [fact for fact in facts if fact.kind in ATTENDED_KINDS]
    walk_ins = sum(fact.count for fact in facts if fact.kind == WALK_IN)
    people = _people(attended)
    return {
        "people": people,
        "participations": len(attended) + walk_ins,
        "walk_ins": walk_ins,
        "size": people + walk_ins,
    }


def _hours(facts):
    attended = [fact for fact in facts if fact.kind in ATTENDED_KINDS + (WALK_IN,)]
    walk_ins = sum(fact.count for fact in facts if fact.kind == WALK_IN)
    people = _people(attended)
    return {
        "people": people,
        "hours": hours(sum((minutes_attended(fact) for fact in attended), Decimal(0))),
        "size": people + walk_ins,
    }


def _attendance(facts):
    # Walk-ins were not booked: they are neither attended nor booked here.
    booked = [fact for fact in facts if not fact.walk_in and fact.kind in (*ATTENDED_KINDS, NO_SHOW)]
    counts = Counter(fact.kind for fact in booked)
    attended = counts[ATTENDED] + counts[PARTLY_ATTENDED]
    return {
        "booked": len(booked),
        "attended": attended,
        "no_show": counts[NO_SHOW],
        "attendance_rate": percentage(attended, len(booked)),
        "no_show_rate": percentage(counts[NO_SHOW], len(booked)),
        "not_recorded": sum(1 for fact in facts if fact.kind == NOT_RECORDED),
        "size": _people(booked + [fact for fact in facts if fact.kind == NOT_RECORDED]),
    }


def _completions(facts):
    return {"completions": len(facts), "size": _people(facts), "people": _people(facts)}


def _demand(facts):
    waiting = [fact for fact in facts if fact.kind == EXPIRED]
    interest = [fact for fact in facts if fact.kind == INTEREST]
    return {
        "waiting": len(waiting),
        "interest": len(interest),
        "unmet": len(waiting) + len(interest),
        "people": _people(facts),
        "size": _people(facts),
    }


def _evaluation(facts):
    first = [fact for fact in facts if fact.kind == EVALUATION]
    later = [fact for fact in facts if fact.kind == FOLLOW_UP]
    return {
        "answers": len(first),
        "apply": average([fact.apply_rating for fact in first if fact.apply_rating]),
        "usefulness": average([fact.usefulness_rating for fact in first if fact.usefulness_rating]),
        "follow_up_answers": len(later),
        "used": percentage(sum(1 for fact in later if fact.used in USED_ANSWERS), len(later)),
    }


FIGURES = {
    figure.key: figure
    for figure in (
        Figure(
            "participants",
            _("Participants and participations"),
            (*ATTENDED_KINDS, WALK_IN),
            (
                Column("people", _("Unique participants")),
                Column("participations", _("Participations")),
                Column("walk_ins", _("Of which walk-ins without an account")),
            ),
            (Block("size", ("people", "participations", "walk_ins")),),
            "participations",
            _participants,
        ),
        Figure(
            "hours",
            _("Hours attended"),
            (*ATTENDED_KINDS, WALK_IN),
            (Column("people", _("Unique participants")), Column("hours", _("Hours attended"))),
            (Block("size", ("people", "hours")),),
            "hours",
            _hours,
        ),
        Figure(
            "attendance",
            _("Attendance and no-shows"),
            (*ATTENDED_KINDS, NO_SHOW, NOT_RECORDED),
            (
                Column("booked", _("Booked, attendance taken")),
                Column("attended", _("Attended")),
                Column("no_show", _("Did not come")),
                Column("attendance_rate", _("Attendance rate (%)")),
                Column("no_show_rate", _("No-show rate (%)")),
                Column("not_recorded", _("Attendance not taken")),
            ),
            (
                Block(
                    "size",
                    ("booked", "attended", "no_show", "attendance_rate", "no_show_rate", "not_recorded"),
                ),
            ),
            "attendance_rate",
            _attendance,
            chart_maximum=100,
        ),
        Figure(
            "completions",
            _("Completed learning paths"),
            (COMPLETION,),
            (Column("completions", _("Completed paths")), Column("people", _("People who completed a path"))),
            (Block("size", ("completions", "people")),),
            "completions",
            _completions,
            not_by=(BY_EVENT_TYPE,),
        ),
        Figure(
            "demand",
            _("Unmet demand"),
            (EXPIRED, INTEREST),
            (
                Column("waiting", _("Still waiting when the date began")),
                Column("interest", _("Asked to hear about new dates")),
                Column("unmet", _("Unmet demand in all")),
                Column("people", _("Unique people")),
            ),
            (Block("size", ("waiting", "interest", "unmet", "people")),),
            "unmet",
            _demand,
        ),
        Figure(
            "evaluation",
            _("Evaluation averages"),
            (EVALUATION, FOLLOW_UP),
            (
                Column("answers", _("Answers after the session")),
                Column("apply", _("I can apply what I learned (average, 1-5)")),
                Column("usefulness", _("How useful (average, 1-5)")),
                Column("follow_up_answers", _("Answers after three months")),
                Column("used", _("Used it in their work (%)")),
            ),
            (
                Block("answers", ("answers", "apply", "usefulness")),
                Block("follow_up_answers", ("follow_up_answers", "used")),
            ),
            "apply",
            _evaluation,
            # Answers keep the organisation type, never the person or their workplace.
            not_by=(BY_MEMBER,),
            chart_maximum=5,
        ),
    )
}


# --- Rows and suppression ----------------------------------------------------------------------


@dataclass
class Row:
    """One line of the report: the total (``is_total``) or one group; ``values`` hold the cells."""

    group: str
    values: dict
    is_total: bool = False
    hidden: set = field(default_factory=set)  # the names of the columns hidden

    def cell(self, name):
        return HIDDEN if name in self.hidden else self.values.get(name)

    def __getitem__(self, name):  # the report's columns and exports read rows by name
        return self.group if name == "group" else self.cell(name)


def suppress(rows: list[Row], figure: Figure, min_group: int) -> list[Row]:
    """Hide every block whose group is smaller than ``min_group`` (the total included).

    And so that a hidden group cannot be worked out from the total minus the groups shown, where
    exactly one group is hidden in a block, the next smallest group is hidden too.
    """
    for block in figure.blocks:
        for row in rows:
            if 0 < row.values[block.size] < min_group:
                row.hidden.update(block.columns)
        groups = [row for row in rows if not row.is_total and row.values[block.size] > 0]
        hidden = [row for row in groups if block.columns[0] in row.hidden]
        if len(hidden) == 1:
            shown = [row for row in groups if block.columns[0] not in row.hidden]
            if shown:
                min(shown, key=lambda row: row.values[block.size]).hidden.update(block.columns)
    return rows


def figure_rows(
    figure: Figure, facts: Iterable[Fact], by: str, dims: Dimensions, min_group: int
) -> list[Row]:
    """The total and then one row per group, already suppressed."""
    if by not in BREAKDOWNS or by in figure.not_by:
        raise ValueError(by)
    facts = [fact for fact in facts if fact.kind in figure.kinds]
    grouped = defaultdict(list)
    for fact in facts:
        for key in group_keys(fact, by, dims):
            grouped[key].append(fact)
    names = _member_names(facts) if by == BY_MEMBER else {}
    labels = {key: group_label(key, by, dims, names) for key in grouped}
    rows = [Row(str(TOTAL), figure.compute(facts), is_total=True)]
    for key in _group_order(grouped, by, dims, labels):
        values = figure.compute(grouped[key])
        # A group only of facts the figure does not count (a walk-in among the booked) says nothing.
        if any(values[block.size] for block in figure.blocks):
            rows.append(Row(labels[key], values))
    return suppress(rows, figure, min_group)
