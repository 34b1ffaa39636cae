"""What the matrix screen shows of a :class:`ProgressMatrix`: filter, sort, page.

Pure functions on the reporting layer's matrix, no Textual, so the rules can be tested on
their own and the screen only draws. The screen keeps the whole matrix in memory (tuples:
2,000 trainees x 30 cases is a few MB) and hands the DataTable one page at a time, so the
table never holds more than ``PAGE_SIZE`` rows however large the cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontlijn_game.reporting.matrix import ProgressMatrix, Row

PAGE_SIZE = 100

TRAINEE = "trainee"
"""Sort key of the trainee-code column."""
PASSED_COUNT = "passed"
"""Sort key of the column that counts passed (or finished) cells."""

STATUS_CYCLE: tuple[str | None, ...] = (
    None,
    "passed",
    "failed",
    "finished",
    "in_progress",
    "abandoned",
    "not_started",
)


@dataclass(frozen=True)
class MatrixQuery:
    """The leader's current view of the matrix."""

    text: str = ""
    status: str | None = None
    status_column: str | None = None
    """Column key the status filter looks at (None: any column)."""
    sort: str = TRAINEE
    """``trainee``, ``passed`` or a column key."""
    descending: bool = False
    page: int = 0
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class MatrixPage:
    rows: tuple[Row, ...]
    """The rows of this page."""
    matching: int
    """Rows that pass the filters (over all pages)."""
    total: int
    page: int
    pages: int
    first: int
    """1-based number of the first row shown (0 when none)."""


def counted(row: Row, rules: bool) -> int:
    """Cells that count as done: passed under a pass rule, else finished at least once."""
    if rules:
        return sum(1 for c in row.cells if c.status == "passed")
    return sum(1 for c in row.cells if c.finished > 0)


def matching_rows(matrix: ProgressMatrix, query: MatrixQuery) -> list[Row]:
    """The rows that pass the filters, in the query's order."""
    column = query.status_column if query.status is not None else None
    rows = matrix.filtered(query.text.strip(), query.status, column)
    if query.sort == TRAINEE:
        return sorted(rows, key=lambda r: r.code, reverse=query.descending)
    if query.sort == PASSED_COUNT:
        rules = any(c.rule is not None for c in matrix.columns)
        if query.descending:
            return sorted(rows, key=lambda r: (-counted(r, rules), r.code))
        return sorted(rows, key=lambda r: (counted(r, rules), r.code))
    index = matrix.column_index(query.sort)

    def key(row: Row) -> tuple[bool, float, int, str]:
        cell = row.cells[index]
        total = cell.best_total
        value = 0.0 if total is None else (-total if query.descending else total)
        # Empty cells last either way; among them, more attempts first.
        return (total is None, value, -cell.attempts, row.code)

    return sorted(rows, key=key)


def page_of(matrix: ProgressMatrix, query: MatrixQuery) -> MatrixPage:
    rows = matching_rows(matrix, query)
    size = max(1, query.page_size)
    pages = max(1, -(-len(rows) // size))
    page = min(max(0, query.page), pages - 1)
    start = page * size
    shown = tuple(rows[start : start + size])
    return MatrixPage(shown, len(rows), len(matrix.rows), page, pages, start + 1 if shown else 0)


def export_matrix(matrix: ProgressMatrix, query: MatrixQuery) -> ProgressMatrix:
    """The matrix with the rows the leader sees (filtered and sorted; every page)."""
    return replace(matrix, rows=tuple(matching_rows(matrix, query)))


def next_status(current: str | None, available: Sequence[str]) -> str | None:
    """The status filter after ``current`` in :data:`STATUS_CYCLE`, skipping ones that
    make no sense for the matrix (``available``)."""
    cycle = [s for s in STATUS_CYCLE if s is None or s in available]
    try:
        index = cycle.index(current)
    except ValueError:
        return None
    return cycle[(index + 1) % len(cycle)]


__all__ = [
    "PAGE_SIZE",
    "PASSED_COUNT",
    "STATUS_CYCLE",
    "TRAINEE",
    "MatrixPage",
    "MatrixQuery",
    "counted",
    "export_matrix",
    "matching_rows",
    "next_status",
    "page_of",
]
