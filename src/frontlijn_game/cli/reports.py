"""``frontlijn report`` and ``frontlijn export``: cohort analytics and data out.

These commands trust whoever holds the database (like ``trainee list``): they show
trainee codes and never ask for leader credentials. The LRS password is read from a file,
never from the command line, and never printed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.cli.people import opened_store
from frontlijn_game.store.private_files import open_private

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Selection


def _selection(
    scenario: str, cohort: str | None, first_only: bool, all_versions: bool, version: str | None
) -> Selection:
    from frontlijn_game.service import reports

    if all_versions and version is not None:
        fail("--all-versions and --version exclude each other", 2)
    return reports.selection(scenario, cohort, first_only, all_versions, version)


def _selection_options(f: F) -> F:
    f = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(f)
    f = click.option(
        "--version",
        "version",
        metavar="HASH",
        help="One older version of the case (a content-hash prefix; default: the newest).",
    )(f)
    f = click.option("--all-versions", is_flag=True, help="Pool every version of the case.")(f)
    f = click.option(
        "--first-only", is_flag=True, help="Only each trainee's first attempt at the case."
    )(f)
    f = click.option("--cohort", metavar="NAME", help="Only the trainees of this cohort.")(f)
    return click.argument("scenario")(f)


@click.group()
def report() -> None:
    """Cohort reports: option distribution and item statistics of a case."""


@report.command("options")
@_selection_options
@pass_app
def report_options(
    app: AppContext,
    scenario: str,
    cohort: str | None,
    first_only: bool,
    all_versions: bool,
    version: str | None,
    as_json: bool,
) -> None:
    """Per decision point of SCENARIO: how often each option was chosen, its share and
    the mean total of the finished attempts that chose it."""
    from frontlijn_game.reporting.options import format_text
    from frontlijn_game.service.reports import option_distribution

    selection = _selection(scenario, cohort, first_only, all_versions, version)
    with opened_store(app) as store:
        dist = option_distribution(store, selection)
    if as_json:
        emit_json(dist.to_json())
    else:
        click.echo(format_text(dist))


@report.command("items")
@_selection_options
@pass_app
def report_items(
    app: AppContext,
    scenario: str,
    cohort: str | None,
    first_only: bool,
    all_versions: bool,
    version: str | None,
    as_json: bool,
) -> None:
    """Item statistics of SCENARIO: facility and discrimination per decision point, and
    the spread of totals and verdicts (replays every finished attempt: slower)."""
    from frontlijn_game.reporting.items import format_text
    from frontlijn_game.service.reports import item_statistics

    selection = _selection(scenario, cohort, first_only, all_versions, version)
    with opened_store(app) as store:
        stats = item_statistics(store, selection)
    if as_json:
        emit_json(stats.to_json())
    else:
        click.echo(format_text(stats))


@click.group()
def export() -> None:
    """Data out: CSV for spreadsheets, xAPI statements for a learning record store."""


@export.command("csv")
@click.option(
    "-o", "--output", "folder", default=".", show_default=True, metavar="DIR",
    type=click.Path(file_okay=False), help="Folder for attempts.csv and decisions.csv.",
)  # fmt: skip
@click.option(
    "--excel", is_flag=True, help="For Dutch Excel: ';' separator, decimal comma, UTF-8 BOM."
)
@pass_app
def export_csv(app: AppContext, folder: str, excel: bool) -> None:
    """Write every attempt and every decision as two CSV files."""
    from frontlijn_game.service.reports import export_csv as write

    with opened_store(app) as store:
        try:
            done = write(store, folder, excel=excel)
        except OSError as exc:
            fail(f"cannot write to {folder}: {exc.strerror or exc}")
    click.echo(
        f"wrote {done.attempt_rows} attempt(s) to {done.attempts} and "
        f"{done.decision_rows} decision(s) to {done.decisions}",
        err=True,
    )


def _read_password(path: str) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the LRS password from {path}: {getattr(exc, 'strerror', None) or exc}")
    password = lines[0].strip() if lines else ""
    if not password:
        fail(f"{path} holds no password")
    return password


@export.command("xapi")
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the statements to FILE as a JSON array (default: stdout).")  # fmt: skip
@click.option("--lrs", metavar="URL", help="Send them to this LRS (its xAPI endpoint).")
@click.option("--user", metavar="U", help="LRS user (basic authentication).")
@click.option("--password-file", metavar="F", type=click.Path(dir_okay=False),
              help="File whose first line is the LRS password.")  # fmt: skip
@click.option("--home-page", metavar="URL", help="homePage of the trainees' accounts.")
@click.option(
    "--activity-base", metavar="IRI", help="Base of activity ids (default <home-page>/xapi)."
)
@click.option("--cohort", metavar="NAME", help="Only the attempts of this cohort.")
@click.option("--scenario", metavar="ID", help="Only the attempts of this case.")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 10_000),
              help="Statements per POST.")  # fmt: skip
@click.option("--pass-score", metavar="N", default=70.0, show_default=True,
              type=click.FloatRange(0, 100),
              help="Total that passes a case in no curriculum (curricula bring their own rule).")  # fmt: skip
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
) -> None:
    """xAPI 1.0.3 statements of every attempt: answered, completed, passed/failed."""
    from fractions import Fraction

    from frontlijn_game.reporting.xapi import (
        DEFAULT_HOME_PAGE,
        LrsClient,
        XapiError,
        XapiSettings,
        write_json,
    )
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.scenario.model import PassRule
    from frontlijn_game.service.reports import pass_rules, xapi_statements

    if lrs is not None and (user is None or password_file is None):
        fail("--lrs needs --user and --password-file (the password is never an option)", 2)
    if lrs is None and (user is not None or password_file is not None):
        fail("--user and --password-file go with --lrs", 2)
    settings = XapiSettings(
        home_page=home_page or DEFAULT_HOME_PAGE,
        activity_base=activity_base,
        pass_rules=pass_rules(load_library(app.content_dir)),
        default_rule=PassRule(Fraction(repr(pass_score)), None),
    )
    client = None
    if lrs is not None:
        assert user is not None and password_file is not None
        try:
            client = LrsClient(lrs, user, _read_password(password_file), batch=batch)
        except XapiError as exc:
            fail(str(exc))
    with opened_store(app) as store:
        try:
            with xapi_statements(store, settings, cohort, scenario) as statements:
                if client is not None:
                    n = client.send(statements)
                    click.echo(f"sent {n} statement(s) to {client.endpoint}", err=True)
                elif output is not None:
                    with open_private(Path(output)) as out:
                        n = write_json(statements, out)
                    click.echo(f"wrote {n} statement(s) to {output}", err=True)
                else:
                    write_json(statements, sys.stdout)
        except XapiError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")


COMMANDS = [report, export]
