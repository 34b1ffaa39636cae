"""The leader screens of a cursusleider of cohort A show nothing of cohort B (nor of the
trainees in no cohort): the cohort list, the matrix, a trainee, a replay, the reports and
the command palette; a beheerder keeps "(alle cursisten)" (``tests/scopehelp.py``)."""

from __future__ import annotations

from typing import Any

import pytest
from leaderhelp import Recorded, leader_app, log_in, open_matrix
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import DataTable
from uihelp import screen_text, settle, wait_for

from frontlijn_game.ui.leader.detail import TraineeDetailScreen
from frontlijn_game.ui.leader.replay import ReplayScreen
from scopehelp import A_CODES, B_CODE, LOOSE_CODE, SHARED_CODE, SplitCohorts, split_cohorts

GROEP_A = {"T1", "T2", "T3", *A_CODES, SHARED_CODE}
SIZE = (130, 36)


@pytest.fixture
def world(recorded: Recorded) -> SplitCohorts:
    return split_cohorts(recorded.url)


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def matrix_codes(pilot: Any) -> set[str]:
    table = pilot.app.screen.query_one("#matrix", DataTable)
    return {str(table.get_row_at(i)[0]).split()[0] for i in range(table.row_count)}


async def palette_names(pilot: Any, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_for(pilot, "CommandPalette")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = query
    await settle(pilot)
    await pilot.pause(0.2)
    options = palette.query_one(CommandList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    names = [prompt.splitlines()[0] for prompt in prompts]  # the name, not its help
    await pilot.press("escape")
    await settle(pilot)
    return names


async def test_a_cursusleider_sees_only_their_cohort(world: SplitCohorts) -> None:
    app = leader_app(world.url)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, world.leader_a, world.password)
        await settle(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert [r[:2] for r in rows(table)] == [["(al je cursisten)", "6"], ["groep-a", "6"]]
        text = screen_text(pilot)
        assert "6 cursisten in je cohorten" in text and "n Nieuw cohort" not in text
        world.assert_nothing_of_b(text)
        # A new cohort is a beheerder's: the key does nothing, the palette has no entry.
        await pilot.press("n")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "CohortsScreen"
        assert "Nieuw cohort" not in await palette_names(pilot, "cohort")

        await open_matrix(pilot, "*")
        assert matrix_codes(pilot) == GROEP_A
        text = screen_text(pilot)
        assert "Al je cursisten" in text and "T4" not in text
        world.assert_nothing_of_b(text)
        # The reports of a case count A's trainees only.
        pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=0, column=2)
        await pilot.press("o")
        await wait_for(pilot, "OptionsScreen")
        await settle(pilot)
        text = screen_text(pilot)
        assert "al je cursisten" in text
        world.assert_nothing_of_b(text)
        await pilot.press("escape")
        await wait_for(pilot, "MatrixScreen")

        # A trainee of both cohorts shows only A's cohort.
        await pilot.app.push_screen(TraineeDetailScreen(SHARED_CODE))
        await wait_for(pilot, "TraineeDetailScreen")
        await settle(pilot)
        await pilot.pause(0.3)
        text = screen_text(pilot)
        assert "groep-a" in text
        world.assert_nothing_of_b(text)
        await pilot.press("escape")
        await wait_for(pilot, "MatrixScreen")

        # Pushed by hand (never offered): B's trainee and attempt answer as unknown.
        await pilot.app.push_screen(TraineeDetailScreen(B_CODE))
        await settle(pilot)
        await pilot.pause(0.3)
        world.assert_nothing_of_b(screen_text(pilot).replace(B_CODE, "", 1))
        assert "Onbekende code" in " ".join(str(n.message) for n in pilot.app._notifications)
        await pilot.app.push_screen(ReplayScreen(world.attempts[B_CODE][0]))
        await settle(pilot)
        await pilot.pause(0.3)
        world.assert_nothing_of_b(screen_text(pilot))


async def test_a_cursusleider_of_b_and_a_beheerder(world: SplitCohorts) -> None:
    app = leader_app(world.url)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, world.leader_b, world.password)
        await settle(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert [r[:2] for r in rows(table)] == [["(al je cursisten)", "2"], ["groep-b", "2"]]
        await open_matrix(pilot, "*")
        assert matrix_codes(pilot) == {B_CODE, SHARED_CODE}
    app = leader_app(world.url)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, world.beheerder, world.password)
        await settle(pilot)
        table = pilot.app.screen.query_one("#cohorts", DataTable)
        assert [r[:2] for r in rows(table)] == [
            ["(alle cursisten)", str(len(GROEP_A) + 3)],
            ["groep-a", "6"],
            ["groep-b", "2"],
        ]
        assert "n Nieuw cohort" in screen_text(pilot)
        assert "Nieuw cohort" in await palette_names(pilot, "cohort")
        await open_matrix(pilot, "*")
        assert matrix_codes(pilot) == GROEP_A | {B_CODE, LOOSE_CODE, "T4"}
