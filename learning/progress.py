"""What a person has done on a learning path and what comes next: plain functions, no database.

A path's steps are read from the raw JSON of its ``steps`` StreamField (``structure_from_stream``),
so the same code serves the page, "My learning" and later the editors' report. A step is known by
its StreamField block id, which stays the same when editors reorder or edit steps and when
wagtail-localize translates or syncs the page; progress refers to that id.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SESSION_KINDS = ("seminar", "module", "supervision")
MATERIAL = "material"
GROUP = "group"

# How many dates of a session a person needs (learning/blocks.py offers these to editors).
ANY_ONE_DATE = "one"
ALL_DATES = "all"
SOME_DATES = "number"


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    required: bool = True
    prerequisite: str | None = None
    group: str | None = None  # the id of the "at least N of these" group the step belongs to
    effort_hours: Decimal = Decimal(0)
    title: str = ""
    description: str = ""
    event_id: int | None = None
    page_id: int | None = None
    document_id: int | None = None
    url: str = ""
    dates_needed: str = ANY_ONE_DATE
    number_of_dates: int = 1

    @property
    def is_session(self):
        return self.kind in SESSION_KINDS


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    minimum: int
    step_ids: tuple[str, ...]


@dataclass(frozen=True)
class PathStructure:
    steps: tuple[Step, ...] = ()
    groups: dict[str, Group] = field(default_factory=dict)

    def by_id(self):
        return {step.id: step for step in self.steps}

    @property
    def session_count(self):
        return sum(1 for step in self.steps if step.is_session)

    @property
    def material_count(self):
        return sum(1 for step in self.steps if not step.is_session)

    @property
    def total_effort_hours(self):
        return sum((step.effort_hours for step in self.steps), Decimal(0))

    @property
    def steps_without_effort(self):
        """How many steps the added-up effort leaves out because no effort is given for them."""
        return sum(1 for step in self.steps if not step.effort_hours)


def _hours(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _step_from_block(block, group_id=None):
    value = block.get("value") or {}
    return Step(
        id=block["id"],
        kind=block["type"],
        required=True if group_id else bool(value.get("required", True)),
        prerequisite=value.get("prerequisite") or None,
        group=group_id,
        effort_hours=_hours(value.get("effort_hours")),
        title=value.get("title") or "",
        description=value.get("description") or "",
        event_id=value.get("event"),
        page_id=value.get("page"),
        document_id=value.get("document"),
        url=value.get("url") or "",
        dates_needed=value.get("dates_needed") or ANY_ONE_DATE,
        number_of_dates=int(value.get("number_of_dates") or 1),
    )


def structure_from_stream(raw_blocks: Iterable[dict]) -> PathStructure:
    """Flatten the raw StreamField data of a path into its steps in order, groups inlined."""
    steps, groups = [], {}
    for block in raw_blocks or ():
        if block.get("type") == GROUP:
            value = block.get("value") or {}
            members = [_step_from_block(child, block["id"]) for child in value.get("steps") or ()]
            groups[block["id"]] = Group(
                id=block["id"],
                title=value.get("title") or "",
                minimum=max(1, min(int(value.get("minimum") or 1), len(members) or 1)),
                step_ids=tuple(step.id for step in members),
            )
            steps.extend(members)
        else:
            steps.append(_step_from_block(block))
    return PathStructure(steps=tuple(steps), groups=groups)


def prerequisite_errors(structure: PathStructure) -> dict[str, str]:
    """{step id: reason} for every prerequisite that is not an earlier step of the same path.

    Only earlier steps may be named, which also rules out cycles.
    """
    errors = {}
    seen = set()
    ids = {step.id for step in structure.steps}
    for step in structure.steps:
        if step.prerequisite:
            if step.prerequisite == step.id:
                errors[step.id] = "self"
            elif step.prerequisite not in ids:
                errors[step.id] = "unknown"
            elif step.prerequisite not in seen:
                errors[step.id] = "later"
        seen.add(step.id)
    return errors


@dataclass(frozen=True)
class PathProgress:
    done: frozenset[str]  # completed steps that are still in the path
    history: frozenset[str]  # completed steps editors have since removed
    blocked: dict[str, str]  # {step id: id of the prerequisite still to do}
    groups_satisfied: dict[str, bool]
    next_step: str | None
    complete: bool
    percent: int

    def is_done(self, step_id):
        return step_id in self.done


def evaluate(structure: PathStructure, completed: Iterable[str], completed_before: bool = False):
    """Progress of one person on one path from the ids of the steps they have completed.

    ``completed_before`` is the stored fact that the person once completed the path: a path
    stays complete even if editors later add or tighten steps.
    """
    completed = frozenset(completed)
    ids = {step.id for step in structure.steps}
    done = completed & ids
    blocked = {
        step.id: step.prerequisite
        for step in structure.steps
        if step.prerequisite in ids and step.prerequisite not in done and step.id not in done
    }
    groups_satisfied = {
        group.id: len(done & set(group.step_ids)) >= group.minimum for group in structure.groups.values()
    }

    # Each required step outside a group is one unit; a group is as many units as its minimum.
    required = [step for step in structure.steps if step.required and not step.group]
    total_units = len(required) + sum(group.minimum for group in structure.groups.values())
    done_units = sum(1 for step in required if step.id in done) + sum(
        min(len(done & set(group.step_ids)), group.minimum) for group in structure.groups.values()
    )
    if total_units == 0:  # only optional steps: each of them counts
        total_units = len(structure.steps)
        done_units = len(done)
    complete_now = total_units > 0 and done_units >= total_units
    complete = completed_before or complete_now
    percent = 100 if complete else (done_units * 100 // total_units if total_units else 0)

    def counts(step):
        if step.group:
            return not groups_satisfied[step.group]
        return step.required

    candidates = [s for s in structure.steps if s.id not in done and s.id not in blocked]
    next_step = next((s.id for s in candidates if counts(s)), None)
    if next_step is None:
        next_step = next((s.id for s in candidates if not s.group), None)
    return PathProgress(
        done=done,
        history=completed - ids,
        blocked=blocked,
        groups_satisfied=groups_satisfied,
        next_step=next_step,
        complete=complete,
        percent=percent,
    )


def dates_required(step: Step, dates_offered: int) -> int:
    """How many dates of a session step a person attends to complete it."""
    if step.dates_needed == ALL_DATES:
        return max(1, dates_offered)
    if step.dates_needed == SOME_DATES:
        return max(1, min(step.number_of_dates, dates_offered or step.number_of_dates))
    return 1


def attendance_completes(step: Step, attended_dates: int, dates_offered: int) -> bool:
    """Whether the dates a person attended (recorded by attendance, not reported) complete a session step."""
    return attended_dates > 0 and attended_dates >= dates_required(step, dates_offered)


def may_self_report_session(
    step: Step, past_dates: int, dates_offered: int, signup_here: bool = False
) -> bool:
    """A person may mark a session step done once enough of its (not cancelled) dates have passed.

    ``past_dates`` counts only dates held since the person's account existed: an earlier date can never
    be self-reported. A session whose event takes sign-ups on this site is never self-reported: its
    attendance marks it done (``ProgressSource.ATTENDANCE``).
    """
    if signup_here:
        return False
    return past_dates > 0 and past_dates >= dates_required(step, dates_offered)
