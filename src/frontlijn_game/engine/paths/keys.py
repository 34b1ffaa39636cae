"""State keys: the canonical form of a state, holding only what its future depends on.

States that differ only in what no later step can read are one state for the search.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from weakref import WeakKeyDictionary

from frontlijn_game.engine.machine import machine_for
from frontlijn_game.engine.paths.liveness import expressions_of, liveness
from frontlijn_game.engine.paths.scores import ScoreCache, ScorePart
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import GotoRandom, Scenario, Value, goto_targets

Label = tuple[str, str | None]
"""One step of a path: the choice taken and the scene a random goto drew (or None)."""

CoreKey = tuple[str, tuple[Value, ...], int, int]
"""(scene, variable values, visited() scenes seen, chose() choices taken) as bits."""
FutureKey = tuple[CoreKey, ScorePart]
"""A core key and a scoring part: everything of a state its best total depends on."""


class KeyTables:
    """Per-scenario tables for building keys fast.

    Keys hold only what is *live* in their scene: a variable (or a ``visited``/``chose``
    fact) that no expression can read before it is set again cannot change the future,
    so states that differ only there are one state. Liveness is the usual backward
    data-flow fixpoint over the scene graph, following the order of a step: the guard is
    read, the choice recorded, effects applied (a set kills, an add keeps the old value
    live), the conditional goto read, the target entered.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.machine = machine_for(scenario)
        self.scores = ScoreCache(scenario)
        scenes: set[str] = set()
        chose: set[str] = set()
        for _, expr in expressions_of(scenario):
            scenes |= expr.scenes
            chose |= expr.choices
        self.scene_bits = {sid: 1 << i for i, sid in enumerate(sorted(scenes))}
        self.choice_bits = {cid: 1 << i for i, cid in enumerate(sorted(chose))}
        self.var_ids = tuple(scenario.variables)
        self.random_targets: dict[str, tuple[str, ...]] = {
            cid: tuple(sorted(goto_targets(c.goto)))
            for cid, c in scenario.choices.items()
            if isinstance(c.goto, GotoRandom)
        }
        live = liveness(scenario)
        self.live_values: dict[str, Callable[[tuple[Value, ...]], tuple[Value, ...]]] = {}
        self.live_vis: dict[str, int] = {}
        self.live_cho: dict[str, int] = {}
        for sid in scenario.scenes:
            names = live[sid]
            self.live_values[sid] = values_getter(
                [i for i, v in enumerate(self.var_ids) if ("v", v) in names]
            )
            self.live_vis[sid] = sum(b for s, b in self.scene_bits.items() if ("s", s) in names)
            self.live_cho[sid] = sum(b for c, b in self.choice_bits.items() if ("c", c) in names)

    def canonical(self, state: PlayState) -> PlayState:
        """``state`` with its variables in declaration order (keys use ``values()``)."""
        if tuple(state.variables) == self.var_ids:
            return state
        copy = state.copy()
        copy.variables = {v: state.variables[v] for v in self.var_ids}
        return copy

    def core_key(self, state: PlayState) -> CoreKey:
        """Everything of ``state`` its future depends on, scoring aside."""
        vis = 0
        for sid in state.visited:
            vis |= self.scene_bits.get(sid, 0)
        cho = 0
        for cid in state.chosen:
            cho |= self.choice_bits.get(cid, 0)
        values = tuple(state.variables[v] for v in self.var_ids)
        scene = state.scene
        return (
            scene,
            self.live_values[scene](values),
            vis & self.live_vis[scene],
            cho & self.live_cho[scene],
        )


def values_getter(indices: list[int]) -> Callable[[tuple[Value, ...]], tuple[Value, ...]]:
    if len(indices) >= 2:
        return itemgetter(*indices)
    if len(indices) == 1:
        i = indices[0]
        return lambda values: (values[i],)
    return lambda values: ()


TABLES: WeakKeyDictionary[Scenario, KeyTables] = WeakKeyDictionary()


def key_tables(scenario: Scenario) -> KeyTables:
    found = TABLES.get(scenario)
    if found is None:
        found = TABLES[scenario] = KeyTables(scenario)
    return found
