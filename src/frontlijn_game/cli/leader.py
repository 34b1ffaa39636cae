"""``frontlijn leader``: the course-leader dashboard, and its accounts.

``frontlijn leader`` opens the leader app, whose first screen asks for a leader's name and
password (wrong credentials get nothing and a growing delay). ``frontlijn leader
add|list|remove|passwd NAME`` manage the accounts: a password is asked twice with hidden
input, or read from the first line of ``--password-file F`` (``-``: standard input) for
scripted set-up; it is stored only as a scrypt hash.

The account commands themselves ask for no leader password: like every command-line
report, they trust whoever holds the database (its file, or its URL and password).
Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.output import emit_json, fail


def _read_password(password_file: str | None, confirm: bool = True) -> str:
    """A password from a file's first line (``-``: stdin) or asked twice, hidden."""
    if password_file is not None:
        try:
            if password_file == "-":
                text = sys.stdin.readline()
            else:
                text = Path(password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read a password from {password_file}: {exc}")
        lines = text.splitlines()
        password = lines[0] if lines else ""
        if not password:
            where = "standard input" if password_file == "-" else password_file
            fail(f"{where} holds no password (it is read from the first line)")
        return password
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm, type=str))


def _store(app: AppContext):  # type: ignore[no-untyped-def]
    from frontlijn_game.cli.people import opened_store

    return opened_store(app)


@click.group(invoke_without_command=True)
@click.pass_context
def leader(ctx: click.Context) -> None:
    """Course-leader dashboard (asks for a leader's credentials), and leader accounts.

    \b
    frontlijn leader                    open the dashboard
    frontlijn leader add NAME           create an account (password asked twice)
    frontlijn leader list               list the accounts
    frontlijn leader passwd NAME        set a new password
    frontlijn leader remove NAME        delete an account

    The account commands trust whoever holds the database, like every report.
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.find_object(AppContext)
    assert app is not None
    from frontlijn_game.store.leaders import count_leaders

    with _store(app) as store:
        accounts = store.db.read(count_leaders)
    if not accounts:
        fail("there is no course-leader account yet; create one with: frontlijn leader add NAME")
    from frontlijn_game.ui.factory import build_app

    build_app(app.content_dir, app.db_url, lang=app.lang, mode="leader").run()


@leader.command("add")
@click.argument("name")
@click.option(
    "--password-file",
    metavar="F",
    help="Read the password from the first line of F ('-': standard input).",
)
@pass_app
def leader_add(app: AppContext, name: str, password_file: str | None) -> None:
    """Create course-leader account NAME."""
    from frontlijn_game.store.leaders import add_leader, check_name, check_password

    with _store(app) as store:
        check_name(name)
        password = check_password(_read_password(password_file), name)
        record = store.db.write(lambda s: add_leader(s, name, password))
    click.echo(f"added course leader {record.name}")


@leader.command("list")
@click.option("--json", "as_json", is_flag=True, help='Print {"leaders": [...]} as JSON.')
@pass_app
def leader_list(app: AppContext, as_json: bool) -> None:
    """List course-leader accounts (never their passwords)."""
    from frontlijn_game.store.leaders import list_leaders

    with _store(app) as store:
        records = store.db.read(list_leaders)
    if as_json:
        emit_json({"leaders": [r.to_json() for r in records]})
        return
    if not records:
        click.echo("no course leaders")
        return
    width = max(len("leader"), *(len(r.name) for r in records))
    click.echo(f"{'leader'.ljust(width)}  created           failed logins")
    for r in records:
        created = r.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        click.echo(f"{r.name.ljust(width)}  {created}  {r.failures}")


@leader.command("remove")
@click.argument("name")
@pass_app
def leader_remove(app: AppContext, name: str) -> None:
    """Delete course-leader account NAME."""
    from frontlijn_game.store.leaders import remove_leader

    with _store(app) as store:
        store.db.write(lambda s: remove_leader(s, name))
    click.echo(f"removed course leader {name.strip()}")


@leader.command("passwd")
@click.argument("name")
@click.option(
    "--password-file",
    metavar="F",
    help="Read the new password from the first line of F ('-': standard input).",
)
@pass_app
def leader_passwd(app: AppContext, name: str, password_file: str | None) -> None:
    """Set a new password for course leader NAME (also clears its failed logins)."""
    from frontlijn_game.store.leaders import check_password, get_leader, set_password

    with _store(app) as store:
        store.db.read(lambda s: get_leader(s, name).id)  # unknown name: say so first
        password = check_password(_read_password(password_file), name)
        store.db.write(lambda s: set_password(s, name, password))
    click.echo(f"changed the password of course leader {name.strip()}")


COMMANDS: list[click.Command] = [leader]
