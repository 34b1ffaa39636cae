"""``frontlijn report`` and ``frontlijn export``: cohort analytics and data out.

Each works at a leader's desk (``cli/desk.py``). On the database here, without
``--leader``, they trust whoever holds it (like ``trainee list``) and show every trainee;
with ``--leader NAME`` they ask that leader's password (hidden, or the first line of
``--leader-password-file``) and show only what the leader sees: a cursusleider's own
cohorts (``service/scope.py``). With ``--server URL`` the leader always signs in at the
server, which makes the report. The LRS password is read from a file, never from the
command line, never printed, and never sent to a frontlijn server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.desk import leader_desk
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import leader_options
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service.private_files import open_private

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.service.leader_desk import LeaderDesk, Report


def _selection(
    scenario: str, cohort: str | None, first_only: bool, all_versions: bool, version: str | None
) -> Selection:
    from frontlijn_game.service import reports

    if all_versions and version is not None:
        fail(_("--all-versions en --version sluiten elkaar uit"), 2)
    return reports.selection(scenario, cohort, first_only, all_versions, version)


def _selection_options(f: F) -> F:
    f = click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object."))(f)
    f = click.option(
        "--version",
        "version",
        metavar="HASH",
        help=N_(
            "Eén oudere versie van de casus (een begin van de inhoudshash; standaard: de nieuwste)."
        ),
    )(f)
    f = click.option(
        "--all-versions", is_flag=True, help=N_("Voeg alle versies van de casus samen.")
    )(f)
    f = click.option(
        "--first-only",
        is_flag=True,
        help=N_("Alleen de eerste poging van elke deelnemer aan de casus."),
    )(f)
    f = click.option("--cohort", metavar="NAME", help=N_("Alleen de deelnemers van dit cohort."))(f)
    f = leader_options(("--leader-password-file", "--password-file"))(f)
    return click.argument("scenario")(f)


@click.group(help=N_("Rapporten per cohort: optieverdeling en itemstatistiek van een casus."))
def report() -> None:
    """A group of sub-commands; its help is the ``help=`` above."""


def _case_report(
    name: str, help_text: str, make: Callable[[LeaderDesk, Selection], Report]
) -> None:
    """``report NAME SCENARIO``: one case's report over the selection options."""

    @report.command(name, help=help_text)
    @_selection_options
    @pass_app
    def command(
        app: AppContext,
        scenario: str,
        cohort: str | None,
        first_only: bool,
        all_versions: bool,
        version: str | None,
        as_json: bool,
        leader_name: str | None,
        leader_password_file: str | None,
    ) -> None:
        selection = _selection(scenario, cohort, first_only, all_versions, version)
        with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
            _show(make(desk, selection), as_json)


_case_report(
    "options",
    N_(
        "Per beslispunt van SCENARIO: hoe vaak elke optie gekozen is, haar aandeel en het\ngemiddelde totaal van de afgeronde pogingen die haar kozen."
    ),
    lambda desk, selection: desk.options(selection),
)
_case_report(
    "items",
    N_(
        "Itemstatistiek van SCENARIO: gemak en onderscheidend vermogen per beslispunt, en de\nspreiding van totalen en oordelen (speelt elke afgeronde poging opnieuw: trager)."
    ),
    lambda desk, selection: desk.items(selection),
)


@report.command(
    "progress",
    help=N_(
        "De voortgang per deelnemer en casus (de matrix van het dashboard): per casus het\nteken van de status en het beste totaal."
    ),
)
@click.option("--cohort", metavar="NAME", help=N_("Alleen de deelnemers van dit cohort."))
@click.option(
    "--curriculum",
    "curriculum_id",
    metavar="ID",
    help=N_("De kolommen van dit curriculum (standaard: dat van het cohort)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object."))
@leader_options(("--leader-password-file", "--password-file"))
@pass_app
def report_progress(
    app: AppContext,
    cohort: str | None,
    curriculum_id: str | None,
    as_json: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        _show(desk.progress(cohort, curriculum_id), as_json)


def _show(report: Report, as_json: bool) -> None:
    if as_json:
        emit_json(report.data)
    else:
        click.echo(report.text)


@click.group(
    help=N_(
        "Gegevens naar buiten: CSV voor spreadsheets, xAPI-statements voor een learning record store."
    )
)
def export() -> None:
    """A group of sub-commands; its help is the ``help=`` above."""


@export.command("csv", help=N_("Schrijf elke poging en elke beslissing als twee CSV-bestanden."))
@click.option(
    "-o", "--output", "folder", default=None, metavar="DIR",
    type=click.Path(file_okay=False), help=N_("Map voor attempts.csv en decisions.csv (standaard: je map Documenten, of de gegevensmap van frontlijn)."),
)  # fmt: skip
@click.option(
    "--excel",
    is_flag=True,
    help=N_("Voor Nederlandse Excel: ';' als scheidingsteken, decimale komma, UTF-8 met BOM."),
)
@leader_options(("--leader-password-file", "--password-file"))
@pass_app
def export_csv(
    app: AppContext,
    folder: str | None,
    excel: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.reporting.csv_export import default_export_folder

    target = (Path(folder).expanduser() if folder else default_export_folder()).resolve()
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        try:
            done = desk.export_csv(target, excel=excel)
        except OSError as exc:
            fail(
                _("kan niet schrijven in {folder}: {error}").format(
                    folder=target, error=exc.strerror or exc
                )
            )
    attempts = ngettext("{n} poging", "{n} pogingen", done.attempt_rows).format(n=done.attempt_rows)
    decisions = ngettext("{n} beslissing", "{n} beslissingen", done.decision_rows).format(
        n=done.decision_rows
    )
    click.echo(
        _("{attempts} geschreven naar {attempts_file} en {decisions} naar {decisions_file}").format(
            attempts=attempts,
            attempts_file=done.attempts,
            decisions=decisions,
            decisions_file=done.decisions,
        ),
        err=True,
    )
    if done.sessions and done.sessions[0][1]:
        sessions = ngettext("{n} live sessie", "{n} live sessies", done.sessions[0][1]).format(
            n=done.sessions[0][1]
        )
        click.echo(
            _("{sessions} met stemmen en beslissingen geschreven naar {files}").format(
                sessions=sessions, files=", ".join(p.name for p, _n in done.sessions)
            ),
            err=True,
        )


def _read_password(path: str) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        fail(
            _("kan het wachtwoord van de LRS niet lezen uit {file}: {error}").format(
                file=path, error=getattr(exc, "strerror", None) or exc
            )
        )
    password = lines[0].strip() if lines else ""
    if not password:
        fail(_("{file} bevat geen wachtwoord").format(file=path))
    return password


@export.command(
    "xapi", help=N_("xAPI 1.0.3-statements van elke poging: answered, completed, passed/failed.")
)
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help=N_("Schrijf de statements naar FILE als JSON-array (standaard: stdout)."))  # fmt: skip
@click.option("--lrs", metavar="URL", help=N_("Stuur ze naar deze LRS (het xAPI-eindpunt)."))
@click.option("--user", metavar="U", help=N_("Gebruiker bij de LRS (basic authentication)."))
@click.option("--password-file", metavar="F", type=click.Path(dir_okay=False),
              help=N_("Bestand waarvan de eerste regel het wachtwoord van de LRS is."))  # fmt: skip
@click.option(
    "--home-page",
    metavar="URL",
    help=N_(
        "homePage van de accounts van deelnemers: het webadres van je organisatie (verplicht, of FRONTLIJN_PUBLIC_URL)."
    ),
)
@click.option(
    "--activity-base",
    metavar="IRI",
    help=N_("Begin van de ids van activiteiten (standaard <home-page>/xapi)."),
)
@click.option("--cohort", metavar="NAME", help=N_("Alleen de pogingen van dit cohort."))
@click.option("--scenario", metavar="ID", help=N_("Alleen de pogingen van deze casus."))
@leader_options(("--leader-password-file",))
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000),
              help=N_("Statements per POST."))  # fmt: skip
@click.option("--pass-score", metavar="N", default=70.0, show_default=True,
              type=click.FloatRange(0, 100),
              help=N_("Totaal waarmee een casus buiten elk curriculum gehaald is (curricula hebben hun eigen regel)."))  # fmt: skip
@pass_app
def export_xapi(
    app: AppContext,
    output: str | None,
    lrs: str | None,
    user: str | None,
    password_file: str | None,
    home_page: str | None,
    activity_base: str | None,
    cohort: str | None,
    scenario: str | None,
    batch: int,
    pass_score: float,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.reporting.xapi import LrsClient, XapiError, write_json
    from frontlijn_game.service.leader_desk import XapiOptions

    if lrs is not None and (user is None or password_file is None):
        fail(_("--lrs vraagt --user en --password-file (het wachtwoord is nooit een optie)"), 2)
    if lrs is None and (user is not None or password_file is not None):
        fail(_("--user en --password-file horen bij --lrs"), 2)
    # The homePage names whose accounts these are; a made-up default would mix every
    # organisation's trainees in an LRS, so it is given or configured, never guessed.
    home_page = home_page or os.environ.get("FRONTLIJN_PUBLIC_URL") or None
    if home_page is None:
        fail(
            _(
                "geef het webadres van je organisatie met --home-page URL (of zet "
                "FRONTLIJN_PUBLIC_URL, het adres van frontlijn serve --public-url): het is de "
                "homePage van elk deelnemersaccount in de statements"
            ),
            2,
        )
    options = XapiOptions(home_page, activity_base, pass_score)
    client = None
    if lrs is not None:
        assert user is not None and password_file is not None
        try:
            client = LrsClient(lrs, user, _read_password(password_file), batch=batch)
        except XapiError as exc:
            fail(str(exc))
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        try:
            with desk.xapi(options, cohort, scenario) as statements:
                if client is not None:
                    n = client.send(statements)
                    click.echo(
                        ngettext(
                            "{n} statement gestuurd naar {url}",
                            "{n} statements gestuurd naar {url}",
                            n,
                        ).format(n=n, url=client.endpoint),
                        err=True,
                    )
                elif output is not None:
                    with open_private(Path(output)) as out:
                        n = write_json(statements, out)
                    click.echo(
                        ngettext(
                            "{n} statement geschreven naar {file}",
                            "{n} statements geschreven naar {file}",
                            n,
                        ).format(n=n, file=output),
                        err=True,
                    )
                else:
                    write_json(statements, sys.stdout)
        except XapiError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(
                _("kan {file} niet schrijven: {error}").format(
                    file=output, error=exc.strerror or exc
                )
            )


@export.command(
    "cmi5",
    help=N_(
        "Een cmi5-cursuspakket (cmi5.xml in een ZIP) van een casus of curriculum, voor een "
        "LMS zoals ILIAS of Moodle: elke casus is een AU die in frontlijn web speelt."
    ),
)
@click.argument("ref", metavar="CASE|CURRICULUM")
@click.option("-o", "--output", metavar="FILE", required=True, type=click.Path(dir_okay=False),
              help=N_("Het pakket om te schrijven, bijvoorbeeld cursus.zip."))  # fmt: skip
@click.option(
    "--base-url",
    metavar="URL",
    help=N_(
        "Het webadres waarop frontlijn web voor de deelnemers bereikbaar is (verplicht, of FRONTLIJN_PUBLIC_URL)."
    ),
)
@pass_app
def export_cmi5(app: AppContext, ref: str, output: str, base_url: str | None) -> None:
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.service.cmi5_package import PackageError, export_package

    if app.server is not None:
        fail(_("een cmi5-pakket maak je op de server, met de casussen van de server"), 2)
    base_url = base_url or os.environ.get("FRONTLIJN_PUBLIC_URL") or None
    if base_url is None:
        fail(
            _(
                "geef het webadres van frontlijn web met --base-url URL (of zet "
                "FRONTLIJN_PUBLIC_URL): het LMS start elke casus op dat adres"
            ),
            2,
        )
    try:
        done = export_package(load_library(app.content_dir), ref, base_url, Path(output))
    except PackageError as exc:
        fail(str(exc))
    click.echo(
        ngettext(
            "cmi5-pakket met {n} AU geschreven naar {file}",
            "cmi5-pakket met {n} AU's geschreven naar {file}",
            done.units,
        ).format(n=done.units, file=done.path),
        err=True,
    )


COMMANDS = [report, export]
