"""People and their data on the command line: trainees, cohorts, attempts, ``db upgrade``.

These commands are for whoever holds the database (a course leader or an administrator):
they list trainee codes, so they are never offered inside the trainee app. Errors about
data (unknown code, an open attempt, a database that cannot be reached) exit 1 with one
line on stderr; the database URL is only ever shown with its password hidden.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.store.private_files import write_private_text

if TYPE_CHECKING:
    from frontlijn_game.store import Store


@contextmanager
def opened_store(app: AppContext) -> Iterator[Store]:
    """The store of ``--db``; store and database errors become exit 1, never a traceback."""
    from frontlijn_game.service.database import opened_store as opened
    from frontlijn_game.store import StoreError

    try:
        with opened(app.db_url) as store:
            yield store
    except StoreError as exc:
        fail(str(exc))


def _read_pin(pin_file: str | None, prompt: bool) -> str | None:
    """A PIN from a file (first line) or a hidden prompt; never from the command line."""
    if pin_file is not None:
        try:
            pin = Path(pin_file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError) as exc:
            fail(f"cannot read a PIN from {pin_file}: {exc}")
        if not pin:
            fail(f"{pin_file} holds no PIN")
        return pin
    if prompt:
        return str(click.prompt("PIN", hide_input=True, confirmation_prompt=True))
    return None


def _table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


# -- trainee ---------------------------------------------------------------------------


@click.group()
def trainee() -> None:
    """Trainees: pseudonymous codes, optional name and PIN; export and erase (AVG)."""


@trainee.command("add")
@click.argument("code", required=False)
@click.option("--name", "display_name", help="Display name (personal data; optional).")
@click.option("--cohort", help="Add the trainee to this cohort.")
@click.option("--pin", "ask_pin", is_flag=True, help="Ask for a PIN that protects the code.")
@click.option("--pin-file", type=click.Path(dir_okay=False), help="Read the PIN from a file.")
@click.option("--note", help="A leader's note (personal data; removed on erase).")
@click.option("--json", "as_json", is_flag=True, help="Print the trainee as JSON.")
@pass_app
def trainee_add(
    app: AppContext,
    code: str | None,
    display_name: str | None,
    cohort: str | None,
    ask_pin: bool,
    pin_file: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Add a trainee with CODE (a random pseudonym when left out)."""
    pin = _read_pin(pin_file, ask_pin)
    with opened_store(app) as store:
        record = store.add_trainee(code, display_name, pin, note, cohort)
    if as_json:
        emit_json(record.to_json())
    else:
        click.echo(f"added trainee {record.code}" + (f" to cohort {cohort}" if cohort else ""))


@trainee.command("pin")
@click.argument("code")
@click.option("--pin-file", type=click.Path(dir_okay=False), help="Read the new PIN from a file.")
@click.option("--remove", is_flag=True, help="Remove the PIN (not allowed in a served browser).")
@pass_app
def trainee_pin(app: AppContext, code: str, pin_file: str | None, remove: bool) -> None:
    """Set (or --remove) the PIN of trainee CODE: 4-12 digits, asked twice, hidden.

    A code without a PIN cannot sign in when the game is served to a browser. Either way
    the count of wrong PINs starts again at zero, so the trainee need not wait.
    """
    pin = None if remove else _read_pin(pin_file, prompt=True)
    if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 12):
        fail("a PIN is 4-12 digits")
    with opened_store(app) as store:
        store.set_pin(code, pin)
    click.echo(
        f"{'removed the PIN of' if remove else 'set a new PIN for'} trainee {code}"
        "; any wait after wrong PINs is cleared"
    )


@trainee.command("list")
@click.option("--cohort", help="Only the members of this cohort.")
@click.option("--json", "as_json", is_flag=True, help='Print {"trainees": [...]} as JSON.')
@pass_app
def trainee_list(app: AppContext, cohort: str | None, as_json: bool) -> None:
    """List trainees (codes are shown: a leader's command, never the trainee app's)."""
    with opened_store(app) as store:
        records = store.list_trainees(cohort)
    if as_json:
        emit_json({"trainees": [r.to_json() for r in records]})
        return
    if not records:
        click.echo("no trainees")
        return
    _table(
        [
            [
                r.code,
                r.display_name or "",
                "yes" if r.has_pin else "",
                ",".join(r.cohorts),
                "erased" if r.erased_at else "",
            ]
            for r in records
        ],
        ["code", "name", "pin", "cohorts", ""],
    )


@trainee.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@pass_app
def trainee_export(app: AppContext, code: str, output: str | None) -> None:
    """Write everything stored about trainee CODE as JSON (AVG inzageverzoek)."""
    with opened_store(app) as store:
        data = store.export_trainee(code)
    if output is None:
        emit_json(data)
        return
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    try:
        write_private_text(Path(output), text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote the data of trainee {code} to {output}", err=True)


@trainee.command("erase")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@pass_app
def trainee_erase(app: AppContext, code: str, yes: bool, as_json: bool) -> None:
    """Erase trainee CODE's personal data; attempts stay under a random pseudonym."""
    if not yes:
        click.confirm(
            f"Erase the personal data of trainee '{code}'? Name, PIN and note are removed "
            "and the code is replaced by a random pseudonym; this cannot be undone",
            abort=True,
            err=True,
        )
    with opened_store(app) as store:
        report = store.erase_trainee(code)
    if as_json:
        emit_json(report.to_json())
        return
    click.echo(f"erased trainee {report.old_code}:")
    for line in report.done:
        click.echo(f"  - {line}")


# -- cohort ----------------------------------------------------------------------------


@click.group()
def cohort() -> None:
    """Cohorts (groups of trainees) and their curricula."""


@cohort.command("create")
@click.argument("name")
@click.option("--curriculum", "curriculum_id", metavar="ID", help="Enrol it in a curriculum.")
@pass_app
def cohort_create(app: AppContext, name: str, curriculum_id: str | None) -> None:
    """Create cohort NAME."""
    with opened_store(app) as store:
        record = store.create_cohort(name, curriculum_id)
    enrolled = f", enrolled in {', '.join(record.curricula)}" if record.curricula else ""
    click.echo(f"created cohort {record.name}{enrolled}")


@cohort.command("enrol")
@click.argument("name")
@click.argument("codes", nargs=-1)
@click.option(
    "--curriculum", "curriculum_id", metavar="ID", help="Enrol the cohort in a curriculum."
)
@pass_app
def cohort_enrol(
    app: AppContext, name: str, codes: tuple[str, ...], curriculum_id: str | None
) -> None:
    """Add trainees CODES to cohort NAME and/or enrol it in a curriculum."""
    if not codes and curriculum_id is None:
        raise click.UsageError("give trainee codes, --curriculum ID, or both")
    with opened_store(app) as store:
        added, enrolled = store.enrol(name, curriculum_id, codes)
    if codes:
        already = len(codes) - len(added)
        extra = f" ({already} were members already)" if already else ""
        click.echo(f"added {len(added)} trainee(s) to {name}{extra}")
    if curriculum_id is not None:
        state = "enrolled in" if enrolled else "was already enrolled in"
        click.echo(f"{name} {state} {curriculum_id}")


@cohort.command("list")
@click.option("--json", "as_json", is_flag=True, help='Print {"cohorts": [...]} as JSON.')
@pass_app
def cohort_list(app: AppContext, as_json: bool) -> None:
    """List cohorts with their size and curricula."""
    with opened_store(app) as store:
        records = store.list_cohorts()
    if as_json:
        emit_json({"cohorts": [r.to_json() for r in records]})
        return
    if not records:
        click.echo("no cohorts")
        return
    _table(
        [[r.name, str(r.members), ", ".join(r.curricula)] for r in records],
        ["cohort", "members", "curricula"],
    )


# -- attempts and db -------------------------------------------------------------------


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@click.command("attempts")
@click.option("--trainee", "code", metavar="CODE", help="Only this trainee's attempts.")
@click.option("--scenario", "scenario_id", metavar="ID", help="Only attempts of this case.")
@click.option(
    "--status",
    type=click.Choice(["active", "suspended", "finished", "abandoned"]),
    help="Only attempts with this status.",
)
@click.option("--json", "as_json", is_flag=True, help='Print {"attempts": [...]} as JSON.')
@pass_app
def attempts(
    app: AppContext, code: str | None, scenario_id: str | None, status: str | None, as_json: bool
) -> None:
    """List recorded attempts with status, scene, seed and score."""
    with opened_store(app) as store:
        records = store.attempts(code, scenario_id, status)
    if as_json:
        emit_json({"attempts": [r.to_json() for r in records]})
        return
    if not records:
        click.echo("no attempts")
        return
    _table(
        [
            [
                str(r.id),
                r.trainee_code,
                r.scenario_id,
                r.status,
                r.scene,
                str(r.seed),
                str(r.decisions),
                _fmt(r.total),
                r.verdict or "",
                r.updated_at.strftime("%Y-%m-%d %H:%M"),
            ]
            for r in records
        ],
        [
            "id",
            "trainee",
            "scenario",
            "status",
            "scene",
            "seed",
            "decisions",
            "total",
            "verdict",
            "updated (UTC)",
        ],
    )


@click.group()
def db() -> None:
    """The progress database."""


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Create the database if needed and migrate it to the newest schema."""
    from frontlijn_game.service.database import upgrade_database
    from frontlijn_game.store import StoreError

    try:  # store errors are already worded, the password hidden
        before, after, shown = upgrade_database(app.db_url)
    except StoreError as exc:
        fail(str(exc))
    if before == after:
        click.echo(f"{shown} is up to date (revision {after})")
    else:
        click.echo(f"upgraded {shown} from {before or 'empty'} to {after}")


@db.command("rebuild")
@pass_app
def db_rebuild(app: AppContext) -> None:
    """Recompute the summaries the reports read (first attempts, option tallies).

    frontlijn keeps them with every decision. Run this after anything else wrote the
    database: an older frontlijn still running during an upgrade, a restore of only some
    tables, an edit by hand. One transaction: on failure nothing changes.
    """
    from frontlijn_game.store.tallies import rebuild_option_tallies

    with opened_store(app) as store:
        store.db.write(lambda s: rebuild_option_tallies(s.connection()))
    click.echo("recomputed the first attempts and the option tallies")


COMMANDS: list[click.Command] = [trainee, cohort, attempts, db]

__all__ = ["COMMANDS", "opened_store"]
