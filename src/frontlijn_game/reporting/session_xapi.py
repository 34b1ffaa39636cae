"""xAPI statements of live sessions: every participant's vote (or advice) as ``answered``.

The group's path is an ordinary attempt and gets the statements of any attempt
(``xapi.statements_of``); a vote is an ``answered`` statement of the participant on the
same decision point, in the group attempt's registration, grouped under the session's
activity (``<base>/sessions/<CODE>``), with the role, whether it was advice and the option
the group went on with as context extensions. A changed vote replaced the first, so each
seat has one statement per decision and re-exporting gives the same ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.reporting.xapi import (
    INTERACTION,
    LANGUAGES,
    NAMESPACE,
    AttemptFacts,
    DecisionFacts,
    XapiSettings,
    _actor,
    _scenario_activity,
    registration,
    statements_of,
    timestamp,
)
from frontlijn_game.reporting.xapi_validation import VERBS
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.leader_cohorts import CohortLimit, cohort_within, trainee_within
from frontlijn_game.store.live_models import LiveSession, SessionRound, SessionSeat, SessionVote
from frontlijn_game.store.models import Attempt, Decision, Snapshot, Trainee
from frontlijn_game.store.people import get_cohort
from frontlijn_game.store.repository import scenario_of

SESSION_TYPE = "http://adlnet.gov/expapi/activities/meeting"


def session_iri(settings: XapiSettings, code: str) -> str:
    return f"{settings.base}/sessions/{code}"


def _group_attempt(
    session: Session, settings: XapiSettings, attempt_id: int, scenario: Scenario
) -> list[dict[str, Any]]:
    a = session.get_one(Attempt, attempt_id)
    code = session.get_one(Trainee, a.trainee_id).code
    content_hash = session.get_one(Snapshot, a.snapshot_id).content_hash
    facts = AttemptFacts(
        a.id, code, scenario, content_hash, a.status, a.started_at, a.finished_at, a.total,
        a.verdict, a.help, a.sanction, a.ending_id, a.ending_kind,
    )  # fmt: skip
    decisions = [
        DecisionFacts(d.seq, d.scene, d.choice, d.help, d.sanction, d.seconds, d.decided_at)
        for d in session.scalars(
            select(Decision).where(Decision.attempt_id == a.id).order_by(Decision.seq)
        )
    ]
    return statements_of(settings, facts, decisions)


def session_statements(
    session: Session,
    settings: XapiSettings,
    cohort: str | None = None,
    scenario_id: str | None = None,
    within: CohortLimit | None = None,
) -> Iterator[dict[str, Any]]:
    """The votes of every session (of a cohort / a case; ``within``: a cursusleider's
    sessions — of a cohort they lead, or opened by them — and only their trainees' votes);
    with ``cohort`` or ``within`` also the group attempts of those sessions (otherwise they
    come with every other attempt)."""
    query = select(LiveSession).where(LiveSession.attempt_id.is_not(None)).order_by(LiveSession.id)
    if within is not None:
        query = query.where(
            cohort_within(within, LiveSession.cohort_id)
            | (LiveSession.leader_id == within.leader_id)
        )
    if cohort is not None:
        query = query.where(LiveSession.cohort_id == get_cohort(session, cohort).id)
    if scenario_id is not None:
        query = query.where(LiveSession.scenario_id == scenario_id)
    for row in session.scalars(query):
        assert row.attempt_id is not None
        scenario = scenario_of(session.get_one(Snapshot, row.snapshot_id))
        if cohort is not None or within is not None:
            yield from _group_attempt(session, settings, row.attempt_id, scenario)
        lang = LANGUAGES[scenario.language]
        group = {
            r.decision_no: r.choice
            for r in session.scalars(select(SessionRound).where(SessionRound.session_id == row.id))
        }
        votes = session.execute(
            select(SessionVote, SessionSeat.role, Trainee.code)
            .join(SessionSeat, SessionSeat.id == SessionVote.seat_id)
            .join(Trainee, Trainee.id == SessionSeat.trainee_id)
            .where(SessionVote.session_id == row.id, trainee_within(within, SessionSeat.trainee_id))
            .order_by(SessionVote.decision_no, SessionVote.seat_id)
        )
        grouping = {
            "objectType": "Activity",
            "id": session_iri(settings, row.code),
            "definition": {"type": SESSION_TYPE, "name": {lang: f"{scenario.title} ({row.code})"}},
        }
        for vote, role, code in votes:
            scene = scenario.scenes.get(vote.scene)
            picked = scenario.choices.get(vote.choice)
            choices = [
                {"id": c.id, "description": {lang: c.text}}
                for c in (scene.choices if scene else ())
            ]
            extensions: dict[str, Any] = {
                settings.extension("session"): row.code,
                settings.extension("decision"): vote.decision_no,
                settings.extension("advice"): bool(vote.advice),
            }
            if role is not None:
                extensions[settings.extension("role")] = role
            if vote.decision_no in group:
                extensions[settings.extension("group-choice")] = group[vote.decision_no]
            what = f"{settings.base}|session|{row.code}|vote|{vote.decision_no}|{vote.seat_id}"
            yield {
                "id": str(uuid.uuid5(NAMESPACE, what)),
                "actor": _actor(settings, code),
                "verb": VERBS["answered"],
                "object": {
                    "objectType": "Activity",
                    "id": settings.point_iri(scenario.id, vote.scene),
                    "definition": {
                        "type": INTERACTION,
                        "name": {lang: (scene.title if scene and scene.title else vote.scene)},
                        "interactionType": "choice",
                        "choices": choices,
                    },
                },
                "result": {
                    "response": vote.choice,
                    "extensions": {
                        settings.extension("help"): 0 if picked is None else picked.help,
                        settings.extension("sanction"): 0 if picked is None else picked.sanction,
                    },
                },
                "context": {
                    "registration": registration(settings, row.attempt_id),
                    "language": lang,
                    "contextActivities": {
                        "parent": [_scenario_activity(settings, scenario)],
                        "grouping": [grouping],
                    },
                    "extensions": extensions,
                },
                "timestamp": timestamp(vote.cast_at),
            }  # fmt: skip
