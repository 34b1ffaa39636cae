"""The best continuation from any state, and the keys of equal futures (:class:`Futures`)."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any
from weakref import WeakKeyDictionary

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS, offered
from frontlijn_game.engine.paths.core_search import by_id, fixed_draw, no_draw
from frontlijn_game.engine.paths.extremes import pick_terminal
from frontlijn_game.engine.paths.keys import CoreKey, FutureKey, Label, key_tables
from frontlijn_game.engine.paths.product_search import explore
from frontlijn_game.engine.paths.reports import RunSummary
from frontlijn_game.engine.paths.scores import ScorePart
from frontlijn_game.engine.paths.value_table import ValueTable, build_table
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Choice, Scenario

GRAPH_MAX_STATES = 1_000_000
"""Bound of the per-scenario state graph that :func:`best_continuation` keeps: the same
room as :func:`analyse` (the largest bundled case needs ~325,000 states), so every
bundled case is held whole and a debrief never falls back to local searches."""
FALLBACK_MAX_STATES = 20_000
"""Bound of a local search from a state the cached graph does not hold."""

UNSEEN: Any = object()
"""Marks a key not in a memo (None is a value there: no ending reachable)."""


class Continuations:
    """The best continuation from any state of a scenario, walked along its value table.

    The table (:mod:`value_table`) gives every state of the graph from the start its best
    total and its distance to the nearest ending with that total; from a state, the walk
    steps the engine through the offered choices (and random targets) in sorted order
    and takes the first step that keeps both. That is the tie rule of :func:`analyse`
    (fewest decisions, then smallest steps). A state the table lacks (a graph over the
    bound) is searched locally, once per key.
    """

    def __init__(self, scenario: Scenario, table: ValueTable) -> None:
        self.comp = key_tables(scenario)
        self.table = table
        self.complete = table.complete
        self.longest = table.longest
        self.fallback: dict[tuple[CoreKey, ScorePart], RunSummary | None] = {}

    def best_from(self, state: PlayState) -> RunSummary | None:
        comp = self.comp
        core_key = comp.core_key(state)
        part = comp.scores.part_of(state.chosen)
        here = self.table.find(core_key, part) if self.complete else None
        target = None if here is None else here[0]
        if here is None or target is None:
            return self._fallback((core_key, part), state)
        dist = here[1]
        steps: list[Label] = []
        now = state
        options = offered(comp.scenario, now)
        while dist > 0:
            found = self._next(now, options, part, target, dist - 1)
            if found is None:  # pragma: no cover - the backward search guarantees a step
                raise AssertionError("no step keeps the best total")
            label, now, options, part = found
            steps.append(label)
            dist -= 1
        if len(state.chosen) + len(steps) > MAX_DECISIONS:
            return self._fallback((core_key, part), state)
        ending_model = comp.scenario.scenes[now.scene].ending
        assert ending_model is not None
        return RunSummary(
            seed=state.seed,
            choices=(*state.chosen, *(c for c, _ in steps)),
            draws=(*state.draws, *(d for _, d in steps if d is not None)),
            ending=now.scene,
            kind=ending_model.kind,
            total=target,
            help=part[0],
            sanction=part[1],
            continuation=tuple(c for c, _ in steps),
            continuation_draws=tuple(d for _, d in steps if d is not None),
        )

    def _next(
        self,
        state: PlayState,
        options: list[Choice],
        part: ScorePart,
        target: Fraction,
        want: int,
    ) -> tuple[Label, PlayState, list[Choice], ScorePart] | None:
        """The smallest step from ``state`` to a state with best total ``target`` that is
        ``want`` decisions from it: choices by id, then random targets in sorted order,
        as the search orders a state's edges."""
        comp = self.comp
        for choice in sorted(options, key=by_id):
            cpart = comp.scores.advance(part, choice.id)
            targets = comp.random_targets.get(choice.id)
            for drawn in targets if targets is not None else (None,):
                try:
                    child, child_offered = comp.machine.successor(
                        state, choice, no_draw if drawn is None else fixed_draw(drawn)
                    )
                except EngineError:  # a dead end or an error: the search has no edge there
                    continue
                found = self.table.find(comp.core_key(child), cpart)
                if found is not None and found == (target, want):
                    return (choice.id, drawn), child, child_offered, cpart
        return None

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
        found = install_table(scenario, build_table(scenario, GRAPH_MAX_STATES))
    return found


def install_table(scenario: Scenario, table: ValueTable) -> Continuations:
    """Use ``table`` (built by :func:`build_table`, perhaps in another process and read
    back with :meth:`ValueTable.from_bytes`) for ``scenario`` from now on."""
    found = CONTINUATIONS[scenario] = Continuations(scenario, table)
    return found


def has_table(scenario: Scenario) -> bool:
    """Whether this process holds the scenario's table already."""
    return scenario in CONTINUATIONS


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
        self.depth_free = MAX_DECISIONS - cont.longest
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
