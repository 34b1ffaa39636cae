"""Trainer commands that explore a case: ``playtest`` (random runs) and ``paths`` (all runs)."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from frontlijn_game.cli.content import load_scenario_arg, run_result
from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.output import emit_json, fail
from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths import DEFAULT_MAX_STATES, PathReport, RunSummary
from frontlijn_game.engine.playthrough import Playthrough, new_seed
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
    return f"{100 * count / whole:5.1f}%" if whole else "    —"


def _per_run(count: int, runs: int) -> str:
    return f"{count / runs:6.2f}/run" if runs else "      —"


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
        mark = "  (never)" if count == 0 else ""
        share = _per_run(count, whole) if per_run else _share(count, whole)
        click.echo(f"  {name:<{width}} {count:>8} {share}{mark}")


def print_playtest(data: dict[str, Any], scenario: Scenario) -> None:
    """The human form of ``frontlijn playtest``: tables and a small histogram."""
    runs = data["runs"]
    status = data["status"]
    click.echo(
        f"{data['scenario']}: {runs} runs (seed {data['seed']}), {data['steps']} decisions, "
        f"{data['steps_per_second']:,.0f} steps/s, {data['runs_per_second']:,.0f} runs/s"
    )
    click.echo(
        f"  finished {status['finished']}, stopped by --max-steps {data['max_steps']}: "
        f"{status['stopped']}, stopped by an error: {status['error']}"
    )
    kinds = {sid: f" ({s.ending.kind})" for sid, s in scenario.endings.items() if s.ending}
    _print_counts("\nEndings", data["endings"], runs, kinds)
    total = data["total"]
    if total["min"] is not None:
        click.echo(
            f"\nTotal  min {total['min']:.1f}  median {total['median']:.1f}  max {total['max']:.1f}"
        )
        peak = max(b["count"] for b in data["histogram"]) or 1
        for b in data["histogram"]:
            bar = "█" * round(BAR_WIDTH * b["count"] / peak)
            click.echo(f"  {b['from']:>3}-{b['to']:<3} {bar} {b['count']}")
        balance = data["balance"]
        if balance["min"] is not None:
            click.echo(
                f"\nBalance  min {balance['min']:.2f}  median {balance['median']:.2f}  "
                f"max {balance['max']:.2f}  (target {_band(scenario)})"
            )
        verdicts = ", ".join(f"{v} {n}" for v, n in data["verdicts"].items())
        click.echo(f"Verdicts (finished runs): {verdicts}")
    _print_counts("\nScenes (visits)", data["scenes"], runs, per_run=True)
    picks = sum(data["choices"].values())
    _print_counts("\nChoices (picks)", data["choices"], picks)
    if data["errors"]:
        click.echo("\nErrors")
        for err in data["errors"]:
            click.echo(f"  {err['count']}x in scene '{err['scene']}': {err['message']}")


def _band(scenario: Scenario) -> str:
    lo, hi = scenario.scoring.target_balance
    return f"{float(lo):.2f}-{float(hi):.2f}"


@click.command()
@click.argument("file")
@click.option(
    "--runs",
    type=click.IntRange(min=1),
    default=DEFAULT_RUNS,
    show_default=True,
    help="Number of random playthroughs.",
)
@click.option("--seed", type=int, help="Seed of the whole test (drawn and reported when left out).")
@click.option(
    "--max-steps",
    type=click.IntRange(min=1),
    default=MAX_DECISIONS,
    show_default=True,
    help="Stop a run after this many decisions (counted as stopped).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@pass_app
def playtest(
    app: AppContext, file: str, runs: int, seed: int | None, max_steps: int, as_json: bool
) -> None:
    """Play FILE (a path or a scenario id) RUNS times, picking choices at random.

    Reports how often each ending, scene and choice is reached (zeros included), the
    spread of totals and balances, and any run the engine stopped. The same --seed
    gives the same result (steps per second aside).
    """
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
        fail(f"internal error: a found path does not replay: {exc}")
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

    state = "complete" if data["complete"] else f"INCOMPLETE, stopped: {data['stopped']}"
    click.echo(
        f"{data['scenario']}: {data['states']:,} states searched ({state}), {data['seconds']:.2f} s"
    )
    rows = (
        ("best", data["best"]),
        ("worst", data["worst"]),
        ("only help", data["only_help"]),
        ("only sanction", data["only_sanction"]),
        ("best in band", data["in_band"]),
    )
    for name, run in rows:
        if run is None:
            click.echo(f"  {name:<14} —  (no such path)")
            continue
        click.echo(
            f"  {name:<14} {run['total']:5.1f}  {run['ending']} ({run['ending_kind']}), "
            f"help {run['help']}, sanction {run['sanction']}, {run['verdict']}"
        )
        click.echo(f"  {'':<14}        {describe_path(run['choices'], run['draws'])}")
    endings = data["endings"]
    click.echo(f"  endings reached:   {', '.join(endings['reachable']) or '(none)'}")
    click.echo(f"  endings never:     {', '.join(endings['unreachable']) or '(none)'}")
    pure = data["pure_good_run"]
    if pure is not None:
        click.echo(
            f"  NOT SOUND: good ending '{pure['ending']}' without "
            f"{'any sanction' if pure['sanction'] == 0 else 'any help'}: "
            f"{describe_path(pure['choices'], pure['draws'])}"
        )
    else:
        click.echo("  no good ending is reachable with only help or only sanction")
    for dead in data["dead_ends"]:
        click.echo(
            f"  dead end: no choice offered in '{dead['scene']}' after "
            f"{describe_path(dead['choices'], dead['draws'])}"
        )
    for err in data["errors"]:
        click.echo(f"  error: {err['message']}")


@click.command()
@click.argument("file")
@click.option(
    "--max-states",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_STATES,
    show_default=True,
    help="Stop the search after this many states (the result says it is incomplete).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@pass_app
def paths(app: AppContext, file: str, max_states: int, as_json: bool) -> None:
    """Search every path through FILE (a path or a scenario id).

    Shows the best and worst totals with their choices and draws (the luckiest and the
    unluckiest draw of each random goto), the best path with only help and with only
    sanction, and which endings can and cannot be reached; then the exact assessment
    figures: what random choosing and fixed habits (an option position, the longest or
    shortest text) earn under each pass rule that applies to the case.
    """
    from frontlijn_game.cli.content import curricula_holding
    from frontlijn_game.engine.assessment import assess
    from frontlijn_game.engine.paths import analyse

    scenario = load_scenario_arg(app, file)
    report = analyse(scenario, max_states=max_states)
    assessment = assess(scenario, curricula_holding(scenario, []), max_states=max_states)
    if not report.complete:
        why = "the --max-states limit" if report.stopped == "max-states" else "time ran out"
        click.echo(
            f"frontlijn: warning: the search stopped at {report.states} states ({why}); "
            "the results cover only what was found",
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
