"""Probability mass pushed through a case's state graph: the exact core of the figures.

:mod:`frontlijn_game.engine.assessment` says *what* is weighed (random choosing, fixed
habits, pass rules); this module does the weighing. The mass of each live state of
:func:`~frontlijn_game.engine.paths.state_graph` is kept per scoring part of
:class:`~frontlijn_game.engine.paths.ScoreCache`, so every (state, part) is weighed once
however many paths lead to it, and every ending is scored by the scoring module's own
functions. Without cycles the states are taken in topological order with integer
numerators; with cycles the mass moves one decision at a time up to the engine's cap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial
from math import gcd

from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths import Label, ScoreCache, ScorePart, StateGraph
from frontlijn_game.scenario.model import Curriculum, EndingKind, GotoRandom

__all__ = [
    "Figures",
    "Move",
    "Parts",
    "PassRuleFor",
    "Policy",
    "Walk",
    "Witness",
    "moves_of",
    "rounded_total",
    "walk",
]

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
        return rounded >= self.min_score and (self.ending_kind is None or kind in self.ending_kind)


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
    offered: tuple[tuple[str, ...], ...]
    """Per decision the options offered there, in file order (what the habit chose from)."""

    @property
    def first_choice(self) -> str | None:
        """The first choice on the path taken where more than one option was offered."""
        return next(
            (c for c, o in zip(self.choices, self.offered, strict=True) if len(o) > 1), None
        )


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


# ---------------------------------------------------------------------------- moves

Outcome = tuple[Fraction, Label, int]
"""(chance given the choice, the step's label, the child state; negative: the engine stops)."""
Move = tuple[str, tuple[Outcome, ...]]
"""An offered choice and what taking it leads to."""


def moves_of(graph: StateGraph) -> list[list[Move]]:
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

# ---------------------------------------------------------------------------- propagation


class Parts:
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
Mass = int | Fraction
"""A numerator over the denominator of its state (an int), or a plain chance."""


@dataclass
class Walk:
    """One way of choosing pushed through the graph; fills in its :class:`Figures`."""

    graph: StateGraph
    moves: list[list[Move]]
    parts: Parts
    rules: tuple[PassRuleFor, ...]
    policy: Policy
    figures: Figures
    keep_paths: bool
    best_bad: dict[str, Fraction] = field(default_factory=dict)
    off_balance: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    parents: dict[Key, tuple[Key, Label] | None] = field(default_factory=lambda: {(0, 0): None})
    """The first step into each state (a tree: the start is there before anything else)."""

    def arrive(self, node: int, here: dict[int, Mass], denominator: int = 1) -> None:
        """Mass that entered an ending (numerators over ``denominator``): score and count it.

        Each scoring part is scored once; the sums stay numerators until the end, so one
        division per ending state is all the fraction arithmetic there is.
        """
        scene = self.graph.scenes[node]
        ending = self.graph.scenario.scenes[scene].ending
        assert ending is not None
        scores = self.graph.scores
        parts = self.parts
        finished: Mass = 0
        total_sum: Mass = 0
        good: Mass = 0
        off: dict[str, Mass] = {}
        passes: list[Mass] = [0] * len(self.rules)
        witness: int | None = None
        for pid, mass in here.items():
            final = scores.final(parts.parts[pid], scene, partial(parts.path, pid))
            finished += mass
            total_sum += mass * final.total
            rounded = rounded_total(final.total)
            passed = False
            for i, rule in enumerate(self.rules):
                if rule.passes(rounded, ending.kind):
                    passes[i] += mass
                    passed = True
            if ending.kind == "good":
                good += mass
                if not final.in_band:
                    off[final.verdict] = off.get(final.verdict, 0) + mass
            elif ending.kind == "bad" and final.total > self.best_bad.get(scene, Fraction(-1)):
                self.best_bad[scene] = final.total
            if witness is None and (passed or ending.kind == "good"):
                witness = pid
        f = self.figures
        f.finished += Fraction(finished, denominator)
        f.total_sum += Fraction(total_sum, denominator)
        f.endings[scene] = f.endings.get(scene, _ZERO) + Fraction(finished, denominator)
        f.good += Fraction(good, denominator)
        for i, mass in enumerate(passes):
            f.passes[i] += Fraction(mass, denominator)
        if off:
            verdicts = self.off_balance.setdefault(scene, {})
            for name, mass in off.items():
                f.good_off_balance += Fraction(mass, denominator)
                verdicts[name] = verdicts.get(name, _ZERO) + Fraction(mass, denominator)
        if self.keep_paths and f.witness is None and witness is not None:
            final = scores.final(parts.parts[witness], scene, partial(parts.path, witness))
            f.witness = self.witness((node, witness), scene, final.total)

    def taken(self, node: int) -> list[tuple[Fraction, str, Outcome]]:
        """The policy's steps from ``node``: (chance, choice, outcome) per outcome."""
        return [
            (share * outcome[0], cid, outcome)
            for share, (cid, outcomes) in self.policy(self.moves[node])
            for outcome in outcomes
            if outcome[2] >= 0  # a negative child: the engine stops there, no ending
        ]

    def note_parent(self, child: Key, parent: Key, label: Label) -> None:
        if self.keep_paths and child not in self.parents:
            self.parents[child] = (parent, label)

    def witness(self, key: Key, scene: str, total: Fraction) -> Witness:
        steps: list[tuple[Label, tuple[str, ...]]] = []
        step = self.parents.get(key)
        while step is not None:
            key, label = step
            steps.append((label, tuple(cid for cid, _ in self.moves[key[0]])))
            step = self.parents.get(key)
        steps.reverse()
        return Witness(
            tuple(label[0] for label, _ in steps),
            tuple(label[1] for label, _ in steps if label[1] is not None),
            scene,
            total,
            tuple(offered for _, offered in steps),
        )


def topological(graph: StateGraph) -> list[int] | None:
    """The states in an order where every step goes forward; None when there is a cycle."""
    n = len(graph.edges)
    children = [sorted({c for _, c in edges if c >= 0}) for edges in graph.edges]
    indegree = [0] * n
    for kids in children:
        for child in kids:
            indegree[child] += 1
    order = [i for i in range(n) if indegree[i] == 0]
    for node in order:
        for child in children[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                order.append(child)
    return order if len(order) == n else None


def _run_in_order(walk: Walk, order: list[int], max_states: int) -> bool:
    """Each state once, after every state that leads to it: exact, in integers.

    The mass of a state is kept as integer numerators over one denominator per state,
    a multiple of every incoming step's: a step then costs one integer multiplication,
    not a fraction's (whose gcd work dominated).
    """
    ending = walk.graph.ending
    n = len(ending)
    steps: list[list[tuple[Fraction, str, Outcome]]] = [[] for _ in range(n)]
    denominator = [0] * n
    denominator[0] = 1
    for node in order:
        if denominator[node] and not ending[node]:
            steps[node] = walk.taken(node)
            for chance, _, (_, _, child) in steps[node]:
                need = denominator[node] * chance.denominator
                have = denominator[child]
                denominator[child] = need if not have else have * need // gcd(have, need)
    mass: list[dict[int, int] | None] = [None] * n
    mass[0] = {0: 1}
    seen = 0
    advance = walk.parts.advance
    for node in order:
        here = mass[node]
        mass[node] = None
        if not here:
            continue
        seen += len(here)
        if seen > max_states:
            return False  # over the bound: what arrived so far is a lower bound
        if ending[node]:
            walk.arrive(node, dict(here), denominator[node])
            continue
        for chance, cid, (_, label, child) in steps[node]:
            factor = chance.numerator * (
                denominator[child] // (denominator[node] * chance.denominator)
            )
            target = mass[child]
            if target is None:
                target = mass[child] = {}
            for pid, m in here.items():
                cpid = advance(pid, cid)
                target[cpid] = target.get(cpid, 0) + m * factor
                walk.note_parent((child, cpid), (node, pid), label)
    return True


def _run_by_decision(walk: Walk, max_states: int) -> bool:
    """A graph with cycles: one decision at a time, up to the engine's cap (or the bound)."""
    ending = walk.graph.ending
    layer: dict[int, dict[int, Mass]] = {0: {0: _ONE}}
    if ending[0]:
        walk.arrive(0, layer[0])
        return True
    seen = 0
    advance = walk.parts.advance
    for _ in range(MAX_DECISIONS):
        nxt: dict[int, dict[int, Mass]] = {}
        arrived: dict[int, dict[int, Mass]] = {}
        for node, here in layer.items():
            seen += len(here)
            if seen > max_states:
                return False
            for chance, cid, (_, label, child) in walk.taken(node):
                target = (arrived if ending[child] else nxt).setdefault(child, {})
                for pid, m in here.items():
                    cpid = advance(pid, cid)
                    target[cpid] = target.get(cpid, 0) + m * chance
                    walk.note_parent((child, cpid), (node, pid), label)
        for node, here in arrived.items():
            walk.arrive(node, here)
        layer = nxt
        if not layer:
            return True
    return True  # what is left took more decisions than the engine allows: no ending


def walk(
    graph: StateGraph,
    moves: list[list[Move]],
    rules: tuple[PassRuleFor, ...],
    policy: Policy,
    keep_paths: bool,
    order: list[int] | None,
    max_states: int,
    parts: Parts | None = None,
) -> tuple[Walk, bool]:
    """Push one way of choosing through ``graph``; the walk and whether it saw everything.

    ``order`` is :func:`topological` of the graph (None: it has cycles); ``keep_paths``
    keeps a parent per state, for the :class:`Witness` of a habit.
    """
    figures = Figures(passes=[_ZERO] * len(rules))
    parts = parts or Parts(graph.scores, graph.start_part)
    w = Walk(graph, moves, parts, rules, policy, figures, keep_paths)
    done = (
        _run_in_order(w, order, max_states)
        if order is not None
        else _run_by_decision(w, max_states)
    )
    return w, done
