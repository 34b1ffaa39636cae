"""The states of a case without their scoring part, for callers that weigh paths (assessment)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from frontlijn_game.engine.paths.core_search import DEFAULT_MAX_STATES, explore_core, start_state
from frontlijn_game.engine.paths.keys import Label, key_tables
from frontlijn_game.engine.paths.scores import ScoreCache, ScorePart
from frontlijn_game.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class StateGraph:
    """The states of a case without their scoring part, for callers that weigh paths.

    Node 0 is the start; ``edges[n]`` are its steps ``((choice, drawn scene), child)`` in
    sorted order, a negative child is a step that stops the engine (a dead end or an
    error). The scoring part of a path is built with ``scores`` (:class:`ScoreCache`),
    starting from ``start_part``, exactly as :func:`analyse` does.
    """

    scenario: Scenario
    scenes: list[str]
    ending: list[bool]
    edges: list[list[tuple[Label, int]]]
    complete: bool
    scores: ScoreCache
    start_part: ScorePart


def state_graph(
    scenario: Scenario, max_states: int = DEFAULT_MAX_STATES, time_budget: float | None = None
) -> StateGraph:
    """Every live state from the scenario's start (the core phase of :func:`analyse`)."""
    comp = key_tables(scenario)
    state, failure = start_state(comp, None)
    deadline = None if time_budget is None else time.perf_counter() + time_budget
    core = explore_core(comp, state, failure, max_states, deadline)
    if core.stopped == "max-states":
        # The bound struck while a state was being expanded (breadth-first: the last one
        # with steps); a part of its steps would look like all of them, so it gets none.
        partial_node = max((n for n, e in enumerate(core.edges) if e), default=None)
        if partial_node is not None:
            core.edges[partial_node] = []
    return StateGraph(
        scenario,
        core.scenes,
        core.ending,
        core.edges,
        core.stopped is None,
        comp.scores,
        comp.scores.part_of(state.chosen),
    )
