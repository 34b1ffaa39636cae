"""``frontlijn leader``: the course-leader dashboard, and its accounts.

``frontlijn leader`` opens the leader app, whose first screen asks for a leader's name and
password (wrong credentials get nothing and a growing delay). ``frontlijn leader
add|list|remove|passwd|role|assign|unassign`` manage the accounts, their role (beheerder or
cursusleider) and the cohorts a cursusleider leads: a password is asked twice with hidden
input, or read from the first line of ``--password-file F`` (``-``: standard input) for
scripted set-up; it is stored only as a scrypt hash.

Every rule is in ``service/accounts.py``. The commands that write accounts pass for the
database's owner (the OS user owning the SQLite file, the PostgreSQL role owning the
tables); anyone else logs in as a *beheerder* with ``--leader NAME`` (its password from
``--leader-password-file F`` or asked), see ``service.admin``. ``leader list`` only reads,
as the owner. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import leader_options, read_password
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.database import Store
    from frontlijn_game.service.scope import LeaderScope

LOGIN = leader_options(("--leader-password-file",))
"""``--leader NAME --leader-password-file F``: the login of a beheerder who is not the
database's owner (``--password-file`` is the new account's password here)."""


def _store(app: AppContext):  # type: ignore[no-untyped-def]
    from frontlijn_game.cli.people import opened_store

    return opened_store(app)


@click.group(
    invoke_without_command=True,
    help=N_(
        "Dashboard voor cursusleiders (vraagt inloggegevens), en accounts van cursusleiders.\n\n\b\nfrontlijn leader                    het dashboard openen\nfrontlijn leader add NAME           een account maken (wachtwoord twee keer gevraagd)\nfrontlijn leader list               de accounts, hun rol en cohorten tonen\nfrontlijn leader assign NAME C      NAME wordt cursusleider van cohort C\nfrontlijn leader unassign NAME C    cohort C weer afnemen\nfrontlijn leader role NAME ROL      beheerder of cursusleider maken\nfrontlijn leader passwd NAME        een nieuw wachtwoord zetten\nfrontlijn leader remove NAME        een account verwijderen\n\nEen beheerder ziet alle cohorten, een cursusleider alleen de eigen cohorten.\nDe eigenaar van de database wijzigt accounts zonder meer; ieder ander logt in als\nbeheerder met --leader NAME (wachtwoord gevraagd of uit --leader-password-file F)."
    ),
)
@click.pass_context
def leader(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    assert app is not None
    from frontlijn_game.service import accounts as service

    with _store(app) as store:
        accounts = service.count(store)
    if not accounts:
        fail(
            _(
                "er is nog geen account voor een cursusleider; maak er een met: frontlijn leader add NAME"
            )
        )
    from frontlijn_game.ui.factory import build_app

    build_app(app.content_dir, app.db_url, lang=app.lang, mode="leader").run()


ROLE_CHOICE = click.Choice(["beheerder", "cursusleider"], case_sensitive=False)


def _owner() -> LeaderScope:
    """Who ``leader list`` reads as: the holder of the database (see the module docstring)."""
    from frontlijn_game.service.scope import LeaderScope

    return LeaderScope.owner()


def _operator(store: Store, leader_name: str | None, password_file: str | None) -> LeaderScope:
    """Who runs an account command that writes: the database's owner without a question,
    else a beheerder who logs in (``service.admin.authorise_accounts``); exit 1 if neither."""
    from frontlijn_game.cli.login import asker
    from frontlijn_game.service.admin import authorise_accounts

    return authorise_accounts(store, asker(leader_name, password_file)).scope


def _role_text(role: str) -> str:
    from frontlijn_game.service.scope import role_label

    return role_label(role)


def _cohorts_text(cohorts: Sequence[str], role: str) -> str:
    """The cohorts an account sees: every one for a beheerder, else those it leads."""
    if role == "beheerder":
        return _("alle")
    return ", ".join(cohorts) if cohorts else _("geen")


@leader.command(
    "add",
    help=N_(
        "Maak het account NAME: een beheerder (alle cohorten, de accounts) of een cursusleider\n(alleen de cohorten die je toewijst). Het eerste account is altijd beheerder; daarna\nis een nieuw account cursusleider, tenzij --role beheerder."
    ),
)
@click.argument("name")
@click.option(
    "--password-file",
    metavar="F",
    help=N_("Lees het wachtwoord uit de eerste regel van F ('-': standaardinvoer)."),
)
@click.option("--role", type=ROLE_CHOICE, default=None, help=N_("beheerder of cursusleider."))
@click.option(
    "--cohort",
    "cohorts",
    multiple=True,
    metavar="C",
    help=N_("Een cohort dat deze cursusleider leidt (mag vaker)."),
)
@LOGIN
@pass_app
def leader_add(
    app: AppContext,
    name: str,
    password_file: str | None,
    role: str | None,
    cohorts: tuple[str, ...],
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        accounts.check_name(name)
        for cohort in cohorts:  # an unknown cohort: say so before asking a password
            accounts.check_cohort(store, cohort)
        password = accounts.check_password(read_password(password_file), name)
        account = accounts.add(store, operator, name, password, role=role, cohorts=cohorts)
    click.echo(_("cursusleider {name} toegevoegd").format(name=account.name))
    if role is not None and role != account.role:
        click.echo(_("het eerste account van een database is altijd beheerder"), err=True)
    click.echo(
        _("rol: {role}; cohorten: {cohorts}").format(
            role=_role_text(account.role), cohorts=_cohorts_text(account.cohorts, account.role)
        ),
        err=True,
    )


@leader.command(
    "list",
    help=N_("Toon de accounts van cursusleiders met rol en cohorten (nooit hun wachtwoorden)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"leaders": [...]} als JSON.'))
@pass_app
def leader_list(app: AppContext, as_json: bool) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        records = accounts.list_accounts(store, _owner())
    if as_json:
        emit_json({"leaders": [r.to_json() for r in records]})
        return
    if not records:
        click.echo(_("geen cursusleiders"))
        return
    head = _("naam"), _("rol"), _("aangemaakt"), _("mislukte inlogpogingen"), _("cohorten")
    width = max(len(head[0]), *(len(r.name) for r in records))
    roles = [_role_text(r.role) for r in records]
    role_width = max(len(head[1]), *(len(r) for r in roles))
    fails = len(head[3])
    click.echo(
        f"{head[0].ljust(width)}  {head[1].ljust(role_width)}  {head[2]:<16}  {head[3]}  {head[4]}"
    )
    for r, role in zip(records, roles, strict=True):
        created = r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        cohorts = _cohorts_text(r.cohorts, r.role)
        click.echo(
            f"{r.name.ljust(width)}  {role.ljust(role_width)}  {created}  "
            f"{str(r.failures).ljust(fails)}  {cohorts}"
        )


@leader.command(
    "assign", help=N_("Laat cursusleider NAME cohort COHORT leiden (en zijn deelnemers zien).")
)
@click.argument("name")
@click.argument("cohort")
@LOGIN
@pass_app
def leader_assign(
    app: AppContext,
    name: str,
    cohort: str,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        account, new = accounts.assign(store, operator, name, cohort)
    text = (
        _("{name} leidt nu cohort {cohort}")
        if new
        else _("{name} leidde cohort {cohort} al; niets veranderd")
    )
    click.echo(text.format(name=account.name, cohort=cohort.strip()))
    if account.role == "beheerder":
        click.echo(
            _("{name} is beheerder en ziet toch alle cohorten").format(name=account.name),
            err=True,
        )


@leader.command("unassign", help=N_("Neem cohort COHORT af van cursusleider NAME."))
@click.argument("name")
@click.argument("cohort")
@LOGIN
@pass_app
def leader_unassign(
    app: AppContext,
    name: str,
    cohort: str,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        account, gone = accounts.unassign(store, operator, name, cohort)
    text = (
        _("{name} leidt cohort {cohort} niet meer")
        if gone
        else _("{name} leidde cohort {cohort} niet; niets veranderd")
    )
    click.echo(text.format(name=account.name, cohort=cohort.strip()))


@leader.command("role", help=N_("Maak NAME beheerder (alle cohorten) of cursusleider."))
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@LOGIN
@pass_app
def leader_role(
    app: AppContext,
    name: str,
    role: str,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        account = accounts.set_role(store, operator, name, role)
    click.echo(
        _("{name} is nu {role}; cohorten: {cohorts}").format(
            name=account.name,
            role=_role_text(account.role),
            cohorts=_cohorts_text(account.cohorts, account.role),
        )
    )


@leader.command("remove", help=N_("Verwijder het account NAME van een cursusleider."))
@click.argument("name")
@LOGIN
@pass_app
def leader_remove(
    app: AppContext,
    name: str,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        accounts.remove(store, operator, name)
    click.echo(_("cursusleider {name} verwijderd").format(name=name.strip()))


@leader.command(
    "passwd",
    help=N_(
        "Zet een nieuw wachtwoord voor cursusleider NAME (wist ook de mislukte inlogpogingen)."
    ),
)
@click.argument("name")
@click.option(
    "--password-file",
    metavar="F",
    help=N_("Lees het nieuwe wachtwoord uit de eerste regel van F ('-': standaardinvoer)."),
)
@LOGIN
@pass_app
def leader_passwd(
    app: AppContext,
    name: str,
    password_file: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        operator = _operator(store, leader_name, leader_password_file)
        accounts.exists(store, name)  # unknown name: say so first
        accounts.check_takes_password(store, name)  # an LTI account never gets one
        password = accounts.check_password(read_password(password_file), name)
        accounts.set_password(store, operator, name, password)
    click.echo(_("wachtwoord van cursusleider {name} veranderd").format(name=name.strip()))


COMMANDS: list[click.Command] = [leader]
