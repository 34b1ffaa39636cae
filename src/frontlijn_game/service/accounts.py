"""Course-leader accounts for every door: add, list, remove, passwords, roles, cohorts.

Each call takes ``actor``, the :class:`~frontlijn_game.service.scope.LeaderScope` of who
asks: the database's owner (``LeaderScope.owner()``: a command on the server without a
leader login) or a signed-in leader. Only a *beheerder* keeps accounts; a *cursusleider*
may change their own password, nothing else. A gate in front (e.g. "owner or leader
login") decides who the actor is; this module decides what that actor may do.

Rules kept here, whatever door asks: the first leader of a database is always a beheerder;
a new leader after that is a cursusleider unless a beheerder is asked for; the last
beheerder can be neither removed nor made a cursusleider by a signed-in leader (someone
must keep the accounts; the database's owner may, and can always add one again). An
instructor's account made by a launch from a learning platform (LTI) gets no password and
stays a cursusleider: it opens only through a launch, never with a name and password.
Everything of one request happens in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _
from frontlijn_game.service.scope import BEHEERDER, CURSUSLEIDER, ROLES, LeaderScope, NotAllowed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.store.leaders import LeaderRecord
    from frontlijn_game.store.service import Store


@dataclass(frozen=True)
class LeaderAccount:
    """A leader account as a door shows it (never a password or its hash)."""

    name: str
    role: str
    cohorts: tuple[str, ...]
    created_at: datetime
    failures: int
    last_failure_at: datetime | None

    @classmethod
    def of(cls, record: LeaderRecord, cohorts: Sequence[str] = ()) -> LeaderAccount:
        return cls(
            record.name,
            record.role,
            tuple(cohorts),
            record.created_at,
            record.failures,
            record.last_failure_at,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "cohorts": list(self.cohorts),
            "created_at": self.created_at.isoformat(),
            "failed_logins": self.failures,
            "last_failed_login": None
            if self.last_failure_at is None
            else self.last_failure_at.isoformat(),
        }


def _keeper(actor: LeaderScope) -> None:
    actor.require_beheerder(_("accounts van cursusleiders beheren"))


def check_name(name: str) -> str:
    """The name as it will be stored, or a ``StoreError`` saying why it cannot be one."""
    from frontlijn_game.store.leaders import check_name as check

    return check(name)


def check_password(password: str, name: str | None = None) -> str:
    """The password if it is strong enough, else ``WeakPassword`` (a ``StoreError``)."""
    from frontlijn_game.store.leaders import check_password as check

    return check(password, name)


def check_role(role: str) -> str:
    from frontlijn_game.store.leader_cohorts import check_role as check

    return check(role)


def count(store: Store) -> int:
    """How many accounts there are (the dashboard needs one)."""
    from frontlijn_game.store.leaders import count_leaders

    return store.db.read(count_leaders)


def exists(store: Store, name: str) -> None:
    """``UnknownLeader`` unless the account exists (to say so before asking a password)."""
    from frontlijn_game.store.leaders import get_leader

    store.db.read(lambda s: get_leader(s, name).id)


def check_cohort(store: Store, cohort: str) -> None:
    """``UnknownCohort`` unless the cohort exists (to say so before asking a password)."""
    from frontlijn_game.store.people import get_cohort

    store.db.read(lambda s: get_cohort(s, cohort).id)


def add(
    store: Store,
    actor: LeaderScope,
    name: str,
    password: str,
    role: str | None = None,
    cohorts: Sequence[str] = (),
) -> LeaderAccount:
    """Make an account that leads ``cohorts``. ``role`` None: a cursusleider, or a
    beheerder when it is the database's first account (which always is one)."""
    from frontlijn_game.store import leader_cohorts, leaders

    _keeper(actor)
    name = check_name(name)
    chosen = CURSUSLEIDER if role is None else check_role(role)
    password = check_password(password, name)

    def work(session: Session) -> LeaderAccount:
        record = leaders.add_leader(session, name, password, role=chosen)
        for cohort in cohorts:
            leader_cohorts.assign(session, record.name, cohort)
        return _account(session, record)

    return store.db.write(work)


def list_accounts(store: Store, actor: LeaderScope) -> list[LeaderAccount]:
    """Every account by name, with role and cohorts (a beheerder's view)."""
    from frontlijn_game.store.leader_cohorts import cohort_names_by_leader
    from frontlijn_game.store.leaders import list_leaders

    _keeper(actor)

    def work(session: Session) -> list[LeaderAccount]:
        cohorts = cohort_names_by_leader(session)
        return [LeaderAccount.of(r, cohorts.get(r.id, ())) for r in list_leaders(session)]

    return store.db.read(work)


def remove(store: Store, actor: LeaderScope, name: str) -> None:
    from frontlijn_game.store.leaders import get_leader, remove_leader

    _keeper(actor)

    def work(session: Session) -> None:
        _not_the_last_beheerder(session, actor, get_leader(session, name).role)
        remove_leader(session, name)

    store.db.write(work)


def check_takes_password(store: Store, name: str) -> None:
    """``NotAllowed`` for an account of a learning platform (LTI), which never gets a
    password (to say so before asking for one); ``UnknownLeader`` for an unknown name."""
    from frontlijn_game.store.leaders import LeaderRecord, get_leader

    if store.db.read(lambda s: LeaderRecord.of(get_leader(s, name)).lms):
        raise NotAllowed(_lms_text(name.strip()))


def _lms_text(name: str) -> str:
    return _(
        "{name} is het account van een docent uit de leeromgeving (LTI): het heeft geen "
        "wachtwoord en opent alleen vanuit de leeromgeving, als cursusleider."
    ).format(name=name)


def set_password(store: Store, actor: LeaderScope, name: str, password: str) -> None:
    """A new password (and the failed logins forgotten); a cursusleider only their own;
    never for an account of a learning platform."""
    from frontlijn_game.store.leaders import set_password as write

    if not (actor.leader_id is not None and actor.name == name.strip()):
        _keeper(actor)
    check_takes_password(store, name)
    password = check_password(password, name.strip())
    store.db.write(lambda s: write(s, name, password))


def set_role(store: Store, actor: LeaderScope, name: str, role: str) -> LeaderAccount:
    from frontlijn_game.store import leader_cohorts
    from frontlijn_game.store.leaders import get_leader

    _keeper(actor)
    role = check_role(role)

    def work(session: Session) -> LeaderAccount:
        from frontlijn_game.store.leaders import LeaderRecord

        found = get_leader(session, name)
        if role == BEHEERDER and LeaderRecord.of(found).lms:
            raise NotAllowed(_lms_text(found.name))
        if role != BEHEERDER:
            _not_the_last_beheerder(session, actor, found.role)
        return _account(session, leader_cohorts.set_role(session, name, role))

    return store.db.write(work)


def assign(store: Store, actor: LeaderScope, name: str, cohort: str) -> tuple[LeaderAccount, bool]:
    """Let ``name`` lead ``cohort``; the bool: it is new (False: they led it already)."""
    from frontlijn_game.store import leader_cohorts
    from frontlijn_game.store.leaders import LeaderRecord, get_leader

    _keeper(actor)

    def work(session: Session) -> tuple[LeaderAccount, bool]:
        new = leader_cohorts.assign(session, name, cohort)
        return _account(session, LeaderRecord.of(get_leader(session, name))), new

    return store.db.write(work)


def unassign(
    store: Store, actor: LeaderScope, name: str, cohort: str
) -> tuple[LeaderAccount, bool]:
    """Take ``cohort`` from ``name``; the bool: they led it (False: nothing changed)."""
    from frontlijn_game.store import leader_cohorts
    from frontlijn_game.store.leaders import LeaderRecord, get_leader

    _keeper(actor)

    def work(session: Session) -> tuple[LeaderAccount, bool]:
        gone = leader_cohorts.unassign(session, name, cohort)
        return _account(session, LeaderRecord.of(get_leader(session, name))), gone

    return store.db.write(work)


def _account(session: Session, record: LeaderRecord) -> LeaderAccount:
    from frontlijn_game.store.leader_cohorts import cohorts_of

    return LeaderAccount.of(record, [name for _id, name in cohorts_of(session, record.id)])


def _not_the_last_beheerder(session: Session, actor: LeaderScope, role: str) -> None:
    """A signed-in beheerder cannot lock everyone out of the accounts; the database's
    owner can always add a beheerder again, so it may."""
    from frontlijn_game.store.leader_cohorts import count_beheerders

    if actor.is_owner:
        return
    if role == BEHEERDER and count_beheerders(session) <= 1:
        raise NotAllowed(
            _(
                "Dit is de laatste beheerder; maak eerst een ander account beheerder "
                "(frontlijn leader add NAAM --role beheerder)."
            )
        )


__all__ = [
    "BEHEERDER",
    "CURSUSLEIDER",
    "ROLES",
    "LeaderAccount",
    "add",
    "assign",
    "check_cohort",
    "check_name",
    "check_password",
    "check_role",
    "count",
    "exists",
    "list_accounts",
    "remove",
    "set_password",
    "set_role",
    "unassign",
]
