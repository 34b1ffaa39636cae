"""Snapshots of every leader screen on the recorded data set (see ``leaderhelp``).

Update after a deliberate change of the look: ``pytest tests/ui/leader --snapshot-update``,
then look at the SVGs under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from leaderhelp import LEADER, Recorded, leader_app, log_in, open_matrix
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from uihelp import settle, wait_for

pytestmark = pytest.mark.usefixtures("fixed_dates")

SIZE = (110, 30)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontlijn_game.ui.leader import matrix

    monkeypatch.setattr(matrix, "today", lambda: date(2026, 12, 3))


async def freeze(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def snap(snap_compare: Any, url: str, steps: Callable[[Pilot[Any]], Awaitable[None]]) -> bool:
    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        await freeze(pilot)

    result: bool = snap_compare(leader_app(url), run_before=run_before, terminal_size=SIZE)
    return result


def test_login(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "LeaderLoginScreen")
        pilot.app.screen.query_one("#leader-name", Input).value = LEADER

    assert snap(snap_compare, recorded.url, steps)


def test_cohorts(snap_compare: Any, recorded: Recorded) -> None:
    assert snap(snap_compare, recorded.url, log_in)


def test_cohorts_of_a_cursusleider(snap_compare: Any, recorded: Recorded) -> None:
    """Only their cohort, "(al je cursisten)", no "n Nieuw cohort" in the footer."""
    from leaderhelp import PASSWORD

    from frontlijn_game.service import accounts
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.service import Store

    with Store.open(recorded.url) as store:
        accounts.add(store, LeaderScope.owner(), "bram", PASSWORD, cohorts=("groep-a",))

    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot, "bram", PASSWORD)

    assert snap(snap_compare, recorded.url, steps)


def test_new_cohort_dialog(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        await pilot.press("n")
        await wait_for(pilot, "NewCohortDialog")

    assert snap(snap_compare, recorded.url, steps)


def test_matrix(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=2, column=3)
        await settle(pilot)  # the line under the table is read for the cell under the cursor

    assert snap(snap_compare, recorded.url, steps)


def test_export_dialog(
    snap_compare: Any, recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog offers a folder (the same on every machine here: no Documents folder,
    so the data folder's ``exports``) and a file name."""
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: "/nergens/Documenten")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: "/srv/frontlijn")

    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        await pilot.press("x")
        await wait_for(pilot, "ExportDialog")

    assert snap(snap_compare, recorded.url, steps)


async def to_detail(pilot: Pilot[Any]) -> None:
    await log_in(pilot)
    await open_matrix(pilot, "groep-a")
    pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=1, column=2)
    await pilot.press("enter")
    await wait_for(pilot, "TraineeDetailScreen")


def test_trainee_detail(snap_compare: Any, recorded: Recorded) -> None:
    assert snap(snap_compare, recorded.url, to_detail)


def test_replay_step(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await to_detail(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, "ReplayScreen")
        await pilot.press("right")
        await settle(pilot)

    assert snap(snap_compare, recorded.url, steps)


def test_replay_ending(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await to_detail(pilot)
        await pilot.press("enter")
        await wait_for(pilot, "ReplayScreen")
        await pilot.press("end")
        await settle(pilot)

    assert snap(snap_compare, recorded.url, steps)


def test_option_distribution(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=0, column=2)
        await pilot.press("o")
        await wait_for(pilot, "OptionsScreen")

    assert snap(snap_compare, recorded.url, steps)


def test_item_statistics(snap_compare: Any, recorded: Recorded) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        pilot.app.screen.query_one("#matrix", DataTable).move_cursor(row=0, column=2)
        await pilot.press("i")
        await wait_for(pilot, "ItemsScreen")

    assert snap(snap_compare, recorded.url, steps)
