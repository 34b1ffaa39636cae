"""The extreme paths of a case: best, worst, pure help or sanction, in band.

Ties go to the fewest decisions, then to the lexicographically smallest steps: the
breadth-first order of the search with sorted successors finds exactly those first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from frontlijn_game.engine.paths.core_search import DEFAULT_MAX_STATES
from frontlijn_game.engine.paths.keys import key_tables
from frontlijn_game.engine.paths.product_search import ProductGraph, explore
from frontlijn_game.engine.paths.reports import DeadEnd, PathReport, RunSummary, StepError
from frontlijn_game.engine.paths.scores import FinalScore, ScorePart
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario


def pick_terminal(
    graph: ProductGraph,
    keep: Callable[[str, ScorePart, FinalScore], bool],
    choose: Callable[..., Any],
    keys: dict[int, tuple[float, Fraction]] | None = None,
) -> RunSummary | None:
    """The first-found terminal (fewest decisions, then smallest steps) that ``choose`` picks.

    ``keys`` maps ``id(final)`` to its sort key, computed once for several picks.
    """
    candidates = [t for t in graph.terminals if keep(t[1], t[2], t[3])]
    if not candidates:
        return None
    if keys is None:
        keys = sort_keys(graph)
    node, ending, part, final = choose(candidates, key=lambda t: keys[id(t[3])])
    return graph.summary(node, ending, part, final)


def sort_keys(graph: ProductGraph) -> dict[int, tuple[float, Fraction]]:
    finals = {id(t[3]): t[3] for t in graph.terminals}
    return {key: final.sort_key for key, final in finals.items()}


def analyse(
    scenario: Scenario,
    start: PlayState | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    time_budget: float | None = None,
) -> PathReport:
    """Search every state reachable from ``start`` (default: the scenario's start).

    Over ``max_states`` states (or ``time_budget`` seconds) the search stops and the
    report has ``complete=False``; everything in it is still a real, replayable path.
    """
    if max_states < 1:
        raise ValueError("max_states must be at least 1")
    comp = key_tables(scenario)
    deadline = None if time_budget is None else time.perf_counter() + time_budget
    return report(explore(comp, start, max_states, deadline, keep_reverse=False))


def report(graph: ProductGraph) -> PathReport:
    scenario = graph.comp.scenario
    core = graph.core
    kinds = {sid: s.ending.kind for sid, s in scenario.scenes.items() if s.ending is not None}
    reached = {core.scenes[n] for n, is_end in enumerate(core.ending) if is_end}

    def pure(part: ScorePart) -> bool:
        return part[0] == 0 or part[1] == 0

    keys = sort_keys(graph)

    def pick(
        keep: Callable[[str, ScorePart, FinalScore], bool], choose: Callable[..., Any] = max
    ) -> RunSummary | None:
        return pick_terminal(graph, keep, choose, keys)

    dead_ends = []
    errors = []
    for failure, (node, label) in zip(core.failures, core.failed_at, strict=True):
        steps = core.path(node, label)
        choices = (*core.start.chosen, *(c for c, _ in steps))
        draws = (*core.start.draws, *(d for _, d in steps if d is not None))
        if failure.dead:
            dead_ends.append(DeadEnd(failure.scene, choices, draws))
        else:
            # The path leads to the state in which the failing step was taken.
            if label is not None:
                choices = choices[:-1]
                if label[1] is not None:
                    draws = draws[:-1]
            errors.append(StepError(failure.scene, failure.choice, failure.message, choices, draws))
    return PathReport(
        complete=graph.stopped is None,
        reach_complete=core.stopped is None,
        states=len(graph.parents),
        core_states=len(core.parents),
        best=pick(lambda e, p, f: True),
        worst=pick(lambda e, p, f: True, min),
        only_help=pick(lambda e, p, f: p[1] == 0),
        only_sanction=pick(lambda e, p, f: p[0] == 0),
        pure_good=pick(lambda e, p, f: kinds[e] == "good" and pure(p)),
        good_only_help=pick(lambda e, p, f: kinds[e] == "good" and p[1] == 0),
        good_only_sanction=pick(lambda e, p, f: kinds[e] == "good" and p[0] == 0),
        in_band=pick(lambda e, p, f: f.in_band),
        reachable_endings=tuple(sid for sid in kinds if sid in reached),
        unreachable_endings=tuple(sid for sid in kinds if sid not in reached),
        scenes_entered=frozenset(core.scenes_entered),
        offered_choices=frozenset(core.offered_choices),
        dead_ends=tuple(dead_ends),
        errors=tuple(errors),
        capped=graph.capped,
        stopped=graph.stopped,
        seconds=graph.seconds,
    )
