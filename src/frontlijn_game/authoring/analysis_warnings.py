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
``pure-path-wins``, ``guard-never-true``, ``unreachable-ending``, ``band-unreachable``,
``position-wins`` (always taking the first, or always the last, offered option wins: a
trainee who learns that the best answer is always option 1 learns nothing). All are
warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import (
    MAX_DECISIONS,
    forced_draws,
    machine_for,
    offered,
    seeded_draw,
)
from frontlijn_game.engine.paths import PathReport, RunSummary, analyse, static_reachable
from frontlijn_game.engine.scoring import round_half_up, score
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.diagnostics import NOWHERE, Diagnostic, Loc
from frontlijn_game.scenario.model import GotoRandom, Scenario, goto_targets

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
    "position-wins",
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
    for position, name in ((0, "first"), (-1, "last")):
        winner = _position_winner(scenario, position)
        if winner is not None:
            ending, total, choices = winner
            warn(
                scenario.scenes[scenario.start].loc,
                "position-wins",
                f"always taking the {name} offered option reaches '{ending}' "
                f"(total {total:.1f}): shuffle the order of the options so the best one "
                f"is not always {name}: {describe_path(choices)}",
            )
    if report.reach_complete:
        _universal(scenario, report, warn)
    out.sort(key=lambda d: (d.line, d.col, d.code))
    return out


def _position_winner(
    scenario: Scenario, position: int, max_leaves: int = 256
) -> tuple[str, float, list[str]] | None:
    """Follow "always the option at ``position``" under every outcome of the random gotos.

    Returns the first ending that is ``good`` or scores at least :data:`PURE_LIMIT`.
    """
    engine = machine_for(scenario)
    try:
        stack: list[PlayState] = [engine.start(0)]
    except EngineError:  # the start scene's guards fail: runtime-error says so
        return None
    leaves = 0
    while stack and leaves < max_leaves:
        state = stack.pop()
        if state.status == "finished":
            leaves += 1
            scene = scenario.scenes[state.scene]
            assert scene.ending is not None
            total = score(scenario, state.chosen, scene.ending).total
            assert total is not None
            if scene.ending.kind == "good" or total >= PURE_LIMIT:
                return state.scene, round_half_up(total, 1), list(state.chosen)
            continue
        if len(state.chosen) >= MAX_DECISIONS:
            leaves += 1
            continue
        try:
            choices = offered(scenario, state)
            if not choices:
                continue
            choice = choices[position]
            outcomes: tuple[str | None, ...] = (None,)
            if isinstance(choice.goto, GotoRandom):
                outcomes = tuple(dict.fromkeys(o.scene for o in choice.goto.options))
            for outcome in outcomes:
                draw = forced_draws([*state.draws, outcome]) if outcome else seeded_draw
                stack.append(engine.step(state, choice.id, draw))
        except EngineError:
            continue
    return None


def _decisions_to(scenario: Scenario) -> dict[str, int]:
    """The fewest decisions to enter each scene, ignoring guards (breadth-first)."""
    distance = {scenario.start: 0}
    frontier = [scenario.start]
    while frontier:
        following: list[str] = []
        for sid in frontier:
            for choice in scenario.scenes[sid].choices:
                for target in goto_targets(choice.goto):
                    if target not in distance:
                        distance[target] = distance[sid] + 1
                        following.append(target)
        frontier = following
    return distance


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
    distance: dict[str, int] | None = None
    for sid in report.unreachable_endings:
        if sid not in reachable:  # the loader already says unreachable-scene
            continue
        if distance is None:
            distance = _decisions_to(scenario)
        steps = distance.get(sid, 0)
        if steps > MAX_DECISIONS:  # no guard is to blame: the engine's cap is
            message = (
                f"ending '{sid}' can never be reached: the shortest way there takes {steps:,} "
                f"decisions, and the engine stops every attempt after {MAX_DECISIONS:,}; "
                "split the case or shorten the way"
            )
        else:
            message = (
                f"ending '{sid}' can never be reached: the guards and conditions on the "
                "way there are never all true"
            )
        warn(scenario.scenes[sid].loc, "unreachable-ending", message)
    if report.complete and report.in_band is None and report.reachable_endings:
        lo, hi = scenario.scoring.target_balance
        warn(
            _target_balance_loc(scenario),
            "band-unreachable",
            f"no path ends with its balance inside target_balance "
            f"[{round_half_up(lo, 2)}, {round_half_up(hi, 2)}]: every attempt scores "
            "below 100 on balance",
        )
