"""The figures of the editors' learning path report: plain functions, no database.

Per path: how many people follow it and how many have completed it, in all and by organisation
type, and how many people have done each step. The report view (learning/report.py) reads the
rows from the database and hands them here; the same rows feed the admin table, CSV and XLSX.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ALL = _("Everyone")
BY_ORGANISATION = _("Organisation type")
BY_STEP = _("Step")
ORGANISATION_NOT_GIVEN = _("Not given")
ALL_PATHS = _("All learning paths")
UNIQUE_PEOPLE = _("Unique participants")


@dataclass(frozen=True)
class PathSummary:
    """A path as the report needs it: its translation key, its title and its steps in order."""

    key: str
    title: str
    steps: tuple[tuple[str, str], ...] = ()  # (step id, what the step is called)


@dataclass(frozen=True)
class ReportRow:
    """One row; the first row of the report is the total over all paths (``total_row``)."""

    path: str
    breakdown: str
    group: str
    followers: int | None  # None where it does not apply (a step)
    completions: int


def report_rows(
    paths: Iterable[PathSummary],
    follows: Iterable[tuple[str, str]],
    path_completions: Iterable[tuple[str, str]],
    step_completions: Iterable[tuple[str, str]],
    organisation_labels: Mapping[str, str],
) -> list[ReportRow]:
    """The report's rows, path by path.

    ``follows`` and ``path_completions`` are (path key, organisation code) per person,
    ``step_completions`` (path key, step id) per person, and ``organisation_labels`` gives the
    organisation types in the order to list them. Organisation types nobody has are left out;
    a person without one counts as "Not given". Every step is listed, done by anyone or not.
    """
    follows, path_completions = list(follows), list(path_completions)
    followers = Counter(str(key) for key, _org in follows)
    completed = Counter(str(key) for key, _org in path_completions)
    followers_by_org = Counter((str(key), org or "") for key, org in follows)
    completed_by_org = Counter((str(key), org or "") for key, org in path_completions)
    steps_done = Counter((str(key), step_id) for key, step_id in step_completions)
    labels = {**organisation_labels, "": ORGANISATION_NOT_GIVEN}

    rows = []
    for path in paths:
        key = str(path.key)
        rows.append(ReportRow(path.title, str(ALL), "", followers[key], completed[key]))
        for code, label in labels.items():
            count, done = followers_by_org[(key, code)], completed_by_org[(key, code)]
            if count or done:
                rows.append(ReportRow(path.title, str(BY_ORGANISATION), str(label), count, done))
        for number, (step_id, step_title) in enumerate(path.steps, start=1):
            rows.append(
                ReportRow(
                    path.title, str(BY_STEP), f"{number}. {step_title}", None, steps_done[(key, step_id)]
                )
            )
    return rows


def total_row(participants: set, completers: set) -> ReportRow:
    """The report's total over every path, each person counted once however many paths they take.

    ``participants`` are the people who followed a path or completed a step or a path (in the
    period, when there is one), ``completers`` those who completed a path; both sets of user ids.
    The first figure is written in the "following" column, the second in the "completed" column.
    """
    return ReportRow(str(ALL_PATHS), str(UNIQUE_PEOPLE), "", len(participants), len(completers))
