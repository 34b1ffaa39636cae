"""``frontlijn leader``: the course-leader dashboard, and its accounts.

``frontlijn leader`` opens the leader app, whose first screen asks for a leader's name and
password (wrong credentials get nothing and a growing delay). ``frontlijn leader
add|list|remove|passwd NAME`` manage the accounts: a password is asked twice with hidden
input, or read from the first line of ``--password-file F`` (``-``: standard input) for
scripted set-up; it is stored only as a scrypt hash.

The account commands pass for the database's owner (the OS user owning the SQLite file,
the PostgreSQL role owning the tables); anyone else signs in as a *beheerder* with
``--leader NAME`` (its password from ``--leader-password-file F`` or asked), see
``service.admin``. Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import asker, leader_options
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _


def _read_password(password_file: str | None, confirm: bool = True) -> str:
    """A password from a file's first line (``-``: stdin) or asked twice, hidden."""
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
        click.prompt(_("Wachtwoord"), hide_input=True, confirmation_prompt=confirm, type=str)
    )


def _store(app: AppContext):  # type: ignore[no-untyped-def]
    from frontlijn_game.cli.people import opened_store

    return opened_store(app)


@click.group(
    invoke_without_command=True,
    help=N_(
        "Dashboard voor cursusleiders (vraagt inloggegevens), en accounts van cursusleiders.\n\n\b\nfrontlijn leader                    het dashboard openen\nfrontlijn leader add NAME           een account maken (wachtwoord twee keer gevraagd)\nfrontlijn leader list               de accounts tonen\nfrontlijn leader passwd NAME        een nieuw wachtwoord zetten\nfrontlijn leader remove NAME        een account verwijderen\n\nDe opdrachten voor accounts mag de eigenaar van de database zonder meer; ieder ander logt\nin als beheerder met --leader NAME."
    ),
)
@click.pass_context
def leader(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    assert app is not None
    from frontlijn_game.store.leaders import count_leaders

    with _store(app) as store:
        accounts = store.db.read(count_leaders)
    if not accounts:
        fail(
            _(
                "er is nog geen account voor een cursusleider; maak er een met: frontlijn leader add NAME"
            )
        )
    from frontlijn_game.ui.factory import build_app

    build_app(app.content_dir, app.db_url, lang=app.lang, mode="leader").run()


@leader.command("add", help=N_("Maak het account NAME voor een cursusleider."))
@click.argument("name")
@click.option(
    "--password-file",
    metavar="F",
    help=N_("Lees het wachtwoord uit de eerste regel van F ('-': standaardinvoer)."),
)
@leader_options(("--leader-password-file",))
@pass_app
def leader_add(
    app: AppContext,
    name: str,
    password_file: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service.admin import authorise_accounts
    from frontlijn_game.store.leaders import add_leader, check_name, check_password

    with _store(app) as store:
        authorise_accounts(store, asker(leader_name, leader_password_file))
        check_name(name)
        password = check_password(_read_password(password_file), name)
        record = store.db.write(lambda s: add_leader(s, name, password))
    click.echo(_("cursusleider {name} toegevoegd").format(name=record.name))


@leader.command("list", help=N_("Toon de accounts van cursusleiders (nooit hun wachtwoorden)."))
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"leaders": [...]} als JSON.'))
@pass_app
def leader_list(app: AppContext, as_json: bool) -> None:
    from frontlijn_game.store.leaders import list_leaders

    with _store(app) as store:
        records = store.db.read(list_leaders)
    if as_json:
        emit_json({"leaders": [r.to_json() for r in records]})
        return
    if not records:
        click.echo(_("geen cursusleiders"))
        return
    head = _("cursusleider"), _("aangemaakt"), _("mislukte inlogpogingen")
    width = max(len(head[0]), *(len(r.name) for r in records))
    click.echo(f"{head[0].ljust(width)}  {head[1]:<16}  {head[2]}")
    for r in records:
        created = r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        click.echo(f"{r.name.ljust(width)}  {created}  {r.failures}")


@leader.command("remove", help=N_("Verwijder het account NAME van een cursusleider."))
@click.argument("name")
@leader_options(("--leader-password-file",))
@pass_app
def leader_remove(
    app: AppContext, name: str, leader_name: str | None, leader_password_file: str | None
) -> None:
    from frontlijn_game.service.admin import authorise_accounts
    from frontlijn_game.store.leaders import remove_leader

    with _store(app) as store:
        authorise_accounts(store, asker(leader_name, leader_password_file))
        store.db.write(lambda s: remove_leader(s, name))
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
@leader_options(("--leader-password-file",))
@pass_app
def leader_passwd(
    app: AppContext,
    name: str,
    password_file: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service.admin import authorise_accounts
    from frontlijn_game.store.leaders import check_password, get_leader, set_password

    with _store(app) as store:
        authorise_accounts(store, asker(leader_name, leader_password_file))
        store.db.read(lambda s: get_leader(s, name).id)  # unknown name: say so first
        password = check_password(_read_password(password_file), name)
        store.db.write(lambda s: set_password(s, name, password))
    click.echo(_("wachtwoord van cursusleider {name} veranderd").format(name=name.strip()))


COMMANDS: list[click.Command] = [leader]
