"""The matrix's table: the DataTable widget, how a cell reads and which case columns fit.

Kept apart from the screen (``matrix``) so the screen holds what the leader does (load,
filter, sort, page, open, export) and this module how one page of rows is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.service.matrix_view import (
    PASSED_COUNT,
    TRAINEE,
    column_labels,
    counted,
    has_rules,
    row_codes,
    rule_text,
)
from frontlijn_game.ui.leader.base import STATUS_MARK

if TYPE_CHECKING:
    from frontlijn_game.reporting.matrix import Cell, Row
    from frontlijn_game.service.leader import MatrixData

FIXED = 2
"""Table columns before the case columns: trainee, passed count."""
HEADER_WIDTH = 18


def cell_text(cell: Cell, styles: dict[str, str]) -> Text:
    mark = STATUS_MARK.get(cell.status, "?")
    if cell.attempts == 0 and not cell.open:
        return Text(mark, style=styles["not_started"])
    best = "" if cell.best_total is None else fmt.number(cell.best_total) + " "
    return Text(f"{mark} {best}×{cell.attempts}", style=styles.get(cell.status, ""))


def fitting_columns(data: MatrixData, labels: dict[str, str], width: int) -> int:
    """How many case columns fit in ``width`` beside the trainee and count columns."""
    if not data.matrix.columns:
        return 0
    codes = max((len(code) for code, _name in row_codes(data.matrix)), default=8)
    fixed = max(codes, 10) + 2 + 9 + 2
    label = max(len(label) for label in labels.values())
    column = max(11, min(HEADER_WIDTH, label)) + 2
    return max(1, min(len(data.matrix.columns), (width - fixed) // column))


class MatrixTable(DataTable[Text]):
    """The matrix's DataTable: an arrow key at the last (first) case column asks the screen
    for the next (previous) columns instead of doing nothing."""

    class Edge(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    more_left = False
    more_right = False

    def action_cursor_right(self) -> None:
        if self.more_right and self.row_count and self.cursor_column >= len(self.columns) - 1:
            self.post_message(self.Edge(1))
            return
        super().action_cursor_right()

    def action_cursor_left(self) -> None:
        if self.more_left and self.row_count and self.cursor_column == FIXED:
            self.post_message(self.Edge(-1))
            return
        super().action_cursor_left()

    def build_columns(self, data: MatrixData, labels: dict[str, str], shown: range) -> None:
        """Column heads for the case columns in ``shown`` (indexes into the matrix)."""
        matrix = data.matrix
        self.more_left = shown.start > 0
        self.more_right = shown.stop < len(matrix.columns)
        self.clear(columns=True)
        self.add_column(_("Cursist"), key=TRAINEE)
        self.add_column(_("Gehaald") if has_rules(data) else _("Gespeeld"), key=PASSED_COUNT)
        for index in shown:
            column = matrix.columns[index]
            label = labels[column.key]
            if len(label) > HEADER_WIDTH:
                label = label[: HEADER_WIDTH - 1] + "…"
            self.add_column(label, key=column.key)

    def fill(
        self, data: MatrixData, rows: Sequence[Row], shown: range, styles: dict[str, str]
    ) -> None:
        """Replace the rows with ``rows`` (one page), showing the case columns in ``shown``."""
        rules = has_rules(data)
        total = len(data.matrix.columns)
        self.clear()
        lines = []
        for row in rows:
            name = row.code if not row.display_name else f"{row.code} ({row.display_name})"
            done = counted(row, rules)
            done_style = styles["passed"] if total and done == total else ""
            lines.append(
                [Text(name), Text(f"{done}/{total}", style=done_style)]
                + [cell_text(row.cells[i], styles) for i in shown]
            )
        self.add_rows(lines)


__all__ = [
    "FIXED",
    "HEADER_WIDTH",
    "MatrixTable",
    "cell_text",
    "column_labels",
    "fitting_columns",
    "has_rules",
    "rule_text",
]
