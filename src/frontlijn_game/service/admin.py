"""Who is running this administrative command: the database's owner, or a signed-in leader.

Commands that write people or accounts (trainee add/pin/export/erase, cohort create/enrol,
db rebuild, leader add/remove/passwd/assign) call :func:`authorise` first. The owner of
the database passes without a login: for SQLite the OS user who owns the file and can
write it, for PostgreSQL a role with the privileges of the role that owns the tables (the
one that runs ``db upgrade``). Anyone else — in a classroom, whoever only has the app
role's URL — must sign in as a course leader, through the same :class:`LoginGate` as the
leader app, so a wrong password waits 1, 2, 4 ... seconds, counted on the account.

The login is asked for only when needed: the door passes a function that asks (a prompt,
``--leader NAME`` with ``--password-file F``) and the owner is never asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _
from frontlijn_game.store.errors import StoreError

if TYPE_CHECKING:
    from frontlijn_game.service.leader_auth import LoginGate
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.service import Store


@dataclass(frozen=True)
class LeaderLogin:
    """A leader's name and password, as typed or read from a file (never logged)."""

    name: str
    password: str

    def __repr__(self) -> str:
        return f"LeaderLogin(name={self.name!r}, password='***')"


AskLogin = Callable[[], LeaderLogin | None]
"""Asks who is running this; None when nobody can be asked (no terminal, no ``--leader``)."""


@dataclass(frozen=True)
class Operator:
    """Who was let in: the owner (``leader`` None) or the leader who signed in."""

    owner: bool
    leader: str | None
    role: str
    """The PostgreSQL role or OS user the database was opened as."""
    scope: LeaderScope
    """What they may touch: everything for the owner and a beheerder, a cursusleider's
    own cohorts otherwise (``service.scope``)."""


class AdminRefused(StoreError):
    """Not the owner and no (right) leader login: nothing was changed."""


def authorise(store: Store, ask: AskLogin, gate: LoginGate | None = None) -> Operator:
    """The operator of ``store``: the owner, or a leader whose login ``ask`` supplied.

    Raises :class:`AdminRefused` (a message for the person at the keyboard) when neither;
    a wrong login waits first (the growing delay of the leader login).
    """
    from frontlijn_game.service.scope import LeaderScope, scope_of_record
    from frontlijn_game.store.ownership import connected_role, is_owner

    role = connected_role(store.db)
    if is_owner(store.db):
        return Operator(owner=True, leader=None, role=role, scope=LeaderScope.owner())
    login = ask()
    if login is None:
        raise AdminRefused(
            _(
                "dit wijzigt deelnemers of accounts en '{role}' is niet de eigenaar van de "
                "database; log in als cursusleider met --leader NAME (het wachtwoord wordt "
                "gevraagd, of gelezen uit het bestand dat --help noemt), of voer het uit als "
                "de eigenaar op de server"
            ).format(role=role)
        )
    if gate is None:
        from frontlijn_game.service.leader_auth import process_gate

        gate = process_gate()
    leader = gate.login(store, login.name, login.password)
    if leader is None:
        raise AdminRefused(
            _("onbekende cursusleider of verkeerd wachtwoord; er is niets veranderd")
        )
    return Operator(
        owner=False, leader=leader.name, role=role, scope=scope_of_record(store, leader)
    )


def authorise_accounts(store: Store, ask: AskLogin, gate: LoginGate | None = None) -> Operator:
    """:func:`authorise` for the leader accounts (add, remove, passwd, assign): the owner,
    or a leader who signs in and is a *beheerder*. The one-line hook of ``cli/leader.py``::

        authorise_accounts(store, asker(leader_name, leader_password_file))
    """
    operator = authorise(store, ask, gate)
    operator.scope.require_beheerder(_("accounts van cursusleiders beheren"))
    return operator


def leader_operator(store: Store, scope: LeaderScope) -> Operator:
    """A leader who signed in (at the leader login of a door, or of the web door's
    session): never the owner, whatever role this process's connection has."""
    from frontlijn_game.store.ownership import connected_role

    return Operator(owner=False, leader=scope.name, role=connected_role(store.db), scope=scope)


def read_as(
    store: Store, login: LeaderLogin | None, gate: LoginGate | None = None
) -> Operator | None:
    """Who a command that only reads (reports, exports, lists) reads as: whoever holds
    the database without a login (the owner's view, as the database's keys already
    open it all), else the leader of ``login``; None when that login is wrong (after the
    growing delay)."""
    from frontlijn_game.service.leader_auth import login_scope
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.ownership import connected_role

    if login is None:
        return Operator(
            owner=True, leader=None, role=connected_role(store.db), scope=LeaderScope.owner()
        )
    scope = login_scope(store, login.name, login.password, gate)
    return None if scope is None else leader_operator(store, scope)


def require_owner(store: Store, what: str) -> Operator:
    """Only the owner may do ``what`` (change the schema, grant privileges): no login helps."""
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.ownership import connected_role, is_owner

    role = connected_role(store.db)
    if not is_owner(store.db):
        raise AdminRefused(
            _("alleen de eigenaar van de database mag {what}; '{role}' is dat niet").format(
                what=what, role=role
            )
        )
    return Operator(owner=True, leader=None, role=role, scope=LeaderScope.owner())


__all__ = [
    "AdminRefused",
    "AskLogin",
    "LeaderLogin",
    "Operator",
    "authorise",
    "authorise_accounts",
    "leader_operator",
    "read_as",
    "require_owner",
]
