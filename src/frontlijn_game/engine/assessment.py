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

Everything is an exact probability, never a sample (:mod:`.chance_walk` does the
weighing over the live states the path search memoises on; a random goto splits the mass
by its weights). A total passes when, rounded half-up to one decimal (what is stored and
shown), it is at least ``min_score``. Probabilities are over all attempts (one that never
ends passes nothing); an expected total is over the attempts that reach an ending.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from frontlijn_game.engine.chance_walk import (
    Figures,
    Move,
    Parts,
    PassRuleFor,
    Policy,
    Witness,
    moves_of,
    rounded_total,
    topological,
    walk,
)
from frontlijn_game.engine.paths import DEFAULT_MAX_STATES, state_graph
from frontlijn_game.engine.scoring import round_half_up
from frontlijn_game.scenario.model import Curriculum, Scenario

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
"""The pass score of a case outside every curriculum (with any ending)."""

_ONE = Fraction(1)
_ZERO = Fraction(0)


def pass_rules_for(scenario: Scenario, curricula: Sequence[Curriculum]) -> tuple[PassRuleFor, ...]:
    """Every module holding ``scenario`` gives a rule; none: free play (70, any ending)."""
    rules = tuple(
        PassRuleFor(m.id, m.pass_rule.min_score, m.pass_rule.ending_kind, c)
        for c in curricula
        for m in c.modules
        if scenario.id in m.scenarios
    )
    return rules or (PassRuleFor(None, FREE_PLAY_MIN_SCORE, None),)


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
        order = tuple(self.scenario.endings)
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
            "random": _figures_json(self.random, low, order),
            "habits": {name: _figures_json(f, low, order) for name, f in self.habits.items()},
            "best_bad_ending": None if best_bad is None else round_half_up(best_bad, 1),
            "good_not_in_balance": _chance(self.good_not_in_balance),
            "complete": self.complete,
            "seconds": round(self.seconds, 3),
        }


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else round_half_up(value, 2)


def _chance(value: Fraction) -> float:
    return round_half_up(value, 4)


def _figures_json(figures: Figures, low: int, endings: tuple[str, ...]) -> dict[str, Any]:
    total = figures.total
    return {
        "total": None if total is None else round_half_up(total, 1),
        "good": _chance(figures.good),
        "pass": _chance(figures.passes[low]),
        "finished": _chance(figures.finished),
        "endings": {
            sid: _chance(figures.endings[sid]) for sid in endings if sid in figures.endings
        },
    }


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


def assess(
    scenario: Scenario,
    curricula: Sequence[Curriculum] = (),
    max_states: int = DEFAULT_MAX_STATES,
    time_budget: float | None = None,
) -> Assessment:
    """The exact figures of ``scenario`` under the pass rules ``curricula`` give it.

    Over ``max_states`` (states, or weighed (state, scoring part) pairs per way of
    choosing) or ``time_budget`` seconds of state search, ``complete`` is False and every
    chance is a lower bound (mass that was not followed reaches nothing).
    """
    began = time.perf_counter()
    rules = pass_rules_for(scenario, curricula)
    graph = state_graph(scenario, max_states, time_budget)
    moves = moves_of(graph)
    parts = Parts(graph.scores, graph.start_part)
    order = topological(graph)
    random_walk, complete = walk(graph, moves, rules, _uniform, False, order, max_states, parts)
    habits: dict[str, Figures] = {}
    for name in HABITS:
        habit, done = walk(
            graph, moves, rules, _habit(name, scenario), True, order, max_states, parts
        )
        habits[name] = habit.figures
        complete = complete and done
    return Assessment(
        scenario=scenario,
        rules=rules,
        random=random_walk.figures,
        habits=habits,
        best_bad=random_walk.best_bad,
        off_balance_good=random_walk.off_balance,
        complete=complete and graph.complete,
        seconds=time.perf_counter() - began,
    )
