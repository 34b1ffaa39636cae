"""Exact assessment figures: what random clicking and fixed habits earn in a case.

A pass must mean the trainee understood the case, so the toolkit tells a trainer what
a trainee earns *without* reading it (DESIGN.md, "Assessment integrity"):

* choosing uniformly at random among the offered options: the chance to pass each pass
  rule, the expected total, the chance of a good ending;
* a fixed habit (always the 1st, 2nd, 3rd or last option in file order, always the
  longest or the shortest text): the same figures. A habit that asks for a position
  past the number of options offered takes the last one offered (a trainee who always
  clicks the third button clicks the bottom one when there are only two);
* the best total any ``bad`` ending allows, and the share of good-ending attempts whose
  verdict is not *in balans*.

Everything is an exact probability, never a sample: probability mass is pushed along the
state graph of :func:`~frontlijn_game.engine.paths.state_graph` (the live states the path
search memoises on), paired with the scoring part of :class:`ScoreCache`, so a state is
weighed once however many paths lead to it. A random goto splits the mass by its weights.
When the state graph has no cycle the states are taken in topological order (each one
once); otherwise mass moves one decision at a time up to the engine's decision cap (an
attempt that goes on longer stops without an ending, as in play). A total passes when,
rounded half-up to one decimal (what is stored and shown), it is at least ``min_score``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths import (
    DEFAULT_MAX_STATES,
    Label,
    ScoreCache,
    ScorePart,
    StateGraph,
    state_graph,
)
from frontlijn_game.engine.scoring import round_half_up
from frontlijn_game.scenario.model import Curriculum, EndingKind, GotoRandom, Scenario

__all__ = [
    "FREE_PLAY_MIN_SCORE",
    "HABITS",
    "Assessment",
    "Figures",
    "PassRuleFor",
    "Witness",
    "assess",
    "pass_rules_for",
    "rounded_total",
]

HABITS = ("first", "second", "third", "last", "longest", "shortest")
FREE_PLAY_MIN_SCORE = Fraction(70)

_ONE = Fraction(1)
_ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class PassRuleFor:
    """A pass rule that applies to the case: a curriculum module's, or free play's."""

    module: str | None
    min_score: Fraction
    ending_kind: tuple[EndingKind, ...] | None
    curriculum: Curriculum | None = None

    def passes(self, rounded: Fraction, kind: EndingKind) -> bool:
        return rounded >= self.min_score and (
            self.ending_kind is None or kind in self.ending_kind
        )


def pass_rules_for(scenario: Scenario, curricula: Sequence[Curriculum]) -> tuple[PassRuleFor, ...]:
    """Every module holding ``scenario`` gives a rule; none: free play (70, any ending)."""
    rules = tuple(
        PassRuleFor(m.id, m.pass_rule.min_score, m.pass_rule.ending_kind, c)
        for c in curricula
        for m in c.modules
        if scenario.id in m.scenarios
    )
    return rules or (PassRuleFor(None, FREE_PLAY_MIN_SCORE, None),)


def rounded_total(total: Fraction) -> Fraction:
    """The total as stored and shown: rounded half-up to one decimal, kept exact."""
    scaled = total * 10
    return Fraction((scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2), 10)


@dataclass(frozen=True, slots=True)
class Witness:
    """One path a habit takes to a good ending or a pass (``choices``/``draws`` replay it)."""

    choices: tuple[str, ...]
    draws: tuple[str, ...]
    ending: str
    total: Fraction
    first_choice: str | None
    """The first choice on the path taken where more than one option was offered."""


@dataclass
class Figures:
    """What one way of choosing earns; probabilities are over all attempts."""

    finished: Fraction = _ZERO
    """The chance of reaching an ending at all."""
    total_sum: Fraction = _ZERO
    good: Fraction = _ZERO
    good_off_balance: Fraction = _ZERO
    """The chance of a good ending with a verdict other than *in balans*."""
    passes: list[Fraction] = field(default_factory=list)
    """Per pass rule (in :attr:`Assessment.rules` order) the chance to pass it."""
    endings: dict[str, Fraction] = field(default_factory=dict)
    witness: Witness | None = None

    @property
    def total(self) -> Fraction | None:
        """The expected total of the attempts that reach an ending."""
        return self.total_sum / self.finished if self.finished else None


@dataclass
class Assessment:
    """The figures of a case; ``complete`` is False when the state bound cut them short."""

    scenario: Scenario
    rules: tuple[PassRuleFor, ...]
    random: Figures
    habits: dict[str, Figures]
    best_bad: dict[str, Fraction]
    """Per reachable bad ending the best total a path there gets."""
    off_balance_good: dict[str, dict[str, Fraction]]
    """Per good ending, the verdicts other than *in balans* it is reached with (chance)."""
    complete: bool
    seconds: float

    @property
    def lowest_rule(self) -> int:
        """The index of the rule with the lowest ``min_score`` (the first of equals)."""
        return min(range(len(self.rules)), key=lambda i: self.rules[i].min_score)

    @property
    def best_bad_ending(self) -> Fraction | None:
        return max(self.best_bad.values(), default=None)

    @property
    def good_not_in_balance(self) -> Fraction:
        good = self.random.good
        return self.random.good_off_balance / good if good else _ZERO

    def to_json(self) -> dict[str, Any]:
        """The ``assessment`` key of ``frontlijn paths --json`` (DESIGN.md)."""
        low = self.lowest_rule
        best_bad = self.best_bad_ending
        return {
            "rules": [
                {
                    "module": rule.module,
                    "min_score": _number(rule.min_score),
                    "ending_kind": None if rule.ending_kind is None else list(rule.ending_kind),
                    "random_pass": _chance(self.random.passes[i]),
                }
                for i, rule in enumerate(self.rules)
            ],
            "random": _figures_json(self.random, low),
            "habits": {name: _figures_json(f, low) for name, f in self.habits.items()},
            "best_bad_ending": None if best_bad is None else round_half_up(best_bad, 1),
            "good_not_in_balance": _chance(self.good_not_in_balance),
            "complete": self.complete,
            "seconds": round(self.seconds, 3),
        }


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else round_half_up(value, 2)


def _chance(value: Fraction) -> float:
    return round_half_up(value, 4)


def _figures_json(figures: Figures, low: int) -> dict[str, Any]:
    total = figures.total
    return {
        "total": None if total is None else round_half_up(total, 1),
        "good": _chance(figures.good),
        "pass": _chance(figures.passes[low]),
        "finished": _chance(figures.finished),
        "endings": {sid: _chance(p) for sid, p in figures.endings.items()},
    }


# ---------------------------------------------------------------------------- moves

Outcome = tuple[Fraction, Label, int]
"""(chance given the choice, the step's label, the child state; negative: the engine stops)."""
Move = tuple[str, tuple[Outcome, ...]]
"""An offered choice and what taking it leads to."""


def _moves(graph: StateGraph) -> list[list[Move]]:
    """Per state its offered choices in file order, each with its weighted outcomes."""
    scenario = graph.scenario
    order = {c.id: i for scene in scenario.scenes.values() for i, c in enumerate(scene.choices)}
    out: list[list[Move]] = []
    for edges in graph.edges:
        grouped: dict[str, list[tuple[Label, int]]] = {}
        for label, child in edges:
            grouped.setdefault(label[0], []).append((label, child))
        moves: list[Move] = []
        for cid in sorted(grouped, key=order.__getitem__):
            goto = scenario.choices[cid].goto
            outcomes = tuple(
                (_draw_chance(goto, label[1]), label, child) for label, child in grouped[cid]
            )
            moves.append((cid, outcomes))
        out.append(moves)
    return out


def _draw_chance(goto: object, drawn: str | None) -> Fraction:
    if drawn is None or not isinstance(goto, GotoRandom):
        return _ONE
    weight = sum(o.weight for o in goto.options if o.scene == drawn)
    return Fraction(weight, goto.total_weight)


Policy = Callable[[list[Move]], list[tuple[Fraction, Move]]]
"""Which offered choices a way of choosing takes, with their chances."""


def _uniform(moves: list[Move]) -> list[tuple[Fraction, Move]]:
    share = Fraction(1, len(moves)) if moves else _ZERO
    return [(share, m) for m in moves]


def _habit(name: str, scenario: Scenario) -> Policy:
    def text_length(move: Move) -> int:
        return len(scenario.choices[move[0]].text)

    def pick(moves: list[Move]) -> list[tuple[Fraction, Move]]:
        if not moves:
            return []
        if name == "longest":
            return [(_ONE, max(moves, key=text_length))]  # ties: the first in file order
        if name == "shortest":
            return [(_ONE, min(moves, key=text_length))]
        index = {"first": 0, "second": 1, "third": 2}.get(name, len(moves) - 1)
        return [(_ONE, moves[min(index, len(moves) - 1)])]

    return pick


# ---------------------------------------------------------------------------- propagation


class _Parts:
    """Scoring parts interned as ints, each with one path that builds it (for scoring)."""

    def __init__(self, scores: ScoreCache, start: ScorePart) -> None:
        self.scores = scores
        self.ids: dict[ScorePart, int] = {start: 0}
        self.parts = [start]
        self.made_by: list[tuple[int, str] | None] = [None]
        self.advanced: dict[tuple[int, str], int] = {}

    def advance(self, pid: int, cid: str) -> int:
        key = (pid, cid)
        found = self.advanced.get(key)
        if found is None:
            part = self.scores.advance(self.parts[pid], cid)
            found = self.ids.get(part)
            if found is None:
                found = self.ids[part] = len(self.parts)
                self.parts.append(part)
                self.made_by.append(key)
            self.advanced[key] = found
        return found

    def path(self, pid: int) -> list[str]:
        steps: list[str] = []
        made = self.made_by[pid]
        while made is not None:
            steps.append(made[1])
            made = self.made_by[made[0]]
        steps.reverse()
        return steps


Key = tuple[int, int]
"""(state of the graph, scoring part id)."""


@dataclass
class _Walk:
    """One way of choosing pushed through the graph; fills in its :class:`Figures`."""

    graph: StateGraph
    moves: list[list[Move]]
    parts: _Parts
    rules: tuple[PassRuleFor, ...]
    policy: Policy
    figures: Figures
    keep_paths: bool
    best_bad: dict[str, Fraction] = field(default_factory=dict)
    off_balance: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    parents: dict[Key, tuple[Key, Label]] = field(default_factory=dict)
    steps: int = 0

    def arrive(self, key: Key, mass: Fraction) -> None:
        """Mass that entered an ending: score it once per key and count it."""
        node, pid = key
        scene = self.graph.scenes[node]
        final = self.graph.scores.final(self.parts.parts[pid], scene, lambda: self.parts.path(pid))
        ending = self.graph.scenario.scenes[scene].ending
        assert ending is not None
        f = self.figures
        f.finished += mass
        f.total_sum += mass * final.total
        f.endings[scene] = f.endings.get(scene, _ZERO) + mass
        rounded = rounded_total(final.total)
        passed = False
        for i, rule in enumerate(self.rules):
            if rule.passes(rounded, ending.kind):
                f.passes[i] += mass
                passed = True
        if ending.kind == "good":
            f.good += mass
            if not final.in_band:
                f.good_off_balance += mass
                verdicts = self.off_balance.setdefault(scene, {})
                verdicts[final.verdict] = verdicts.get(final.verdict, _ZERO) + mass
        elif ending.kind == "bad" and final.total > self.best_bad.get(scene, Fraction(-1)):
            self.best_bad[scene] = final.total
        if self.keep_paths and f.witness is None and (passed or ending.kind == "good"):
            f.witness = self.witness(key, scene, final.total)

    def spread(self, node: int, here: dict[int, Fraction], emit: Callable[[Key, Fraction], None]) -> None:
        """Push the mass of one state (per scoring part) along the policy's steps."""
        for share, (cid, outcomes) in self.policy(self.moves[node]):
            for pid, mass in here.items():
                cpid = self.parts.advance(pid, cid)
                for chance, label, child in outcomes:
                    if child < 0:
                        continue  # the engine stops there: no ending
                    self.steps += 1
                    ckey = (child, cpid)
                    if self.keep_paths and ckey not in self.parents:
                        self.parents[ckey] = ((node, pid), label)
                    emit(ckey, mass * share * chance)

    def witness(self, key: Key, scene: str, total: Fraction) -> Witness:
        labels: list[Label] = []
        while key in self.parents:
            key, label = self.parents[key]
            labels.append(label)
        labels.reverse()
        first = None
        node = 0
        for label in labels:
            if len(self.moves[node]) > 1:
                first = label[0]
                break
            node = next(c for _, outcomes in self.moves[node] for _, lb, c in outcomes if lb == label)
        return Witness(
            tuple(c for c, _ in labels),
            tuple(d for _, d in labels if d is not None),
            scene,
            total,
            first,
        )


def _topological(graph: StateGraph) -> list[int] | None:
    """The states in an order where every step goes forward; None when there is a cycle."""
    n = len(graph.edges)
    indegree = [0] * n
    for edges in graph.edges:
        for child in {c for _, c in edges if c >= 0}:
            indegree[child] += 1
    order = [i for i in range(n) if indegree[i] == 0]
    for node in order:
        for child in {c for _, c in graph.edges[node] if c >= 0}:
            indegree[child] -= 1
            if indegree[child] == 0:
                order.append(child)
    return order if len(order) == n else None


def _run_in_order(walk: _Walk, order: list[int]) -> bool:
    """Each state once, after every state that leads to it: exact and fast."""
    ending = walk.graph.ending
    mass: list[dict[int, Fraction] | None] = [None] * len(ending)
    mass[0] = {0: _ONE}
    for node in order:
        here = mass[node]
        mass[node] = None
        if not here:
            continue
        if ending[node]:
            for pid, m in here.items():
                walk.arrive((node, pid), m)
            continue

        def emit(key: Key, m: Fraction) -> None:
            target = mass[key[0]]
            if target is None:
                target = mass[key[0]] = {}
            target[key[1]] = target.get(key[1], _ZERO) + m

        walk.spread(node, here, emit)
    return True


def _run_by_decision(walk: _Walk, max_states: int) -> bool:
    """A graph with cycles: one decision at a time, up to the engine's cap (or the bound)."""
    ending = walk.graph.ending
    layer: dict[int, dict[int, Fraction]] = {0: {0: _ONE}}
    seen = 0
    for _ in range(MAX_DECISIONS + 1):
        nxt: dict[int, dict[int, Fraction]] = {}

        def emit(key: Key, m: Fraction) -> None:
            if ending[key[0]]:
                walk.arrive(key, m)
                return
            target = nxt.setdefault(key[0], {})
            target[key[1]] = target.get(key[1], _ZERO) + m

        for node, here in layer.items():
            if ending[node]:  # only the start can be an ending here
                for pid, m in here.items():
                    walk.arrive((node, pid), m)
                continue
            seen += len(here)
            if seen > max_states:
                return False
            walk.spread(node, here, emit)
        layer = nxt
        if not layer:
            return True
    return True  # what is left took more decisions than the engine allows


def assess(
    scenario: Scenario,
    curricula: Sequence[Curriculum] = (),
    max_states: int = DEFAULT_MAX_STATES,
) -> Assessment:
    """The exact figures of ``scenario`` under the pass rules ``curricula`` give it."""
    began = time.perf_counter()
    rules = pass_rules_for(scenario, curricula)
    graph = state_graph(scenario, max_states)
    moves = _moves(graph)
    parts = _Parts(graph.scores, graph.start_part)
    order = _topological(graph)
    complete = graph.complete

    def walk(policy: Policy, keep_paths: bool) -> _Walk:
        nonlocal complete
        figures = Figures(passes=[_ZERO] * len(rules))
        w = _Walk(graph, moves, parts, rules, policy, figures, keep_paths)
        done = _run_in_order(w, order) if order is not None else _run_by_decision(w, max_states)
        complete = complete and done
        return w

    random_walk = walk(_uniform, keep_paths=False)
    habits = {name: walk(_habit(name, scenario), keep_paths=True).figures for name in HABITS}
    return Assessment(
        scenario=scenario,
        rules=rules,
        random=random_walk.figures,
        habits=habits,
        best_bad=random_walk.best_bad,
        off_balance_good=random_walk.off_balance,
        complete=complete,
        seconds=time.perf_counter() - began,
    )
