"""Attempts and decisions read back as plain records (``store.records``), for the
service layer and the reports; the writes are in ``repository``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    Select,
    select,
)
from sqlalchemy.orm import Session

from frontlijn_game.store.errors import (
    UnknownAttempt,
)
from frontlijn_game.store.models import (
    Attempt,
    Decision,
    Snapshot,
    Trainee,
)
from frontlijn_game.store.records import AttemptRecord, DecisionRecord, SavedAttempt
from frontlijn_game.store.snapshots import cached_scenario, scenario_of

if TYPE_CHECKING:
    from frontlijn_game.store.leader_cohorts import CohortLimit


def _attempt_query() -> Select[Attempt, str, str]:
    return (
        select(Attempt, Trainee.code, Snapshot.content_hash)
        .join(Trainee, Trainee.id == Attempt.trainee_id)
        .join(Snapshot, Snapshot.id == Attempt.snapshot_id)
    )


def attempt_record(session: Session, attempt_id: int) -> AttemptRecord:
    row = session.execute(_attempt_query().where(Attempt.id == attempt_id)).first()
    if row is None:
        raise UnknownAttempt(attempt_id)
    return AttemptRecord.of(row[0], row[1], row[2])


def list_attempts(
    session: Session,
    trainee_id: int | None = None,
    scenario_id: str | None = None,
    status: str | None = None,
    within: CohortLimit | None = None,
) -> list[AttemptRecord]:
    """Attempts by id; ``within``: only those of a cursusleider's trainees."""
    from frontlijn_game.store.leader_cohorts import trainee_within

    query = _attempt_query().order_by(Attempt.id)
    if within is not None:
        query = query.where(trainee_within(within, Attempt.trainee_id))
    if trainee_id is not None:
        query = query.where(Attempt.trainee_id == trainee_id)
    if scenario_id is not None:
        query = query.where(Attempt.scenario_id == scenario_id)
    if status is not None:
        query = query.where(Attempt.status == status)
    return [AttemptRecord.of(a, code, h) for a, code, h in session.execute(query)]


def list_decisions(session: Session, attempt_id: int) -> list[DecisionRecord]:
    rows = session.scalars(
        select(Decision).where(Decision.attempt_id == attempt_id).order_by(Decision.seq)
    )
    return [DecisionRecord.of(row) for row in rows]


def saved_attempt(session: Session, attempt_id: int) -> SavedAttempt:
    """The attempt as stored: its snapshot's case, its state and its choices.

    One query for the attempt, its trainee's code and its snapshot's key, one for the
    choices; the snapshot's text only when its case is not cached (the hot path of every
    scene a trainee is shown)."""
    row = session.execute(
        _attempt_query().add_columns(Snapshot.scenario_id).where(Attempt.id == attempt_id)
    ).first()
    if row is None:
        raise UnknownAttempt(attempt_id)
    attempt, code, content_hash, snapshot_scenario = row
    record = AttemptRecord.of(attempt, code, content_hash)
    choices = session.scalars(
        select(Decision.choice).where(Decision.attempt_id == attempt_id).order_by(Decision.seq)
    ).all()
    scenario = cached_scenario(snapshot_scenario, content_hash)
    if scenario is None:
        scenario = scenario_of(session.get_one(Snapshot, attempt.snapshot_id))
    return SavedAttempt(
        attempt=record,
        scenario=scenario,
        state=dict(attempt.state),
        choices=tuple(choices),
    )


__all__ = ["attempt_record", "list_attempts", "list_decisions", "saved_attempt"]
