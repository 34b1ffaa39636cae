"""Who may see the leader screens: the login gate and the signed-in leader of an app.

Two rules, each enforced here and checked again by every leader screen:

1. Only an app built for the leader (``build_app(..., mode="leader")``: ``frontlijn leader``
   or the leader port of ``frontlijn serve``) may show a leader screen at all. A trainee
   app that switches to the leader mode gets a refusal and is sent back.
2. Inside the leader app nothing but the login screen shows until a leader's name and
   password were checked by :class:`LoginGate`.

A failed login waits before it answers: 1 s after the first failure, then 2, 4, 8 ... up to
a minute (``store.leaders.delay_after``), counted per process (``LoginGate.failures``) and
per account in the database, so neither a new browser tab nor a new process starts the
count afresh. The web door's leader pages use :class:`ClientLoginGate`: the same delays,
counted per client address instead of per process, waited out by the door. The sleep and the clock are injectable, so tests run without waiting (``tests/helpers.py``
holds the fake clock).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.leaders import LeaderRecord as LeaderRecord  # re-exported for doors
    from frontlijn_game.store.service import Store

LEADER_MODE = "leader"
GATE_KEY = "leader_gate"
"""``Settings.extra`` key of an app's own :class:`LoginGate` (tests put a fast one there)."""


def leader_app(app: Any) -> bool:
    """True when ``app`` was built as the leader app (never for a trainee session)."""
    return getattr(app, "start_mode", None) == LEADER_MODE


class LoginGate:
    """Checks leader logins, one at a time, and makes every failure wait longer."""

    def __init__(
        self,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] | None = None,
        base: float | None = None,
        cap: float | None = None,
    ) -> None:
        from frontlijn_game.store.leaders import DELAY_BASE, DELAY_CAP

        self.sleep = sleep
        self.clock = clock
        self.base = DELAY_BASE if base is None else base
        self.cap = DELAY_CAP if cap is None else cap
        self.failures = 0
        """Failed logins in a row in this process (any name)."""
        self._lock = threading.Lock()

    def delay(self, failures: int) -> float:
        from frontlijn_game.store.leaders import delay_after

        return delay_after(failures, self.base, self.cap)

    def login(self, store: Store, name: str, password: str) -> LeaderRecord | None:
        """The leader when name and password match; else None after the growing delay.

        Blocks (scrypt, the database, the delay): call it from a worker thread.
        """
        from frontlijn_game.store.leaders import authenticate

        with self._lock:
            now = self.clock() if self.clock is not None else None
            result = authenticate(store.db, name, password, now=now, base=self.base, cap=self.cap)
            if result.leader is not None:
                self.failures = 0
                return result.leader
            self.failures += 1
            self.sleep(self.delay(max(self.failures, result.failures)))
            return None


@dataclass(frozen=True)
class LoginAnswer:
    leader: LeaderRecord | None
    wait: float
    """Seconds the door must let pass before it answers (0 after a success)."""


class ClientLoginGate:
    """The growing delay for a door that serves many clients at once (the web door's
    leader pages): failures count per account in the database (every worker sees them)
    and per client address in this process, and the longer of the two delays applies.

    It never sleeps itself: :meth:`login` says how long to wait, and the door waits
    without holding a thread, so one client's failures cannot hold up another's login.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        base: float | None = None,
        cap: float | None = None,
        clients: int = 10_000,
        checks: int = 2,
    ) -> None:
        from frontlijn_game.store.leaders import DELAY_BASE, DELAY_CAP

        self.clock = clock
        self.base = DELAY_BASE if base is None else base
        self.cap = DELAY_CAP if cap is None else cap
        self.clients = clients
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()
        self._checks = threading.BoundedSemaphore(checks)
        """Password checks at once (scrypt: memory and CPU the trainees need too)."""

    def failures(self, client: str) -> int:
        with self._lock:
            return self._failures.get(client, 0)

    def login(self, store: Store, name: str, password: str, client: str) -> LoginAnswer:
        """The leader when name and password match, else None and the wait: blocks
        (scrypt, the database), so call it from a worker thread."""
        from frontlijn_game.store.leaders import authenticate, delay_after

        now = self.clock() if self.clock is not None else None
        with self._checks:
            result = authenticate(store.db, name, password, now=now, base=self.base, cap=self.cap)
        with self._lock:
            if result.leader is not None:
                self._failures.pop(client, None)
                return LoginAnswer(result.leader, 0.0)
            if client not in self._failures and len(self._failures) >= self.clients:
                self._failures.pop(next(iter(self._failures)))  # forget the oldest client
            failures = self._failures[client] = self._failures.get(client, 0) + 1
        return LoginAnswer(None, delay_after(max(failures, result.failures), self.base, self.cap))


_process_gate: LoginGate | None = None


def login_scope(
    store: Store, name: str, password: str, gate: LoginGate | None = None
) -> LeaderScope | None:
    """A leader's login checked (with the growing delay) and their scope, or None.

    For doors without a leader app: ``frontlijn report|export --leader NAME``, a gate that
    asks for a leader login. Blocks like :meth:`LoginGate.login`.
    """
    from frontlijn_game.service.scope import scope_of_record

    leader = (gate or process_gate()).login(store, name, password)
    return None if leader is None else scope_of_record(store, leader)


def process_gate() -> LoginGate:
    """The gate of this process (shared by every door in it)."""
    global _process_gate
    if _process_gate is None:
        _process_gate = LoginGate()
    return _process_gate


def gate_of(app: Any) -> LoginGate:
    """The app's gate: its own (``Settings.extra``), else the one of this process."""
    services = getattr(app, "services", None)
    extra = getattr(getattr(services, "settings", None), "extra", None) or {}
    gate = extra.get(GATE_KEY)
    if isinstance(gate, LoginGate):
        return gate
    return process_gate()


@dataclass(frozen=True)
class LeaderSession:
    """A signed-in leader of a leader app: the account and what it may see (``scope``,
    handed to every ``LeaderData`` call; see ``service/scope.py``)."""

    leader: LeaderRecord
    started: datetime
    scope: LeaderScope


_sessions: weakref.WeakKeyDictionary[Any, LeaderSession] = weakref.WeakKeyDictionary()


def sign_in(app: Any, leader: LeaderRecord, scope: LeaderScope) -> LeaderSession:
    """Mark ``app`` as used by ``leader`` (after :meth:`LoginGate.login` said so), who
    sees ``scope`` (``service.scope.scope_of_record``)."""
    if not leader_app(app):
        raise PermissionError("leader screens are only available in the leader app")
    if scope.leader_id != leader.id:
        raise PermissionError("the scope belongs to another leader")
    session = LeaderSession(leader, datetime.now(UTC), scope)
    _sessions[app] = session
    return session


def sign_out(app: Any) -> None:
    _sessions.pop(app, None)


def session_of(app: Any) -> LeaderSession | None:
    """The signed-in leader of ``app``; None outside the leader app or before login."""
    if not leader_app(app):
        return None
    return _sessions.get(app)


__all__ = [
    "GATE_KEY",
    "LEADER_MODE",
    "ClientLoginGate",
    "LeaderSession",
    "LoginAnswer",
    "LoginGate",
    "gate_of",
    "leader_app",
    "login_scope",
    "process_gate",
    "session_of",
    "sign_in",
    "sign_out",
]
