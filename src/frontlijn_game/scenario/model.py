"""Typed, immutable model of a scenario (format ``frontlijn/scenario@1``).

The loader builds these from YAML after checking everything; the engine and the tools
only ever see a valid model. Each element keeps its ``loc`` so later tools (``inspect``,
warnings from path analysis) can point back into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from frontlijn_game.scenario.diagnostics import Loc

if TYPE_CHECKING:
    from frontlijn_game.scenario.expressions import Expr

Value = int | float | bool | str
EndingKind = Literal["good", "mixed", "bad"]
ENDING_KINDS: tuple[EndingKind, ...] = ("good", "mixed", "bad")
RevealBest = Literal["after_pass", "always", "never"]
REVEAL_BEST: tuple[RevealBest, ...] = ("after_pass", "always", "never")


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    age: int | None
    description: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    text: str
    loc: Loc
    known_by: tuple[str, ...] = ()
    """Role ids: in a session only these roles see the fact until a choice shares it."""


@dataclass(frozen=True, slots=True)
class Source:
    """One reference of the case (the seed report, a law, guidance), shown in intro and debrief."""

    title: str
    url: str | None
    note: str | None
    loc: Loc


@dataclass(frozen=True, slots=True)
class Role:
    """A seat in a casusoverleg: who holds it and what they are told before it starts."""

    id: str
    title: str
    brief: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Variable:
    id: str
    initial: Value
    min: int | float | None
    max: int | float | None
    label: str
    visible: bool
    loc: Loc

    @property
    def kind(self) -> Literal["number", "bool", "string"]:
        return value_kind(self.initial)


def value_kind(value: Value) -> Literal["number", "bool", "string"]:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


@dataclass(frozen=True, slots=True)
class Effect:
    """``op == "add"`` adds ``value`` and clamps; ``op == "set"`` sets it."""

    variable: str
    op: Literal["add", "set"]
    value: Value
    loc: Loc


@dataclass(frozen=True, slots=True)
class GotoScene:
    scene: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class GotoBranch:
    when: Expr | None
    scene: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class GotoCond:
    """First branch whose ``when`` is true wins; the last branch has no ``when``."""

    branches: tuple[GotoBranch, ...]


@dataclass(frozen=True, slots=True)
class RandomOption:
    weight: int
    scene: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class GotoRandom:
    options: tuple[RandomOption, ...]

    @property
    def total_weight(self) -> int:
        return sum(o.weight for o in self.options)


Goto = GotoScene | GotoCond | GotoRandom


def goto_targets(goto: Goto) -> tuple[str, ...]:
    """Every scene a goto can lead to, in file order, without repeats."""
    if isinstance(goto, GotoScene):
        return (goto.scene,)
    if isinstance(goto, GotoCond):
        return tuple(dict.fromkeys(b.scene for b in goto.branches))
    return tuple(dict.fromkeys(o.scene for o in goto.options))


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    scene: str
    text: str
    goto: Goto
    help: int
    sanction: int
    actor: str | None
    tags: tuple[str, ...]
    when: Expr | None
    effects: tuple[Effect, ...]
    consequence: str | None
    feedback: str | None
    loc: Loc
    basis: str | None = None
    """The legal or policy basis of the act, shown beside its feedback."""
    position: Literal["last"] | None = None
    """``last`` keeps the option last when options are shuffled."""
    share: tuple[str, ...] = ()
    """Fact ids that become known to every role in a session when this choice is taken."""


@dataclass(frozen=True, slots=True)
class Ending:
    label: str
    outcome: int
    kind: EndingKind
    loc: Loc


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: str | None
    text: str
    reveal: tuple[str, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    loc: Loc
    decided_by: str | None = None
    """Role id: in a session only this role chooses here (None: the group decides)."""


@dataclass(frozen=True, slots=True)
class Weights:
    balance: Fraction
    outcome: Fraction
    process: Fraction


@dataclass(frozen=True, slots=True)
class Scoring:
    target_balance: tuple[Fraction, Fraction]
    tolerance: Fraction
    weights: Weights
    competencies: dict[str, int]
    order: tuple[tuple[str, str], ...]
    forbidden: tuple[str, ...] = ()
    """Tags of acts a professional must not do: each is a rule a taken choice breaks."""

    @property
    def rule_count(self) -> int:
        """Order and forbidden rules together: the rules whose share kept is scored."""
        return len(self.order) + len(self.forbidden)


@dataclass(frozen=True, eq=False)
class Scenario:
    id: str
    title: str
    language: Literal["nl", "en"]
    role: str | None
    summary: str | None
    estimated_minutes: int | None
    tags: tuple[str, ...]
    actors: dict[str, Actor]
    facts: dict[str, Fact]
    variables: dict[str, Variable]
    scoring: Scoring
    start: str
    scenes: dict[str, Scene]
    path: str
    source: str
    content_hash: str
    choices: dict[str, Choice] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    roles: dict[str, Role] = field(default_factory=dict)
    """Empty unless the case can be played as a casusoverleg."""

    def __post_init__(self) -> None:
        if not self.choices:
            self.choices.update({c.id: c for s in self.scenes.values() for c in s.choices})

    @property
    def endings(self) -> dict[str, Scene]:
        return {sid: s for sid, s in self.scenes.items() if s.ending is not None}

    def initial_variables(self) -> dict[str, Value]:
        return {vid: v.initial for vid, v in self.variables.items()}


@dataclass(frozen=True, slots=True)
class PassRule:
    min_score: Fraction
    ending_kind: tuple[EndingKind, ...] | None


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str | None
    requires: tuple[str, ...]
    scenarios: tuple[str, ...]
    pass_rule: PassRule
    loc: Loc
    reveal_best: RevealBest = "after_pass"
    """Whether the debrief names the best continuation's option before the case is passed."""


@dataclass(frozen=True, eq=False)
class Curriculum:
    id: str
    title: str
    modules: tuple[Module, ...]
    path: str
    description: str | None = None
