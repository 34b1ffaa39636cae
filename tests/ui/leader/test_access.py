"""Credential rules: hashes only, wrong passwords refused with a growing delay, and no
leader screen from a trainee session (terminal or browser)."""

from __future__ import annotations

from typing import Any

import pytest
from leaderhelp import LEADER, PASSWORD, Recorded, leader_app
from textual.app import UnknownModeError
from textual.command import CommandInput, CommandPalette
from uihelp import make_app, screen_name, settle, sign_in, type_into, wait_for

from frontlijn_game.service import leader_auth as auth
from frontlijn_game.service.scope import scope_of_record
from frontlijn_game.store.leaders import (
    list_leaders,
)
from frontlijn_game.store.service import Store
from helpers import FakeClock

LEADER_SCREENS = {
    "LeaderLoginScreen",
    "CohortsScreen",
    "MatrixScreen",
    "TraineeDetailScreen",
    "ReplayScreen",
    "OptionsScreen",
}


# -- the store: hashes and checks ------------------------------------------------------


# -- the leader app --------------------------------------------------------------------


async def test_wrong_credentials_get_nothing_and_wait_longer(
    recorded: Recorded, clock: FakeClock
) -> None:
    app = leader_app(recorded.url, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "LeaderLoginScreen")
        for _ in range(3):
            await type_into(pilot, "#leader-name", LEADER)
            await type_into(pilot, "#leader-password", "raden-maar")
            await settle(pilot)
            assert screen_name(pilot) == "LeaderLoginScreen"
            assert pilot.app.screen.query_one("#leader-password").value == ""
        assert clock.slept == [1, 2, 4]
        assert auth.session_of(pilot.app) is None
        await type_into(pilot, "#leader-password", PASSWORD)
        await wait_for(pilot, "CohortsScreen")
        assert auth.session_of(pilot.app) is not None
        # Signing out leaves nothing behind.
        await pilot.press("ctrl+l")
        await wait_for(pilot, "LeaderLoginScreen")
        assert auth.session_of(pilot.app) is None
        assert len(pilot.app.screen_stack) == 1


async def test_leader_screens_need_a_login(recorded: Recorded) -> None:
    from frontlijn_game.ui.leader.cohorts import CohortsScreen

    app = leader_app(recorded.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "LeaderLoginScreen")
        await pilot.app.push_screen(CohortsScreen())
        await settle(pilot)
        assert screen_name(pilot) == "LeaderLoginScreen"


# -- a trainee session -----------------------------------------------------------------


async def palette_hits(pilot: Any, query: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_for(pilot, "CommandPalette")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = query
    await settle(pilot)
    await pilot.pause(0.2)
    from textual.command import CommandList

    options = palette.query_one(CommandList)
    hits = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    return hits


@pytest.mark.parametrize("served", [False, True], ids=["terminal", "browser"])
async def test_a_trainee_session_never_reaches_a_leader_screen(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch, served: bool
) -> None:
    if served:
        monkeypatch.setenv("FRONTLIJN_SERVED", "1")
    app = make_app(recorded.url)  # the trainee app, as `frontlijn` and `serve` build it
    async with app.run_test(size=(100, 30)) as pilot:
        if served:
            await wait_for(pilot, "SignInScreen")
        else:
            await sign_in(pilot, "T9")
        # The command palette offers nothing of the leader (all entries; a search).
        for query in ("", "leider"):
            hits = await palette_hits(pilot, query)
            assert hits or query
            assert not any(
                word in hit.lower()
                for hit in hits
                for word in ("leider", "leader", "cohort", "matrix", "voortgang")
            ), hits
        # Switching to the leader mode by hand: a trainee app has no such mode.
        before = screen_name(pilot)
        with pytest.raises(UnknownModeError):
            await pilot.app.switch_mode("leader")
        await settle(pilot)
        await pilot.pause(0.1)
        assert pilot.app.current_mode == "trainee"
        assert screen_name(pilot) == before
        for mode in ("trainee", "leader"):
            stack = pilot.app._screen_stacks.get(mode, [])
            assert not {type(s).__name__ for s in stack} & LEADER_SCREENS
        # Even a leader screen pushed by code shows nothing without a leader login,
        # and a trainee app cannot be signed in as a leader.
        from frontlijn_game.ui.leader.cohorts import CohortsScreen

        await pilot.app.push_screen(CohortsScreen())
        await settle(pilot)
        assert screen_name(pilot) == before
        with Store.open(recorded.url) as store:
            record = store.db.read(list_leaders)[0]
            scope = scope_of_record(store, record)
        with pytest.raises(PermissionError):
            auth.sign_in(pilot.app, record, scope)
        assert auth.session_of(pilot.app) is None
