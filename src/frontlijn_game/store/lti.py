"""LTI 1.3 rows: registrations, logins, launches, people, courses and links.

Functions of an open session (the service layer owns the transaction) returning plain
records. A login row is deleted by the launch that uses it, so the same state and nonce
never open a second launch. The grade outbox is in :mod:`store.lti_grades`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.store.errors import AlreadyExists, StoreError
from frontlijn_game.store.leader_cohorts import CURSUSLEIDER
from frontlijn_game.store.leader_cohorts import assign as lead_cohort
from frontlijn_game.store.lti_models import (
    LtiContext,
    LtiLaunch,
    LtiLink,
    LtiLinkUser,
    LtiLogin,
    LtiRegistration,
    LtiUser,
)
from frontlijn_game.store.models import Cohort, CohortMember, Leader, Trainee, utcnow
from frontlijn_game.store.passwords import NO_PASSWORD
from frontlijn_game.store.people import add_trainee


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class RegistrationRecord:
    id: int
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    auth_audience: str | None
    deployment_ids: tuple[str, ...]
    kid: str
    public_jwk: dict[str, Any]

    @classmethod
    def of(cls, row: LtiRegistration) -> RegistrationRecord:
        return cls(
            row.id,
            row.issuer,
            row.client_id,
            row.auth_login_url,
            row.auth_token_url,
            row.key_set_url,
            row.auth_audience,
            tuple(row.deployment_ids),
            row.kid,
            dict(row.public_jwk),
        )


@dataclass(frozen=True)
class Person:
    """Who a launch plays as: the trainee's code (never shown) and, for an instructor,
    the leader account's name."""

    lti_user_id: int
    trainee_code: str
    leader_name: str | None
    leader_id: int | None = None


# -- registrations ---------------------------------------------------------------------


def add_registration(session: Session, **fields: Any) -> RegistrationRecord:
    exists = session.scalar(
        select(LtiRegistration.id).where(
            LtiRegistration.issuer == fields["issuer"],
            LtiRegistration.client_id == fields["client_id"],
        )
    )
    if exists is not None:
        raise AlreadyExists(
            f"a registration for issuer {fields['issuer']} and client id "
            f"{fields['client_id']} exists already"
        )
    row = LtiRegistration(**fields)
    session.add(row)
    session.flush()
    return RegistrationRecord.of(row)


def list_registrations(session: Session) -> list[RegistrationRecord]:
    rows = session.scalars(select(LtiRegistration).order_by(LtiRegistration.id))
    return [RegistrationRecord.of(r) for r in rows]


def find_registration(
    session: Session, issuer: str, client_id: str | None = None
) -> RegistrationRecord | None:
    """By issuer and client id; without a client id only when the issuer has one."""
    query = select(LtiRegistration).where(LtiRegistration.issuer == issuer)
    if client_id is not None:
        query = query.where(LtiRegistration.client_id == client_id)
    rows = list(session.scalars(query))
    return RegistrationRecord.of(rows[0]) if len(rows) == 1 else None


def registration_by_id(session: Session, registration_id: int) -> RegistrationRecord:
    row = session.get(LtiRegistration, registration_id)
    if row is None:
        raise StoreError(f"no LTI registration {registration_id}")
    return RegistrationRecord.of(row)


def add_deployments(
    session: Session, registration_id: int, deployment_ids: tuple[str, ...]
) -> RegistrationRecord:
    row = session.get(LtiRegistration, registration_id)
    if row is None:
        raise StoreError(f"no LTI registration {registration_id}")
    known = list(row.deployment_ids)
    row.deployment_ids = known + [d for d in deployment_ids if d not in known]
    session.flush()
    return RegistrationRecord.of(row)


def remove_registration(session: Session, registration_id: int) -> None:
    session.execute(delete(LtiRegistration).where(LtiRegistration.id == registration_id))


# -- logins and launches ---------------------------------------------------------------


def start_login(session: Session, registration_id: int, state: str, nonce: str) -> None:
    session.add(LtiLogin(state=digest(state), nonce=nonce, registration_id=registration_id))


def use_login(session: Session, state: str, nonce: str, max_age: timedelta) -> int | None:
    """Consume the login of ``state`` if its nonce is ``nonce`` and it is fresh: the
    registration id, or None (unknown, used, expired or another nonce)."""
    row = session.get(LtiLogin, digest(state))
    if row is None or not secrets.compare_digest(row.nonce, nonce):
        return None
    session.delete(row)
    if utcnow() - row.created_at > max_age:
        return None
    return row.registration_id


def purge(session: Session, max_age: timedelta) -> None:
    """Logins never finished and deep-linking launches never answered."""
    cut = utcnow() - max_age
    session.execute(delete(LtiLogin).where(LtiLogin.created_at < cut))
    session.execute(delete(LtiLaunch).where(LtiLaunch.created_at < cut))


def save_launch(session: Session, registration_id: int, body: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(32)
    session.add(LtiLaunch(id=digest(token), registration_id=registration_id, body=body))
    return token


def load_launch(
    session: Session, token: str, max_age: timedelta
) -> tuple[int, dict[str, Any]] | None:
    row = session.get(LtiLaunch, digest(token))
    if row is None or utcnow() - row.created_at > max_age:
        return None
    return row.registration_id, dict(row.body)


def drop_launch(session: Session, token: str) -> None:
    session.execute(delete(LtiLaunch).where(LtiLaunch.id == digest(token)))


# -- people, courses and links ---------------------------------------------------------


def _insert(session: Session, row: object) -> None:
    """Add a row that another worker may be adding at the same moment: a clash is
    :class:`AlreadyExists` (the caller's transaction is retried and finds the row)."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise AlreadyExists(f"{type(row).__name__} was made at the same time") from None


def person(session: Session, issuer: str, sub: str, name: str | None, instructor: bool) -> Person:
    """The trainee (and, for an instructor, the leader) of issuer + sub, made on first
    launch with a random code; an erased trainee's old link is dropped."""
    row = session.scalar(select(LtiUser).where(LtiUser.issuer == issuer, LtiUser.sub == sub))
    trainee = None if row is None else session.get(Trainee, row.trainee_id)
    if row is not None and (trainee is None or trainee.erased_at is not None):
        session.delete(row)
        session.flush()
        row = None
    if row is None or trainee is None:
        trainee = add_trainee(session, None, display_name=name)
        row = LtiUser(issuer=issuer, sub=sub, trainee_id=trainee.id)
        _insert(session, row)
    elif name and trainee.display_name != name:
        trainee.display_name = name
    if instructor:
        leader = None if row.leader_id is None else session.get(Leader, row.leader_id)
        if leader is None:
            leader = Leader(
                name=f"lti-{digest(issuer + chr(0) + sub)[:12]}",
                password_hash=NO_PASSWORD,
                role=CURSUSLEIDER,
            )
            _insert(session, leader)
            row.leader_id = leader.id
        elif leader.password_hash != NO_PASSWORD:  # made before accounts of launches had none
            leader.password_hash = NO_PASSWORD
        return Person(row.id, trainee.code, leader.name, leader.id)
    return Person(row.id, trainee.code, None)


def course(
    session: Session,
    registration_id: int,
    issuer: str,
    context_id: str,
    title: str | None,
    memberships_url: str | None,
) -> tuple[int, str]:
    """(row id, cohort name) of the LMS course ``context_id``, made on first launch; the
    name's mark comes from issuer and course, so a registration made again finds the
    same cohort."""
    row = session.scalar(
        select(LtiContext).where(
            LtiContext.registration_id == registration_id, LtiContext.context_id == context_id
        )
    )
    if row is None:
        base = (title or "LMS").strip()[:80] or "LMS"
        name = f"{base} (lti-{digest(issuer + chr(0) + context_id)[:6]})"
        cohort = session.scalar(select(Cohort).where(Cohort.name == name))
        if cohort is None:
            cohort = Cohort(name=name)
            _insert(session, cohort)
        row = LtiContext(
            registration_id=registration_id,
            context_id=context_id,
            cohort_id=cohort.id,
            memberships_url=memberships_url,
        )
        _insert(session, row)
    elif memberships_url:
        row.memberships_url = memberships_url
    cohort_row = session.get(Cohort, row.cohort_id)
    assert cohort_row is not None
    return row.id, cohort_row.name


def lead(session: Session, leader_name: str, cohort_name: str) -> bool:
    """The instructor's leader account leads the course's cohort (as cursusleider)."""
    return lead_cohort(session, leader_name, cohort_name)


def join_cohort(session: Session, cohort_name: str, trainee_code: str) -> bool:
    cohort = session.scalar(select(Cohort).where(Cohort.name == cohort_name))
    trainee = session.scalar(select(Trainee).where(Trainee.code == trainee_code))
    if cohort is None or trainee is None:
        return False
    if session.get(CohortMember, (cohort.id, trainee.id)) is not None:
        return False
    session.add(CohortMember(cohort_id=cohort.id, trainee_id=trainee.id))
    session.flush()
    return True


def link(
    session: Session,
    registration_id: int,
    resource_link_id: str,
    context_row: int | None,
    target: dict[str, Any],
    ags: dict[str, Any],
    user_id: int | None,
) -> int:
    """Record (or refresh) the placed resource link and, for a learner, that they use it."""
    row = session.scalar(
        select(LtiLink).where(
            LtiLink.registration_id == registration_id,
            LtiLink.resource_link_id == resource_link_id,
        )
    )
    lineitem = ags.get("lineitem") if isinstance(ags.get("lineitem"), str) else None
    if row is None:
        row = LtiLink(
            registration_id=registration_id,
            resource_link_id=resource_link_id,
            context_id=context_row,
            target=target,
            ags=ags,
            lineitem_url=lineitem,
        )
        session.add(row)
        session.flush()
    else:
        row.target, row.ags, row.context_id = target, ags, context_row
        row.lineitem_url = lineitem or row.lineitem_url
    if user_id is not None and session.get(LtiLinkUser, (row.id, user_id)) is None:
        session.add(LtiLinkUser(link_id=row.id, user_id=user_id))
        session.flush()
    return row.id


def set_lineitem(session: Session, link_id: int, url: str) -> None:
    session.execute(update(LtiLink).where(LtiLink.id == link_id).values(lineitem_url=url))


def contexts_with_roster(session: Session) -> list[tuple[int, int, str, str]]:
    """(registration id, context row, cohort name, memberships URL) of known courses."""
    rows = session.execute(
        select(LtiContext.registration_id, LtiContext.id, Cohort.name, LtiContext.memberships_url)
        .join(Cohort, Cohort.id == LtiContext.cohort_id)
        .where(LtiContext.memberships_url.is_not(None))
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows if r[3] is not None]


def trainee_of_leader(session: Session, leader_id: int) -> str | None:
    """The trainee code of the LMS person whose instructor account is ``leader_id`` (to
    play a case themselves), None for an account that no launch made."""
    code = session.scalar(
        select(Trainee.code)
        .join(LtiUser, LtiUser.trainee_id == Trainee.id)
        .where(LtiUser.leader_id == leader_id, Trainee.erased_at.is_(None))
    )
    return None if code is None else str(code)
