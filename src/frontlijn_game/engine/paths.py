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
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from operator import add, attrgetter, itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import (
    MAX_DECISIONS,
    DrawFn,
    NoChoiceOffered,
    machine_for,
    offered,
)
from frontlijn_game.engine.scoring import HELP, SANCTION, balance_score, process_score, verdict
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.expressions import Expr
from frontlijn_game.scenario.model import (
    Choice,
    EndingKind,
    GotoCond,
    GotoRandom,
    Scenario,
    Value,
    goto_targets,
)

__all__ = [
    "DEFAULT_MAX_STATES",
    "DeadEnd",
    "FinalScore",
    "FutureKey",
    "Futures",
    "PathReport",
    "RunSummary",
    "ScoreCache",
    "StateGraph",
    "StepError",
    "analyse",
    "best_continuation",
    "expressions_of",
    "state_graph",
    "static_reachable",
]

DEFAULT_MAX_STATES = 200_000
GRAPH_MAX_STATES = 100_000
"""Bound of the per-scenario state graph that :func:`best_continuation` keeps."""
FALLBACK_MAX_STATES = 20_000
"""Bound of a local search from a state the cached graph does not hold."""

Label = tuple[str, str | None]
"""One step of a path: the choice taken and the scene a random goto drew (or None)."""
ScorePart = tuple[int, int, tuple[int, ...], int, int]
"""(help, sanction, capped competency points, rules kept, rules broken): bit masks over the
order rules, then the forbidden tags."""
CoreKey = tuple[str, tuple[Value, ...], int, int]
"""(scene, variable values, visited() scenes seen, chose() choices taken) as bits."""
FutureKey = tuple[CoreKey, ScorePart]
"""A core key and a scoring part: everything of a state its best total depends on."""


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One path to an ending; ``choices``/``draws`` replay it from the scenario start."""

    seed: int
    choices: tuple[str, ...]
    draws: tuple[str, ...]
    ending: str
    kind: EndingKind
    total: Fraction
    help: int
    sanction: int
    continuation: tuple[str, ...]
    """The choices after the state the search started from (all of them from the start)."""
    continuation_draws: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeadEnd:
    """A reachable state in which ``scene`` offers no choice; the path that gets there."""

    scene: str
    choices: tuple[str, ...]
    draws: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepError:
    """A step that stops the engine (e.g. a division by zero in a guard)."""

    scene: str
    choice: str | None
    message: str
    choices: tuple[str, ...]
    draws: tuple[str, ...]


@dataclass
class PathReport:
    """What :func:`analyse` found; ``complete`` says whether it saw every state."""

    complete: bool
    reach_complete: bool
    """Every reachable scene, variable state and offered choice was seen (scoring aside):
    reachable endings, guards and dead ends are exact even when ``complete`` is False."""
    states: int
    core_states: int
    """States without their scoring part (each stepped once through the engine)."""
    best: RunSummary | None
    worst: RunSummary | None
    only_help: RunSummary | None
    """The best path without any sanction (help == 0 is allowed: doing nothing)."""
    only_sanction: RunSummary | None
    """The best path without any help."""
    pure_good: RunSummary | None
    """The best path to a ``good`` ending without any sanction or without any help."""
    good_only_help: RunSummary | None
    """The best path to a ``good`` ending without any sanction."""
    good_only_sanction: RunSummary | None
    """The best path to a ``good`` ending without any help."""
    in_band: RunSummary | None
    """The best path that ends with its balance inside ``target_balance``."""
    reachable_endings: tuple[str, ...]
    unreachable_endings: tuple[str, ...]
    scenes_entered: frozenset[str]
    offered_choices: frozenset[str]
    """Choices offered in at least one reachable state."""
    dead_ends: tuple[DeadEnd, ...]
    errors: tuple[StepError, ...]
    capped: int
    """States not expanded because they sit at the engine's decision cap."""
    stopped: str | None
    """Why the search stopped early: ``"max-states"``, ``"time"`` or None."""
    seconds: float

    @property
    def endings(self) -> dict[str, list[str]]:
        return {
            "reachable": list(self.reachable_endings),
            "unreachable": list(self.unreachable_endings),
        }


# ---------------------------------------------------------------------------- helpers


def expressions_of(scenario: Scenario) -> Iterable[tuple[Choice, Expr]]:
    """Every expression of the scenario (guards and conditional gotos) with its choice."""
    for choice in scenario.choices.values():
        if choice.when is not None:
            yield choice, choice.when
        if isinstance(choice.goto, GotoCond):
            for branch in choice.goto.branches:
                if branch.when is not None:
                    yield choice, branch.when


def static_reachable(scenario: Scenario) -> set[str]:
    """Scenes reachable in the scene graph, ignoring guards and conditions."""
    seen: set[str] = set()
    stack = [scenario.start]
    while stack:
        sid = stack.pop()
        if sid in seen:
            continue
        seen.add(sid)
        for choice in scenario.scenes[sid].choices:
            stack.extend(goto_targets(choice.goto))
    return seen


@dataclass(frozen=True, slots=True)
class _Fx:
    """What one choice does to the scoring part of a key."""

    help: int
    sanction: int
    comp: tuple[int, ...] | None
    a_mask: int
    b_mask: int


_NEVER = ""
"""A rule side no choice matches (ids are never empty)."""


def _matches(choice: Choice, side: str) -> bool:
    if side == _NEVER:
        return False
    if side == HELP:
        return choice.help > 0
    if side == SANCTION:
        return choice.sanction > 0
    return side in choice.tags


@dataclass(frozen=True, slots=True)
class FinalScore:
    """The parts of a finished attempt's score that depend on the path, not on actors."""

    total: Fraction
    balance: Fraction | None
    verdict: str
    in_band: bool

    @property
    def sort_key(self) -> tuple[float, Fraction]:
        """Orders like ``total`` (a float is monotone in the fraction) but compares fast."""
        return (float(self.total), self.total)


class ScoreCache:
    """Exact totals memoised on the sufficient statistics of the choices taken.

    The total of an attempt depends only on H, S, the capped competency points, the order
    rules' states and the ending, so it is computed once per distinct combination, from
    the scoring module's own functions. Playtest and path search use it; both get the
    very numbers :func:`score` gives (the path tests check that on every path).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        scoring = scenario.scoring
        self.needs = tuple(scoring.competencies.values())
        tags = tuple(scoring.competencies)
        # A forbidden tag is an order rule whose first side nothing matches: open until a
        # choice with the tag breaks it, kept at the end otherwise (as in :func:`score`).
        rules = [*scoring.order, *((_NEVER, tag) for tag in scoring.forbidden)]
        self.all_rules = (1 << len(rules)) - 1
        self.fx: dict[str, _Fx] = {}
        for cid, choice in scenario.choices.items():
            comp = tuple(choice.tags.count(tag) for tag in tags)
            a_mask = sum(1 << i for i, (a, _) in enumerate(rules) if _matches(choice, a))
            b_mask = sum(1 << i for i, (_, b) in enumerate(rules) if _matches(choice, b))
            self.fx[cid] = _Fx(
                choice.help, choice.sanction, comp if any(comp) else None, a_mask, b_mask
            )
        self.zero: ScorePart = (0, 0, tuple(0 for _ in tags), 0, 0)
        self._finals: dict[tuple[ScorePart, str], FinalScore] = {}
        self._balances: dict[tuple[int, int], tuple[Fraction | None, Fraction, str, bool]] = {}
        self._processes: dict[tuple[tuple[int, ...], int, int], Fraction] = {}
        lo, hi = scoring.target_balance
        self._lo = lo
        self._hi = hi

    def advance(self, part: ScorePart, choice_id: str) -> ScorePart:
        """The scoring part after taking ``choice_id``."""
        fx = self.fx[choice_id]
        h, s, comps, kept, broken = part
        if fx.comp is not None:
            comps = tuple(map(min, map(add, comps, fx.comp), self.needs))
        if fx.a_mask or fx.b_mask:
            pending = self.all_rules & ~(kept | broken)
            kept |= pending & fx.a_mask
            broken |= pending & ~fx.a_mask & fx.b_mask
        return (h + fx.help, s + fx.sanction, comps, kept, broken)

    def part_of(self, chosen: Iterable[str]) -> ScorePart:
        part = self.zero
        for cid in chosen:
            part = self.advance(part, cid)
        return part

    def final(
        self, part: ScorePart, ending_scene: str, chosen: list[str] | Callable[[], list[str]]
    ) -> FinalScore:
        """The exact total of an attempt with scoring part ``part`` ending in ``ending_scene``.

        ``chosen`` (or a function giving it, called only when needed) is one path with
        that part; the balance comes from H and S, the process score from
        :func:`process_score` on that path, memoised on what it depends on.
        """
        key = (part, ending_scene)
        found = self._finals.get(key)
        if found is not None:
            return found
        h, s, comps, kept, broken = part
        scoring = self.scenario.scoring
        bal = self._balances.get((h, s))
        if bal is None:
            balance = None if h + s == 0 else Fraction(s, h + s)
            in_band = balance is not None and self._lo <= balance <= self._hi
            bal = self._balances[(h, s)] = (
                balance,
                balance_score(balance, scoring),
                verdict(balance, scoring),
                in_band,
            )
        process = self._processes.get((comps, kept, broken))
        if process is None:
            path = chosen if isinstance(chosen, list) else chosen()
            process = self._processes[(comps, kept, broken)] = process_score(self.scenario, path)
        ending = self.scenario.scenes[ending_scene].ending
        assert ending is not None
        weights = scoring.weights
        total = (
            weights.balance * bal[1] + weights.outcome * ending.outcome + weights.process * process
        )
        found = self._finals[key] = FinalScore(total, bal[0], bal[2], bal[3])
        return found

    def cached(self, part: ScorePart, ending_scene: str) -> FinalScore | None:
        return self._finals.get((part, ending_scene))

    def of(self, chosen: list[str], ending_scene: str) -> FinalScore:
        """The score of a finished attempt: ``score()``'s numbers, computed once per key."""
        return self.final(self.part_of(chosen), ending_scene, chosen)


class _Compiled:
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
        live = _liveness(scenario)
        self.live_values: dict[str, Callable[[tuple[Value, ...]], tuple[Value, ...]]] = {}
        self.live_vis: dict[str, int] = {}
        self.live_cho: dict[str, int] = {}
        for sid in scenario.scenes:
            names = live[sid]
            self.live_values[sid] = _getter(
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


def _getter(indices: list[int]) -> Callable[[tuple[Value, ...]], tuple[Value, ...]]:
    if len(indices) >= 2:
        return itemgetter(*indices)
    if len(indices) == 1:
        i = indices[0]
        return lambda values: (values[i],)
    return lambda values: ()


Name = tuple[str, str]
"""("v", variable), ("s", scene) for visited() or ("c", choice) for chose()."""


def _reads(expr: Expr | None) -> set[Name]:
    if expr is None:
        return set()
    return (
        {("v", v) for v in expr.variables}
        | {("s", s) for s in expr.scenes}
        | {("c", c) for c in expr.choices}
    )


def _liveness(scenario: Scenario) -> dict[str, frozenset[Name]]:
    """Per scene, the names whose current value some future step may read."""
    guard = {cid: _reads(c.when) for cid, c in scenario.choices.items()}
    cond: dict[str, set[Name]] = {}
    kills: dict[str, set[Name]] = {}
    for cid, c in scenario.choices.items():
        cond[cid] = set()
        if isinstance(c.goto, GotoCond):
            for branch in c.goto.branches:
                cond[cid] |= _reads(branch.when)
        kills[cid] = {("v", e.variable) for e in c.effects if e.op == "set"} | {("c", cid)}
    live: dict[str, set[Name]] = {sid: set() for sid in scenario.scenes}
    changed = True
    while changed:
        changed = False
        for sid, scene in scenario.scenes.items():
            new: set[Name] = set()
            for c in scene.choices:
                after = set(cond[c.id])
                for target in goto_targets(c.goto):
                    after |= live[target] - {("s", target)}
                new |= guard[c.id] | (after - kills[c.id])
            if new != live[sid]:
                live[sid] = new
                changed = True
    return {sid: frozenset(names) for sid, names in live.items()}


_compiled: WeakKeyDictionary[Scenario, _Compiled] = WeakKeyDictionary()


def _compile(scenario: Scenario) -> _Compiled:
    found = _compiled.get(scenario)
    if found is None:
        found = _compiled[scenario] = _Compiled(scenario)
    return found


def _fixed_draw(scene: str) -> DrawFn:
    def draw(state: PlayState, goto: GotoRandom) -> str:
        return scene

    return draw


def _no_draw(state: PlayState, goto: GotoRandom) -> str:  # pragma: no cover - never random
    raise AssertionError("a random goto was not expected here")


_by_id = attrgetter("id")


# ---------------------------------------------------------------------------- search
#
# Two phases. The *core* search walks states without their scoring part, calling the
# engine's step function once per (core state, choice, draw): the future of a state
# depends only on its core key. The *product* search then walks (core state, scoring
# part) pairs along the core edges, which is plain integer arithmetic; its states are
# exactly the states of a search on the full key, found in the same order.


@dataclass(frozen=True, slots=True)
class _Failure:
    """A step that stops the engine: a dead end entered, or an error."""

    dead: bool
    scene: str
    """The dead-end scene, or the scene in which the failing choice was taken."""
    choice: str | None
    message: str


@dataclass
class _Core:
    start: PlayState
    index: dict[CoreKey, int] = field(default_factory=dict)
    parents: list[int] = field(default_factory=list)
    labels: list[Label | None] = field(default_factory=list)
    scenes: list[str] = field(default_factory=list)
    ending: list[bool] = field(default_factory=list)
    edges: list[list[tuple[Label, int]]] = field(default_factory=list)
    """Per state its steps in sorted order; a negative target ``~i`` is failure ``i``."""
    failures: list[_Failure] = field(default_factory=list)
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
        self, failure: _Failure, node: int, label: Label | None, seen: dict[_Failure, int]
    ) -> int:
        found = seen.get(failure)
        if found is None:
            found = seen[failure] = len(self.failures)
            self.failures.append(failure)
            self.failed_at.append((node, label))
        return found

    def path(self, node: int, last: Label | None = None) -> list[Label]:
        return _path(self.parents, self.labels, node, last)


def _path(
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


def _start_state(comp: _Compiled, start: PlayState | None) -> tuple[PlayState, _Failure | None]:
    """The state to search from, and the failure that stops it at once (if any)."""
    if start is not None:
        return comp.canonical(start), None
    try:
        return comp.machine.start(0), None
    except NoChoiceOffered as exc:
        return exc.state, None  # the core search finds the dead end again
    except EngineError as exc:
        state = PlayState(comp.scenario.start, comp.scenario.initial_variables(), 0)
        return state, _Failure(False, comp.scenario.start, None, str(exc))


def _explore_core(
    comp: _Compiled,
    state: PlayState,
    failure: _Failure | None,
    max_states: int,
    deadline: float | None,
) -> _Core:
    scenario = comp.scenario
    step = comp.machine.successor
    scene_bits = comp.scene_bits
    choice_bits = comp.choice_bits
    random_targets = comp.random_targets
    live_values = comp.live_values
    live_vis = comp.live_vis
    live_cho = comp.live_cho
    core = _Core(state)
    seen: dict[_Failure, int] = {}
    key = comp.core_key(state)
    core.add(key, -1, None, state.scene, state.status == "finished")
    if state.status == "finished":
        return core
    if failure is None:
        try:
            first = offered(scenario, state)
        except EngineError as exc:
            failure = _Failure(False, state.scene, None, str(exc))
        else:
            if not first:
                failure = _Failure(True, state.scene, None, "")
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
            choices = sorted(choices, key=_by_id)
        for choice in choices:
            cid = choice.id
            ccho = cho | choice_bits.get(cid, 0)
            targets = random_targets.get(cid)
            for target in targets if targets is not None else (None,):
                label: Label = (cid, target)
                try:
                    child, child_offered = step(
                        state, choice, _no_draw if target is None else _fixed_draw(target)
                    )
                except NoChoiceOffered as exc:
                    core.scenes_entered.add(exc.scene)
                    out.append(
                        (label, ~core.fail(_Failure(True, exc.scene, None, ""), node, label, seen))
                    )
                    continue
                except EngineError as exc:
                    bad = _Failure(False, state.scene, cid, str(exc))
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


@dataclass
class _Graph:
    """The explored product space: node 0 is the start; parents give first-found paths."""

    comp: _Compiled
    core: _Core
    index: dict[tuple[int, int], int] = field(default_factory=dict)
    """(core state, scoring part id) -> product state."""
    parents: list[int] = field(default_factory=list)
    labels: list[Label | None] = field(default_factory=list)
    cores: list[int] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)
    """Per product state the id of its scoring part (parts are interned: ints hash fast)."""
    part_ids: dict[ScorePart, int] = field(default_factory=dict)
    part_list: list[ScorePart] = field(default_factory=list)
    advanced: dict[tuple[int, str], int] = field(default_factory=dict)
    terminals: list[tuple[int, str, ScorePart, FinalScore]] = field(default_factory=list)
    reverse: list[list[int]] | None = None
    capped: int = 0
    stopped: str | None = None
    seconds: float = 0.0

    @property
    def start(self) -> PlayState:
        return self.core.start

    def intern(self, part: ScorePart) -> int:
        found = self.part_ids.get(part)
        if found is None:
            found = self.part_ids[part] = len(self.part_list)
            self.part_list.append(part)
        return found

    def advance(self, pid: int, choice_id: str) -> int:
        """The id of the scoring part after taking ``choice_id``."""
        key = (pid, choice_id)
        found = self.advanced.get(key)
        if found is None:
            part = self.comp.scores.advance(self.part_list[pid], choice_id)
            found = self.advanced[key] = self.intern(part)
        return found

    def path(self, node: int, last: Label | None = None) -> list[Label]:
        return _path(self.parents, self.labels, node, last)

    def replayable(self, steps: list[Label]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        choices = (*self.start.chosen, *(c for c, _ in steps))
        draws = (*self.start.draws, *(d for _, d in steps if d is not None))
        return choices, draws

    def summary(self, node: int, ending: str, part: ScorePart, final: FinalScore) -> RunSummary:
        steps = self.path(node)
        choices, draws = self.replayable(steps)
        return _summary(self.comp, self.start.seed, choices, draws, steps, ending, part, final)


def _summary(
    comp: _Compiled,
    seed: int,
    choices: tuple[str, ...],
    draws: tuple[str, ...],
    steps: list[Label],
    ending: str,
    part: ScorePart,
    final: FinalScore,
) -> RunSummary:
    ending_model = comp.scenario.scenes[ending].ending
    assert ending_model is not None
    return RunSummary(
        seed=seed,
        choices=choices,
        draws=draws,
        ending=ending,
        kind=ending_model.kind,
        total=final.total,
        help=part[0],
        sanction=part[1],
        continuation=tuple(c for c, _ in steps),
        continuation_draws=tuple(d for _, d in steps if d is not None),
    )


def _explore(
    comp: _Compiled,
    start: PlayState | None,
    max_states: int,
    deadline: float | None,
    keep_reverse: bool,
) -> _Graph:
    began = time.perf_counter()
    state, failure = _start_state(comp, start)
    core = _explore_core(comp, state, failure, max_states, deadline)
    graph = _Graph(comp, core)
    scores = comp.scores
    advance = graph.advance
    advanced = graph.advanced
    part_list = graph.part_list
    index = graph.index
    parents = graph.parents
    labels = graph.labels
    cores = graph.cores
    parts = graph.parts
    edges = core.edges
    ending = core.ending
    reverse: list[list[int]] | None = [[]] if keep_reverse else None
    graph.reverse = reverse
    pending_terminals: list[tuple[int, str, ScorePart]] = []

    part0 = scores.part_of(state.chosen)
    index[(0, graph.intern(part0))] = 0
    parents.append(-1)
    labels.append(None)
    cores.append(0)
    parts.append(0)
    depth0 = len(state.chosen)
    depths = [depth0]
    if ending[0]:
        pending_terminals.append((0, core.scenes[0], part0))
    queue = deque([0])
    expanded = 0
    while queue and graph.stopped is None:
        node = queue.popleft()
        expanded += 1
        if deadline is not None and expanded & 1023 == 1 and time.perf_counter() > deadline:
            graph.stopped = "time"
            break
        depth = depths[node] + 1
        if depth > MAX_DECISIONS:
            graph.capped += 1
            continue
        pid = parts[node]
        for label, child in edges[cores[node]]:
            if child < 0:
                continue
            cpart = advanced.get((pid, label[0]))
            if cpart is None:
                cpart = advance(pid, label[0])
            key = (child, cpart)
            found = index.get(key)
            if found is None:
                if len(parents) >= max_states:
                    graph.stopped = "max-states"
                    break
                found = len(parents)
                index[key] = found
                parents.append(node)
                labels.append(label)
                cores.append(child)
                parts.append(cpart)
                depths.append(depth)
                if reverse is not None:
                    reverse.append([])
                if ending[child]:
                    pending_terminals.append((found, core.scenes[child], part_list[cpart]))
                else:
                    queue.append(found)
            if reverse is not None:
                reverse[found].append(node)
    graph.stopped = core.stopped or graph.stopped
    for node, scene, part in pending_terminals:
        final = scores.final(part, scene, partial(_chosen, graph, node))
        graph.terminals.append((node, scene, part, final))
    graph.seconds = time.perf_counter() - began
    return graph


def _chosen(graph: _Graph, node: int) -> list[str]:
    return list(graph.replayable(graph.path(node))[0])


def _pick(
    graph: _Graph,
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
        keys = _sort_keys(graph)
    node, ending, part, final = choose(candidates, key=lambda t: keys[id(t[3])])
    return graph.summary(node, ending, part, final)


def _sort_keys(graph: _Graph) -> dict[int, tuple[float, Fraction]]:
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
    comp = _compile(scenario)
    deadline = None if time_budget is None else time.perf_counter() + time_budget
    return _report(_explore(comp, start, max_states, deadline, keep_reverse=False))


def _report(graph: _Graph) -> PathReport:
    scenario = graph.comp.scenario
    core = graph.core
    kinds = {sid: s.ending.kind for sid, s in scenario.scenes.items() if s.ending is not None}
    reached = {core.scenes[n] for n, is_end in enumerate(core.ending) if is_end}

    def pure(part: ScorePart) -> bool:
        return part[0] == 0 or part[1] == 0

    keys = _sort_keys(graph)

    def pick(
        keep: Callable[[str, ScorePart, FinalScore], bool], choose: Callable[..., Any] = max
    ) -> RunSummary | None:
        return _pick(graph, keep, choose, keys)

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


# ---------------------------------------------------------------------------- continuations


_UNSEEN: Any = object()
"""Marks a key not in a memo (None is a value there: no ending reachable)."""


class _Continuations:
    """The state graph from a scenario's start with, per state, the best total reachable.

    Built once per scenario: values come from a backward breadth-first search from the
    endings in order of falling total, so each state gets the best total it can reach and
    its distance to the nearest such ending; a path follows the smallest step that keeps
    both. That is the same tie rule as :func:`analyse` (fewest decisions, then smallest
    steps).
    """

    def __init__(self, scenario: Scenario, max_states: int) -> None:
        self.comp = _compile(scenario)
        self.graph = graph = _explore(self.comp, None, max_states, None, keep_reverse=True)
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
        return _summary(comp, state.seed, choices, draws, steps, ending, end_part, final)

    def _fallback(self, key: tuple[CoreKey, ScorePart], state: PlayState) -> RunSummary | None:
        """A bounded search from ``state`` itself, memoised on its key.

        One lookup (``get``), never ``in`` then ``[]``: report workers on two threads
        share this memo, and another one may clear it in between."""
        found = self.fallback.get(key, _UNSEEN)
        if found is _UNSEEN:
            graph = _explore(self.comp, state, FALLBACK_MAX_STATES, None, keep_reverse=False)
            found = _pick(graph, lambda e, p, f: True, max)
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


_continuations: WeakKeyDictionary[Scenario, _Continuations] = WeakKeyDictionary()


def _continuations_of(scenario: Scenario) -> _Continuations:
    found = _continuations.get(scenario)
    if found is None:
        found = _continuations[scenario] = _Continuations(scenario, GRAPH_MAX_STATES)
    return found


def best_continuation(scenario: Scenario, state: PlayState) -> RunSummary | None:
    """The best total reachable from ``state`` and the choices and draws that get it.

    ``RunSummary.continuation`` holds the choices from ``state`` on; ``choices`` and
    ``draws`` replay the whole attempt. For a finished state that is the state itself;
    None when no ending can be reached. The state graph of the scenario is built on the
    first call and kept, so later calls cost a lookup and a walk along the path.
    """
    return _continuations_of(scenario).best_from(state)


class Futures:
    """Keys of equal futures in one scenario, for callers that value many states.

    :meth:`key` is what the path search memoises on: the scene, the live variables and
    ``visited()``/``chose()`` facts (:class:`_Compiled`) and the scoring part. Two states
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
        self._comp = _compile(scenario)
        cont = _continuations_of(scenario)
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


# ---------------------------------------------------------------------------- state graph


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
    comp = _compile(scenario)
    state, failure = _start_state(comp, None)
    deadline = None if time_budget is None else time.perf_counter() + time_budget
    core = _explore_core(comp, state, failure, max_states, deadline)
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
