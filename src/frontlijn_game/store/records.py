"""Plain, detached results of store calls: safe to hand to a screen or another thread.

ORM objects stay inside their transaction; callers get these frozen dataclasses, so a
closed session can never surprise a UI with a lazy load.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import models


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class TraineeRecord:
    id: int
    code: str
    display_name: str | None
    has_pin: bool
    created_at: datetime
    erased_at: datetime | None
    cohorts: tuple[str, ...] = ()

    @classmethod
    def of(cls, row: models.Trainee, cohorts: tuple[str, ...] = ()) -> TraineeRecord:
        return cls(
            id=row.id,
            code=row.code,
            display_name=row.display_name,
            has_pin=row.pin_hash is not None,
            created_at=row.created_at,
            erased_at=row.erased_at,
            cohorts=cohorts,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "display_name": self.display_name,
            "pin": self.has_pin,
            "cohorts": list(self.cohorts),
            "created_at": _iso(self.created_at),
            "erased_at": _iso(self.erased_at),
        }


@dataclass(frozen=True)
class CohortRecord:
    id: int
    name: str
    members: int
    curricula: tuple[str, ...]
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "members": self.members,
            "curricula": list(self.curricula),
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    trainee_code: str
    scenario_id: str
    snapshot_id: int
    content_hash: str
    seed: int
    status: str
    scene: str
    decisions: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    help: int
    sanction: int
    balance: float | None
    verdict: str | None
    balance_score: float | None
    outcome: int | None
    process: float | None
    total: float | None
    ending_id: str | None
    ending_kind: str | None

    @classmethod
    def of(cls, row: models.Attempt, trainee_code: str, content_hash: str) -> AttemptRecord:
        return cls(
            id=row.id,
            trainee_code=trainee_code,
            scenario_id=row.scenario_id,
            snapshot_id=row.snapshot_id,
            content_hash=content_hash,
            seed=row.seed,
            status=row.status,
            scene=row.scene,
            decisions=row.decisions_count,
            started_at=row.started_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
            help=row.help,
            sanction=row.sanction,
            balance=row.balance,
            verdict=row.verdict,
            balance_score=row.balance_score,
            outcome=row.outcome,
            process=row.process,
            total=row.total,
            ending_id=row.ending_id,
            ending_kind=row.ending_kind,
        )

    @property
    def open(self) -> bool:
        return self.status in models.OPEN_STATUSES

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "trainee": self.trainee_code,
            "scenario": self.scenario_id,
            "content_hash": self.content_hash,
            "seed": self.seed,
            "status": self.status,
            "scene": self.scene,
            "decisions": self.decisions,
            "started_at": _iso(self.started_at),
            "updated_at": _iso(self.updated_at),
            "finished_at": _iso(self.finished_at),
            "help": self.help,
            "sanction": self.sanction,
            "balance": self.balance,
            "verdict": self.verdict,
            "balance_score": self.balance_score,
            "outcome": self.outcome,
            "process": self.process,
            "total": self.total,
            "ending": self.ending_id,
            "ending_kind": self.ending_kind,
        }


@dataclass(frozen=True)
class DecisionRecord:
    attempt_id: int
    seq: int
    scene: str
    choice: str
    help: int
    sanction: int
    actor: str | None
    tags: tuple[str, ...]
    variables: dict[str, Any]
    seconds: float | None
    decided_at: datetime
    shown: tuple[str, ...] | None = None
    """The options in the order the trainee saw them (None: file order / none shown)."""
    shown_position: int | None = None

    @classmethod
    def of(cls, row: models.Decision) -> DecisionRecord:
        return cls(
            attempt_id=row.attempt_id,
            seq=row.seq,
            scene=row.scene,
            choice=row.choice,
            help=row.help,
            sanction=row.sanction,
            actor=row.actor,
            tags=tuple(row.tags),
            variables=dict(row.variables),
            seconds=row.seconds,
            decided_at=row.decided_at,
            shown=None if row.shown is None else tuple(row.shown),
            shown_position=row.shown_position,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "scene": self.scene,
            "choice": self.choice,
            "help": self.help,
            "sanction": self.sanction,
            "actor": self.actor,
            "tags": list(self.tags),
            "variables": self.variables,
            "seconds": self.seconds,
            "decided_at": _iso(self.decided_at),
            "shown": None if self.shown is None else list(self.shown),
            "shown_position": self.shown_position,
        }


@dataclass(frozen=True)
class SavedAttempt:
    """Everything needed to resume or replay an attempt, read from the database only.

    ``scenario`` is rebuilt from the attempt's snapshot (never the current file) and
    ``state`` is the stored ``PlayState.to_json()``. The engine side turns it back into a
    playthrough: ``Playthrough(saved.scenario, PlayState.from_json(saved.state))``.
    """

    attempt: AttemptRecord
    scenario: Scenario
    state: dict[str, Any]
    choices: tuple[str, ...]
    """The recorded choices in order (from the decision rows), for a replay from the start."""


@dataclass(frozen=True)
class EraseReport:
    old_code: str
    new_code: str
    done: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"old_code": self.old_code, "new_code": self.new_code, "done": list(self.done)}

    def with_note(self, note: str) -> EraseReport:
        return replace(self, done=(*self.done, note))
