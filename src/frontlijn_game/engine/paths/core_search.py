"""The core phase of the search: every live state, stepped once through the engine.

Two phases. The *core* search walks states without their scoring part, calling the
engine's step function once per (core state, choice, draw): the future of a state
depends only on its core key. The *product* search (``product_search``) then walks (core
state, scoring part) pairs along the core edges, which is plain integer arithmetic; its
states are exactly the states of a search on the full key, found in the same order.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from operator import attrgetter

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS, DrawFn, NoChoiceOffered, offered
from frontlijn_game.engine.paths.keys import CoreKey, KeyTables, Label
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Choice, GotoRandom

DEFAULT_MAX_STATES = 1_000_000
"""Bound of :func:`analyse` and :func:`state_graph` unless the caller gives one: room for
every bundled case (the largest needs ~325,000 states, ~5 s of one core), so plain
``frontlijn paths`` gives exact figures, not lower bounds; a bound for runaway drafts."""


def fixed_draw(scene: str) -> DrawFn:
    def draw(state: PlayState, goto: GotoRandom) -> str:
        return scene

    return draw


def no_draw(state: PlayState, goto: GotoRandom) -> str:  # pragma: no cover - never random
    raise AssertionError("a random goto was not expected here")


by_id = attrgetter("id")


@dataclass(frozen=True, slots=True)
class Failure:
    """A step that stops the engine: a dead end entered, or an error."""

    dead: bool
    scene: str
    """The dead-end scene, or the scene in which the failing choice was taken."""
    choice: str | None
    message: str


@dataclass
class CoreGraph:
    start: PlayState
    index: dict[CoreKey, int] = field(default_factory=dict)
    parents: list[int] = field(default_factory=list)
    labels: list[Label | None] = field(default_factory=list)
    scenes: list[str] = field(default_factory=list)
    ending: list[bool] = field(default_factory=list)
    edges: list[list[tuple[Label, int]]] = field(default_factory=list)
    """Per state its steps in sorted order; a negative target ``~i`` is failure ``i``."""
    failures: list[Failure] = field(default_factory=list)
    failed_at: list[tuple[int, Label | None]] = field(default_factory=list)
    """Where each failure was first found: the state and the step taken there."""
    scenes_entered: set[str] = field(default_factory=set)
    offered_choices: set[str] = field(default_factory=set)
    stopped: str | None = None

    def add(self, key: CoreKey, parent: int, label: Label | None, scene: str, ending: bool) -> int:
        node = len(self.parents)
        self.index[key] = node
        self.parents.append(parent)
        self.labels.append(label)
        self.scenes.append(scene)
        self.ending.append(ending)
        self.edges.append([])
        self.scenes_entered.add(scene)
        return node

    def fail(
        self, failure: Failure, node: int, label: Label | None, seen: dict[Failure, int]
    ) -> int:
        found = seen.get(failure)
        if found is None:
            found = seen[failure] = len(self.failures)
            self.failures.append(failure)
            self.failed_at.append((node, label))
        return found

    def path(self, node: int, last: Label | None = None) -> list[Label]:
        return path_to(self.parents, self.labels, node, last)


def path_to(
    parents: list[int], labels: list[Label | None], node: int, last: Label | None
) -> list[Label]:
    steps: list[Label] = [] if last is None else [last]
    while node > 0:
        label = labels[node]
        assert label is not None
        steps.append(label)
        node = parents[node]
    steps.reverse()
    return steps


def start_state(comp: KeyTables, start: PlayState | None) -> tuple[PlayState, Failure | None]:
    """The state to search from, and the failure that stops it at once (if any)."""
    if start is not None:
        return comp.canonical(start), None
    try:
        return comp.machine.start(0), None
    except NoChoiceOffered as exc:
        return exc.state, None  # the core search finds the dead end again
    except EngineError as exc:
        state = PlayState(comp.scenario.start, comp.scenario.initial_variables(), 0)
        return state, Failure(False, comp.scenario.start, None, str(exc))


def explore_core(
    comp: KeyTables,
    state: PlayState,
    failure: Failure | None,
    max_states: int,
    deadline: float | None,
) -> CoreGraph:
    scenario = comp.scenario
    step = comp.machine.successor
    scene_bits = comp.scene_bits
    choice_bits = comp.choice_bits
    random_targets = comp.random_targets
    live_values = comp.live_values
    live_vis = comp.live_vis
    live_cho = comp.live_cho
    core = CoreGraph(state)
    seen: dict[Failure, int] = {}
    key = comp.core_key(state)
    core.add(key, -1, None, state.scene, state.status == "finished")
    if state.status == "finished":
        return core
    if failure is None:
        try:
            first = offered(scenario, state)
        except EngineError as exc:
            failure = Failure(False, state.scene, None, str(exc))
        else:
            if not first:
                failure = Failure(True, state.scene, None, "")
    if failure is not None:
        core.fail(failure, 0, None, seen)
        return core
    core.offered_choices.update(c.id for c in first)
    queue: deque[tuple[int, PlayState, list[Choice], int, int]] = deque(
        [(0, state, first, key[2], key[3])]
    )
    index = core.index
    expanded = 0
    while queue:
        node, state, choices, vis, cho = queue.popleft()
        expanded += 1
        if deadline is not None and expanded & 255 == 1 and time.perf_counter() > deadline:
            core.stopped = "time"
            break
        if len(state.chosen) >= MAX_DECISIONS:
            continue
        out = core.edges[node]
        if len(choices) > 1:
            choices = sorted(choices, key=by_id)
        for choice in choices:
            cid = choice.id
            ccho = cho | choice_bits.get(cid, 0)
            targets = random_targets.get(cid)
            for target in targets if targets is not None else (None,):
                label: Label = (cid, target)
                try:
                    child, child_offered = step(
                        state, choice, no_draw if target is None else fixed_draw(target)
                    )
                except NoChoiceOffered as exc:
                    core.scenes_entered.add(exc.scene)
                    out.append(
                        (label, ~core.fail(Failure(True, exc.scene, None, ""), node, label, seen))
                    )
                    continue
                except EngineError as exc:
                    bad = Failure(False, state.scene, cid, str(exc))
                    out.append((label, ~core.fail(bad, node, label, seen)))
                    continue
                scene = child.scene
                cvis = vis | scene_bits.get(scene, 0)
                ckey = (
                    scene,
                    live_values[scene](tuple(child.variables.values())),
                    cvis & live_vis[scene],
                    ccho & live_cho[scene],
                )
                found = index.get(ckey)
                if found is None:
                    if len(index) >= max_states:
                        core.stopped = "max-states"
                        return core
                    finished = child.status == "finished"
                    found = core.add(ckey, node, label, scene, finished)
                    if not finished:
                        core.offered_choices.update(c.id for c in child_offered)
                        queue.append((found, child, child_offered, cvis, ccho))
                out.append((label, found))
    return core
