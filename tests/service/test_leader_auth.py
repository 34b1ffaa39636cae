"""Credential rules: only a slow salted hash is stored, wrong passwords are refused with a
growing delay counted per process and per account."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from leaderhelp import LEADER, PASSWORD, Recorded
from sqlalchemy import select

from frontlijn_game.service import leader_auth as auth
from frontlijn_game.service.leader_auth import LoginGate
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
from helpers import FakeClock

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
