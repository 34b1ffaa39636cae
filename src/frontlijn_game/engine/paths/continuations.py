"""The best continuation from any state, and the keys of equal futures (:class:`Futures`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from fractions import Fraction
from typing import Any
from weakref import WeakKeyDictionary

from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths.extremes import pick_terminal
from frontlijn_game.engine.paths.keys import CoreKey, FutureKey, Label, key_tables
from frontlijn_game.engine.paths.product_search import explore, summary
from frontlijn_game.engine.paths.reports import RunSummary
from frontlijn_game.engine.paths.scores import FinalScore, ScorePart
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario

GRAPH_MAX_STATES = 100_000
"""Bound of the per-scenario state graph that :func:`best_continuation` keeps."""
FALLBACK_MAX_STATES = 20_000
"""Bound of a local search from a state the cached graph does not hold."""

UNSEEN: Any = object()
"""Marks a key not in a memo (None is a value there: no ending reachable)."""


class Continuations:
    """The state graph from a scenario's start with, per state, the best total reachable.

    Built once per scenario: values come from a backward breadth-first search from the
    endings in order of falling total, so each state gets the best total it can reach and
    its distance to the nearest such ending; a path follows the smallest step that keeps
    both. That is the same tie rule as :func:`analyse` (fewest decisions, then smallest
    steps).
    """

    def __init__(self, scenario: Scenario, max_states: int) -> None:
        self.comp = key_tables(scenario)
        self.graph = graph = explore(self.comp, None, max_states, None, keep_reverse=True)
        self.complete = graph.stopped is None
        self.fallback: dict[tuple[CoreKey, ScorePart], RunSummary | None] = {}
        n = len(graph.parents)
        self.value: list[Fraction | None] = [None] * n
        self.dist: list[int] = [-1] * n
        self.terminal: dict[int, tuple[str, ScorePart, FinalScore]] = {
            t[0]: (t[1], t[2], t[3]) for t in graph.terminals
        }
        if not self.complete or graph.reverse is None:
            return
        reverse = graph.reverse
        groups: dict[Fraction, list[int]] = {}
        for node, _, _, final in graph.terminals:
            groups.setdefault(final.total, []).append(node)
        value = self.value
        dist = self.dist
        for total in sorted(groups, reverse=True):
            queue = deque(groups[total])
            for node in queue:
                value[node] = total
                dist[node] = 0
            while queue:
                v = queue.popleft()
                for u in reverse[v]:
                    if value[u] is None:
                        value[u] = total
                        dist[u] = dist[v] + 1
                        queue.append(u)

    def best_from(self, state: PlayState) -> RunSummary | None:
        comp = self.comp
        graph = self.graph
        core_key = comp.core_key(state)
        part = comp.scores.part_of(state.chosen)
        node = None
        if self.complete:
            core_node = graph.core.index.get(core_key)
            if core_node is not None:
                pid = graph.part_ids.get(part)
                if pid is not None:
                    node = graph.index.get((core_node, pid))
        if node is None or self.value[node] is None:
            return self._fallback((core_key, part), state)
        edges = graph.core.edges
        steps: list[Label] = []
        while node not in self.terminal:
            target, want = self.value[node], self.dist[node] - 1
            here = graph.parts[node]
            for label, child in edges[graph.cores[node]]:  # sorted: the first fit is smallest
                if child < 0:
                    continue
                nxt = graph.index[(child, graph.advance(here, label[0]))]
                if self.value[nxt] == target and self.dist[nxt] == want:
                    steps.append(label)
                    node = nxt
                    break
            else:  # pragma: no cover - the backward search guarantees a next step
                raise AssertionError("no step keeps the best total")
        if len(state.chosen) + len(steps) > MAX_DECISIONS:
            return self._fallback((core_key, part), state)
        ending, end_part, final = self.terminal[node]
        choices = (*state.chosen, *(c for c, _ in steps))
        draws = (*state.draws, *(d for _, d in steps if d is not None))
        return summary(comp, state.seed, choices, draws, steps, ending, end_part, final)

    def _fallback(self, key: tuple[CoreKey, ScorePart], state: PlayState) -> RunSummary | None:
        """A bounded search from ``state`` itself, memoised on its key.

        One lookup (``get``), never ``in`` then ``[]``: report workers on two threads
        share this memo, and another one may clear it in between."""
        found = self.fallback.get(key, UNSEEN)
        if found is UNSEEN:
            graph = explore(self.comp, state, FALLBACK_MAX_STATES, None, keep_reverse=False)
            found = pick_terminal(graph, lambda e, p, f: True, max)
            if len(self.fallback) > 10_000:
                self.fallback.clear()
            self.fallback[key] = found
        if found is None:
            return None
        # The key fixes the future, not the past: put this state's own past in front.
        return RunSummary(
            seed=state.seed,
            choices=(*state.chosen, *found.continuation),
            draws=(*state.draws, *found.continuation_draws),
            ending=found.ending,
            kind=found.kind,
            total=found.total,
            help=found.help,
            sanction=found.sanction,
            continuation=found.continuation,
            continuation_draws=found.continuation_draws,
        )


CONTINUATIONS: WeakKeyDictionary[Scenario, Continuations] = WeakKeyDictionary()


def continuations_of(scenario: Scenario) -> Continuations:
    found = CONTINUATIONS.get(scenario)
    if found is None:
        found = CONTINUATIONS[scenario] = Continuations(scenario, GRAPH_MAX_STATES)
    return found


def best_continuation(scenario: Scenario, state: PlayState) -> RunSummary | None:
    """The best total reachable from ``state`` and the choices and draws that get it.

    ``RunSummary.continuation`` holds the choices from ``state`` on; ``choices`` and
    ``draws`` replay the whole attempt. For a finished state that is the state itself;
    None when no ending can be reached. The state graph of the scenario is built on the
    first call and kept, so later calls cost a lookup and a walk along the path.
    """
    return continuations_of(scenario).best_from(state)


class Futures:
    """Keys of equal futures in one scenario, for callers that value many states.

    :meth:`key` is what the path search memoises on: the scene, the live variables and
    ``visited()``/``chose()`` facts (:class:`KeyTables`) and the scoring part. Two states
    with the same key offer the same choices, step to states with equal keys and score
    the same at every ending, so anything computed from one holds for the other, with
    one exception: how many decisions a state took, which matters only near the engine's
    decision cap. :func:`best_continuation` gives two states with the same key the same
    total when neither took more than :attr:`depth_free` decisions (its walk along the
    cached graph is at most that much shorter than the cap; a state the graph does not
    hold is searched once per key).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._comp = key_tables(scenario)
        cont = continuations_of(scenario)
        longest = max(
            (d for d, v in zip(cont.dist, cont.value, strict=True) if v is not None), default=0
        )
        self.depth_free = MAX_DECISIONS - longest
        self.zero = self._comp.scores.zero

    def part(self, chosen: Iterable[str]) -> ScorePart:
        """The scoring part of a state that took ``chosen``."""
        return self._comp.scores.part_of(chosen)

    def advance(self, part: ScorePart, choice_id: str) -> ScorePart:
        """The scoring part after also taking ``choice_id``."""
        return self._comp.scores.advance(part, choice_id)

    def key(self, state: PlayState, part: ScorePart | None = None) -> FutureKey:
        """The key of ``state``; ``part`` is its scoring part when the caller has it."""
        return (
            self._comp.core_key(state),
            self.part(state.chosen) if part is None else part,
        )
