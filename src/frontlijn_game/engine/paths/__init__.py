"""Exhaustive path analysis: every state a case can reach, its best and worst paths.

A breadth-first search over the reachable state space, driven by the engine's own step
(:meth:`ScenarioMachine.successor`, the code of ``step`` itself), so what it finds is
exactly what play does. States are memoised on a canonical key that holds everything the
future depends on:

* the scene and the variable values that are *live* there (some later guard or
  conditional goto may read them before they are set again),
* likewise the live ``visited("...")`` scenes and ``chose("...")`` choices,
* what scoring needs: help ``H`` and sanction ``S`` so far, competency points capped at
  what is required, and for each order rule whether it is still open, kept or broken
  (a ``forbidden`` tag is one more rule, open until a choice with the tag breaks it).

The search runs in two phases: the *core* phase steps the engine once per state without
its scoring part (the future of a state does not depend on it), the *product* phase walks
(core state, scoring part) pairs along the core edges with integer arithmetic only.

The total of an ending is a function of the key, so it is scored once per key (with the
scoring module's exact functions) and the best total reachable from a state is the best
over the endings reachable from it. A random goto is explored for every outcome: the best
path takes the luckiest draw, the worst path the unluckiest (both listed as the path's
draws). Ties go to the fewest decisions, then to the lexicographically smallest
``(choice, draw)`` steps: breadth-first order with sorted successors finds exactly those.

The search is bounded by ``max_states`` (and optionally a time budget); over it the report
says ``complete=False`` and holds what was found. Every path found is real either way.
Paths longer than the engine's decision cap are never taken.

One module per part: ``liveness`` (the scene graph: reachability, live names), ``scores``
(scoring parts, exact totals), ``keys`` (canonical state keys), ``core_search`` and
``product_search`` (the two phases), ``extremes`` (:func:`analyse`), ``continuations``
(:func:`best_continuation`, :class:`Futures`), ``state_graph`` and ``reports`` (the
result types). Import the names below from here.
"""

from __future__ import annotations

from frontlijn_game.engine.paths.continuations import (
    FALLBACK_MAX_STATES,
    GRAPH_MAX_STATES,
    Futures,
    best_continuation,
)
from frontlijn_game.engine.paths.core_search import DEFAULT_MAX_STATES
from frontlijn_game.engine.paths.extremes import analyse
from frontlijn_game.engine.paths.keys import CoreKey, FutureKey, Label
from frontlijn_game.engine.paths.liveness import expressions_of, static_reachable
from frontlijn_game.engine.paths.reports import DeadEnd, PathReport, RunSummary, StepError
from frontlijn_game.engine.paths.scores import FinalScore, ScoreCache, ScorePart
from frontlijn_game.engine.paths.state_graph import StateGraph, state_graph

__all__ = [
    "DEFAULT_MAX_STATES",
    "FALLBACK_MAX_STATES",
    "GRAPH_MAX_STATES",
    "CoreKey",
    "DeadEnd",
    "FinalScore",
    "FutureKey",
    "Futures",
    "Label",
    "PathReport",
    "RunSummary",
    "ScoreCache",
    "ScorePart",
    "StateGraph",
    "StepError",
    "analyse",
    "best_continuation",
    "expressions_of",
    "state_graph",
    "static_reachable",
]
