"""Trainee detail: the data behind the leader's detail screen of one trainee.

``trainee_detail`` lists every attempt of one trainee with its start, duration, ending,
score parts and verdict, and the totals per case. One attempt decision by decision is
``replay.attempt_replay``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.reporting.common import exact
from frontlijn_game.scenario.curriculum import AttemptResult, attempt_passes
from frontlijn_game.scenario.model import PassRule
from frontlijn_game.store.leader_cohorts import CohortLimit
from frontlijn_game.store.models import Snapshot
from frontlijn_game.store.people import curricula_of, get_trainee, trainee_record
from frontlijn_game.store.records import AttemptRecord, TraineeRecord
from frontlijn_game.store.repository import list_attempts, scenario_of

# -- trainee detail --------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptLine:
    """One attempt in the trainee detail."""

    attempt: AttemptRecord
    title: str
    ending_label: str | None
    duration_seconds: float | None
    """From start to finish (to the last decision while open)."""
    passed: bool | None
    """Against the case's pass rule, when one is given; None for unfinished attempts."""

    def to_json(self) -> dict[str, Any]:
        data = self.attempt.to_json()
        data.update(
            title=self.title,
            ending_label=self.ending_label,
            duration_seconds=self.duration_seconds,
            passed=self.passed,
        )
        return data


@dataclass(frozen=True)
class CaseTotals:
    """One case of the trainee: the first attempt's total beside the best.

    The first attempt is played before any debrief of the case, so its total is what the
    trainee knew; a best far above it may have been learnt, or copied from a debrief.
    """

    scenario_id: str
    title: str
    attempts: int
    first_total: float | None
    """None when the first attempt is not finished."""
    best_total: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "attempts": self.attempts,
            "first_total": self.first_total,
            "best_total": self.best_total,
        }


@dataclass(frozen=True)
class TraineeDetail:
    trainee: TraineeRecord
    curricula: tuple[str, ...]
    attempts: tuple[AttemptLine, ...]
    """Newest first."""
    cases: tuple[CaseTotals, ...] = ()
    """Per case played, in the order first played."""

    def to_json(self) -> dict[str, Any]:
        return {
            "trainee": self.trainee.to_json(),
            "curricula": list(self.curricula),
            "attempts": [a.to_json() for a in self.attempts],
            "cases": [c.to_json() for c in self.cases],
        }


def case_totals(lines: Sequence[AttemptLine]) -> tuple[CaseTotals, ...]:
    """First and best total per case, from the attempts in any order."""
    by_case: dict[str, list[AttemptLine]] = {}
    for line in sorted(lines, key=lambda x: x.attempt.id):
        by_case.setdefault(line.attempt.scenario_id, []).append(line)
    out = []
    for sid, mine in by_case.items():
        totals = [x.attempt.total for x in mine if x.attempt.status == "finished"]
        first = mine[0].attempt
        out.append(
            CaseTotals(
                sid,
                mine[-1].title,
                len(mine),
                first.total if first.status == "finished" else None,
                max((t for t in totals if t is not None), default=None),
            )
        )
    return tuple(out)


def duration(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else round((end - start).total_seconds(), 3)


def trainee_detail(
    session: Session,
    code: str,
    pass_rules: Mapping[str, PassRule] | None = None,
    scenario_id: str | None = None,
    within: CohortLimit | None = None,
) -> TraineeDetail:
    """Every attempt of trainee ``code`` (of one case, if given), newest first.

    ``pass_rules`` maps case ids to the rule of their module (see ``matrix.columns_of``).
    ``within``: a cursusleider's view, naming only their cohorts (and their curricula) of
    a trainee who is in others too (the caller checked the trainee is theirs).
    """
    trainee = get_trainee(session, code)
    records = list_attempts(session, trainee_id=trainee.id, scenario_id=scenario_id)
    snapshot_ids = {r.snapshot_id for r in records}
    snapshots = {
        s.id: s for s in session.scalars(select(Snapshot).where(Snapshot.id.in_(snapshot_ids)))
    }
    lines = []
    for record in reversed(records):
        scenario = scenario_of(snapshots[record.snapshot_id])
        label = None
        if record.ending_id is not None and record.ending_id in scenario.scenes:
            ending = scenario.scenes[record.ending_id].ending
            label = ending.label if ending is not None else None
        end = record.finished_at or (record.updated_at if record.decisions else None)
        rule = (pass_rules or {}).get(record.scenario_id)
        passed = None
        if rule is not None and record.status == "finished" and record.total is not None:
            passed = attempt_passes(
                rule, AttemptResult(record.scenario_id, exact(record.total), record.ending_kind)
            )
        lines.append(
            AttemptLine(record, scenario.title, label, duration(record.started_at, end), passed)
        )
    return TraineeDetail(
        trainee_record(session, trainee, within),
        tuple(curricula_of(session, trainee.id, within)),
        tuple(lines),
        case_totals(lines),
    )


__all__ = [
    "AttemptLine",
    "CaseTotals",
    "TraineeDetail",
    "case_totals",
    "duration",
    "trainee_detail",
]
