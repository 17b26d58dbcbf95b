"""A horizontal bar chart drawn on the server as SVG (templates/followup/chart.html), no script.

The chart is a picture of the table beside it: it has ``role="img"`` with a title and a
description, and the table is the accessible source of every figure (docs/followup.md). Hidden
groups (too small to show) get no bar, only the word the table shows. Plain functions, no database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

LABEL_WIDTH = 230
BAR_AREA = 380
VALUE_WIDTH = 90
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
LABEL_CHARACTERS = 32


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; the full label is in the table
    text: str  # the value as the table shows it
    y: int
    width: float  # 0 for a hidden or empty group
    hidden: bool

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def shorten(text: str, characters: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= characters else text[: characters - 1].rstrip() + "…"


def display(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return number_format(value, use_l10n=True)
    return str(value)


def bar_chart(title: str, description: str, groups, maximum=None) -> Chart:
    """``groups`` are (label, value, hidden) in the order to draw; ``maximum`` fixes the scale
    (a percentage, a rating), else the largest value shown fills the width."""
    groups = list(groups)
    shown = [value for _label, value, hidden in groups if not hidden and value is not None]
    top = Decimal(str(maximum)) if maximum else max((Decimal(str(value)) for value in shown), default=0)
    bars = []
    for number, (label, value, hidden) in enumerate(groups):
        width = 0.0
        if not hidden and value is not None and top > 0:
            width = round(float(Decimal(str(value)) / top) * BAR_AREA, 1)
        bars.append(
            Bar(
                label=shorten(str(label)),
                text=display(value),
                y=TOP + number * ROW_HEIGHT,
                width=width,
                hidden=hidden,
            )
        )
    return Chart(
        title=title,
        description=description,
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=TOP * 2 + ROW_HEIGHT * max(len(bars), 1),
    )
