"""Course-leader accounts: add, list, remove, change a password, check a login.

Functions on a Session, run inside the caller's transaction (``Database.write`` /
``Database.read``), like ``people.py``. Passwords are kept only as slow salted scrypt
hashes (``passwords.hash_secret``); the plain text is never stored, logged or returned.

A failed login is counted on the leader's row (``failures``, ``last_failure_at``), so the
growing delay holds across processes (every browser tab of ``frontlijn serve`` is a process
of its own): :func:`authenticate` refuses, without even checking the password, a login
that comes sooner after the last failure than :func:`delay_after` allows (the rule lives
in ``passwords.py``, shared with trainee PINs). A success
resets the count. Unknown names cost the same scrypt work as known ones, and every
refusal looks the same to the caller of the UI, so a login never tells which names exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.store.database import Database
from frontlijn_game.store.errors import AlreadyExists, NotFound, StoreError
from frontlijn_game.store.models import LEADER_ROLES, Leader, utcnow
from frontlijn_game.store.passwords import (
    DELAY_BASE,
    DELAY_CAP,
    NO_PASSWORD,
    delay_after,
    dummy_hash,
    hash_secret,
    verify_secret,
    wait_left,
)

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}\Z")
MIN_PASSWORD = 12
MIN_STRENGTH = 3
"""zxcvbn's score (0-4) a leader password must reach: 3 is "safely unguessable" online."""
MAX_PASSWORD = 1024


class UnknownLeader(NotFound):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no course leader named '{name}'")


class WeakPassword(StoreError):
    pass


class NoPasswordAccount(StoreError):
    """The account comes from a learning platform (LTI) and never gets a password."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"course leader '{name}' comes from the learning platform (LTI): it has no "
            "password and opens only through a launch from the platform"
        )


@dataclass(frozen=True)
class LeaderRecord:
    id: int
    name: str
    created_at: datetime
    failures: int
    last_failure_at: datetime | None
    role: str = "beheerder"
    """``beheerder`` (every cohort, the accounts) or ``cursusleider`` (their cohorts)."""
    lms: bool = False
    """An instructor's account made by a launch from a learning platform (LTI): it has
    no password and opens only through a launch."""

    @classmethod
    def of(cls, row: Leader) -> LeaderRecord:
        return cls(
            row.id,
            row.name,
            row.created_at,
            row.failures,
            row.last_failure_at,
            row.role,
            row.password_hash == NO_PASSWORD,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "failed_logins": self.failures,
            "last_failed_login": None
            if self.last_failure_at is None
            else self.last_failure_at.isoformat(),
        }


@dataclass(frozen=True)
class LoginResult:
    """What :func:`authenticate` found; ``leader`` is None for every kind of refusal."""

    leader: LeaderRecord | None
    failures: int
    """Consecutive failed logins of this name as stored (0 for an unknown name)."""
    too_soon: bool = False
    """Refused unchecked: it came sooner after the last failure than the delay allows."""

    @property
    def ok(self) -> bool:
        return self.leader is not None


def check_name(name: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise StoreError(
            f"'{name}' is not a usable leader name: use 1-100 letters, digits, '.', '_', '@' "
            "or '-', starting with a letter or digit"
        )
    return name


def check_password(password: str, name: str | None = None) -> str:
    """The password if it is long enough and not easy to guess; else :class:`WeakPassword`.

    Guessability comes from zxcvbn (its lists of common passwords, names and words, with
    keyboard patterns, dates and l33t spellings), not from a hand-typed list.
    """
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"a leader password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise WeakPassword(f"a leader password has at most {MAX_PASSWORD} characters")
    if not password.strip():
        raise WeakPassword("a leader password cannot be only spaces")
    from zxcvbn import zxcvbn  # its word lists load in ~0.3 s: only when a password is set

    # Its cost grows with the length; the first 100 characters decide any real password.
    result = zxcvbn(password[:100], user_inputs=[name, "frontlijn"] if name else ["frontlijn"])
    if int(result["score"]) < MIN_STRENGTH:
        why = str(result["feedback"].get("warning") or "").strip()
        raise WeakPassword(
            "this leader password is too easy to guess"
            + (f" ({why.rstrip('.')})" if why else "")
            + ": use a longer phrase of several unrelated words"
        )
    return password


def find_leader(session: Session, name: str) -> Leader | None:
    return session.scalar(select(Leader).where(Leader.name == name.strip()))


def leader_by_id(session: Session, leader_id: int) -> LeaderRecord | None:
    """The account with this id (a signed-in session's), or None once it was removed."""
    found = session.get(Leader, leader_id)
    return None if found is None else LeaderRecord.of(found)


def get_leader(session: Session, name: str) -> Leader:
    found = find_leader(session, name)
    if found is None:
        raise UnknownLeader(name.strip())
    return found


def add_leader(session: Session, name: str, password: str, role: str = "beheerder") -> LeaderRecord:
    """A new account; the first leader of a database is always a beheerder (someone
    must be able to keep the accounts), whatever ``role`` asks."""
    name = check_name(name)
    if role not in LEADER_ROLES:
        raise StoreError(f"unknown leader role '{role}': use {' or '.join(LEADER_ROLES)}")
    if count_leaders(session) == 0:
        role = "beheerder"
    leader = Leader(
        name=name,
        password_hash=hash_secret(check_password(password, name)),
        failures=0,
        role=role,
    )
    try:
        with session.begin_nested():
            session.add(leader)
    except IntegrityError:
        raise AlreadyExists(f"course leader '{name}' exists already") from None
    return LeaderRecord.of(leader)


def list_leaders(session: Session) -> list[LeaderRecord]:
    return [LeaderRecord.of(row) for row in session.scalars(select(Leader).order_by(Leader.name))]


def count_leaders(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Leader)) or 0)


def remove_leader(session: Session, name: str) -> None:
    session.delete(get_leader(session, name))
    session.flush()


def set_password(session: Session, name: str, password: str) -> LeaderRecord:
    """A new password; it also signs the account out of the web door's leader pages
    (whoever had the old one keeps no session opened with it)."""
    from frontlijn_game.store.web_sessions import end_leader

    leader = get_leader(session, name)
    if leader.password_hash == NO_PASSWORD:
        raise NoPasswordAccount(leader.name)
    leader.password_hash = hash_secret(check_password(password, leader.name))
    leader.failures = 0
    leader.last_failure_at = None
    end_leader(session, leader.id)
    session.flush()
    return LeaderRecord.of(leader)


def authenticate(
    db: Database,
    name: str,
    password: str,
    now: datetime | None = None,
    base: float = DELAY_BASE,
    cap: float = DELAY_CAP,
) -> LoginResult:
    """Check a login and count it: a read, the scrypt check in no transaction (on SQLite
    a write transaction would hold every writer for its length), then a short locked
    write that counts the result only if no other process counted a try meanwhile."""
    now = now or utcnow()
    state = db.read(lambda s: _login_state(s, name))
    if state is None:
        verify_secret(password, dummy_hash())  # the same work as for a known name
        return LoginResult(None, 0)
    _, password_hash, failures, last_failure_at = state
    if wait_left(failures, last_failure_at, now, base, cap) > 0:
        verify_secret(password, dummy_hash())
        return LoginResult(None, failures, too_soon=True)
    usable = password_hash != NO_PASSWORD  # an LTI account: the same work, never a match
    right = verify_secret(password, password_hash if usable else dummy_hash()) and usable
    return db.write(lambda s: _settle_login(s, state, right, now, base, cap))


_LoginState = tuple[int, str, int, datetime | None]


def _login_state(session: Session, name: str) -> _LoginState | None:
    if not NAME.match(name.strip()):
        return None
    row = session.execute(
        select(Leader.id, Leader.password_hash, Leader.failures, Leader.last_failure_at).where(
            Leader.name == name.strip()
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2] or 0, row[3])


def _settle_login(
    session: Session, state: _LoginState, right: bool, now: datetime, base: float, cap: float
) -> LoginResult:
    leader = session.scalar(select(Leader).where(Leader.id == state[0]).with_for_update())
    if leader is None:
        return LoginResult(None, 0)
    failures = leader.failures or 0
    if (leader.id, leader.password_hash, failures, leader.last_failure_at) != state:
        # Another process counted a try (or the password changed) during the check.
        too_soon = wait_left(failures, leader.last_failure_at, now, base, cap) > 0
        return LoginResult(None, failures, too_soon=too_soon)
    if right:
        leader.failures = 0
        leader.last_failure_at = None
        session.flush()
        return LoginResult(LeaderRecord.of(leader), 0)
    leader.failures = failures + 1
    leader.last_failure_at = now
    session.flush()
    return LoginResult(None, leader.failures)


__all__ = [
    "DELAY_BASE",
    "DELAY_CAP",
    "MIN_PASSWORD",
    "LeaderRecord",
    "LoginResult",
    "NoPasswordAccount",
    "UnknownLeader",
    "WeakPassword",
    "add_leader",
    "authenticate",
    "check_name",
    "check_password",
    "count_leaders",
    "delay_after",
    "find_leader",
    "get_leader",
    "leader_by_id",
    "list_leaders",
    "remove_leader",
    "set_password",
]
