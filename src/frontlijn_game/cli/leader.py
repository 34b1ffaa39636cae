"""``frontlijn leader``: the course-leader dashboard, and its accounts.

``frontlijn leader`` opens the leader app, whose first screen asks for a leader's name and
password (wrong credentials get nothing and a growing delay). ``frontlijn leader
add|list|remove|passwd|role|assign|unassign`` manage the accounts, their role (beheerder or
cursusleider) and the cohorts a cursusleider leads: a password is asked twice with hidden
input, or read from the first line of ``--password-file F`` (``-``: standard input) for
scripted set-up; it is stored only as a scrypt hash.

Every rule is in ``service/accounts.py``; these commands act as the database's owner
(``LeaderScope.owner()``): they trust whoever holds the database (its file, or its URL and
password). Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.scope import LeaderScope


def read_password(password_file: str | None, confirm: bool = True, err: bool = False) -> str:
    """A password from a file's first line (``-``: stdin) or asked (twice), hidden;
    ``err``: the question goes to standard error (the output is data)."""
    if password_file is not None:
        try:
            if password_file == "-":
                text = sys.stdin.readline()
            else:
                text = Path(password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(
                _("kan geen wachtwoord lezen uit {file}: {error}").format(
                    file=password_file, error=exc
                )
            )
        lines = text.splitlines()
        password = lines[0] if lines else ""
        if not password:
            where = _("standaardinvoer") if password_file == "-" else password_file
            fail(
                _("{where} bevat geen wachtwoord (het wordt uit de eerste regel gelezen)").format(
                    where=where
                )
            )
        return password
    return str(
        click.prompt(
            _("Wachtwoord"), hide_input=True, confirmation_prompt=confirm, type=str, err=err
        )
    )


def _store(app: AppContext):  # type: ignore[no-untyped-def]
    from frontlijn_game.cli.people import opened_store

    return opened_store(app)


@click.group(
    invoke_without_command=True,
    help=N_(
        "Dashboard voor cursusleiders (vraagt inloggegevens), en accounts van cursusleiders.\n\n\b\nfrontlijn leader                    het dashboard openen\nfrontlijn leader add NAME           een account maken (wachtwoord twee keer gevraagd)\nfrontlijn leader list               de accounts, hun rol en cohorten tonen\nfrontlijn leader assign NAME C      NAME wordt cursusleider van cohort C\nfrontlijn leader unassign NAME C    cohort C weer afnemen\nfrontlijn leader role NAME ROL      beheerder of cursusleider maken\nfrontlijn leader passwd NAME        een nieuw wachtwoord zetten\nfrontlijn leader remove NAME        een account verwijderen\n\nEen beheerder ziet alle cohorten, een cursusleider alleen de eigen cohorten.\nDe opdrachten voor accounts vertrouwen wie de database heeft, zoals elk rapport."
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
    """Who these commands act as: the holder of the database (see the module docstring)."""
    from frontlijn_game.service.scope import LeaderScope

    return LeaderScope.owner()


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
@pass_app
def leader_add(
    app: AppContext,
    name: str,
    password_file: str | None,
    role: str | None,
    cohorts: tuple[str, ...],
) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        accounts.check_name(name)
        for cohort in cohorts:  # an unknown cohort: say so before asking a password
            accounts.check_cohort(store, cohort)
        password = accounts.check_password(read_password(password_file), name)
        account = accounts.add(store, _owner(), name, password, role=role, cohorts=cohorts)
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
@pass_app
def leader_assign(app: AppContext, name: str, cohort: str) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        account, new = accounts.assign(store, _owner(), name, cohort)
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
@pass_app
def leader_unassign(app: AppContext, name: str, cohort: str) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        account, gone = accounts.unassign(store, _owner(), name, cohort)
    text = (
        _("{name} leidt cohort {cohort} niet meer")
        if gone
        else _("{name} leidde cohort {cohort} niet; niets veranderd")
    )
    click.echo(text.format(name=account.name, cohort=cohort.strip()))


@leader.command("role", help=N_("Maak NAME beheerder (alle cohorten) of cursusleider."))
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@pass_app
def leader_role(app: AppContext, name: str, role: str) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        account = accounts.set_role(store, _owner(), name, role)
    click.echo(
        _("{name} is nu {role}; cohorten: {cohorts}").format(
            name=account.name,
            role=_role_text(account.role),
            cohorts=_cohorts_text(account.cohorts, account.role),
        )
    )


@leader.command("remove", help=N_("Verwijder het account NAME van een cursusleider."))
@click.argument("name")
@pass_app
def leader_remove(app: AppContext, name: str) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        accounts.remove(store, _owner(), name)
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
@pass_app
def leader_passwd(app: AppContext, name: str, password_file: str | None) -> None:
    from frontlijn_game.service import accounts

    with _store(app) as store:
        accounts.exists(store, name)  # unknown name: say so first
        password = accounts.check_password(read_password(password_file), name)
        accounts.set_password(store, _owner(), name, password)
    click.echo(_("wachtwoord van cursusleider {name} veranderd").format(name=name.strip()))


COMMANDS: list[click.Command] = [leader]
