"""What a golden-path test file holds: its keys, cases, expectations and bounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Diagnostic, Loc
from frontlijn_game.scenario.model import Scenario, Value

TESTS_FORMAT = "frontlijn/tests@1"
TOP_KEYS = ("format", "scenario", "cases")
CASE_KEYS = ("name", "seed", "choices", "draws", "expect")
BOUND_KEYS = (
    "total", "help", "sanction", "balance", "balance_score", "outcome", "process", "decisions",
)  # fmt: skip
"""Scores an ``expect`` can bound; each is compared as ``frontlijn run`` prints it."""
EXPECT_KEYS = ("ending", "status", "ending_kind", "verdict", "variables", *BOUND_KEYS)
STATUSES = ("finished", "open")

# ---------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Bound:
    """Inclusive bounds on a number; ``min == max`` for an exact value."""

    min: Fraction | None
    max: Fraction | None
    loc: Loc

    def holds(self, value: Fraction) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        lo, hi = self.min, self.max
        if lo is not None and hi is not None:
            return f"= {number_text(lo)}" if lo == hi else f"{number_text(lo)}..{number_text(hi)}"
        if lo is not None:
            return f">= {number_text(lo)}"
        return f"<= {number_text(hi)}" if hi is not None else _("elke waarde")


@dataclass(frozen=True, slots=True)
class Expect:
    ending: str | None = None
    status: str | None = None
    ending_kind: str | None = None
    verdict: str | None = None
    bounds: dict[str, Bound] = field(default_factory=dict)
    variables: dict[str, Bound | Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldenCase:
    name: str
    seed: int
    choices: tuple[str, ...]
    draws: tuple[str, ...]
    expect: Expect
    loc: Loc


@dataclass(frozen=True)
class TestFile:
    path: str
    scenario: Scenario
    cases: tuple[GoldenCase, ...]


ScenarioCache = dict[Path, tuple[Scenario | None, list[Diagnostic]]]
"""Scenarios loaded so far, by resolved path: several test files often share one case."""


def number_text(value: Fraction | float | int) -> str:
    """``85``, ``59.9``, ``0.33``: a number as a trainer wrote it."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{float(value):g}" if isinstance(value, Fraction) else str(value)
