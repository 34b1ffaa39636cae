"""Trainer commands on content files: ``validate`` and ``run``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import emit_json, fail, print_diagnostics
from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.playthrough import Playthrough, new_seed
from frontlijn_game.i18n import _, decimals, ngettext
from frontlijn_game.scenario.content import find_scenario, is_test_file, yaml_files
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.model import Curriculum, Scenario

_FORMAT_LINE = re.compile(r"^format:\s*[\"']?([^\s\"'#]+)", re.MULTILINE)


def sniff_format(path: Path) -> str | None:
    """The ``format:`` of a file without parsing it, to route it to its loader."""
    try:
        head = path.read_bytes()[:20_000].decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _FORMAT_LINE.search(head)
    return match.group(1) if match else None


def validate_paths(
    paths: list[str], analyse: bool, content_dir: Path | None
) -> tuple[list[Diagnostic], int]:
    """Check every file under ``paths``; returns the diagnostics and the number of files."""
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.scenario.curriculum import check_curriculum, load_curriculum
    from frontlijn_game.scenario.loader import load_scenario

    files = yaml_files(paths)
    diagnostics: list[Diagnostic] = []
    scenarios: dict[str, Scenario] = {}
    curricula: list[Curriculum] = []
    count = 0
    for path in files:
        if not path.exists():
            diagnostics.append(
                Diagnostic(str(path), 1, 1, "error", _("bestand of map bestaat niet"), "unreadable")
            )
            continue
        fmt = sniff_format(path)
        count += 1
        if (fmt or "").startswith("frontlijn/tests@") or (fmt is None and is_test_file(path)):
            continue  # golden-path files are checked by `frontlijn test`
        if (fmt or "").startswith("frontlijn/curriculum@"):
            curriculum, found = load_curriculum(path)
            diagnostics.extend(found)
            if curriculum is not None:
                curricula.append(curriculum)
            continue
        scenario, found = load_scenario(path)
        diagnostics.extend(found)
        if scenario is None:
            continue
        if scenario.id in scenarios:
            diagnostics.append(
                Diagnostic(
                    str(path),
                    1,
                    1,
                    "error",
                    _("scenario-id '{id}' wordt ook gebruikt door {path}").format(
                        id=scenario.id, path=scenarios[scenario.id].path
                    ),
                    "duplicate-id",
                )
            )
        else:
            scenarios[scenario.id] = scenario
    if curricula:
        known = dict(scenarios)
        if content_dir is not None and (content_dir / "scenarios").is_dir():
            for sid, sc in load_library(content_dir).scenarios.items():
                known.setdefault(sid, sc)
        for curriculum in curricula:
            diagnostics.extend(check_curriculum(curriculum, known))
    from frontlijn_game.authoring.analysis_warnings import analysis_warnings, curriculum_warnings

    for curriculum in curricula:
        diagnostics.extend(curriculum_warnings(curriculum))
    if analyse:
        for scenario in scenarios.values():
            diagnostics.extend(
                analysis_warnings(scenario, curricula=curricula_holding(scenario, curricula))
            )
    return diagnostics, count


def curricula_holding(scenario: Scenario, given: list[Curriculum]) -> list[Curriculum]:
    """The curricula whose pass rules apply: those of the case's own content folder (when
    its file lies in one) and those named on the command line, each once."""
    from frontlijn_game.scenario.content import content_folder_of, curricula_of_folder

    found = {str(Path(c.path).resolve()): c for c in given}
    for curriculum in curricula_of_folder(content_folder_of(scenario.path)):
        found.setdefault(str(Path(curriculum.path).resolve()), curriculum)
    return [c for c in found.values() if any(scenario.id in m.scenarios for m in c.modules)]


@click.command(
    help=N_(
        "Controleer scenario-, curriculum- en testbestanden (of mappen ermee).\n\nElk probleem verschijnt als bestand:regel:kolom: error|warning: melding [code].\nExitcode 1 bij fouten (of bij waarschuwingen met --strict)."
    )
)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--strict",
    is_flag=True,
    help=N_("Tel waarschuwingen als fouten (exitcode 1 bij elke waarschuwing)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object op stdout."))
@click.option(
    "--no-analysis",
    is_flag=True,
    help=N_(
        "Sla de padanalyse over (voorwaarden die nooit waar zijn, zuivere paden die winnen...)."
    ),
)
@pass_app
def validate(
    app: AppContext, paths: tuple[str, ...], strict: bool, as_json: bool, no_analysis: bool
) -> None:
    diagnostics, count = validate_paths(list(paths), not no_analysis, app.content_dir)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if as_json:
        emit_json(
            {
                "ok": not failed,
                "files": count,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": [d.to_json() for d in diagnostics],
            }
        )
    else:
        print_diagnostics(diagnostics)
        summary = _("{files} gecontroleerd: {errors}, {warnings}").format(
            files=ngettext("{n} bestand", "{n} bestanden", count).format(n=count),
            errors=ngettext("{n} fout", "{n} fouten", errors).format(n=errors),
            warnings=ngettext("{n} waarschuwing", "{n} waarschuwingen", warnings).format(
                n=warnings
            ),
        )
        if strict and warnings and not errors:
            summary += _(" (waarschuwingen tellen als fouten met --strict)")
        click.echo(summary, err=failed)
    if failed:
        sys.exit(1)


def load_scenario_arg(app: AppContext, ref: str) -> Scenario:
    """A scenario named by file or by id; content errors end the command with exit 1."""
    from frontlijn_game.scenario.loader import load_scenario

    path = find_scenario(app.search_roots(), ref)
    if path is None:
        fail(
            _("geen casusbestand of casus-id '{ref}' gevonden (gezocht in {places})").format(
                ref=ref, places=app.searched()
            )
        )
    scenario, diagnostics = load_scenario(path)
    if scenario is None:
        print_diagnostics([d for d in diagnostics if d.severity == "error"])
        fail(
            _("{path} bevat fouten; los die eerst op (frontlijn validate {path})").format(path=path)
        )
    return scenario


def split_list(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def run_result(play: Playthrough, status: str) -> dict[str, Any]:
    """The JSON shape of ``frontlijn run`` (DESIGN.md, Command line)."""
    score = play.score().to_json()
    ending = play.ending
    return {
        "scenario": play.scenario.id,
        "status": status,
        "seed": play.state.seed,
        "scene": play.state.scene,
        "ending": play.state.scene if ending is not None else None,
        "ending_kind": ending.kind if ending is not None else None,
        "ending_label": ending.label if ending is not None else None,
        "choices": list(play.state.chosen),
        "draws": list(play.state.draws),
        "help": score["help"],
        "sanction": score["sanction"],
        "balance": score["balance"],
        "verdict": score["verdict"],
        "balance_score": score["balance_score"],
        "outcome": score["outcome"],
        "process": score["process"],
        "total": score["total"],
        "per_actor": score["per_actor"],
        "variables": dict(play.state.variables),
        "offered": [c.id for c in play.offered()],
    }


def print_run(result: dict[str, Any]) -> None:
    r = result
    click.echo(
        _("{scenario}: {status} in scène '{scene}' (seed {seed})").format(
            scenario=r["scenario"], status=r["status"], scene=r["scene"], seed=r["seed"]
        )
    )
    if r["ending"]:
        click.echo(
            "  "
            + _("einde:   {ending} ({kind}) — {label}").format(
                ending=r["ending"], kind=r["ending_kind"], label=r["ending_label"]
            )
        )
    none = _("(geen)")
    click.echo("  " + _("keuzes:  {ids}").format(ids=", ".join(r["choices"]) or none))
    if r["draws"]:
        click.echo("  " + _("trekkingen: {ids}").format(ids=", ".join(r["draws"])))
    balance = "—" if r["balance"] is None else decimals(f"{r['balance']:.2f}")
    click.echo(
        "  "
        + _(
            "hulp {help}, sanctie {sanction}, balans {balance} ({verdict}), balansscore {score}"
        ).format(
            help=r["help"],
            sanction=r["sanction"],
            balance=balance,
            verdict=r["verdict"],
            score=decimals(f"{r['balance_score']:.2f}"),
        )
    )
    if r["total"] is not None:
        click.echo(
            "  "
            + _("uitkomst {outcome}, proces {process}, totaal {total}").format(
                outcome=r["outcome"],
                process=decimals(f"{r['process']:.2f}"),
                total=decimals(f"{r['total']:.1f}"),
            )
        )
    else:
        click.echo(
            "  "
            + _("proces tot nu toe {process}; nu aangeboden: {ids}").format(
                process=decimals(f"{r['process']:.2f}"), ids=", ".join(r["offered"])
            )
        )
    for actor, parts in r["per_actor"].items():
        click.echo(
            "    "
            + _("{actor}: hulp {help}, sanctie {sanction}").format(
                actor=actor, help=parts["help"], sanction=parts["sanction"]
            )
        )


@click.command(
    help=N_(
        'Speel FILE (een pad of een scenario-id) zonder scherm met de gegeven keuzes.\n\nLegt alleen met --trainee een poging vast. Als de keuzes op zijn voor een einde, is\nde status "open" ("suspended" als hij vastgelegd is); een keuze die niet aangeboden\nwordt, eindigt met exitcode 1.'
    )
)
@click.argument("file")
@click.option(
    "--choices",
    "choices",
    metavar="A,B,C",
    default="",
    help=N_("Keuze-ids om te nemen, op volgorde."),
)
@click.option(
    "--draws",
    "draws",
    metavar="S1,S2",
    default="",
    help=N_("Leg de scène van elke toevalsgoto vast, op volgorde."),
)
@click.option(
    "--seed", type=int, help=N_("Seed van de doorloop (getrokken en gemeld als je hem weglaat).")
)
@click.option("--trainee", metavar="CODE", help=N_("Leg de poging vast voor deze deelnemerscode."))
@click.option(
    "--stop-after",
    type=click.IntRange(min=0),
    help=N_("Stop na N beslissingen (de poging blijft gepauzeerd)."),
)
@click.option(
    "--resume",
    is_flag=True,
    help=N_("Ga verder met de open poging van de deelnemer, met de overige keuzes."),
)
@click.option(
    "--json", "as_json", is_flag=True, help=N_("Toon het resultaat als één JSON-object op stdout.")
)
@pass_app
def run(
    app: AppContext,
    file: str,
    choices: str,
    draws: str,
    seed: int | None,
    trainee: str | None,
    stop_after: int | None,
    resume: bool,
    as_json: bool,
) -> None:
    if (resume or stop_after is not None) and not trainee:
        raise click.UsageError(_("--resume en --stop-after vragen --trainee"))
    scenario = load_scenario_arg(app, file)
    choice_list = split_list(choices)
    draw_list = split_list(draws)
    try:
        if trainee:
            from frontlijn_game.service.authoring import RunRefused, run_recorded
            from frontlijn_game.service.database import StoreError

            try:
                done = run_recorded(
                    app.db_url, scenario, choice_list, draw_list, seed, trainee, stop_after, resume
                )
            except (RunRefused, StoreError) as exc:
                fail(str(exc))
            result = {**run_result(done.play, done.status), "attempt_id": done.attempt_id}
        else:
            play = Playthrough.start(scenario, new_seed() if seed is None else seed, draw_list)
            for choice in choice_list:
                play.choose(choice)
            result = run_result(play, "finished" if play.finished else "open")
    except EngineError as exc:
        fail(str(exc))
    if as_json:
        emit_json(result)
    else:
        print_run(result)


COMMANDS: list[click.Command] = [validate, run]

__all__ = ["COMMANDS", "run_result"]
