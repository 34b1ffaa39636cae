"""People and their data on the command line: trainees, cohorts, attempts.

These commands are for course leaders: they list trainee codes, so they are never offered
inside the trainee app. Each works at a :class:`~frontlijn_game.service.leader_desk.LeaderDesk`
(``cli/desk.py``): the database here, or with ``--server URL`` a ``frontlijn web`` server
at which the leader signs in, and answers within the leader's scope. Errors about data
(unknown code, an open attempt, a database that cannot be reached) exit 1 with one line
on stderr; the database URL is only ever shown with its password hidden.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.desk import leader_desk
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.login import leader_options
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.i18n import _, ngettext


def _read_pin(pin_file: str | None, prompt: bool) -> str | None:
    """A PIN from a file (first line) or a hidden prompt; never from the command line."""
    if pin_file is not None:
        try:
            pin = Path(pin_file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError, UnicodeDecodeError) as exc:
            fail(_("kan geen pincode lezen uit {file}: {error}").format(file=pin_file, error=exc))
        if not pin:
            fail(_("{file} bevat geen pincode").format(file=pin_file))
        return pin
    if prompt:
        return str(click.prompt(_("Pincode"), hide_input=True, confirmation_prompt=True))
    return None


def _table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


# -- trainee ---------------------------------------------------------------------------


@click.group(
    help=N_(
        "Deelnemers: pseudonieme codes, naam en pincode naar keuze; exporteren en wissen (AVG)."
    )
)
def trainee() -> None:
    """A group of sub-commands; its help is the ``help=`` above."""


@trainee.command(
    "add",
    help=N_("Voeg een deelnemer toe met CODE (een willekeurig pseudoniem als je hem weglaat)."),
)
@click.argument("code", required=False)
@click.option("--name", "display_name", help=N_("Weergavenaam (persoonsgegeven; naar keuze)."))
@click.option("--cohort", help=N_("Voeg de deelnemer toe aan dit cohort."))
@click.option("--pin", "ask_pin", is_flag=True, help=N_("Vraag een pincode die de code beschermt."))
@click.option(
    "--pin-file", type=click.Path(dir_okay=False), help=N_("Lees de pincode uit een bestand.")
)
@click.option(
    "--note", help=N_("Een notitie van de cursusleider (persoonsgegeven; verdwijnt bij wissen).")
)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon de deelnemer als JSON."))
@leader_options()
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
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service.leader_desk import NewTrainee

    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        pin = _read_pin(pin_file, ask_pin)
        record = desk.add_trainee(NewTrainee(code, display_name, pin, note, cohort))
    if as_json:
        emit_json(record.to_json())
    else:
        if cohort:
            click.echo(
                _("deelnemer {code} toegevoegd aan cohort {cohort}").format(
                    code=record.code, cohort=cohort
                )
            )
        else:
            click.echo(_("deelnemer {code} toegevoegd").format(code=record.code))


@trainee.command(
    "pin",
    help=N_(
        "Zet (of verwijder met --remove) de pincode van deelnemer CODE: 4-12 cijfers, twee keer\ngevraagd, onzichtbaar.\n\nEen code zonder pincode kan zich niet aanmelden als het spel in een browser wordt\naangeboden. Hoe dan ook begint de telling van verkeerde pincodes weer bij nul, dus de\ndeelnemer hoeft niet te wachten."
    ),
)
@click.argument("code")
@click.option(
    "--pin-file",
    type=click.Path(dir_okay=False),
    help=N_("Lees de nieuwe pincode uit een bestand."),
)
@click.option(
    "--remove",
    is_flag=True,
    help=N_("Verwijder de pincode (niet toegestaan in een browser via serve)."),
)
@leader_options()
@pass_app
def trainee_pin(
    app: AppContext,
    code: str,
    pin_file: str | None,
    remove: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        pin = None if remove else _read_pin(pin_file, prompt=True)
        if pin is not None and not (pin.isdigit() and 4 <= len(pin) <= 12):
            fail(_("een pincode is 4-12 cijfers"))
        desk.set_pin(code, pin)
    done = (
        _("pincode van deelnemer {code} verwijderd")
        if remove
        else _("nieuwe pincode gezet voor deelnemer {code}")
    )
    click.echo(done.format(code=code) + _("; een wachttijd na verkeerde pincodes is gewist"))


@trainee.command(
    "list",
    help=N_(
        "Toon deelnemers (met codes: een opdracht voor cursusleiders, nooit voor de app van deelnemers)."
    ),
)
@click.option("--cohort", help=N_("Alleen de leden van dit cohort."))
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"trainees": [...]} als JSON.'))
@leader_options()
@pass_app
def trainee_list(
    app: AppContext,
    cohort: str | None,
    as_json: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        records = desk.trainees(cohort)
    if as_json:
        emit_json({"trainees": [r.to_json() for r in records]})
        return
    if not records:
        click.echo(_("geen deelnemers"))
        return
    _table(
        [
            [
                r.code,
                r.display_name or "",
                _("ja") if r.has_pin else "",
                ",".join(r.cohorts),
                _("gewist") if r.erased_at else "",
            ]
            for r in records
        ],
        [_("code"), _("naam"), _("pincode"), _("cohorten"), ""],
    )


@trainee.command(
    "export",
    help=N_("Schrijf alles wat over deelnemer CODE bewaard is als JSON (AVG-inzageverzoek)."),
)
@click.argument("code")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help=N_("Schrijf naar FILE, niet naar stdout."),
)
@leader_options()
@pass_app
def trainee_export(
    app: AppContext,
    code: str,
    output: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    from frontlijn_game.service.private_files import write_private_text

    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        data = desk.export_trainee(code)
    if output is None:
        emit_json(data)
        return
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    try:
        write_private_text(Path(output), text)
    except OSError as exc:
        fail(_("kan {file} niet schrijven: {error}").format(file=output, error=exc.strerror or exc))
    click.echo(
        _("gegevens van deelnemer {code} geschreven naar {file}").format(code=code, file=output),
        err=True,
    )


@trainee.command(
    "erase",
    help=N_(
        "Wis de persoonsgegevens van deelnemer CODE; pogingen blijven onder een willekeurig pseudoniem."
    ),
)
@click.argument("code")
@click.option("--yes", is_flag=True, help=N_("Vraag geen bevestiging."))
@click.option("--json", "as_json", is_flag=True, help=N_("Toon wat er gedaan is als JSON."))
@leader_options()
@pass_app
def trainee_erase(
    app: AppContext,
    code: str,
    yes: bool,
    as_json: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    if not yes:
        click.confirm(
            _(
                "De persoonsgegevens van deelnemer '{code}' wissen? Naam, pincode en notitie "
                "verdwijnen en de code wordt vervangen door een willekeurig pseudoniem; dit kan "
                "niet ongedaan worden"
            ).format(code=code),
            abort=True,
            err=True,
        )
    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        report = desk.erase_trainee(code)
    if as_json:
        emit_json(report.to_json())
        return
    click.echo(_("deelnemer {code} gewist:").format(code=report.old_code))
    for line in report.done:
        click.echo(f"  - {line}")


# -- cohort ----------------------------------------------------------------------------


@click.group(help=N_("Cohorten (groepen deelnemers) en hun curricula."))
def cohort() -> None:
    """A group of sub-commands; its help is the ``help=`` above."""


@cohort.command("create", help=N_("Maak cohort NAME."))
@click.argument("name")
@click.option(
    "--curriculum", "curriculum_id", metavar="ID", help=N_("Schrijf het in bij een curriculum.")
)
@leader_options()
@pass_app
def cohort_create(
    app: AppContext,
    name: str,
    curriculum_id: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        record = desk.create_cohort(name, curriculum_id)
    enrolled = (
        _(", ingeschreven bij {curricula}").format(curricula=", ".join(record.curricula))
        if record.curricula
        else ""
    )
    click.echo(_("cohort {name} gemaakt").format(name=record.name) + enrolled)


@cohort.command(
    "enrol",
    help=N_("Voeg deelnemers CODES toe aan cohort NAME en/of schrijf het in bij een curriculum."),
)
@click.argument("name")
@click.argument("codes", nargs=-1)
@click.option(
    "--curriculum",
    "curriculum_id",
    metavar="ID",
    help=N_("Schrijf het cohort in bij een curriculum."),
)
@leader_options()
@pass_app
def cohort_enrol(
    app: AppContext,
    name: str,
    codes: tuple[str, ...],
    curriculum_id: str | None,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    if not codes and curriculum_id is None:
        raise click.UsageError(_("geef deelnemerscodes, --curriculum ID, of beide"))
    with leader_desk(app, leader_name, leader_password_file, writes=True) as desk:
        added, enrolled = desk.enrol(name, curriculum_id, codes)
    if codes:
        already = len(codes) - len(added)
        extra = (
            ngettext(" ({n} was al lid)", " ({n} waren al lid)", already).format(n=already)
            if already
            else ""
        )
        click.echo(
            ngettext(
                "{n} deelnemer toegevoegd aan {name}",
                "{n} deelnemers toegevoegd aan {name}",
                len(added),
            ).format(n=len(added), name=name)
            + extra
        )
    if curriculum_id is not None:
        state = (
            _("{name} ingeschreven bij {curriculum}")
            if enrolled
            else _("{name} was al ingeschreven bij {curriculum}")
        )
        click.echo(state.format(name=name, curriculum=curriculum_id))


@cohort.command("list", help=N_("Toon cohorten met hun grootte en curricula."))
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"cohorts": [...]} als JSON.'))
@leader_options()
@pass_app
def cohort_list(
    app: AppContext, as_json: bool, leader_name: str | None, leader_password_file: str | None
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        records = desk.cohorts()
    if as_json:
        emit_json({"cohorts": [r.to_json() for r in records]})
        return
    if not records:
        click.echo(_("geen cohorten"))
        return
    _table(
        [[r.name, str(r.members), ", ".join(r.curricula)] for r in records],
        [_("cohort"), _("leden"), _("curricula")],
    )


# -- attempts and db -------------------------------------------------------------------


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@click.command("attempts", help=N_("Toon vastgelegde pogingen met status, scène, seed en score."))
@click.option(
    "--trainee", "code", metavar="CODE", help=N_("Alleen de pogingen van deze deelnemer.")
)
@click.option("--scenario", "scenario_id", metavar="ID", help=N_("Alleen pogingen van deze casus."))
@click.option(
    "--status",
    type=click.Choice(["active", "suspended", "finished", "abandoned"]),
    help=N_("Alleen pogingen met deze status."),
)
@click.option("--json", "as_json", is_flag=True, help=N_('Toon {"attempts": [...]} als JSON.'))
@leader_options()
@pass_app
def attempts(
    app: AppContext,
    code: str | None,
    scenario_id: str | None,
    status: str | None,
    as_json: bool,
    leader_name: str | None,
    leader_password_file: str | None,
) -> None:
    with leader_desk(app, leader_name, leader_password_file, writes=False) as desk:
        records = desk.attempts(code, scenario_id, status)
    if as_json:
        emit_json({"attempts": [r.to_json() for r in records]})
        return
    if not records:
        click.echo(_("geen pogingen"))
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
            _("deelnemer"),
            _("casus"),
            _("status"),
            _("scène"),
            "seed",
            _("beslissingen"),
            _("totaal"),
            _("oordeel"),
            _("bijgewerkt (UTC)"),
        ],
    )


COMMANDS: list[click.Command] = [trainee, cohort, attempts]

__all__ = ["COMMANDS"]
