"""Warnings that need the path analysis: what no static check of the file can prove.

``frontlijn validate`` calls :func:`analysis_warnings` for every valid scenario (unless
``--no-analysis``). The search is bounded by a time budget and a state bound:

* what *exists* (a dead end, a step that errors, a pure path that wins) is reported even
  when the search did not finish: the path it gives is real;
* what holds in *every* state (a guard never true, an ending or the target band never
  reached) is only reported when the search saw every state (for guards and endings the
  states without their scores suffice, a much smaller space); otherwise it is skipped
  silently, so ``--strict`` never fails on a case merely because it is large
  (``frontlijn paths`` tells how far the search got).

Codes (stable, documented in docs/trainers.md): ``no-choice-offered``, ``runtime-error``,
``pure-path-wins``, ``guard-never-true``, ``unreachable-ending``, ``band-unreachable``.
All are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from frontlijn_game.engine.paths import PathReport, RunSummary, analyse, static_reachable
from frontlijn_game.engine.scoring import round_half_up
from frontlijn_game.scenario.diagnostics import NOWHERE, Diagnostic, Loc
from frontlijn_game.scenario.model import Scenario

__all__ = [
    "CODES",
    "MAX_STATES",
    "PURE_LIMIT",
    "TIME_BUDGET",
    "analysis_warnings",
    "describe_path",
]

CODES = (
    "no-choice-offered",
    "runtime-error",
    "pure-path-wins",
    "guard-never-true",
    "unreachable-ending",
    "band-unreachable",
)
"""Every code this module reports (all warnings), for the docs and their test."""

TIME_BUDGET = 1.0
"""Seconds of search per case."""
MAX_STATES = 100_000
PURE_LIMIT = 60
"""A path without any help or without any sanction must stay below this total."""
SHOWN_STEPS = 8

_TARGET_BALANCE = re.compile(r"^[^#\n]*?\b(target_balance)\s*:", re.MULTILINE)


def describe_path(choices: Sequence[str], draws: Sequence[str] = ()) -> str:
    """``a, b, c`` (long paths shortened), with the draws a random goto needs."""
    if not choices:
        text = "(no decisions)"
    elif len(choices) > SHOWN_STEPS:
        text = f"{', '.join(choices[:SHOWN_STEPS])}, ... ({len(choices)} decisions)"
    else:
        text = ", ".join(choices)
    if draws:
        shown = ", ".join(draws[:SHOWN_STEPS]) + (", ..." if len(draws) > SHOWN_STEPS else "")
        text += f" (draws: {shown})"
    return text


def _target_balance_loc(scenario: Scenario) -> Loc:
    match = _TARGET_BALANCE.search(scenario.source)
    if match is None:
        return NOWHERE
    start = match.start(1)
    line = scenario.source.count("\n", 0, start) + 1
    col = start - (scenario.source.rfind("\n", 0, start) + 1) + 1
    return Loc(line, col)


def _total(run: RunSummary) -> str:
    return f"{round_half_up(run.total, 1):.1f}"


def analysis_warnings(
    scenario: Scenario,
    time_budget: float = TIME_BUDGET,
    max_states: int = MAX_STATES,
    report: PathReport | None = None,
) -> list[Diagnostic]:
    """Located warnings from a bounded path analysis of ``scenario`` (see module doc)."""
    if report is None:
        report = analyse(scenario, max_states=max_states, time_budget=time_budget)
    out: list[Diagnostic] = []
    file = scenario.path

    def warn(loc: Loc, code: str, message: str) -> None:
        out.append(Diagnostic(file, loc.line, loc.col, "warning", message, code))

    for dead in report.dead_ends:
        warn(
            scenario.scenes[dead.scene].loc,
            "no-choice-offered",
            f"no choice is offered in scene '{dead.scene}' (every guard is false) after: "
            f"{describe_path(dead.choices, dead.draws)}",
        )
    for err in report.errors:
        loc = scenario.choices[err.choice].loc if err.choice else scenario.scenes[err.scene].loc
        warn(
            loc,
            "runtime-error",
            f"{err.message} (taking '{err.choice}' after: {describe_path(err.choices, err.draws)})"
            if err.choice
            else f"{err.message} (in the state the case starts in)",
        )
    for side, best, good in (
        ("sanction", report.only_help, report.good_only_help),
        ("help", report.only_sanction, report.good_only_sanction),
    ):
        if good is not None:
            warn(
                scenario.scenes[good.ending].loc,
                "pure-path-wins",
                f"good ending '{good.ending}' is reachable without any {side} "
                f"(total {_total(good)}): {describe_path(good.choices, good.draws)}",
            )
        elif best is not None and best.total >= PURE_LIMIT:
            warn(
                scenario.scenes[best.ending].loc,
                "pure-path-wins",
                f"a path without any {side} scores {_total(best)} (below {PURE_LIMIT} "
                f"expected): {describe_path(best.choices, best.draws)}",
            )
    if report.reach_complete:
        _universal(scenario, report, warn)
    out.sort(key=lambda d: (d.line, d.col, d.code))
    return out


def _universal(
    scenario: Scenario, report: PathReport, warn: Callable[[Loc, str, str], None]
) -> None:
    """The warnings that claim something about every reachable state."""
    reachable = static_reachable(scenario)
    for choice in scenario.choices.values():
        if (
            choice.when is not None
            and choice.scene in report.scenes_entered
            and choice.id not in report.offered_choices
        ):
            warn(
                choice.loc,
                "guard-never-true",
                f"choice '{choice.id}' is never offered: its guard '{choice.when.text}' is "
                f"false in every reachable state of scene '{choice.scene}'",
            )
    for sid in report.unreachable_endings:
        if sid in reachable:  # otherwise the loader already says unreachable-scene
            warn(
                scenario.scenes[sid].loc,
                "unreachable-ending",
                f"ending '{sid}' can never be reached: the guards and conditions on the "
                "way there are never all true",
            )
    if report.complete and report.in_band is None and report.reachable_endings:
        lo, hi = scenario.scoring.target_balance
        warn(
            _target_balance_loc(scenario),
            "band-unreachable",
            f"no path ends with its balance inside target_balance "
            f"[{round_half_up(lo, 2)}, {round_half_up(hi, 2)}]: every attempt scores "
            "below 100 on balance",
        )
