"""Credential rules: hashes only, wrong passwords refused with a growing delay, and no
leader screen from a trainee session (terminal or browser)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from leaderhelp import LEADER, PASSWORD, Recorded, leader_app
from sqlalchemy import select
from textual.app import UnknownModeError
from textual.command import CommandPalette
from uihelp import make_app, screen_name, settle, sign_in, type_into, wait_for

from frontlijn_game.store.leaders import (
    WeakPassword,
    add_leader,
    authenticate,
    delay_after,
    list_leaders,
    set_password,
)
from frontlijn_game.store.models import Leader
from frontlijn_game.store.passwords import verify_secret
from frontlijn_game.store.service import Store
from frontlijn_game.ui.leader import auth
from frontlijn_game.ui.leader.auth import FakeClock, LoginGate

LEADER_SCREENS = {
    "LeaderLoginScreen",
    "CohortsScreen",
    "MatrixScreen",
    "TraineeDetailScreen",
    "ReplayScreen",
    "OptionsScreen",
}


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


# -- the store: hashes and checks ------------------------------------------------------


def test_only_a_slow_salted_hash_is_stored(recorded: Recorded) -> None:
    with Store.open(recorded.url) as store:
        store.db.write(lambda s: add_leader(s, "bert", PASSWORD))  # same password, new salt
        rows = store.db.read(
            lambda s: [(r.name, r.password_hash) for r in s.scalars(select(Leader))]
        )
    hashes = dict(rows)
    for stored in hashes.values():
        scheme, n, r, _p, _salt, _digest = stored.split("$")
        assert scheme == "scrypt" and int(n) >= 2**14 and int(r) >= 8
        assert PASSWORD not in stored
        assert verify_secret(PASSWORD, stored)
    assert hashes[LEADER] != hashes["bert"]  # salted
    # Nowhere in the database file, the WAL included, is the password in plain text.
    folder = sqlite_path(recorded.url).parent
    for path in folder.glob("progress.sqlite3*"):
        assert PASSWORD.encode() not in path.read_bytes()
    # ... and not in any column of the leaders table.
    with sqlite3.connect(sqlite_path(recorded.url)) as conn:
        for row in conn.execute("SELECT * FROM leaders"):
            assert all(PASSWORD not in str(value) for value in row)


def test_wrong_password_and_unknown_name_are_refused(recorded: Recorded, clock: FakeClock) -> None:
    with Store.open(recorded.url) as store:
        wrong = authenticate(store.db, LEADER, "niet-het-wachtwoord", now=clock())
        assert not wrong.ok and wrong.failures == 1
        unknown = authenticate(store.db, "niemand", PASSWORD, now=clock())
        assert not unknown.ok and unknown.failures == 0
        empty = authenticate(store.db, LEADER, "", now=clock())
        assert not empty.ok
        clock.sleep(3600)
        right = authenticate(store.db, LEADER, PASSWORD, now=clock())
        assert right.ok and right.leader is not None and right.leader.name == LEADER
        assert store.db.read(list_leaders)[0].failures == 0  # a success resets the count


def test_passwords_must_be_long_enough(recorded: Recorded) -> None:
    with Store.open(recorded.url) as store, pytest.raises(WeakPassword):
        store.db.write(lambda s: add_leader(s, "kort", "1234567"))


def test_the_delay_grows_with_every_failure(recorded: Recorded, clock: FakeClock) -> None:
    assert [delay_after(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    gate = clock.gate()
    with Store.open(recorded.url) as store:
        for _ in range(4):
            assert gate.login(store, LEADER, "fout-fout-fout") is None
        assert clock.slept == [1, 2, 4, 8]
        # Unknown names wait as long (counted in the process).
        assert gate.login(store, "niemand", "fout-fout-fout") is None
        assert clock.slept[-1] == 16
        # A fresh process (every browser tab is one) goes on from the database's count.
        other = LoginGate(sleep=clock.sleep, clock=clock)
        assert other.login(store, LEADER, "fout-fout-fout") is None
        assert clock.slept[-1] == 16  # the fifth failure of this account
        # The right password, after the wait, gets in and resets both counts.
        assert gate.login(store, LEADER, PASSWORD) is not None
        assert gate.failures == 0
        assert gate.login(store, LEADER, "fout-fout-fout") is None
        assert clock.slept[-1] == 1


def test_a_login_before_the_delay_is_over_is_refused_unchecked(
    recorded: Recorded, clock: FakeClock
) -> None:
    """Two processes cannot share out the guesses: the wait is kept in the database."""
    with Store.open(recorded.url) as store:
        for _ in range(3):
            authenticate(store.db, LEADER, "fout-fout-fout", now=clock())
            clock.sleep(delay_after(store.db.read(list_leaders)[0].failures))
        authenticate(store.db, LEADER, "fout-fout-fout", now=clock())
        clock.sleep(2)  # the fourth failure asks for 8 s
        early = authenticate(store.db, LEADER, PASSWORD, now=clock())
        assert not early.ok and early.too_soon
        clock.sleep(6)
        assert authenticate(store.db, LEADER, PASSWORD, now=clock()).ok


def test_a_try_counted_elsewhere_during_the_check_wins(
    recorded: Recorded, clock: FakeClock
) -> None:
    """The password is checked outside any transaction (SQLite's write lock is not held
    for a hash); a failure counted by another process meanwhile makes this try too soon."""
    from frontlijn_game.store.leaders import _login_state, _settle_login

    with Store.open(recorded.url) as store:
        state = store.db.read(lambda s: _login_state(s, LEADER))
        assert state is not None
        assert not authenticate(store.db, LEADER, "fout-fout-fout", now=clock()).ok
        late = store.db.write(lambda s: _settle_login(s, state, True, clock(), 1.0, 60.0))
        assert not late.ok and late.too_soon and late.failures == 1


def test_a_new_password_replaces_the_old(recorded: Recorded, clock: FakeClock) -> None:
    with Store.open(recorded.url) as store:
        store.db.write(lambda s: set_password(s, LEADER, "een-nieuw-wachtwoord"))
        old = authenticate(store.db, LEADER, PASSWORD, now=clock())
        assert not old.ok
        clock.sleep(5)
        new = authenticate(store.db, LEADER, "een-nieuw-wachtwoord", now=clock())
        assert new.ok


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
    palette.query_one("#--input").value = query
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
        with pytest.raises(PermissionError):
            auth.sign_in(pilot.app, record)
        assert auth.session_of(pilot.app) is None


def test_without_an_injected_gate_the_process_gate_counts(
    recorded: Recorded, no_real_delay: list[float]
) -> None:
    """An app without a gate of its own uses the process's (patched to a fake clock here)."""
    gate = auth.gate_of(object())  # an app without settings of its own
    assert gate is auth._process_gate
    with Store.open(recorded.url) as store:
        assert gate.login(store, LEADER, "fout-fout-fout") is None
        assert gate.login(store, "niemand", "fout-fout-fout") is None
    assert no_real_delay == [1, 2]
