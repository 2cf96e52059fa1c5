"""Server-side bar charts: geometry computed here, drawn as inline SVG by the templates.

No JavaScript and no chart library: the numbers are laid out in Python and the template turns
each bar into an SVG <rect> (labels go through Jinja's escaping like any other text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

WIDTH = 640
RIGHT_MARGIN = 50  # room for the last rotated label
BAR_AREA_HEIGHT = 160
LABEL_HEIGHT = 60


@dataclass(frozen=True)
class Bar:
    """One bar: its box in SVG units, its label and the value written above it."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    value_text: str


@dataclass(frozen=True)
class BarChart:
    """A titled vertical bar chart, ready for the SVG template."""

    title: str
    bars: List[Bar]
    width: int = WIDTH
    height: int = BAR_AREA_HEIGHT + LABEL_HEIGHT
    baseline: int = BAR_AREA_HEIGHT

    @property
    def empty(self) -> bool:
        return not self.bars or all(bar.value == 0 for bar in self.bars)


def bar_chart(title: str, points: Sequence[Tuple[str, float]], percent: bool = False) -> BarChart:
    """Lay out bars for (label, value) points, scaled so the tallest bar fills the area."""
    if not points:
        return BarChart(title, [])
    top = max(value for _, value in points) or 1
    slot = (WIDTH - RIGHT_MARGIN) / len(points)
    width = max(2.0, slot * 0.7)
    bars = []
    for index, (label, value) in enumerate(points):
        height = (value / top) * (BAR_AREA_HEIGHT - 20)
        text = f"{value:.0%}" if percent else f"{value:g}"
        bars.append(
            Bar(
                x=round(index * slot + (slot - width) / 2, 1),
                y=round(BAR_AREA_HEIGHT - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=label,
                value=value,
                value_text=text,
            )
        )
    return BarChart(title, bars)
