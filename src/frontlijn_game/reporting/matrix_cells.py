"""The cells, columns and rows of the progress matrix: plain data the screens and exports read.

Apart from the query (``matrix``) so that a screen or an export can name these types
without the SQL behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from frontlijn_game.scenario.model import PassRule

PASSED = "passed"
FAILED = "failed"
"""Finished attempts, none of which meets the pass rule."""
FINISHED = "finished"
"""Finished at least once (a column without a pass rule)."""
IN_PROGRESS = "in_progress"
ABANDONED = "abandoned"
"""Attempts were started, none finished and none is open."""
NOT_STARTED = "not_started"
STATUSES = (PASSED, FAILED, FINISHED, IN_PROGRESS, ABANDONED, NOT_STARTED)


class Cell(NamedTuple):
    """One trainee's progress in one column (a tuple: a matrix holds tens of thousands)."""

    attempts: int
    finished: int
    best_total: float | None
    best_attempt_id: int | None
    open: bool
    """An attempt of the case is open (active or suspended)."""
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "attempts": self.attempts,
            "finished": self.finished,
            "best_total": self.best_total,
            "best_attempt": self.best_attempt_id,
            "open": self.open,
            "status": self.status,
        }


EMPTY = Cell(0, 0, None, None, False, NOT_STARTED)


@dataclass(frozen=True)
class Column:
    scenario_id: str
    module_id: str | None = None
    rule: PassRule | None = None

    @property
    def key(self) -> str:
        return (
            self.scenario_id if self.module_id is None else f"{self.module_id}/{self.scenario_id}"
        )


@dataclass(frozen=True)
class ModuleState:
    module_id: str
    open: bool
    """All required modules are passed."""
    passed: bool


@dataclass(frozen=True)
class Row:
    trainee_id: int
    code: str
    display_name: str | None
    cells: tuple[Cell, ...]
    """Aligned with :attr:`ProgressMatrix.columns`."""
    modules: tuple[ModuleState, ...] = ()

    def cell(self, index: int) -> Cell:
        return self.cells[index]

    @property
    def passed_cells(self) -> int:
        return sum(1 for c in self.cells if c.status == PASSED)
