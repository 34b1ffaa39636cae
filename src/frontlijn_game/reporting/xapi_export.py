"""Every xAPI statement the database holds, read and validated: the attempts'
(``xapi``) and the live sessions' (``session_xapi``), for an export file or an LRS.

Apart from ``xapi.py`` because it needs both kinds, and ``session_xapi`` builds on
``xapi``'s statement parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.reporting.session_xapi import session_statements
from frontlijn_game.reporting.xapi import (
    AttemptFacts,
    DecisionFacts,
    XapiSettings,
    statements_of,
)
from frontlijn_game.reporting.xapi_validation import XapiError, validate_statement
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.leader_cohorts import CohortLimit, trainee_within
from frontlijn_game.store.models import Attempt, CohortMember, Decision, Snapshot, Trainee
from frontlijn_game.store.people import get_cohort
from frontlijn_game.store.repository import scenario_of


def iter_statements(
    session: Session,
    settings: XapiSettings,
    cohort: str | None = None,
    scenario_id: str | None = None,
    within: CohortLimit | None = None,
) -> Iterator[dict[str, Any]]:
    """Every statement of the recorded attempts (of a cohort / a case; ``within`` a
    cursusleider's cohorts), validated."""
    settings.check()
    query = (
        select(
            Attempt.id,
            Trainee.code,
            Attempt.snapshot_id,
            Snapshot.content_hash,
            Attempt.status,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.total,
            Attempt.verdict,
            Attempt.help,
            Attempt.sanction,
            Attempt.ending_id,
            Attempt.ending_kind,
        )
        .join(Trainee, Trainee.id == Attempt.trainee_id)
        .join(Snapshot, Snapshot.id == Attempt.snapshot_id)
        .order_by(Attempt.id)
    )
    if cohort is not None:
        cohort_id = get_cohort(session, cohort).id
        query = query.join(
            CohortMember,
            (CohortMember.trainee_id == Attempt.trainee_id) & (CohortMember.cohort_id == cohort_id),
        )
    if scenario_id is not None:
        query = query.where(Attempt.scenario_id == scenario_id)
    if within is not None:
        query = query.where(trainee_within(within, Attempt.trainee_id))
    facts: list[AttemptFacts] = []
    snapshots: dict[int, Scenario] = {}
    for aid, code, snapshot_id, content_hash, *rest in session.execute(query).all():
        scenario = snapshots.get(snapshot_id)
        if scenario is None:
            scenario = snapshots[snapshot_id] = scenario_of(session.get_one(Snapshot, snapshot_id))
        facts.append(AttemptFacts(aid, code, scenario, content_hash, *rest))
    for start in range(0, len(facts), 500):
        chunk = facts[start : start + 500]
        by_attempt: dict[int, list[DecisionFacts]] = {a.id: [] for a in chunk}
        rows = session.execute(
            select(
                Decision.attempt_id, Decision.seq, Decision.scene, Decision.choice,
                Decision.help, Decision.sanction, Decision.seconds, Decision.decided_at,
            )
            .where(Decision.attempt_id.in_(list(by_attempt)))
            .order_by(Decision.attempt_id, Decision.seq)
        )  # fmt: skip
        for aid, *rest in rows:
            by_attempt[aid].append(DecisionFacts(*rest))
        for attempt in chunk:
            for statement in statements_of(settings, attempt, by_attempt[attempt.id]):
                problems = validate_statement(statement)
                if problems:
                    raise XapiError(
                        f"statement {statement.get('id')} of attempt {attempt.id} is invalid: "
                        + "; ".join(problems)
                    )
                yield statement
    for statement in session_statements(session, settings, cohort, scenario_id, within):
        problems = validate_statement(statement)
        if problems:
            raise XapiError(
                f"statement {statement.get('id')} of a live session is invalid: "
                + "; ".join(problems)
            )
        yield statement


__all__ = ["iter_statements"]
