"""The debrief's balance chart as inline SVG geometry (the template draws it; a data
table beside it carries the same numbers for screen readers and for print).

Pure presentation: the balance after each decision comes from the engine's trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

WIDTH = 600
HEIGHT = 240
LEFT = 48
RIGHT = 16
TOP = 16
BOTTOM = 32


@dataclass(frozen=True)
class Point:
    number: int
    x: float
    y: float | None
    share: float | None
    """Sanction's share of help + sanction after this decision (None: nothing yet)."""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    band_y: float
    band_height: float
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[Point, ...]
    grid: tuple[tuple[float, str], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.y is not None)


def _y(share: float) -> float:
    return TOP + (1.0 - share) * (HEIGHT - TOP - BOTTOM)


def balance_chart(trace: Sequence[Fraction | None], lo: Fraction, hi: Fraction) -> Chart:
    span = WIDTH - LEFT - RIGHT
    count = max(1, len(trace))
    points = []
    for number, value in enumerate(trace, start=1):
        x = LEFT + (span * (number - 0.5) / count)
        share = None if value is None else float(value)
        points.append(Point(number, x, None if share is None else _y(share), share))
    return Chart(
        WIDTH,
        HEIGHT,
        band_y=_y(float(hi)),
        band_height=_y(float(lo)) - _y(float(hi)),
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        points=tuple(points),
        grid=tuple((_y(v), f"{round(v * 100)}%") for v in (0.0, 0.25, 0.5, 0.75, 1.0)),
    )
