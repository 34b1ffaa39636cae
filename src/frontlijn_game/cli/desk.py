"""Where a course leader's command works: the database here, or a server (``--server``).

Every command that reads or writes people, reports or exports opens its
:class:`~frontlijn_game.service.leader_desk.LeaderDesk` with :func:`leader_desk` and
calls it; the command never decides who may do what. The one sign-in wiring:

- ``--server URL``: a leader always signs in at the server (``--leader NAME``, or the
  name asked at a terminal; the password asked hidden or read from the password file),
  and the server answers within that leader's scope. No database is opened here.
- the database here, a command that writes (``writes=True``): the database's owner
  passes without a question; anyone else signs in as a leader (``service.admin``).
- the database here, a command that reads: as its holder (the owner's view) without
  ``--leader``, else as that leader, who sees their own cohorts only.

Errors of the store, of a refusal and of the server become one line and exit 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from frontlijn_game.cli.context import AppContext
from frontlijn_game.cli.login import asker, at_a_terminal, read_password
from frontlijn_game.cli.output import fail, store_message
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.admin import Operator
    from frontlijn_game.service.database import Store
    from frontlijn_game.service.leader_auth import LeaderRecord
    from frontlijn_game.service.leader_desk import LeaderDesk
    from frontlijn_game.service.people import PeopleAdmin
    from frontlijn_game.service.scope import LeaderScope


@contextmanager
def words_for_failures() -> Iterator[None]:
    """Store, database, refusal and server errors become one line and exit 1, never a
    traceback."""
    from frontlijn_game.service.database import StoreError
    from frontlijn_game.service.errors import LeaderDataError
    from frontlijn_game.service.trainee import ProgressError

    try:
        yield
    except StoreError as exc:
        fail(store_message(exc))
    except (LeaderDataError, ProgressError) as exc:  # a role that may not; the server's no
        fail(str(exc))


@contextmanager
def opened_store(app: AppContext) -> Iterator[Store]:
    """The store of ``--db``; store and database errors become exit 1, never a traceback."""
    from frontlijn_game.service.database import opened_store as opened

    with words_for_failures(), opened(app.db_url) as store:
        yield store


@contextmanager
def leader_desk(
    app: AppContext, leader_name: str | None, password_file: str | None, *, writes: bool
) -> Iterator[LeaderDesk]:
    """The desk of this command (see the module docstring); closed when it is done."""
    if app.server is not None:
        with words_for_failures():
            desk = _remote(app, leader_name, password_file)
            try:
                yield desk
            finally:
                desk.close()
        return
    from frontlijn_game.service.leader_desk import LocalDesk

    with opened_store(app) as store:
        if writes:
            from frontlijn_game.service.admin import authorise

            operator = authorise(store, asker(leader_name, password_file))
        else:
            operator = _reader(store, leader_name, password_file)
        yield LocalDesk(store, lambda: _library(app), operator)


@contextmanager
def account_operator(
    app: AppContext, leader_name: str | None, password_file: str | None
) -> Iterator[tuple[Store, LeaderScope]]:
    """The store and who changes leader accounts in it (their scope): the owner, or a
    beheerder who signs in (``service.admin.authorise_accounts``); exit 1 if neither.
    Accounts are changed on the server's database only, never over ``--server``."""
    from frontlijn_game.service.admin import authorise_accounts

    if app.server is not None:
        fail(
            _(
                "accounts van cursusleiders wijzig je op de server zelf (als de eigenaar van de "
                "database, of als beheerder met --leader NAME), niet via --server"
            ),
            2,
        )
    with opened_store(app) as store:
        yield store, authorise_accounts(store, asker(leader_name, password_file)).scope


@contextmanager
def administering(
    app: AppContext, leader_name: str | None, password_file: str | None
) -> Iterator[PeopleAdmin]:
    """The people of ``--db`` for a writing command that only works on the database here
    (``db rebuild``), once the owner check or a leader login let us in."""
    from frontlijn_game.service.people import administer

    with words_for_failures(), administer(app.db_url, asker(leader_name, password_file)) as admin:
        yield admin


def leader_login(
    app: AppContext, leader_name: str | None, password_file: str | None
) -> LeaderRecord:
    """The leader who signs in on the database here (``session``: the facilitator), through
    this process's login gate and its growing delay; exit 1 if the login is wrong."""
    from frontlijn_game.service.leader_auth import process_gate

    name = leader_name or _ask_name()
    password = read_password(password_file, confirm=False, err=True)
    with opened_store(app) as store:
        leader = process_gate().login(store, name.strip(), password)
    if leader is None:
        fail(_("naam of wachtwoord van de cursusleider klopt niet"))
    return leader


def _ask_name() -> str:
    if not at_a_terminal():
        fail(
            _(
                "log in als cursusleider: geef --leader NAME (het wachtwoord wordt gevraagd, "
                "of gelezen uit het wachtwoordbestand)"
            )
        )
    return str(click.prompt(_("Cursusleider"), err=True, type=str))


def _library(app: AppContext):  # type: ignore[no-untyped-def]
    from frontlijn_game.scenario.content import load_library

    return load_library(app.content_dir)


def _reader(store: Store, leader_name: str | None, password_file: str | None) -> Operator:
    """Whose view a reading command shows (``service.admin.read_as``): the holder's
    without ``--leader``, else the leader's after their login (a wrong one: exit 1 after
    the growing delay)."""
    from frontlijn_game.service.admin import LeaderLogin, read_as

    login = None
    if leader_name is None:
        if password_file is not None:
            fail(_("het wachtwoordbestand hoort bij --leader"), 2)
    else:
        login = LeaderLogin(leader_name.strip(), read_password(password_file, False, err=True))
    operator = read_as(store, login)
    if operator is None:
        fail(_("naam of wachtwoord van de cursusleider klopt niet"))
    return operator


def _remote(app: AppContext, leader_name: str | None, password_file: str | None) -> LeaderDesk:
    """Signed in at the server as a leader: asked for, never taken from the command line."""
    from frontlijn_game.service.remote_leader import WrongPassword, sign_in

    assert app.server is not None
    name = leader_name or _ask_name()
    if password_file is None and not at_a_terminal():
        fail(
            _(
                "geen terminal om het wachtwoord van {name} te vragen: geef het met "
                "--leader-password-file F ('-': standaardinvoer)"
            ).format(name=name.strip())
        )
    password = read_password(password_file, confirm=False, err=True)
    try:
        return sign_in(app.server, name.strip(), password, app.server_ca)
    except WrongPassword as exc:
        fail(
            _("naam of wachtwoord van de cursusleider klopt niet (de server wachtte {n} s)").format(
                n=exc.seconds
            )
        )


__all__ = [
    "account_operator",
    "administering",
    "leader_desk",
    "leader_login",
    "opened_store",
    "words_for_failures",
]
