"""Exhaustive path analysis: every state a case can reach, its best and worst paths.

A breadth-first search over the reachable state space, driven by the engine's own step
function (:meth:`ScenarioMachine.step_offered`), so what it finds is exactly what play
does. States are memoised on a canonical key that holds everything the future depends on:

* the scene and every variable value,
* the scenes of ``visited("...")`` and the choices of ``chose("...")`` used anywhere in a
  guard or a conditional goto (other visits and choices can never be read),
* what scoring needs: help ``H`` and sanction ``S`` so far, competency points capped at
  what is required, and for each order rule whether it is still open, kept or broken.

The total of an ending is a function of that key, so it is scored once per key (with the
exact :func:`score`) and the best total reachable from a state is the best over the
endings reachable from it. A random goto is explored for every outcome: the best path
takes the luckiest draw, the worst path the unluckiest (both listed as the path's draws).
Ties go to the fewest decisions, then to the lexicographically smallest
``(choice, draw)`` steps: breadth-first order with sorted successors finds exactly those.

The search is bounded by ``max_states`` (and optionally a time budget); over it the report
says ``complete=False`` and holds what was found. Every path found is real either way.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from operator import attrgetter
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
from frontlijn_game.engine.scoring import HELP, SANCTION, score
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.expressions import Expr
from frontlijn_game.scenario.model import (
    Choice,
    EndingKind,
    GotoCond,
    GotoRandom,
    Scenario,
    goto_targets,
)

__all__ = [
    "DEFAULT_MAX_STATES",
    "DeadEnd",
    "FinalScore",
    "PathReport",
    "RunSummary",
    "ScoreCache",
    "StepError",
    "analyse",
    "best_continuation",
    "expressions_of",
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
"""(help, sanction, capped competency points, order rules kept, order rules broken)."""


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
    states: int
    best: RunSummary | None
    worst: RunSummary | None
    only_help: RunSummary | None
    """The best path without any sanction (help == 0 is allowed: doing nothing)."""
    only_sanction: RunSummary | None
    """The best path without any help."""
    pure_good: RunSummary | None
    """The best path to a ``good`` ending without any sanction or without any help."""
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


def _matches(choice: Choice, side: str) -> bool:
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


class ScoreCache:
    """Exact totals memoised on the sufficient statistics of the choices taken.

    The total of an attempt depends only on H, S, the capped competency points, the order
    rules' states and the ending, so :func:`score` runs once per distinct combination.
    Playtest and path search use it; both get the very numbers ``score`` gives.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        scoring = scenario.scoring
        self.needs = tuple(scoring.competencies.values())
        tags = tuple(scoring.competencies)
        rules = scoring.order
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
        lo, hi = scoring.target_balance
        self._lo = lo
        self._hi = hi

    def advance(self, part: ScorePart, choice_id: str) -> ScorePart:
        """The scoring part after taking ``choice_id``."""
        fx = self.fx[choice_id]
        h, s, comps, kept, broken = part
        if fx.comp is not None:
            comps = tuple(min(c + i, n) for c, i, n in zip(comps, fx.comp, self.needs, strict=True))
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

    def final(self, part: ScorePart, ending_scene: str, chosen: list[str]) -> FinalScore:
        """The exact total of an attempt with scoring part ``part`` ending in ``ending_scene``."""
        key = (part, ending_scene)
        found = self._finals.get(key)
        if found is None:
            result = score(self.scenario, chosen, self.scenario.scenes[ending_scene].ending)
            assert result.total is not None
            balance = result.balance
            in_band = balance is not None and self._lo <= balance <= self._hi
            found = self._finals[key] = FinalScore(result.total, balance, result.verdict, in_band)
        return found

    def of(self, chosen: list[str], ending_scene: str) -> FinalScore:
        """The score of a finished attempt: ``score()``'s numbers, computed once per key."""
        return self.final(self.part_of(chosen), ending_scene, chosen)


class _Compiled:
    """Per-scenario tables for building keys fast."""

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

    def canonical(self, state: PlayState) -> PlayState:
        """``state`` with its variables in declaration order (keys use ``values()``)."""
        if tuple(state.variables) == self.var_ids:
            return state
        copy = state.copy()
        copy.variables = {v: state.variables[v] for v in self.var_ids}
        return copy

    def key_of(self, state: PlayState) -> tuple[Any, ...]:
        vis = 0
        for sid in state.visited:
            vis |= self.scene_bits.get(sid, 0)
        cho = 0
        for cid in state.chosen:
            cho |= self.choice_bits.get(cid, 0)
        values = tuple(state.variables[v] for v in self.var_ids)
        return (state.scene, values, vis, cho, self.scores.part_of(state.chosen))


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


@dataclass
class _Graph:
    """The explored state space: node 0 is the start; parents give first-found paths."""

    comp: _Compiled
    start: PlayState
    index: dict[tuple[Any, ...], int] = field(default_factory=dict)
    parents: list[int] = field(default_factory=list)
    labels: list[Label | None] = field(default_factory=list)
    terminals: list[tuple[int, str, ScorePart, FinalScore]] = field(default_factory=list)
    edges: list[list[tuple[Label, int]]] | None = None
    scenes_entered: set[str] = field(default_factory=set)
    offered_choices: set[str] = field(default_factory=set)
    dead_ends: dict[str, tuple[int, Label | None]] = field(default_factory=dict)
    errors: dict[tuple[str, str | None, str], tuple[int, Label | None]] = field(
        default_factory=dict
    )
    capped: int = 0
    stopped: str | None = None
    seconds: float = 0.0

    def path(self, node: int, last: Label | None = None) -> list[Label]:
        steps: list[Label] = [] if last is None else [last]
        while node > 0:
            label = self.labels[node]
            assert label is not None
            steps.append(label)
            node = self.parents[node]
        steps.reverse()
        return steps

    def replayable(self, steps: list[Label]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        choices = (*self.start.chosen, *(c for c, _ in steps))
        draws = (*self.start.draws, *(d for _, d in steps if d is not None))
        return choices, draws

    def summary(self, node: int, ending: str, part: ScorePart, final: FinalScore) -> RunSummary:
        return self.summary_of(self.path(node), ending, part, final)

    def summary_of(
        self, steps: list[Label], ending: str, part: ScorePart, final: FinalScore
    ) -> RunSummary:
        choices, draws = self.replayable(steps)
        ending_model = self.comp.scenario.scenes[ending].ending
        assert ending_model is not None
        return RunSummary(
            seed=self.start.seed,
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
    keep_edges: bool,
) -> _Graph:
    scenario = comp.scenario
    machine = comp.machine
    scores = comp.scores
    scene_bits = comp.scene_bits
    choice_bits = comp.choice_bits
    random_targets = comp.random_targets
    began = time.perf_counter()

    if start is None:
        try:
            state = machine.start(0)
        except NoChoiceOffered as exc:
            graph = _Graph(comp, exc.state)
            graph.scenes_entered.add(exc.scene)
            graph.index[comp.key_of(exc.state)] = 0
            graph.parents.append(-1)
            graph.labels.append(None)
            graph.dead_ends[exc.scene] = (0, None)
            graph.seconds = time.perf_counter() - began
            return graph
        except EngineError as exc:
            graph = _Graph(comp, PlayState(scenario.start, scenario.initial_variables(), 0))
            graph.errors[(scenario.start, None, str(exc))] = (0, None)
            graph.seconds = time.perf_counter() - began
            return graph
    else:
        state = comp.canonical(start)
    graph = _Graph(comp, state)
    if keep_edges:
        graph.edges = []
    edges = graph.edges
    index = graph.index
    parents = graph.parents
    labels = graph.labels
    terminals = graph.terminals
    scenes_entered = graph.scenes_entered
    offered_choices = graph.offered_choices

    key = comp.key_of(state)
    part0 = key[4]
    index[key] = 0
    parents.append(-1)
    labels.append(None)
    if edges is not None:
        edges.append([])
    scenes_entered.add(state.scene)
    if state.status == "finished":
        terminals.append((0, state.scene, part0, scores.final(part0, state.scene, state.chosen)))
        graph.seconds = time.perf_counter() - began
        return graph
    try:
        first = offered(scenario, state)
    except EngineError as exc:
        graph.errors[(state.scene, None, str(exc))] = (0, None)
        graph.seconds = time.perf_counter() - began
        return graph
    if not first:
        graph.dead_ends[state.scene] = (0, None)
    offered_choices.update(c.id for c in first)

    queue: deque[tuple[int, PlayState, list[Choice], ScorePart, int, int]] = deque(
        [(0, state, first, part0, key[2], key[3])]
    )
    expanded = 0
    while queue:
        node, state, choices, part, vis, cho = queue.popleft()
        expanded += 1
        if deadline is not None and not expanded & 255 and time.perf_counter() > deadline:
            graph.stopped = "time"
            break
        if len(state.chosen) >= MAX_DECISIONS:
            graph.capped += 1
            continue
        out = edges[node] if edges is not None else None
        if len(choices) > 1:
            choices = sorted(choices, key=_by_id)
        for choice in choices:
            cid = choice.id
            cpart = scores.advance(part, cid)
            ccho = cho | choice_bits.get(cid, 0)
            targets = random_targets.get(cid)
            for target in targets if targets is not None else (None,):
                label: Label = (cid, target)
                try:
                    child, child_offered = machine.step_offered(
                        state, cid, _no_draw if target is None else _fixed_draw(target)
                    )
                except NoChoiceOffered as exc:
                    scenes_entered.add(exc.scene)
                    graph.dead_ends.setdefault(exc.scene, (node, label))
                    continue
                except EngineError as exc:
                    graph.errors.setdefault((state.scene, cid, str(exc)), (node, label))
                    continue
                scene = child.scene
                cvis = vis | scene_bits.get(scene, 0)
                ckey = (scene, tuple(child.variables.values()), cvis, ccho, cpart)
                found = index.get(ckey)
                if found is None:
                    if len(parents) >= max_states:
                        graph.stopped = "max-states"
                        queue.clear()
                        break
                    found = len(parents)
                    index[ckey] = found
                    parents.append(node)
                    labels.append(label)
                    if edges is not None:
                        edges.append([])
                    scenes_entered.add(scene)
                    if child.status == "finished":
                        terminals.append(
                            (found, scene, cpart, scores.final(cpart, scene, child.chosen))
                        )
                    else:
                        offered_choices.update(c.id for c in child_offered)
                        queue.append((found, child, child_offered, cpart, cvis, ccho))
                if out is not None:
                    out.append((label, found))
            if graph.stopped:
                break
        if graph.stopped:
            break
    graph.seconds = time.perf_counter() - began
    return graph


def _pick(
    graph: _Graph,
    keep: Callable[[str, ScorePart, FinalScore], bool],
    choose: Callable[..., Any],
) -> RunSummary | None:
    """The first-found terminal (fewest decisions, then smallest steps) that ``choose`` picks."""
    candidates = [t for t in graph.terminals if keep(t[1], t[2], t[3])]
    if not candidates:
        return None
    node, ending, part, final = choose(candidates, key=lambda t: t[3].total)
    return graph.summary(node, ending, part, final)


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
    graph = _explore(comp, start, max_states, deadline, keep_edges=False)
    return _report(graph)


def _report(graph: _Graph) -> PathReport:
    scenario = graph.comp.scenario
    kinds = {sid: s.ending.kind for sid, s in scenario.scenes.items() if s.ending is not None}
    reached = {t[1] for t in graph.terminals}

    def pure(part: ScorePart) -> bool:
        return part[0] == 0 or part[1] == 0

    dead_ends = []
    for scene, (node, label) in graph.dead_ends.items():
        steps = graph.path(node, label)
        choices, draws = graph.replayable(steps)
        dead_ends.append(DeadEnd(scene, choices, draws))
    errors = []
    for (scene, cid, message), (node, _label) in graph.errors.items():
        choices, draws = graph.replayable(graph.path(node))
        errors.append(StepError(scene, cid, message, choices, draws))
    return PathReport(
        complete=graph.stopped is None,
        states=len(graph.parents),
        best=_pick(graph, lambda e, p, f: True, max),
        worst=_pick(graph, lambda e, p, f: True, min),
        only_help=_pick(graph, lambda e, p, f: p[1] == 0, max),
        only_sanction=_pick(graph, lambda e, p, f: p[0] == 0, max),
        pure_good=_pick(graph, lambda e, p, f: kinds[e] == "good" and pure(p), max),
        in_band=_pick(graph, lambda e, p, f: f.in_band, max),
        reachable_endings=tuple(sid for sid in kinds if sid in reached),
        unreachable_endings=tuple(sid for sid in kinds if sid not in reached),
        scenes_entered=frozenset(graph.scenes_entered),
        offered_choices=frozenset(graph.offered_choices),
        dead_ends=tuple(dead_ends),
        errors=tuple(errors),
        capped=graph.capped,
        stopped=graph.stopped,
        seconds=graph.seconds,
    )


# ---------------------------------------------------------------------------- continuations


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
        self.graph = _explore(self.comp, None, max_states, None, keep_edges=True)
        self.complete = self.graph.stopped is None
        self.fallback: dict[tuple[Any, ...], RunSummary | None] = {}
        graph = self.graph
        n = len(graph.parents)
        self.value: list[Fraction | None] = [None] * n
        self.dist: list[int] = [-1] * n
        self.terminal: dict[int, tuple[str, ScorePart, FinalScore]] = {
            t[0]: (t[1], t[2], t[3]) for t in graph.terminals
        }
        if not self.complete or graph.edges is None:
            return
        reverse: list[list[int]] = [[] for _ in range(n)]
        for u, out in enumerate(graph.edges):
            for _, v in out:
                reverse[v].append(u)
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
        key = comp.key_of(state)
        node = self.graph.index.get(key) if self.complete else None
        if node is None or self.value[node] is None:
            return self._fallback(key, state)
        graph = self.graph
        assert graph.edges is not None
        steps: list[Label] = []
        while node not in self.terminal:
            target, want = self.value[node], self.dist[node] - 1
            label, node = min(
                (lab, v)
                for lab, v in graph.edges[node]
                if self.value[v] == target and self.dist[v] == want
            )  # labels are unique per state, so this never compares nodes
            steps.append(label)
        if len(state.chosen) + len(steps) > MAX_DECISIONS:
            return self._fallback(key, state)
        ending, _, final = self.terminal[node]
        choices = (*state.chosen, *(c for c, _ in steps))
        draws = (*state.draws, *(d for _, d in steps if d is not None))
        part = comp.scores.part_of(choices)
        ending_model = comp.scenario.scenes[ending].ending
        assert ending_model is not None
        return RunSummary(
            seed=state.seed,
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

    def _fallback(self, key: tuple[Any, ...], state: PlayState) -> RunSummary | None:
        """A bounded search from ``state`` itself, memoised on its key."""
        if key in self.fallback:
            found = self.fallback[key]
        else:
            graph = _explore(self.comp, state, FALLBACK_MAX_STATES, None, keep_edges=False)
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


def best_continuation(scenario: Scenario, state: PlayState) -> RunSummary | None:
    """The best total reachable from ``state`` and the choices and draws that get it.

    ``RunSummary.continuation`` holds the choices from ``state`` on; ``choices`` and
    ``draws`` replay the whole attempt. For a finished state that is the state itself;
    None when no ending can be reached. The state graph of the scenario is built on the
    first call and kept, so later calls cost a lookup and a walk along the path.
    """
    found = _continuations.get(scenario)
    if found is None:
        found = _continuations[scenario] = _Continuations(scenario, GRAPH_MAX_STATES)
    return found.best_from(state)
