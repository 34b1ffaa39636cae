"""``best_may_be_named``: when a debrief may name the best continuation's option."""

from __future__ import annotations

from fractions import Fraction

import pytest

from frontlijn_game.scenario.curriculum import AttemptResult, best_may_be_named
from frontlijn_game.scenario.diagnostics import Loc
from frontlijn_game.scenario.model import Curriculum, Module, PassRule, RevealBest

GOOD_OR_MIXED = PassRule(Fraction(70), ("good", "mixed"))


def curriculum(*modules: Module) -> Curriculum:
    return Curriculum("c", "C", modules, "c.yaml")


def module(
    mid: str,
    cases: tuple[str, ...],
    reveal: RevealBest = "after_pass",
    rule: PassRule = GOOD_OR_MIXED,
) -> Module:
    return Module(mid, None, (), cases, rule, Loc(1, 1), reveal)


def result(total: float, kind: str | None = "good", case: str = "a") -> AttemptResult:
    return AttemptResult(case, Fraction(total), kind)


def test_after_pass_names_nothing_before_a_pass_and_everything_after() -> None:
    plan = [curriculum(module("m1", ("a",)))]
    assert not best_may_be_named("a", plan, [])
    assert not best_may_be_named("a", plan, [result(69.9)])
    assert not best_may_be_named("a", plan, [result(95.0, "bad")])  # the rule's ending kinds
    assert not best_may_be_named("a", plan, [result(95.0, case="b")])  # another case's pass
    assert best_may_be_named("a", plan, [result(69.9), result(70.0, "mixed")])


def test_after_pass_is_the_default() -> None:
    plain = Module("m1", None, (), ("a",), GOOD_OR_MIXED, Loc(1, 1))
    assert plain.reveal_best == "after_pass"
    assert not best_may_be_named("a", [curriculum(plain)], [result(60.0)])


@pytest.mark.parametrize(
    ("reveal", "before", "after"), [("always", True, True), ("never", False, False)]
)
def test_always_and_never_ignore_passing(reveal: RevealBest, before: bool, after: bool) -> None:
    plan = [curriculum(module("m1", ("a",), reveal))]
    assert best_may_be_named("a", plan, []) is before
    assert best_may_be_named("a", plan, [result(99.0)]) is after


def test_free_play_is_after_pass_at_seventy_with_any_ending() -> None:
    other = [curriculum(module("m1", ("b",), "always"))]
    for plan in ([], other):
        assert not best_may_be_named("a", plan, [result(69.9)])
        assert best_may_be_named("a", plan, [result(70.0, "bad")])


def test_a_case_in_two_modules_is_named_only_when_both_allow_it() -> None:
    strict = module("m2", ("a",), rule=PassRule(Fraction(85), ("good",)))
    plan = [curriculum(module("m1", ("a",), "always"), strict)]
    assert not best_may_be_named("a", plan, [result(80.0)])
    assert best_may_be_named("a", plan, [result(85.0)])
    assert not best_may_be_named(
        "a", [*plan, curriculum(module("m3", ("a",), "never"))], [result(99.0)]
    )
