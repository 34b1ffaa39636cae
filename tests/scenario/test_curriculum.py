"""Curriculum format: loading with located errors, cross-file checks, and the pass rules."""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from frontlijn_game.scenario.curriculum import (
    AttemptResult,
    attempt_passes,
    check_curriculum,
    curriculum_status,
    load_curriculum,
    load_curriculum_bytes,
    module_passed,
)
from frontlijn_game.scenario.model import Curriculum, Module, PassRule
from helpers import FIXTURES, scenario_from_yaml

BAD = FIXTURES / "bad" / "curricula"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)$", re.MULTILINE)

GOOD = """\
format: frontlijn/curriculum@1
id: basis-preventie-met-gezag
title: "Basis: preventie met gezag"
description: "Twee modules."
modules:
  - id: m1
    title: "Jongeren en snel geld"
    scenarios: [geldezel-samir]
    pass: {min_score: 70}
  - id: m2
    requires: [m1]
    scenarios: [hennep-huishouden, mini]
    pass: {min_score: 62.5, ending_kind: [good, mixed]}
  - id: vrij
    scenarios: [mini]
"""


def curriculum(text: str = GOOD) -> Curriculum:
    loaded, diagnostics = load_curriculum_bytes("c.yaml", textwrap.dedent(text).encode())
    assert loaded is not None, [d.format() for d in diagnostics]
    assert diagnostics == []
    return loaded


def test_good_curriculum_builds_its_model() -> None:
    c = curriculum()
    assert (c.id, c.title, c.description, c.path) == (
        "basis-preventie-met-gezag",
        "Basis: preventie met gezag",
        "Twee modules.",
        "c.yaml",
    )
    m1, m2, vrij = c.modules
    assert (m1.id, m1.title, m1.requires, m1.scenarios) == (
        "m1",
        "Jongeren en snel geld",
        (),
        ("geldezel-samir",),
    )
    assert m1.pass_rule == PassRule(Fraction(70), None)
    assert m2.pass_rule == PassRule(Fraction(125, 2), ("good", "mixed"))
    assert m2.requires == ("m1",)
    assert vrij.pass_rule == PassRule(Fraction(0), None)  # no pass: any finished attempt
    assert m2.loc == (10, 5)


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_curriculum_reports_exactly_its_expected_diagnostics(path: Path) -> None:
    expected = Counter(f"{m[1]}:{m[2]} {m[3]} {m[4]}" for m in EXPECT.finditer(path.read_text()))
    assert expected
    loaded, diagnostics = load_curriculum(path)
    assert loaded is None
    found = Counter(f"{d.line}:{d.col} {d.severity} {d.code}" for d in diagnostics)
    assert found == expected, "\n".join(d.format() for d in diagnostics)


@pytest.mark.parametrize(
    ("name", "heading"),
    [("trainers.md", "## Curriculumformaat"), ("trainers.en.md", "## Curriculum format")],
)
def test_the_example_in_the_docs_loads(name: str, heading: str) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / name).read_text()
    section = docs.split(heading, 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    c = curriculum(example)
    assert [m.id for m in c.modules] == ["m1", "m2"]
    assert c.modules[1].pass_rule == PassRule(Fraction(70), ("good", "mixed"))


def test_cycles_name_the_modules_in_order() -> None:
    _, diagnostics = load_curriculum(BAD / "requires-cycle.yaml")
    assert [d.message for d in diagnostics] == [
        "modules require each other in a circle, so none of them can ever open: "
        "m1 -> m3 -> m2 -> m1",
        "module 'm4' requires itself",
    ]


def test_unknown_module_suggests_the_one_meant() -> None:
    _, diagnostics = load_curriculum(BAD / "unknown-module.yaml")
    assert diagnostics[0].message == (
        "module 'verdieping' requires module 'intr', which this curriculum does not have "
        "(did you mean 'intro'?)"
    )


def test_unknown_scenario_is_a_cross_file_error_at_its_module() -> None:
    c = curriculum()
    mini = scenario_from_yaml((FIXTURES / "mini.yaml").read_text())
    problems = check_curriculum(c, {"mini": mini, "geldezel-samir": mini})
    assert [d.format() for d in problems] == [
        "c.yaml:10:5: error: module 'm2' names unknown scenario 'hennep-huishouden' [unknown-scenario]"
    ]
    problems = check_curriculum(c, {"mini": mini, "hennep-huishouden": mini})
    assert [(d.line, d.col, d.code) for d in problems] == [(6, 5, "unknown-scenario")]
    assert "did you mean" not in problems[0].message
    problems = check_curriculum(c, {"geldezel-sami": mini, "mini": mini, "hennep-huishouden": mini})
    assert "(did you mean 'geldezel-sami'?)" in problems[0].message


def test_unreadable_curriculum(tmp_path: Path) -> None:
    loaded, diagnostics = load_curriculum(tmp_path / "nope.yaml")
    assert loaded is None
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(1, 1, "unreadable")]


def test_curriculum_yaml_problems_use_the_same_codes() -> None:
    loaded, diagnostics = load_curriculum_bytes(
        "c.yaml", b"format: frontlijn/curriculum@1\nid: [\n"
    )
    assert loaded is None
    assert [d.code for d in diagnostics] == ["yaml-syntax"]
    loaded, diagnostics = load_curriculum_bytes("c.yaml", b"- 1\n")
    assert [d.message for d in diagnostics] == ["a curriculum file must be a mapping, got a list"]
    _, diagnostics = load_curriculum_bytes(
        "c.yaml", b"id: x\ntitle: T\nmodules: [{id: m, scenarios: [a]}]\n"
    )
    assert [d.message for d in diagnostics] == ["the file needs 'format: frontlijn/curriculum@1'"]


# -- pass rules ---------------------------------------------------------------------------


def attempt(scenario: str, total: float | Fraction, kind: str | None = "good") -> AttemptResult:
    return AttemptResult(scenario, total, kind)


@pytest.mark.parametrize(
    ("total", "passes"),
    [
        (Fraction(70), True),  # the boundary passes: total >= min_score
        (70.0, True),
        (Fraction(6999, 100), False),
        (69.99, False),
        (100, True),
        (0, False),
    ],
)
def test_min_score_boundary_is_inclusive(total: float | Fraction, passes: bool) -> None:
    rule = PassRule(Fraction(70), None)
    assert attempt_passes(rule, attempt("a", total)) is passes


def test_fractional_min_score_compares_exactly() -> None:
    rule = PassRule(Fraction(125, 2), None)
    assert attempt_passes(rule, attempt("a", Fraction(125, 2)))
    assert not attempt_passes(rule, attempt("a", Fraction(1249, 20)))  # 62.45


@pytest.mark.parametrize(
    ("kind", "passes"),
    [("good", True), ("mixed", True), ("bad", False), (None, False)],
)
def test_ending_kind_filter(kind: str | None, passes: bool) -> None:
    rule = PassRule(Fraction(50), ("good", "mixed"))
    assert attempt_passes(rule, attempt("a", 80, kind)) is passes


def test_without_ending_kind_any_ending_counts() -> None:
    assert attempt_passes(PassRule(Fraction(50), None), attempt("a", 80, "bad"))


def test_score_and_kind_must_hold_in_the_same_attempt() -> None:
    module = Module("m", None, (), ("a",), PassRule(Fraction(70), ("good",)), (1, 1))  # type: ignore[arg-type]
    high_but_bad = attempt("a", 95, "bad")
    good_but_low = attempt("a", 60, "good")
    assert not module_passed(module, [high_but_bad, good_but_low])
    assert module_passed(module, [high_but_bad, good_but_low, attempt("a", 70, "good")])


def test_a_module_with_several_scenarios_needs_each_of_them() -> None:
    module = curriculum().modules[1]  # hennep-huishouden and mini, >= 62.5, good or mixed
    assert not module_passed(module, [])
    assert not module_passed(module, [attempt("hennep-huishouden", 90)])
    assert not module_passed(
        module, [attempt("hennep-huishouden", 90), attempt("mini", 62, "good")]
    )
    assert module_passed(
        module,
        [
            attempt("mini", 10, "bad"),
            attempt("hennep-huishouden", 90, "mixed"),
            attempt("mini", 62.5, "good"),
            attempt("other", 100),
        ],
    )


def test_attempts_of_other_scenarios_do_not_count() -> None:
    module = curriculum().modules[0]
    assert not module_passed(module, [attempt("mini", 100)])


def test_curriculum_status_opens_modules_along_the_requires_chain() -> None:
    c = curriculum(
        """\
        format: frontlijn/curriculum@1
        id: keten
        title: Keten
        modules:
          - {id: a, scenarios: [s1], pass: {min_score: 70}}
          - {id: b, requires: [a], scenarios: [s2], pass: {min_score: 70}}
          - {id: c, requires: [a, b], scenarios: [s3]}
          - {id: los, scenarios: [s4], pass: {min_score: 50}}
        """
    )

    def status(*attempts: AttemptResult) -> list[tuple[str, bool, bool]]:
        return [(s.module.id, s.open, s.passed) for s in curriculum_status(c, attempts)]

    assert status() == [
        ("a", True, False),
        ("b", False, False),
        ("c", False, False),
        ("los", True, False),
    ]
    assert status(attempt("s1", 69)) == [
        ("a", True, False),
        ("b", False, False),
        ("c", False, False),
        ("los", True, False),
    ]
    assert status(attempt("s1", 70)) == [
        ("a", True, True),
        ("b", True, False),
        ("c", False, False),  # needs b as well
        ("los", True, False),
    ]
    assert status(attempt("s1", 70), attempt("s2", 80), attempt("s4", 50)) == [
        ("a", True, True),
        ("b", True, True),
        ("c", True, False),
        ("los", True, True),
    ]
    # Passed is passed, open or not: a later module done first still counts as passed.
    assert status(attempt("s3", 0)) == [
        ("a", True, False),
        ("b", False, False),
        ("c", False, True),
        ("los", True, False),
    ]


def test_curriculum_status_accepts_a_generator() -> None:
    c = curriculum()
    statuses = curriculum_status(c, (a for a in [attempt("geldezel-samir", 70)]))
    assert [s.passed for s in statuses] == [True, False, False]
