"""What the matrix screen shows of a :class:`ProgressMatrix`: filter, sort, page.

Pure functions on the reporting layer's matrix, no Textual, so the rules can be tested on
their own and the screen only draws. The reporting layer builds rows lazily (a chunk at a
time, on first access, which may read the database: call these from a worker); these
functions touch only the rows a page shows, unless a status filter or a sort by the
passed count needs every row's cells. The DataTable gets one page at a time, so it never
holds more than ``PAGE_SIZE`` rows however large the cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.reporting.matrix import Column, ProgressMatrix, Row
    from frontlijn_game.service.leader import MatrixData

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
    query: MatrixQuery | None = None


def counted(row: Row, rules: bool) -> int:
    """Cells that count as done: passed under a pass rule, else finished at least once."""
    if rules:
        return sum(1 for c in row.cells if c.status == "passed")
    return sum(1 for c in row.cells if c.finished > 0)


def row_codes(matrix: ProgressMatrix) -> list[tuple[str, str | None]]:
    """(code, name) of every row, without building any cells when the rows are lazy."""
    from frontlijn_game.reporting.matrix import LazyRows

    rows = matrix.rows
    if isinstance(rows, LazyRows):
        return [(code, name) for _, code, name in rows.trainees]
    return [(r.code, r.display_name) for r in rows]


def matching_indices(matrix: ProgressMatrix, query: MatrixQuery) -> list[int]:
    """Positions in ``matrix.rows`` of the rows that pass the filters, in the query's order.

    Only what the query needs is built: codes and names for the text filter, stored best
    totals for a sort by a column; cells only for a status filter or a sort by the passed
    count. The rows come in code order from the reporting layer.
    """
    from frontlijn_game.reporting.matrix import LazyRows

    rows = matrix.rows
    codes = row_codes(matrix)
    indices = list(range(len(rows)))
    needle = query.text.strip().casefold()
    if needle:
        indices = [
            i
            for i in indices
            if needle in codes[i][0].casefold() or needle in (codes[i][1] or "").casefold()
        ]
    if query.status is not None:
        column = None if query.status_column is None else matrix.column_index(query.status_column)
        kept = []
        for i in indices:
            cells = rows[i].cells if column is None else (rows[i].cells[column],)
            if any(c.status == query.status for c in cells):
                kept.append(i)
        indices = kept
    if query.sort == TRAINEE:
        indices.sort(key=lambda i: codes[i][0], reverse=query.descending)
        return indices
    if query.sort == PASSED_COUNT:
        rules = any(c.rule is not None for c in matrix.columns)
        sign = -1 if query.descending else 1
        indices.sort(key=lambda i: (sign * counted(rows[i], rules), codes[i][0]))
        return indices
    index = matrix.column_index(query.sort)
    if isinstance(rows, LazyRows):
        rank = {
            i: n
            for n, i in enumerate(
                rows.order_by_total(matrix.columns[index].scenario_id, query.descending)
            )
        }
        indices.sort(key=rank.__getitem__)
        return indices

    def key(i: int) -> tuple[bool, float, str]:
        total = rows[i].cells[index].best_total
        value = 0.0 if total is None else (-total if query.descending else total)
        return (total is None, value, codes[i][0])  # empty cells last either way

    indices.sort(key=key)
    return indices


def matching_rows(matrix: ProgressMatrix, query: MatrixQuery) -> list[Row]:
    """The rows that pass the filters, in the query's order (every one built)."""
    rows = matrix.rows
    return [rows[i] for i in matching_indices(matrix, query)]


def page_of(matrix: ProgressMatrix, query: MatrixQuery) -> MatrixPage:
    """One page of the rows the query selects; only that page's rows are built."""
    indices = matching_indices(matrix, query)
    size = max(1, query.page_size)
    pages = max(1, -(-len(indices) // size))
    page = min(max(0, query.page), pages - 1)
    start = page * size
    rows = matrix.rows
    shown = tuple(rows[i] for i in indices[start : start + size])
    return MatrixPage(shown, len(indices), len(rows), page, pages, start + 1 if shown else 0, query)


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


def status_name(status: str | None) -> str:
    """A cell status (or the status filter: None is every status) in words."""
    return {
        None: _("alle"),
        "passed": _("gehaald"),
        "failed": _("niet gehaald"),
        "finished": _("gespeeld"),
        "in_progress": _("bezig"),
        "abandoned": _("afgebroken"),
        "not_started": _("niet begonnen"),
    }.get(status, status or "")


STATUS_MARK = {
    "passed": "✓",
    "failed": "✗",
    "finished": "●",
    "in_progress": "▶",
    "abandoned": "–",
    "not_started": "·",
}
"""One sign per cell status, for the terminal (the matrix screen, ``report progress``)."""


def rule_text(column: Column) -> str:
    """The pass rule of a column in words."""
    from frontlijn_game.service import format as fmt

    rule = column.rule
    if rule is None:
        return _("geen eis")
    text = _("gehaald bij ≥ {score}").format(score=fmt.number(rule.min_score, 0))
    if rule.ending_kind:
        kinds = "/".join(fmt.ending_kind_short(k) for k in rule.ending_kind)
        text += " " + _("en einde {kinds}").format(kinds=kinds)
    return text


def has_rules(data: MatrixData) -> bool:
    """Whether any column has a pass rule (else cells say played, not passed)."""
    return any(c.rule is not None for c in data.matrix.columns)


def column_labels(data: MatrixData) -> dict[str, str]:
    """Column key -> its head: the title people know the case by; a case in two modules
    gets its module beside it. Ids are for the CSV export."""
    columns = data.matrix.columns
    ids = [c.scenario_id for c in columns]
    titles = data.titles or {}
    labels = {}
    for c in columns:
        title = titles.get(c.scenario_id, c.scenario_id)
        once = ids.count(c.scenario_id) == 1 or c.module_id is None
        labels[c.key] = title if once else f"{title} ({c.module_id})"
    return labels


__all__ = [
    "PAGE_SIZE",
    "PASSED_COUNT",
    "STATUS_CYCLE",
    "STATUS_MARK",
    "TRAINEE",
    "MatrixPage",
    "MatrixQuery",
    "column_labels",
    "counted",
    "export_matrix",
    "has_rules",
    "matching_indices",
    "matching_rows",
    "next_status",
    "page_of",
    "row_codes",
    "rule_text",
    "status_name",
]
