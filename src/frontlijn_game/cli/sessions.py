"""``frontlijn session open|console|list`` (the facilitator) and ``frontlijn join CODE``.

``session open CASE`` asks the leader's name and password (``--leader`` and
``--password-file`` for scripts), opens the session, prints its short code and opens the
facilitator console in the terminal (``--no-console``: print the code and stop).
``session console CODE`` opens the console of a running session again, e.g. after the
facilitator's terminal was closed: everything is in the database. ``join CODE`` signs the
trainee in as usual and shows the participant screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.desk import leader_login
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import leader_options
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.leader_auth import LeaderRecord


def _console(app: AppContext, code: str, leader: LeaderRecord) -> None:
    from frontlijn_game.cli.desk import opened_store
    from frontlijn_game.service.resources import CONSOLE_KEY
    from frontlijn_game.service.scope import scope_of_record
    from frontlijn_game.ui.factory import build_app

    with opened_store(app) as store:
        scope = scope_of_record(store, leader)

    build_app(
        app.content_dir,
        app.db_url,
        lang=app.lang,
        mode="leader",
        extra={CONSOLE_KEY: (code, leader, scope)},
    ).run()


@click.group(help=N_("Een live sessie leiden: een groep speelt samen één casus."))
def session() -> None:
    pass


@session.command(
    "open",
    help=N_(
        "Open een sessie van CASE, toon de korte code en open de console van de gespreksleider."
    ),
)
@click.argument("case", metavar="CASE")
@click.option("--cohort", metavar="C", help=N_("Alleen dit cohort schuift direct aan."))
@click.option(
    "--mode",
    type=click.Choice(["klassikaal", "casusoverleg"]),
    default=None,
    help=N_(
        "klassikaal (iedereen stemt) of casusoverleg (elk een rol); standaard: casusoverleg bij een casus met rollen."
    ),
)
@leader_options()
@click.option("--no-console", is_flag=True, help=N_("Toon alleen de code; open geen console."))
@click.option(
    "--json", "as_json", is_flag=True, help=N_("Toon de sessie als JSON (met --no-console).")
)
@pass_app
def session_open(
    app: AppContext,
    case: str,
    cohort: str | None,
    mode: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
    no_console: bool,
    as_json: bool,
) -> None:
    from frontlijn_game.cli.content import load_scenario_arg
    from frontlijn_game.cli.desk import opened_store
    from frontlijn_game.service import sessions

    scenario = load_scenario_arg(app, case)
    record = leader_login(app, leader_name, leader_password_file)
    chosen = mode or ("casusoverleg" if scenario.roles else "klassikaal")
    with opened_store(app) as store:
        try:
            head = sessions.open_session(store, scenario, record.name, cohort, chosen)
        except sessions.SessionError as exc:
            fail(str(exc))
    if as_json:
        emit_json({"code": head.code, "scenario": head.scenario_id, "mode": head.mode,
                   "cohort": head.cohort})  # fmt: skip
    else:
        click.echo(
            _("Sessie {code} geopend ({mode}). Deelnemers typen: frontlijn join {code}").format(
                code=head.code, mode=head.mode
            )
        )
    if not no_console:
        _console(app, head.code, record)


@session.command("console", help=N_("Open de console van sessie CODE opnieuw."))
@click.argument("code")
@leader_options()
@pass_app
def session_console(
    app: AppContext, code: str, leader_name: str | None, leader_password_file: str | None
) -> None:
    from frontlijn_game.cli.desk import opened_store
    from frontlijn_game.service import sessions

    record = leader_login(app, leader_name, leader_password_file)
    with opened_store(app) as store:
        try:
            head = sessions.console(store, code, record.name).header
        except sessions.SessionError as exc:
            fail(str(exc))
    _console(app, head.code, record)


@session.command("list", help=N_("Toon de sessies die je opende."))
@leader_options()
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"sessions": [...]} als JSON.'))
@pass_app
def session_list(
    app: AppContext, leader_name: str | None, leader_password_file: str | None, as_json: bool
) -> None:
    from dataclasses import asdict

    from frontlijn_game.cli.desk import opened_store
    from frontlijn_game.service import sessions

    record = leader_login(app, leader_name, leader_password_file)
    with opened_store(app) as store:
        found = sessions.list_sessions(store, record.name)
    if as_json:
        emit_json({"sessions": [asdict(s) for s in found]})
        return
    if not found:
        click.echo(_("geen sessies"))
    for s in found:
        click.echo(f"{s.code}  {s.status:<8} {s.mode:<13} {s.scenario_id}  "
                   + _("{n} deelnemers").format(n=s.seats))  # fmt: skip


@click.command(help=N_("Schuif aan bij live sessie CODE: meld je aan zoals altijd."))
@click.argument("code")
@click.option("--trainee", metavar="CODE", help=N_("Meld je aan met deze deelnemerscode."))
@pass_app
def join(app: AppContext, code: str, trainee: str | None) -> None:
    from frontlijn_game.cli.desk import opened_store
    from frontlijn_game.service import sessions
    from frontlijn_game.service.resources import JOIN_KEY
    from frontlijn_game.ui.factory import build_app

    with opened_store(app) as store:
        try:
            sessions.version(store, code)
        except sessions.SessionError as exc:
            fail(str(exc))
    build_app(
        app.content_dir,
        app.db_url,
        lang=app.lang,
        trainee=trainee,
        extra={JOIN_KEY: code.strip().upper()},
    ).run()


COMMANDS: list[click.Command] = [session, join]
