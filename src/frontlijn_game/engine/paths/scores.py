"""The scoring part of a state and the exact totals of endings, memoised.

Path search and playtest score millions of paths; the total depends only on a few
sufficient statistics (help, sanction, capped competency points, the rules' states), so
each distinct combination is scored once with the scoring module's own functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from operator import add

from frontlijn_game.engine.scoring import HELP, SANCTION, balance_score, process_score, verdict
from frontlijn_game.scenario.model import Choice, Scenario

ScorePart = tuple[int, int, tuple[int, ...], int, int]
"""(help, sanction, capped competency points, rules kept, rules broken): bit masks over the
order rules, then the forbidden tags."""


@dataclass(frozen=True, slots=True)
class ChoiceScoring:
    """What one choice does to the scoring part of a key."""

    help: int
    sanction: int
    comp: tuple[int, ...] | None
    a_mask: int
    b_mask: int


NEVER = ""
"""A rule side no choice matches (ids are never empty)."""


def matches(choice: Choice, side: str) -> bool:
    if side == NEVER:
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
        rules = [*scoring.order, *((NEVER, tag) for tag in scoring.forbidden)]
        self.all_rules = (1 << len(rules)) - 1
        self.fx: dict[str, ChoiceScoring] = {}
        for cid, choice in scenario.choices.items():
            comp = tuple(choice.tags.count(tag) for tag in tags)
            a_mask = sum(1 << i for i, (a, _) in enumerate(rules) if matches(choice, a))
            b_mask = sum(1 << i for i, (_, b) in enumerate(rules) if matches(choice, b))
            self.fx[cid] = ChoiceScoring(
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
