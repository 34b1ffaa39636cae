"""Leader roles, the cohorts a *cursusleider* leads, and the SQL that keeps a leader in them.

A leader is a *beheerder* (every trainee, every cohort, the accounts) or a *cursusleider*
(only trainees who are a member of a cohort in ``leader_cohorts`` for them). The filter
is :class:`CohortLimit`: a query of the reporting layer that is handed one adds
:func:`trainee_within` (or :func:`within_sql` for its raw SQL) to its ``WHERE``, so a
cursusleider's rows are never loaded and dropped afterwards. The limit names the leader,
not a list of cohort ids: the assignments are read live by the query, so a cohort taken
away from a leader is gone from their next view, even while they are signed in.

A trainee in no cohort is visible to beheerders only. Functions on a Session, run inside
the caller's transaction, like ``leaders.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import QueryableAttribute, Session

from frontlijn_game.store.codes import get_cohort
from frontlijn_game.store.errors import StoreError
from frontlijn_game.store.leaders import LeaderRecord, get_leader
from frontlijn_game.store.models import LEADER_ROLES, Cohort, CohortMember, Leader, LeaderCohort

BEHEERDER = "beheerder"
CURSUSLEIDER = "cursusleider"
ROLES = LEADER_ROLES

Column = ColumnElement[int] | QueryableAttribute[int] | QueryableAttribute[int | None]
"""A trainee's or a cohort's id column (a model attribute or an expression)."""


class UnknownRole(StoreError):
    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"unknown leader role '{role}': use {' or '.join(ROLES)}")


@dataclass(frozen=True)
class CohortLimit:
    """Only trainees in a cohort that leader ``leader_id`` leads (a cursusleider's view)."""

    leader_id: int


def check_role(role: str) -> str:
    role = role.strip().casefold()
    if role not in ROLES:
        raise UnknownRole(role)
    return role


def set_role(session: Session, name: str, role: str) -> LeaderRecord:
    leader = get_leader(session, name)
    leader.role = check_role(role)
    session.flush()
    return LeaderRecord.of(leader)


def assign(session: Session, leader_name: str, cohort_name: str) -> bool:
    """Let the leader lead the cohort; False when they did already."""
    leader = get_leader(session, leader_name)
    cohort = get_cohort(session, cohort_name)
    if session.get(LeaderCohort, (leader.id, cohort.id)) is not None:
        return False
    session.add(LeaderCohort(leader_id=leader.id, cohort_id=cohort.id))
    session.flush()
    return True


def unassign(session: Session, leader_name: str, cohort_name: str) -> bool:
    """Take the cohort away from the leader; False when they did not lead it."""
    leader = get_leader(session, leader_name)
    cohort = get_cohort(session, cohort_name)
    found = session.get(LeaderCohort, (leader.id, cohort.id))
    if found is None:
        return False
    session.delete(found)
    session.flush()
    return True


def cohorts_of(session: Session, leader_id: int) -> list[tuple[int, str]]:
    """(id, name) of the cohorts the leader leads, by name."""
    rows = session.execute(
        select(Cohort.id, Cohort.name)
        .join(LeaderCohort, LeaderCohort.cohort_id == Cohort.id)
        .where(LeaderCohort.leader_id == leader_id)
        .order_by(Cohort.name)
    )
    return [(cid, name) for cid, name in rows]


def cohort_names_by_leader(session: Session) -> dict[int, tuple[str, ...]]:
    """Leader id -> the names of the cohorts they lead (for ``leader list``)."""
    found: dict[int, list[str]] = {}
    for leader_id, name in session.execute(
        select(LeaderCohort.leader_id, Cohort.name)
        .join(Cohort, Cohort.id == LeaderCohort.cohort_id)
        .order_by(Cohort.name)
    ):
        found.setdefault(leader_id, []).append(name)
    return {lid: tuple(names) for lid, names in found.items()}


def count_beheerders(session: Session) -> int:
    from sqlalchemy import func

    return int(
        session.scalar(select(func.count()).select_from(Leader).where(Leader.role == BEHEERDER))
        or 0
    )


# -- the filter ------------------------------------------------------------------------


def trainee_within(limit: CohortLimit | None, trainee_id: Column) -> ColumnElement[bool]:
    """``WHERE`` clause: the trainee of ``trainee_id`` is in one of the limit's cohorts
    (always true without a limit). An ``EXISTS`` over the members' trainee index and the
    assignments' primary key: one probe per row, no duplicates when a trainee is in two."""
    if limit is None:
        return true()
    return exists(
        select(1)
        .select_from(CohortMember)
        .join(LeaderCohort, LeaderCohort.cohort_id == CohortMember.cohort_id)
        .where(CohortMember.trainee_id == trainee_id, LeaderCohort.leader_id == limit.leader_id)
    )


def cohort_within(limit: CohortLimit | None, cohort_id: Column) -> ColumnElement[bool]:
    """``WHERE`` clause: the cohort of ``cohort_id`` is one the limit's leader leads."""
    if limit is None:
        return true()
    return exists(
        select(1)
        .select_from(LeaderCohort)
        .where(LeaderCohort.cohort_id == cohort_id, LeaderCohort.leader_id == limit.leader_id)
    )


def within_sql(trainee_id_sql: str, mark: str) -> str:
    """:func:`trainee_within` for raw SQL: ``EXISTS (...)`` with one parameter ``mark``
    (``?`` or ``%s``), the limit's ``leader_id``."""
    return (
        "EXISTS (SELECT 1 FROM cohort_members lm JOIN leader_cohorts lc "
        f"ON lc.cohort_id = lm.cohort_id WHERE lm.trainee_id = {trainee_id_sql} "
        f"AND lc.leader_id = {mark})"
    )


def trainee_visible(session: Session, limit: CohortLimit | None, trainee_id: int) -> bool:
    if limit is None:
        return True
    from sqlalchemy import literal

    return bool(session.scalar(select(trainee_within(limit, literal(trainee_id)))))


def cohort_visible(session: Session, limit: CohortLimit | None, cohort_id: int) -> bool:
    if limit is None:
        return True
    from sqlalchemy import literal

    return bool(session.scalar(select(cohort_within(limit, literal(cohort_id)))))


def attempt_visible(session: Session, limit: CohortLimit | None, attempt_id: int) -> bool:
    """The attempt exists and (with a limit) is of a trainee in the limit's cohorts."""
    from frontlijn_game.store.models import Attempt

    query = select(Attempt.id).where(
        Attempt.id == attempt_id, trainee_within(limit, Attempt.trainee_id)
    )
    return session.scalar(query) is not None


__all__ = [
    "BEHEERDER",
    "CURSUSLEIDER",
    "ROLES",
    "CohortLimit",
    "UnknownRole",
    "assign",
    "attempt_visible",
    "check_role",
    "cohort_names_by_leader",
    "cohort_visible",
    "cohorts_of",
    "count_beheerders",
    "set_role",
    "trainee_visible",
    "trainee_within",
    "unassign",
    "within_sql",
]
