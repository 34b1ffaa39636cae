"""Whose data a leader may see: :class:`LeaderScope`, the principal every leader door carries.

How a door uses it
------------------
1. After a login (:class:`~frontlijn_game.service.leader_auth.LoginGate`), build the scope
   with :func:`scope_of` (``store``, the leader's name) and keep it in the signed-in session
   (the TUI's :class:`~frontlijn_game.service.leader_auth.LeaderSession` has it as
   ``.scope``; the web door keeps it beside its session row). A command run by the
   database's owner on the server, with no leader login, uses :meth:`LeaderScope.owner`.
2. Hand the scope to the service calls, never filter yourself:
   ``LeaderData(store, library, scope)`` (screens), ``reports.option_distribution(store,
   selection, scope)``, ``reports.export_csv(..., scope=scope)``, ``reports.xapi_statements(
   ..., scope=scope)``. They add the limit to the SQL (``store.leader_cohorts``), so a
   *cursusleider* never loads a row of a trainee outside their cohorts.
3. Before an action that only a *beheerder* may take (make a cohort, manage accounts),
   call :meth:`LeaderScope.require_beheerder`; it raises :class:`NotAllowed`, whose message
   is meant for the leader.

Rules: a beheerder sees every trainee and cohort; a cursusleider sees the cohorts assigned
to them (``frontlijn leader assign``) and the trainees who are a member of one of those,
nothing else — not the trainees in no cohort, not another cohort's name. A cohort or a
trainee outside the scope answers exactly like an unknown one (``UnknownCohort``,
``UnknownTrainee``, ``UnknownAttempt``), so a scope never tells what exists beyond it.

The filter reads the assignments live (by leader id), so taking a cohort away works at the
leader's next view; ``cohorts`` here is what was assigned when the scope was made (for
headers and pickers; :meth:`LeaderScope.refreshed` reads it again).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from frontlijn_game.i18n import _
from frontlijn_game.service.errors import LeaderDataError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.store.leader_cohorts import CohortLimit
    from frontlijn_game.store.leaders import LeaderRecord
    from frontlijn_game.store.service import Store

Role = Literal["beheerder", "cursusleider"]
BEHEERDER: Role = "beheerder"
CURSUSLEIDER: Role = "cursusleider"
ROLES: tuple[Role, ...] = (BEHEERDER, CURSUSLEIDER)


class NotAllowed(LeaderDataError):
    """The leader's role does not allow this (the message says what to ask for)."""


@dataclass(frozen=True)
class LeaderScope:
    """A signed-in leader (or the database owner) and what they may see."""

    name: str
    role: Role
    leader_id: int | None = None
    """The account's id; None only for :meth:`owner` (no account, sees everything)."""
    cohort_ids: frozenset[int] = frozenset()
    """The cohorts assigned when the scope was made (a beheerder's are not needed)."""
    cohorts: tuple[str, ...] = ()
    """Their names, by name."""

    @classmethod
    def owner(cls) -> LeaderScope:
        """The database's owner on the server (a command without ``--leader``): everything."""
        return cls(name="", role=BEHEERDER)

    @property
    def sees_all(self) -> bool:
        return self.role == BEHEERDER

    @property
    def is_owner(self) -> bool:
        return self.leader_id is None and self.sees_all

    @property
    def limit(self) -> CohortLimit | None:
        """The store's SQL filter; None for a beheerder (nothing is left out)."""
        if self.sees_all:
            return None
        from frontlijn_game.store.leader_cohorts import CohortLimit

        # A cursusleider always has an account; -1 matches no assignment (sees nothing).
        return CohortLimit(self.leader_id if self.leader_id is not None else -1)

    def require_beheerder(self, what: str | None = None) -> None:
        """Raise :class:`NotAllowed` unless this is a beheerder (``what`` names the action)."""
        if self.sees_all:
            return
        raise NotAllowed(
            _("Alleen een beheerder kan dit: {what}.").format(what=what)
            if what
            else _("Alleen een beheerder kan dit.")
        )

    def narrow(self, selection: Selection) -> Selection:
        """The selection limited to this scope (a report's ``Selection`` as asked)."""
        if self.sees_all:
            return selection
        return replace(selection, within=self.limit)

    def refreshed(self, store: Store) -> LeaderScope:
        """The same leader as the database says now (role and cohorts)."""
        if self.leader_id is None:
            return self
        return scope_of(store, self.name)

    def label(self) -> str:
        """``beheerder`` / ``cursusleider`` in the interface language."""
        return role_label(self.role)


def role_label(role: str) -> str:
    labels: dict[str, str] = {BEHEERDER: _("beheerder"), CURSUSLEIDER: _("cursusleider")}
    return labels.get(role, role)


def scope_in(session: Session, name: str) -> LeaderScope:
    """The scope of leader ``name`` read in ``session`` (``UnknownLeader`` if none)."""
    from frontlijn_game.store.leader_cohorts import cohorts_of
    from frontlijn_game.store.leaders import get_leader

    leader = get_leader(session, name)
    return _scope(leader.id, leader.name, leader.role, cohorts_of(session, leader.id))


def scope_of(store: Store, name: str) -> LeaderScope:
    """The scope of leader ``name`` as the database holds it now."""
    return store.db.read(lambda s: scope_in(s, name))


def scope_of_record(store: Store, leader: LeaderRecord) -> LeaderScope:
    """The scope of a leader a login returned (read by id: a rename cannot swap it)."""
    from frontlijn_game.store.leader_cohorts import cohorts_of

    def work(session: Session) -> LeaderScope:
        return _scope(leader.id, leader.name, leader.role, cohorts_of(session, leader.id))

    return store.db.read(work)


def _scope(leader_id: int, name: str, role: str, cohorts: list[tuple[int, str]]) -> LeaderScope:
    checked: Role = CURSUSLEIDER if role == CURSUSLEIDER else BEHEERDER
    if role not in ROLES:  # the database refuses other values; never widen on a surprise
        checked = CURSUSLEIDER
    return LeaderScope(
        name=name,
        role=checked,
        leader_id=leader_id,
        cohort_ids=frozenset(cid for cid, _name in cohorts),
        cohorts=tuple(cname for _cid, cname in cohorts),
    )


def check_cohort(session: Session, scope: LeaderScope, cohort: str) -> int:
    """The id of ``cohort`` if the scope may see it; else ``UnknownCohort`` (as if absent)."""
    from frontlijn_game.store.errors import UnknownCohort
    from frontlijn_game.store.leader_cohorts import cohort_visible
    from frontlijn_game.store.people import get_cohort

    found = get_cohort(session, cohort)
    if not cohort_visible(session, scope.limit, found.id):
        raise UnknownCohort(cohort.strip())
    return found.id


def check_trainee(session: Session, scope: LeaderScope, code: str) -> int:
    """The id of trainee ``code`` if the scope may see them; else ``UnknownTrainee``."""
    from frontlijn_game.store.errors import UnknownTrainee
    from frontlijn_game.store.leader_cohorts import trainee_visible
    from frontlijn_game.store.people import get_trainee

    found = get_trainee(session, code)
    if not trainee_visible(session, scope.limit, found.id):
        raise UnknownTrainee(code.strip())
    return found.id


def check_attempt(session: Session, scope: LeaderScope, attempt_id: int) -> None:
    """``UnknownAttempt`` unless attempt ``attempt_id`` is of a trainee the scope sees."""
    from frontlijn_game.store.errors import UnknownAttempt
    from frontlijn_game.store.leader_cohorts import attempt_visible

    if not attempt_visible(session, scope.limit, attempt_id):
        raise UnknownAttempt(attempt_id)


__all__ = [
    "BEHEERDER",
    "CURSUSLEIDER",
    "ROLES",
    "LeaderScope",
    "NotAllowed",
    "Role",
    "check_attempt",
    "check_cohort",
    "check_trainee",
    "role_label",
    "scope_in",
    "scope_of",
    "scope_of_record",
]
