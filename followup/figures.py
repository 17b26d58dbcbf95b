"""The evaluation results as plain functions of answer rows (tested without the database).

No group of fewer than ``FOLLOWUP_MIN_GROUP`` answers is shown, its free text included: a small
group identifies people (issue 21). Every figure the admin shows comes through here.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The smallest group whose figures are shown: the one place the threshold is set.
FOLLOWUP_MIN_GROUP = 5

RATING_SCALE = (1, 2, 3, 4, 5)
USAGE_VALUES = ("several", "once", "not_yet", "no")


def shown(count: int) -> bool:
    return count >= FOLLOWUP_MIN_GROUP


@dataclass(frozen=True)
class Rating:
    """A 1-5 question: how many answered it, the average and how many gave each value."""

    count: int
    average: float | None = None
    distribution: tuple[int, ...] = ()


@dataclass(frozen=True)
class Group:
    """The answers of one group (an event's dates together, or one date), or ``suppressed``."""

    label: str
    count: int
    suppressed: bool
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    usage: Mapping[str, int] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


def rating(values: Iterable[int | None]) -> Rating:
    given = [v for v in values if v is not None]
    if not given:
        return Rating(count=0)
    counts = Counter(given)
    return Rating(
        count=len(given),
        average=round(sum(given) / len(given), 1),
        distribution=tuple(counts.get(n, 0) for n in RATING_SCALE),
    )


def group(label: str, rows: list[Mapping], rating_fields=("can_apply", "usefulness")) -> Group:
    """Figures of one group of answer rows (dicts with the Answer's fields), or nothing but its
    label when it has fewer than ``FOLLOWUP_MIN_GROUP`` answers."""
    count = len(rows)
    if not shown(count):
        return Group(label=label, count=count, suppressed=True)
    usage_counts = Counter(row.get("usage") for row in rows if row.get("usage"))
    return Group(
        label=label,
        count=count,
        suppressed=False,
        ratings={name: rating(row.get(name) for row in rows) for name in rating_fields},
        usage={value: usage_counts.get(value, 0) for value in USAGE_VALUES} if usage_counts else {},
        # Sorted, so the order says nothing about who wrote what or when.
        comments=tuple(sorted(text for row in rows if (text := (row.get("comment") or "").strip()))),
    )


def by_key(rows: Iterable[Mapping], key: str) -> dict:
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def shown_count(count: int) -> str:
    """A count as the results show it: the number from ``FOLLOWUP_MIN_GROUP`` up, else "<5"."""
    return str(count) if shown(count) else f"<{FOLLOWUP_MIN_GROUP}"
