"""Scoring of one attempt: balance between help and sanction, outcome and process.

Every number is an exact ``Fraction`` so that live play, playtest, path search and
replay agree to the last digit whatever the order of the arithmetic; rounding (half-up,
as people expect it, never banker's rounding or binary-float artefacts) happens only in
``Score.to_json`` and other output. DESIGN.md, "Scoring (the heart of the game)", is the
contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from frontlijn_game.scenario.model import Choice, Ending, Scenario, Scoring

VERDICTS = ("tandeloos", "in balans", "eindeloos", "niets gedaan")
NO_ACTOR = "(geen actor)"

HELP = "help"
SANCTION = "sanction"

_HUNDRED = Fraction(100)
_ZERO = Fraction(0)


@dataclass(frozen=True)
class Score:
    """The scores of one attempt; ``outcome`` and ``total`` are None until it has ended."""

    help: int
    sanction: int
    balance: Fraction | None
    verdict: str
    balance_score: Fraction
    outcome: int | None
    process: Fraction
    total: Fraction | None
    per_actor: dict[str, tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        """The shape of ``frontlijn run --json``: parts to two decimals, total to one."""
        return {
            "help": self.help,
            "sanction": self.sanction,
            "balance": None if self.balance is None else round_half_up(self.balance, 2),
            "verdict": self.verdict,
            "balance_score": round_half_up(self.balance_score, 2),
            "outcome": self.outcome,
            "process": round_half_up(self.process, 2),
            "total": None if self.total is None else round_half_up(self.total, 1),
            "per_actor": {
                actor: {"help": h, "sanction": s} for actor, (h, s) in self.per_actor.items()
            },
        }


def round_half_up(value: Fraction, digits: int) -> float:
    """Round exactly, halves away from zero (79.25 -> 79.3), then convert to float.

    ``round(float)`` would give 79.2 there (banker's rounding, and 66.665 is stored just
    below itself), which trainees and trainers would read as a bug.
    """
    scale = 10**digits
    scaled = abs(Fraction(value)) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    if value < 0:
        rounded = -rounded
    return float(Fraction(rounded, scale))


def _balance(help_: int, sanction: int) -> Fraction | None:
    total = help_ + sanction
    return None if total == 0 else Fraction(sanction, total)


def balance_score(balance: Fraction | None, scoring: Scoring) -> Fraction:
    """100 inside the target band (inclusive), linearly down to 0 at ``tolerance`` outside.

    No balance at all (nothing with help or sanction done) scores 0: doing nothing must
    never look like a good balance.
    """
    if balance is None:
        return _ZERO
    lo, hi = scoring.target_balance
    if balance < lo:
        distance = lo - balance
    elif balance > hi:
        distance = balance - hi
    else:
        return _HUNDRED
    tolerance = scoring.tolerance
    if tolerance <= 0 or distance >= tolerance:
        return _ZERO
    return _HUNDRED * (1 - distance / tolerance)


def verdict(balance: Fraction | None, scoring: Scoring) -> str:
    """Name the side the attempt fell off: toothless help, endless sanction, or neither."""
    if balance is None:
        return "niets gedaan"
    lo, hi = scoring.target_balance
    if balance < lo:
        return "tandeloos"
    if balance > hi:
        return "eindeloos"
    return "in balans"


def _choices(scenario: Scenario, chosen: Sequence[str]) -> list[Choice]:
    """Look the ids up once; an unknown id is a programming error, so KeyError is fine."""
    table = scenario.choices
    return [table[cid] for cid in chosen]


def _process(scoring: Scoring, choices: Sequence[Choice]) -> Fraction:
    competencies = scoring.competencies
    order = scoring.order
    earned: dict[str, int] = {}
    first: dict[str, int] = {}
    for index, choice in enumerate(choices):
        for tag in choice.tags:
            earned[tag] = earned.get(tag, 0) + 1
            first.setdefault(tag, index)
        if choice.help > 0:
            first.setdefault(HELP, index)
        if choice.sanction > 0:
            first.setdefault(SANCTION, index)

    parts: list[Fraction] = []
    required = sum(competencies.values())
    if competencies and required > 0:
        got = sum(min(earned.get(tag, 0), need) for tag, need in competencies.items())
        parts.append(Fraction(got, required))
    rules = scoring.rule_count
    if rules:
        kept = 0
        for a, b in order:
            first_b = first.get(b)
            first_a = first.get(a)
            # A choice matching both sides has first_a == first_b: A counts as first.
            if first_b is None or (first_a is not None and first_a <= first_b):
                kept += 1
        # A forbidden tag is a rule kept as long as no taken choice carries it.
        kept += sum(1 for tag in scoring.forbidden if tag not in earned)
        parts.append(Fraction(kept, rules))
    if not parts:
        return _ZERO
    return _HUNDRED * sum(parts, _ZERO) / len(parts)


def process_score(scenario: Scenario, chosen: Sequence[str]) -> Fraction:
    """How well the trainee worked (competencies shown, steps in the right order, nothing
    forbidden done), 0..100."""
    return _process(scenario.scoring, _choices(scenario, chosen))


def score(scenario: Scenario, chosen: Sequence[str], ending: Ending | None) -> Score:
    """Score an attempt from the choice ids taken (in order, repeats count) and its ending.

    Called after every playtest run, so it makes one pass over the choices and keeps no
    state between calls.
    """
    scoring = scenario.scoring
    choices = _choices(scenario, chosen)
    help_ = 0
    sanction = 0
    per_actor: dict[str, tuple[int, int]] = {}
    for choice in choices:
        help_ += choice.help
        sanction += choice.sanction
        actor = choice.actor if choice.actor is not None else NO_ACTOR
        h, s = per_actor.get(actor, (0, 0))
        per_actor[actor] = (h + choice.help, s + choice.sanction)

    balance = _balance(help_, sanction)
    b_score = balance_score(balance, scoring)
    process = _process(scoring, choices)
    outcome = None if ending is None else ending.outcome
    total: Fraction | None = None
    if outcome is not None:
        weights = scoring.weights
        total = weights.balance * b_score + weights.outcome * outcome + weights.process * process
    return Score(
        help=help_,
        sanction=sanction,
        balance=balance,
        verdict=verdict(balance, scoring),
        balance_score=b_score,
        outcome=outcome,
        process=process,
        total=total,
        per_actor=per_actor,
    )


def balance_trace(scenario: Scenario, chosen: Sequence[str]) -> list[Fraction | None]:
    """The balance after each decision, so the debrief can show where it tipped over."""
    help_ = 0
    sanction = 0
    trace: list[Fraction | None] = []
    for choice in _choices(scenario, chosen):
        help_ += choice.help
        sanction += choice.sanction
        trace.append(_balance(help_, sanction))
    return trace
