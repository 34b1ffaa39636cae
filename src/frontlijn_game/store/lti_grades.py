"""The LTI grade outbox: which (link, learner) pairs report, their best attempts, and
the rows waiting for the platform.

Functions of an open session (the service layer owns the transaction). A grade row is
written once and afterwards only changes status: ``pending`` -> ``sent``, ``superseded``
(a better score was queued before it went) or ``failed`` (given up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from frontlijn_game.store.lti_models import LtiGrade, LtiLink, LtiLinkUser, LtiUser
from frontlijn_game.store.models import Attempt, utcnow


@dataclass(frozen=True)
class GradeTarget:
    """One (link, person) whose best score the LMS should hold."""

    link_id: int
    user_id: int
    trainee_id: int
    target: dict[str, Any]
    last_score: float | None
    """The highest score already queued or sent (None: nothing yet)."""


@dataclass(frozen=True)
class DueGrade:
    id: int
    link_id: int
    registration_id: int
    ags: dict[str, Any]
    lineitem_url: str | None
    resource_link_id: str
    target: dict[str, Any]
    sub: str
    score: float
    score_max: float
    scored_at: datetime
    tries: int


def grade_targets(session: Session) -> list[GradeTarget]:
    best = (
        select(LtiGrade.link_id, LtiGrade.user_id, func.max(LtiGrade.score).label("score"))
        .where(LtiGrade.status.in_(("pending", "sent")))
        .group_by(LtiGrade.link_id, LtiGrade.user_id)
        .subquery()
    )
    rows = session.execute(
        select(
            LtiLinkUser.link_id,
            LtiLinkUser.user_id,
            LtiUser.trainee_id,
            LtiLink.target,
            LtiLink.ags,
        )
        .add_columns(best.c.score)
        .join(LtiLink, LtiLink.id == LtiLinkUser.link_id)
        .join(LtiUser, LtiUser.id == LtiLinkUser.user_id)
        .outerjoin(best, (best.c.link_id == LtiLinkUser.link_id) & (best.c.user_id == LtiUser.id))
    )
    return [GradeTarget(r[0], r[1], r[2], dict(r[3]), r[5]) for r in rows if r[4]]


def best_attempts(
    session: Session, trainee_id: int, scenario_ids: list[str]
) -> dict[str, tuple[float, datetime]]:
    """Per case: the best finished total and when that attempt finished."""
    rows = session.execute(
        select(Attempt.scenario_id, Attempt.total, Attempt.finished_at)
        .where(
            Attempt.trainee_id == trainee_id,
            Attempt.scenario_id.in_(scenario_ids),
            Attempt.status == "finished",
            Attempt.total.is_not(None),
        )
        .order_by(Attempt.total, Attempt.finished_at)
    )
    found: dict[str, tuple[float, datetime]] = {}
    for scenario_id, total, finished_at in rows:
        if total is not None and finished_at is not None:
            found[scenario_id] = (float(total), finished_at)  # ordered: the best comes last
    return found


def queue_grade(
    session: Session, link_id: int, user_id: int, score: float, maximum: float, at: datetime
) -> None:
    """A new score to send; older pending scores of the same pair are superseded."""
    session.execute(
        update(LtiGrade)
        .where(
            LtiGrade.link_id == link_id,
            LtiGrade.user_id == user_id,
            LtiGrade.status == "pending",
        )
        .values(status="superseded")
    )
    session.add(
        LtiGrade(link_id=link_id, user_id=user_id, score=score, score_max=maximum, scored_at=at)
    )


def claim_due(session: Session, now: datetime, hold: timedelta, limit: int) -> list[DueGrade]:
    """Pending grades whose time has come, claimed for ``hold`` so that another worker
    leaves them alone meanwhile."""
    rows = session.execute(
        select(LtiGrade, LtiLink, LtiUser.sub)
        .join(LtiLink, LtiLink.id == LtiGrade.link_id)
        .join(LtiUser, LtiUser.id == LtiGrade.user_id)
        .where(
            LtiGrade.status == "pending",
            LtiGrade.next_try_at <= now,
            (LtiGrade.claimed_until.is_(None)) | (LtiGrade.claimed_until < now),
        )
        .order_by(LtiGrade.next_try_at, LtiGrade.id)
        .limit(limit)
    ).all()
    due = []
    for grade, link_row, sub in rows:
        grade.claimed_until = now + hold
        due.append(
            DueGrade(
                grade.id,
                link_row.id,
                link_row.registration_id,
                dict(link_row.ags),
                link_row.lineitem_url,
                link_row.resource_link_id,
                dict(link_row.target),
                sub,
                grade.score,
                grade.score_max,
                grade.scored_at,
                grade.tries,
            )
        )
    return due


def settle_grade(
    session: Session, grade_id: int, error: str | None, retry_at: datetime | None
) -> None:
    """Sent (``error`` None), to be retried at ``retry_at``, or failed for good."""
    row = session.get(LtiGrade, grade_id)
    if row is None or row.status != "pending":
        return
    row.claimed_until = None
    if error is None:
        row.status, row.sent_at, row.last_error = "sent", utcnow(), None
        return
    row.tries += 1
    row.last_error = error[:2000]
    if retry_at is None:
        row.status = "failed"
    else:
        row.next_try_at = retry_at


def grades(session: Session) -> list[tuple[str, str, float, str, int, str | None]]:
    """(sub, resource link id, score, status, tries, last error) of every outbox row."""
    rows = session.execute(
        select(
            LtiUser.sub,
            LtiLink.resource_link_id,
            LtiGrade.score,
            LtiGrade.status,
            LtiGrade.tries,
            LtiGrade.last_error,
        )
        .join(LtiLink, LtiLink.id == LtiGrade.link_id)
        .join(LtiUser, LtiUser.id == LtiGrade.user_id)
        .order_by(LtiGrade.id)
    )
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
