"""The progress matrix against numbers worked out by hand (the data set in ``leaderhelp``).

Totals (DESIGN.md scoring; ui-proef: band 30-50 %, tolerance 0.25, weights 0.4/0.4/0.2,
competencies situatieanalyse 1 + opvolging 1, order [situatieanalyse, sanction];
ui-kort: weights 0.5/0.5/0):

- praat, moeder, volg_op: H 3, S 2, balance 0.4 -> 100; outcome 90; process 100
  (both competencies, order kept) -> 0.4*100 + 0.4*90 + 0.2*100 = 96.0
- praat, schuldhulp, laat_los: H 4, S 0 -> balance 0, 0.30 under the band -> 0; outcome
  55; process 100 (no sanction: the order rule is kept) -> 0 + 22 + 20 = 42.0
- bel_politie, straf: H 0, S 4 -> 0; outcome 15; process 0 (no competence; sanction
  without situatieanalyse breaks the rule) -> 6.0
- ui-kort samen: H 1, S 1 -> 0.5, in the band -> 100; outcome 70 -> 85.0
- ui-kort inval: S 3 -> 0; outcome 70 -> 35.0 (a good ending, but under 60)

Cohort groep-a against ui-basis (m1: ui-proef >= 70; m2: ui-kort >= 60, good or mixed):

=====  ====================  ==================  ======================
code   m1/ui-proef           m2/ui-kort          modules
=====  ====================  ==================  ======================
T1     passed, 96.0, 1 att.  passed, 85.0, 1     m1 passed, m2 passed
T2     passed, 96.0, 2 att.  not started         m1 passed, m2 open
T3     in progress, 1 att.   failed, 35.0, 1     m1 open, m2 locked
=====  ====================  ==================  ======================
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from leaderhelp import Recorded, leader_app, log_in, open_matrix
from textual.widgets import DataTable, Input
from uihelp import CONTENT, settle, wait_for

from frontlijn_game.scenario.content import load_library
from frontlijn_game.store.service import Store
from frontlijn_game.ui.leader.data import LeaderData
from frontlijn_game.ui.leader.view import MatrixQuery, matching_rows, page_of


def data_of(url: str) -> LeaderData:
    return LeaderData(Store.open(url), load_library(CONTENT))


def cells(matrix: Any) -> dict[str, list[tuple[str, float | None, int, int]]]:
    return {
        row.code: [(c.status, c.best_total, c.attempts, c.finished) for c in row.cells]
        for row in matrix.rows
    }


def test_cohort_matrix_by_hand(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    found = data.matrix("groep-a")
    matrix = found.matrix
    assert found.curriculum_id == "ui-basis" and found.curricula == ("ui-basis",)
    assert [c.key for c in matrix.columns] == ["m1/ui-proef", "m2/ui-kort"]
    assert cells(matrix) == {
        "T1": [("passed", 96.0, 1, 1), ("passed", 85.0, 1, 1)],
        "T2": [("passed", 96.0, 2, 2), ("not_started", None, 0, 0)],
        "T3": [("in_progress", None, 1, 0), ("failed", 35.0, 1, 1)],
    }
    modules = {r.code: [(m.module_id, m.open, m.passed) for m in r.modules] for r in matrix.rows}
    assert modules == {
        "T1": [("m1", True, True), ("m2", True, True)],
        "T2": [("m1", True, True), ("m2", True, False)],
        "T3": [("m1", True, False), ("m2", False, False)],
    }
    data.store.close()


def test_everyone_without_a_curriculum(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    matrix = data.matrix(None).matrix
    assert [c.key for c in matrix.columns] == ["ui-kort", "ui-proef"]
    assert cells(matrix) == {
        "T1": [("finished", 85.0, 1, 1), ("finished", 96.0, 1, 1)],
        "T2": [("not_started", None, 0, 0), ("finished", 96.0, 2, 2)],
        "T3": [("finished", 35.0, 1, 1), ("in_progress", None, 1, 0)],
        "T4": [("not_started", None, 0, 0), ("finished", 6.0, 1, 1)],
    }
    # A cohort without a curriculum: its members, the cases they played.
    empty = data.matrix("groep-b").matrix
    assert len(empty.rows) == 0 and empty.columns == ()
    data.store.close()


def test_sort_filter_and_pages(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    matrix = data.matrix("groep-a").matrix

    def codes(**query: Any) -> list[str]:
        return [r.code for r in matching_rows(matrix, MatrixQuery(**query))]

    assert codes() == ["T1", "T2", "T3"]
    assert codes(descending=True) == ["T3", "T2", "T1"]
    assert codes(sort="m2/ui-kort", descending=True) == ["T1", "T3", "T2"]  # 85, 35, none
    assert codes(sort="m2/ui-kort") == ["T3", "T1", "T2"]  # empty cells stay last
    assert codes(sort="m1/ui-proef", descending=True) == ["T1", "T2", "T3"]  # tie: by code
    assert codes(sort="passed", descending=True) == ["T1", "T2", "T3"]  # 2, 1, 0
    assert codes(text="t2") == ["T2"]
    assert codes(status="failed", status_column="m2/ui-kort") == ["T3"]
    assert codes(status="not_started") == ["T2"]
    assert codes(status="passed", status_column="m1/ui-proef") == ["T1", "T2"]
    page = page_of(matrix, MatrixQuery(page_size=2, page=1))
    assert [r.code for r in page.rows] == ["T3"] and (page.pages, page.first) == (2, 3)
    assert page_of(matrix, MatrixQuery(page_size=2, page=9)).page == 1  # clamped
    data.store.close()


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

    from frontlijn_game.store.leaders import add_leader
    from frontlijn_game.ui.leader.view import PAGE_SIZE

    url = fresh_db(tmp_path)
    codes = [f"S{i:04d}" for i in range(250)]
    with Store.open(url) as store:
        store.db.write(lambda s: add_leader(s, "anna", "geheim-wachtwoord"))
        store.create_cohort("groot", "ui-basis")
        data = LeaderData(store, load_library(CONTENT))
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
