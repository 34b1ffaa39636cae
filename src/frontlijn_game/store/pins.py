"""A trainee's PIN: set it, and check a typed one with a delay that grows per wrong PIN.

A wrong PIN is counted on the trainee's row (``pin_failures``, ``last_pin_failure_at``),
like a leader's failed login (``leaders.py``), so the growing delay holds across processes
(every browser tab of ``frontlijn serve`` is one): ``Store.check_trainee_pin`` refuses,
without checking it, a PIN that comes sooner after the last wrong one than
``passwords.delay_after`` allows. The right PIN, and a new one (:func:`set_pin`), reset
the count. The check is three steps — :func:`pin_state` (a read), :func:`pin_is_right`
(scrypt, in no transaction) and :func:`settle_pin_check` (a short locked write) — so a
class signing in at once never holds SQLite's write lock for the length of a hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.store.codes import CODE, get_trainee, normalise_code
from frontlijn_game.store.models import Trainee
from frontlijn_game.store.passwords import (
    DELAY_BASE,
    DELAY_CAP,
    delay_after,
    dummy_hash,
    hash_secret,
    verify_secret,
    wait_left,
)
from frontlijn_game.store.people import trainee_record
from frontlijn_game.store.records import TraineeRecord


def set_pin(session: Session, code: str, pin: str | None) -> None:
    """Set (or with None remove) the PIN; the count of wrong PINs starts again at zero."""
    trainee = get_trainee(session, code)
    trainee.pin_hash = hash_secret(pin) if pin else None
    _reset_pin_failures(trainee)


def _reset_pin_failures(trainee: Trainee) -> None:
    trainee.pin_failures = 0
    trainee.last_pin_failure_at = None


@dataclass(frozen=True)
class PinResult:
    """What a PIN check found; ``trainee`` is None for every refusal."""

    trainee: TraineeRecord | None
    failures: int
    """Wrong PINs in a row for this code as stored (0 for an unknown code)."""
    too_soon: bool = False
    """Refused unchecked: it came sooner after the last wrong PIN than the delay allows."""
    wait: float = 0.0
    """Seconds before the next try is checked: the whole delay after a wrong PIN, what is
    left of it after a try that came too soon, 0 after a success."""

    @property
    def ok(self) -> bool:
        return self.trainee is not None


@dataclass(frozen=True)
class PinState:
    """A trainee's PIN and wrong-PIN count as read before the (slow) check."""

    trainee_id: int
    pin_hash: str | None
    failures: int
    last_failure_at: datetime | None


def pin_state(session: Session, code: str) -> PinState | None:
    """The PIN state of ``code`` (None: no such trainee), read without a write lock."""
    if not CODE.match(code.strip()):
        return None
    code = normalise_code(code)
    row = session.execute(
        select(
            Trainee.id, Trainee.pin_hash, Trainee.pin_failures, Trainee.last_pin_failure_at
        ).where(Trainee.code == code)
    ).first()
    return None if row is None else PinState(row[0], row[1], row[2] or 0, row[3])


def refuse_early(
    state: PinState | None, pin: str | None, now: datetime, base: float, cap: float
) -> PinResult | None:
    """The refusal of an unknown code or of a try within the delay, after the same scrypt
    work as a real check (timing tells nothing); None when the PIN is to be checked."""
    if state is None:
        verify_secret(pin or "", dummy_hash())
        return PinResult(None, 0)
    if state.pin_hash is not None:
        left = wait_left(state.failures, state.last_failure_at, now, base, cap)
        if left > 0:
            verify_secret(pin or "", dummy_hash())
            return PinResult(None, state.failures, too_soon=True, wait=left)
    return None


def pin_is_right(state: PinState, pin: str | None) -> bool:
    """The scrypt check itself: run it outside any transaction (it takes ~60 ms, and on
    SQLite a write transaction would hold every other writer that long)."""
    return state.pin_hash is None or (pin is not None and verify_secret(pin, state.pin_hash))


def settle_pin_check(
    session: Session,
    state: PinState,
    right: bool,
    now: datetime,
    base: float = DELAY_BASE,
    cap: float = DELAY_CAP,
) -> PinResult:
    """Count the outcome of a check made on ``state`` (a short write transaction).

    The row is locked and compared with ``state``: when another process counted a try in
    the meantime, this one counts as too soon (or, if the PIN itself was changed, as
    refused), so two tabs cannot both have a PIN checked within one delay.
    """
    trainee = session.scalar(
        select(Trainee).where(Trainee.id == state.trainee_id).with_for_update()
    )
    if trainee is None:
        return PinResult(None, 0)
    failures = trainee.pin_failures or 0
    if (trainee.pin_hash, failures, trainee.last_pin_failure_at) != (
        state.pin_hash, state.failures, state.last_failure_at,
    ):  # fmt: skip
        left = wait_left(failures, trainee.last_pin_failure_at, now, base, cap)
        if trainee.pin_hash != state.pin_hash or left <= 0:
            return PinResult(None, failures)
        return PinResult(None, failures, too_soon=True, wait=left)
    if right:
        if failures or trainee.last_pin_failure_at is not None:
            _reset_pin_failures(trainee)
            session.flush()
        return PinResult(trainee_record(session, trainee), 0)
    trainee.pin_failures = failures + 1
    trainee.last_pin_failure_at = now
    session.flush()
    return PinResult(None, failures + 1, wait=delay_after(failures + 1, base, cap))


__all__ = [
    "PinResult",
    "PinState",
    "pin_is_right",
    "pin_state",
    "refuse_early",
    "set_pin",
    "settle_pin_check",
]
