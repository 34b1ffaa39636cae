"""The matrix screen: it shows, sorts, filters, pages and exports what the application
layer computed (the numbers by hand are in ``tests/service/test_leader.py``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from leaderhelp import Recorded, leader_app, log_in, open_matrix
from textual.widgets import DataTable, Input
from uihelp import CONTENT, settle, wait_for

from frontlijn_game.scenario.content import load_library
from frontlijn_game.service.leader import LeaderData
from frontlijn_game.service.scope import LeaderScope
from frontlijn_game.store.service import Store


def table_text(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_matrix_screen_shows_sorts_filters_and_exports(
    recorded: Recorded, tmp_path: Path
) -> None:
    app = leader_app(recorded.url)
    async with app.run_test(size=(110, 30)) as pilot:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        screen = pilot.app.screen
        table = screen.query_one("#matrix", DataTable)
        assert table_text(table) == [
            ["T1", "2/2", "✓ 96,0 ×1", "✓ 85,0 ×1"],
            ["T2", "1/2", "✓ 96,0 ×2", "·"],
            ["T3", "0/2", "▶ ×1", "✗ 35,0 ×1"],
        ]
        assert screen.painted_seconds is not None
        # Sort by the ui-kort column (best first), then the other way round.
        table.move_cursor(row=0, column=3)
        await pilot.press("s")
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T1", "T3", "T2"]
        await pilot.press("s")
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T3", "T1", "T2"]
        # Status filter on that column: passed, then failed.
        await pilot.press("f")
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T1"]
        await pilot.press("f")
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T3"]
        for _ in range(4):  # in progress, abandoned, not started, all
            await pilot.press("f")
        await settle(pilot)
        assert len(table_text(table)) == 3
        # Text filter.
        await pilot.press("slash")
        filter_input = screen.query_one("#matrix-filter", Input)
        assert filter_input.has_focus
        await pilot.press("t", "2", "enter")
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T2"]
        await pilot.press("slash")
        filter_input.value = ""
        await pilot.press("enter")
        await settle(pilot)
        # Export what is shown (every row, sorted by ui-kort ascending) as CSV.
        # The dialog offers the Documents (or data) folder, never the current one; a folder
        # the leader types is made, and the full path is shown after the export.
        from frontlijn_game.reporting.csv_export import default_export_folder

        target = tmp_path / "nieuw" / "matrix.csv"
        await pilot.press("x")
        await wait_for(pilot, "ExportDialog")
        folder = pilot.app.screen.query_one("#export-folder", Input)
        assert folder.value == str(default_export_folder())
        folder.value = str(target.parent)
        pilot.app.screen.query_one("#export-path", Input).value = target.name
        await pilot.press("enter")
        await wait_for(pilot, "MatrixScreen")
        await settle(pilot)
        await pilot.pause(0.2)
        assert any(str(target) in n.message for n in pilot.app._notifications)
        with target.open(encoding="utf-8", newline="") as f:
            lines = list(csv.reader(f))
        assert lines[0][:6] == ["trainee", "column", "scenario", "module", "status", "best_total"]
        assert [line[:7] for line in lines[1:]] == [
            ["T3", "m1/ui-proef", "ui-proef", "m1", "in_progress", "", "1"],
            ["T3", "m2/ui-kort", "ui-kort", "m2", "failed", "35.0", "1"],
            ["T1", "m1/ui-proef", "ui-proef", "m1", "passed", "96.0", "1"],
            ["T1", "m2/ui-kort", "ui-kort", "m2", "passed", "85.0", "1"],
            ["T2", "m1/ui-proef", "ui-proef", "m1", "passed", "96.0", "2"],
            ["T2", "m2/ui-kort", "ui-kort", "m2", "not_started", "", "0"],
        ]
        # A second export to the same file is refused; the file is untouched.
        size = target.stat().st_size
        await pilot.press("x")
        await wait_for(pilot, "ExportDialog")
        pilot.app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, "MatrixScreen")
        await settle(pilot)
        assert target.stat().st_size == size


async def test_thousands_of_rows_are_paged(tmp_path: Path) -> None:
    """250 trainees: the table holds one page, and ] / [ move between pages."""
    from uihelp import fresh_db

    from frontlijn_game.service.matrix_view import PAGE_SIZE
    from frontlijn_game.store.leaders import add_leader

    url = fresh_db(tmp_path)
    codes = [f"S{i:04d}" for i in range(250)]
    with Store.open(url) as store:
        store.db.write(lambda s: add_leader(s, "anna", "geheim-wachtwoord"))
        store.create_cohort("groot", "ui-basis")
        data = LeaderData(store, load_library(CONTENT), LeaderScope.owner())
        result = data.enrol("groot", codes)
        assert len(result.created) == 250 and len(result.added) == 250
    app = leader_app(url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot)
        await open_matrix(pilot, "groot")
        table = pilot.app.screen.query_one("#matrix", DataTable)
        assert table.row_count == PAGE_SIZE
        assert str(table.get_row_at(0)[0]) == "S0000"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert table.row_count == 250 - 2 * PAGE_SIZE
        assert str(table.get_row_at(0)[0]) == f"S{2 * PAGE_SIZE:04d}"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert str(table.get_row_at(0)[0]) == f"S{PAGE_SIZE:04d}"


async def test_only_the_case_columns_that_fit_are_in_the_table(recorded: Recorded) -> None:
    """A DataTable draws every column of a line; the matrix holds what fits and moves on
    at the edge (← →)."""
    from textual.widgets import Static
    from uihelp import widget_text

    app = leader_app(recorded.url)
    async with app.run_test(size=(44, 30)) as pilot:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        screen: Any = pilot.app.screen
        table = screen.query_one("#matrix", DataTable)
        assert [str(c.label) for c in table.ordered_columns] == [
            "Cursist",
            "Gehaald",
            "Dani en de scooter",
        ]
        assert "kolommen 1–1 van 2" in widget_text(screen.query_one("#matrix-state", Static), 44)
        await pilot.press("right", "right")
        await settle(pilot)
        assert table.cursor_column == 2 and screen.cursor_column() == 0
        await pilot.press("right")  # past the edge: the next case
        await settle(pilot)
        assert [str(c.label) for c in table.ordered_columns][2:] == ["De zolder van Ria"]
        assert screen.cursor_column() == 1
        assert table_text(table)[2] == ["T3", "0/2", "✗ 35,0 ×1"]
        await pilot.press("s")  # sorts by the case under the cursor: ui-kort
        await settle(pilot)
        assert [r[0] for r in table_text(table)] == ["T1", "T3", "T2"]
        await pilot.press("left")
        await settle(pilot)
        assert [str(c.label) for c in table.ordered_columns][2:] == ["Dani en de scooter"]
        assert screen.cursor_column() == 0
