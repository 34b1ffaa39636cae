"""Trainer commands that explore a case: ``playtest`` (random runs) and ``paths`` (all runs)."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from frontlijn_game.cli.content import load_scenario_arg, run_result
from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths import DEFAULT_MAX_STATES, PathReport, RunSummary
from frontlijn_game.engine.playthrough import Playthrough, new_seed
from frontlijn_game.i18n import _, decimals, grouped
from frontlijn_game.scenario.model import Scenario

DEFAULT_RUNS = 1000
PROGRESS_AFTER = 0.5
"""Seconds before a progress bar appears (only on a terminal)."""
BAR_WIDTH = 30


# ---------------------------------------------------------------------------- playtest


class _ProgressBar:
    """A one-line bar on stderr, shown only when the run takes a while."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.began = time.perf_counter()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.perf_counter() - self.began < PROGRESS_AFTER:
            return
        if done >= total:
            if self.shown:
                click.echo("\r\x1b[2K", nl=False, err=True)
            return
        self.shown = True
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        click.echo(
            f"\r{self.label} [{bar}] {100 * done // max(total, 1):3d}% {done}/{total}",
            nl=False,
            err=True,
        )


def _share(count: int, whole: int) -> str:
    return decimals(f"{100 * count / whole:5.1f}%") if whole else "    —"


def _per_run(count: int, runs: int) -> str:
    if not runs:
        return "      —"
    return _("{n}/doorloop").format(n=decimals(f"{count / runs:6.2f}"))


def _print_counts(
    title: str,
    counts: dict[str, int],
    whole: int,
    label: dict[str, str] | None = None,
    per_run: bool = False,
) -> None:
    click.echo(title)
    label = label or {}
    width = max((len(k) + len(label.get(k, "")) for k in counts), default=0) + 1
    for key, count in counts.items():
        name = key + label.get(key, "")
        mark = _("  (nooit)") if count == 0 else ""
        share = _per_run(count, whole) if per_run else _share(count, whole)
        click.echo(f"  {name:<{width}} {count:>8} {share}{mark}")


def print_playtest(data: dict[str, Any], scenario: Scenario) -> None:
    """The human form of ``frontlijn playtest``: tables and a small histogram."""
    runs = data["runs"]
    status = data["status"]
    click.echo(
        _(
            "{scenario}: {runs} doorlopen (seed {seed}), {steps} beslissingen, "
            "{steps_per_second} stappen/s, {runs_per_second} doorlopen/s"
        ).format(
            scenario=data["scenario"],
            runs=runs,
            seed=data["seed"],
            steps=data["steps"],
            steps_per_second=grouped(round(data["steps_per_second"])),
            runs_per_second=grouped(round(data["runs_per_second"])),
        )
    )
    click.echo(
        _(
            "  afgerond {finished}, gestopt door --max-steps {max_steps}: {stopped}, "
            "gestopt door een fout: {error}"
        ).format(
            finished=status["finished"],
            max_steps=data["max_steps"],
            stopped=status["stopped"],
            error=status["error"],
        )
    )
    kinds = {sid: f" ({s.ending.kind})" for sid, s in scenario.endings.items() if s.ending}
    _print_counts("\n" + _("Eindes"), data["endings"], runs, kinds)
    total = data["total"]
    if total["min"] is not None:
        click.echo(
            "\n"
            + _("Totaal  min {min}  mediaan {median}  max {max}").format(
                min=decimals(f"{total['min']:.1f}"),
                median=decimals(f"{total['median']:.1f}"),
                max=decimals(f"{total['max']:.1f}"),
            )
        )
        peak = max(b["count"] for b in data["histogram"]) or 1
        for b in data["histogram"]:
            bar = "█" * round(BAR_WIDTH * b["count"] / peak)
            click.echo(f"  {b['from']:>3}-{b['to']:<3} {bar} {b['count']}")
        balance = data["balance"]
        if balance["min"] is not None:
            click.echo(
                "\n"
                + _("Balans  min {min}  mediaan {median}  max {max}  (doel {band})").format(
                    min=decimals(f"{balance['min']:.2f}"),
                    median=decimals(f"{balance['median']:.2f}"),
                    max=decimals(f"{balance['max']:.2f}"),
                    band=_band(scenario),
                )
            )
        verdicts = ", ".join(f"{v} {n}" for v, n in data["verdicts"].items())
        click.echo(_("Oordelen (afgeronde doorlopen): {verdicts}").format(verdicts=verdicts))
    _print_counts("\n" + _("Scènes (bezoeken)"), data["scenes"], runs, per_run=True)
    picks = sum(data["choices"].values())
    _print_counts("\n" + _("Keuzes (gekozen)"), data["choices"], picks)
    if data["errors"]:
        click.echo("\n" + _("Fouten"))
        for err in data["errors"]:
            click.echo(
                _("  {count}x in scène '{scene}': {message}").format(
                    count=err["count"], scene=err["scene"], message=err["message"]
                )
            )


def _band(scenario: Scenario) -> str:
    lo, hi = scenario.scoring.target_balance
    return decimals(f"{float(lo):.2f}-{float(hi):.2f}")


@click.command(
    help=N_(
        "Speel FILE (een pad of een scenario-id) RUNS keer, met willekeurige keuzes.\n\nMeldt hoe vaak elk einde, elke scène en elke keuze bereikt wordt (nullen erbij), de\nspreiding van totalen en balansen, en elke doorloop die de engine stopte. Dezelfde\n--seed geeft hetzelfde resultaat (op de stappen per seconde na)."
    )
)
@click.argument("file")
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=DEFAULT_RUNS,
    show_default=True,
    help=N_("Aantal willekeurige doorlopen."),
)
@click.option(
    "--seed", type=int, help=N_("Seed van de hele test (getrokken en gemeld als je hem weglaat).")
)
@click.option(
    "--max-steps",
    type=click.IntRange(min=1),
    default=MAX_DECISIONS,
    show_default=True,
    help=N_("Stop een doorloop na zoveel beslissingen (geteld als gestopt)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object op stdout."))
@pass_app
def playtest(
    app: AppContext, file: str, runs: int, seed: int | None, max_steps: int, as_json: bool
) -> None:
    from frontlijn_game.authoring.playtest import playtest as run_playtest

    scenario = load_scenario_arg(app, file)
    seed = new_seed() if seed is None else seed
    progress = _ProgressBar("playtest") if sys.stderr.isatty() else None
    result = run_playtest(scenario, runs=runs, seed=seed, max_steps=max_steps, progress=progress)
    data = result.to_json()
    if as_json:
        emit_json(data)
    else:
        print_playtest(data, scenario)


# ---------------------------------------------------------------------------- paths


def run_json(scenario: Scenario, run: RunSummary | None) -> dict[str, Any] | None:
    """A path as ``frontlijn run --json`` shows it: replayed through the engine."""
    if run is None:
        return None
    try:
        play = Playthrough.replay(scenario, run.seed, run.choices, run.draws)
    except EngineError as exc:  # pragma: no cover - the search found it with the same engine
        fail(_("interne fout: een gevonden pad speelt niet opnieuw af: {error}").format(error=exc))
    return run_result(play, "finished" if play.finished else "open")


def paths_json(scenario: Scenario, report: PathReport) -> dict[str, Any]:
    """The JSON shape of ``frontlijn paths`` (DESIGN.md) plus a few extras."""
    return {
        "scenario": scenario.id,
        "complete": report.complete,
        "states": report.states,
        "best": run_json(scenario, report.best),
        "worst": run_json(scenario, report.worst),
        "only_help": run_json(scenario, report.only_help),
        "only_sanction": run_json(scenario, report.only_sanction),
        "endings": report.endings,
        "pure_good": report.pure_good is not None,
        "pure_good_run": run_json(scenario, report.pure_good),
        "in_band": run_json(scenario, report.in_band),
        "reach_complete": report.reach_complete,
        "core_states": report.core_states,
        "stopped": report.stopped,
        "capped": report.capped,
        "seconds": round(report.seconds, 3),
        "dead_ends": [
            {"scene": d.scene, "choices": list(d.choices), "draws": list(d.draws)}
            for d in report.dead_ends
        ],
        "errors": [
            {
                "scene": e.scene,
                "choice": e.choice,
                "message": e.message,
                "choices": list(e.choices),
                "draws": list(e.draws),
            }
            for e in report.errors
        ],
    }


def print_paths(data: dict[str, Any]) -> None:
    """The human form of ``frontlijn paths``."""
    from frontlijn_game.authoring.analysis_warnings import describe_path

    state = (
        _("volledig")
        if data["complete"]
        else _("ONVOLLEDIG, gestopt: {why}").format(why=data["stopped"])
    )
    click.echo(
        _("{scenario}: {states} toestanden doorzocht ({state}), {seconds} s").format(
            scenario=data["scenario"],
            states=grouped(data["states"]),
            state=state,
            seconds=decimals(f"{data['seconds']:.2f}"),
        )
    )
    rows = (
        (_("beste"), data["best"]),
        (_("slechtste"), data["worst"]),
        (_("alleen hulp"), data["only_help"]),
        (_("alleen sanctie"), data["only_sanction"]),
        (_("beste in de band"), data["in_band"]),
    )
    width = max(len(name) for name, _run in rows) + 1
    for name, run in rows:
        if run is None:
            click.echo(f"  {name:<{width}} —  " + _("(zo'n pad is er niet)"))
            continue
        total = decimals(f"{run['total']:5.1f}")
        click.echo(
            f"  {name:<{width}} {total}  "
            + _("{ending} ({kind}), hulp {help}, sanctie {sanction}, {verdict}").format(
                ending=run["ending"],
                kind=run["ending_kind"],
                help=run["help"],
                sanction=run["sanction"],
                verdict=run["verdict"],
            )
        )
        click.echo(f"  {'':<{width}}        {describe_path(run['choices'], run['draws'])}")
    endings = data["endings"]
    none = _("(geen)")
    reached, never = _("eindes bereikt:"), _("eindes nooit:")
    label = max(len(reached), len(never)) + 3
    click.echo(f"  {reached:<{label}}{', '.join(endings['reachable']) or none}")
    click.echo(f"  {never:<{label}}{', '.join(endings['unreachable']) or none}")
    pure = data["pure_good_run"]
    if pure is not None:
        missing = _("enige sanctie") if pure["sanction"] == 0 else _("enige hulp")
        click.echo(
            _("  NIET DEUGDELIJK: goed einde '{ending}' zonder {missing}: {path}").format(
                ending=pure["ending"],
                missing=missing,
                path=describe_path(pure["choices"], pure["draws"]),
            )
        )
    else:
        click.echo(_("  geen goed einde is te bereiken met alleen hulp of alleen sanctie"))
    for dead in data["dead_ends"]:
        click.echo(
            _("  doodlopend: geen keuze aangeboden in '{scene}' na {path}").format(
                scene=dead["scene"], path=describe_path(dead["choices"], dead["draws"])
            )
        )
    for err in data["errors"]:
        click.echo(_("  fout: {message}").format(message=err["message"]))


@click.command(
    help=N_(
        "Doorzoek elk pad door FILE (een pad of een scenario-id).\n\nToont de beste en slechtste totalen met hun keuzes en trekkingen (de gelukkigste en\nongelukkigste trekking van elke toevalsgoto), het beste pad met alleen hulp en met\nalleen sanctie, en welke eindes wel en niet bereikt kunnen worden; daarna de exacte\nbeoordelingscijfers: wat willekeurig kiezen en vaste gewoontes (een plek van de optie,\nde langste of kortste tekst) opleveren onder elke slaagregel van de casus."
    )
)
@click.argument("file")
@click.option(
    "--max-states",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_STATES,
    show_default=True,
    help=N_("Stop de zoektocht na zoveel toestanden (het resultaat zegt dat het onvolledig is)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Toon één JSON-object op stdout."))
@pass_app
def paths(app: AppContext, file: str, max_states: int, as_json: bool) -> None:
    from frontlijn_game.cli.content import curricula_holding
    from frontlijn_game.engine.assessment import assess
    from frontlijn_game.engine.paths import analyse

    scenario = load_scenario_arg(app, file)
    report = analyse(scenario, max_states=max_states)
    assessment = assess(scenario, curricula_holding(scenario, []), max_states=max_states)
    if not report.complete:
        why = (
            _("de grens van --max-states")
            if report.stopped == "max-states"
            else _("de tijd was op")
        )
        click.echo(
            _(
                "frontlijn: waarschuwing: de zoektocht stopte bij {n} toestanden ({why}); de "
                "resultaten gaan alleen over wat gevonden is"
            ).format(n=report.states, why=why),
            err=True,
        )
    data = paths_json(scenario, report)
    data["assessment"] = assessment.to_json()
    if as_json:
        emit_json(data)
    else:
        from frontlijn_game.i18n import language, set_language
        from frontlijn_game.service.assessment_text import assessment_lines

        before = language()
        set_language(app.lang)
        try:
            lines = assessment_lines(data["assessment"])
        finally:
            set_language(before)  # one command's --lang, not the process's
        print_paths(data)
        for line in lines:
            click.echo(line)


COMMANDS: list[click.Command] = [playtest, paths]

__all__ = ["COMMANDS", "paths_json", "run_json"]
