"""The line under the matrix names modules by the titles a leader reads, not their ids."""

from __future__ import annotations

from frontlijn_game.reporting.matrix_cells import ModuleState, Row
from frontlijn_game.ui.leader.matrix_lines import row_line


def test_row_line_names_modules_by_title() -> None:
    row = Row(
        trainee_id=1,
        code="T001",
        display_name=None,
        cells=(),
        modules=(ModuleState("jongeren", True, False), ModuleState("schulden", False, False)),
    )
    line = row_line(row, {"jongeren": "Jongeren en snel geld", "schulden": "Schulden"}).plain
    assert "Jongeren en snel geld: open" in line and "Schulden: op slot" in line
    assert "jongeren" not in line
    assert (
        "onbekend: op slot"
        in row_line(Row(1, "T001", None, (), (ModuleState("onbekend", False, False),))).plain
    )
