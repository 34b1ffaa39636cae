"""Exact assessment figures, checked against probabilities computed by hand.

``kans.yaml`` (tests/fixtures/assessment/scenarios): in scene a, ``kijk`` (help 1, sets
``weet``) or ``straf`` (sanction 1); in scene b, ``grens`` (sanction 1, only when
``weet``; a random goto 3:1 to ``goed`` 100 / ``half`` 50) or ``hulp`` (help 1, to
``slecht`` 0). Band [0.4, 0.6], weights balance 0.5, outcome 0.5. So:

* kijk, grens: H1 S1, balance 100: goed total 100 (chance 1/2*1/2*3/4 = 3/16), half 75 (1/16);
* kijk, hulp: H2, balance 0: slecht 0 (1/4);
* straf, then only hulp is offered: H1 S1: slecht 50 (1/2).
"""

from __future__ import annotations

from fractions import Fraction
from fractions import Fraction as F
from math import sqrt
from pathlib import Path

import pytest

from frontlijn_game.authoring.playtest import playtest
from frontlijn_game.engine.assessment import (
    FREE_PLAY_MIN_SCORE,
    Assessment,
    assess,
    pass_rules_for,
    rounded_total,
)
from frontlijn_game.scenario.content import content_folder_of, curricula_of_folder
from frontlijn_game.scenario.curriculum import load_curriculum
from frontlijn_game.scenario.loader import load_scenario
from frontlijn_game.scenario.model import Scenario
from helpers import FIXTURES

HERE = FIXTURES / "assessment"
BUNDLED = Path(__file__).resolve().parents[2]


def load(path: Path) -> Scenario:
    scenario, diagnostics = load_scenario(path)
    assert scenario is not None, diagnostics
    return scenario


@pytest.fixture(scope="module")
def kans() -> Scenario:
    return load(HERE / "scenarios" / "kans.yaml")


@pytest.fixture(scope="module")
def kans_figures(kans: Scenario) -> Assessment:
    return assess(kans, curricula_of_folder(content_folder_of(kans.path)))


def test_random_choosing_by_hand(kans_figures: Assessment) -> None:
    a = kans_figures
    assert a.complete
    assert [(r.module, r.min_score, r.ending_kind) for r in a.rules] == [
        ("streng", Fraction(80), ("good",)),
        ("ruim", Fraction(70), ("good", "mixed")),
    ]
    assert a.random.passes == [Fraction(3, 16), Fraction(4, 16)]
    assert a.random.good == Fraction(3, 16)
    assert a.random.finished == 1
    assert a.random.total == Fraction(3, 16) * 100 + Fraction(1, 16) * 75 + Fraction(1, 2) * 50
    assert a.random.endings == {
        "goed": Fraction(3, 16),
        "half": Fraction(1, 16),
        "slecht": Fraction(3, 4),
    }
    assert a.best_bad_ending == 50
    assert a.good_not_in_balance == 0


def test_habits_by_hand(kans_figures: Assessment) -> None:
    habits = kans_figures.habits
    first = habits["first"]  # kijk, grens: the random goto decides
    assert (first.total, first.good) == (Fraction(3, 4) * 100 + Fraction(1, 4) * 75, Fraction(3, 4))
    assert first.passes == [Fraction(3, 4), 1]
    assert first.witness is not None and first.witness.choices == ("kijk", "grens")
    assert first.witness.first_choice == "kijk"
    # straf; then one option is offered, so "the second" (and third, last) takes it.
    for name in ("second", "third", "last", "shortest"):
        figures = habits[name]
        assert (figures.total, figures.good, figures.passes) == (F(50), F(0), [F(0), F(0)])
        assert habits[name].witness is None
    longest = habits["longest"]  # "Kijk eerst goed", then "Help nog eens extra mee"
    assert (longest.total, longest.good, longest.passes) == (F(0), F(0), [F(0), F(0)])


def test_json_shape(kans_figures: Assessment) -> None:
    data = kans_figures.to_json()
    assert data["rules"][1] == {
        "module": "ruim",
        "min_score": 70,
        "ending_kind": ["good", "mixed"],
        "random_pass": 0.25,
    }
    assert data["random"]["total"] == 48.4 and data["random"]["good"] == 0.1875
    # A habit's pass is under the rule with the lowest min_score (ruim).
    assert data["habits"]["first"] | {"endings": None} == {
        "total": 93.8,
        "good": 0.75,
        "pass": 1.0,
        "finished": 1.0,
        "endings": None,
    }
    assert set(data["habits"]) == {"first", "second", "third", "last", "longest", "shortest"}
    assert data["best_bad_ending"] == 50.0 and data["good_not_in_balance"] == 0.0


def test_free_play_outside_a_content_folder(kans: Scenario, tmp_path: Path) -> None:
    copy = tmp_path / "kans.yaml"
    copy.write_text(Path(kans.path).read_text())
    assert content_folder_of(copy) is None
    [rule] = pass_rules_for(load(copy), curricula_of_folder(content_folder_of(copy)))
    assert (rule.module, rule.min_score, rule.ending_kind) == (None, FREE_PLAY_MIN_SCORE, None)
    figures = assess(load(copy))
    assert figures.random.passes == [Fraction(4, 16)]  # 100 and 75 pass, any ending


def test_a_cycle_weighs_every_round_up_to_the_decision_cap() -> None:
    a = assess(load(HERE / "lus.yaml"))
    # wait: 1/2 * 1/2 to goed, 1/4 back; stop: 1/2 to slecht. P(goed) = (1/4) / (3/4).
    assert abs(a.random.good - Fraction(1, 3)) < Fraction(1, 10**12)
    assert abs(a.random.endings["slecht"] - Fraction(2, 3)) < Fraction(1, 10**12)
    assert a.random.finished <= 1
    first = a.habits["first"]  # always wait: goed, unless 1,000 draws all say "again"
    assert 1 - first.good < Fraction(1, 10**12) and first.witness is not None
    assert first.witness.draws == ("goed",)
    assert a.good_not_in_balance > Fraction(99, 100)  # goed is reached without any act


def test_rounded_total_is_half_up_and_exact() -> None:
    assert rounded_total(Fraction(6995, 100)) == 70
    assert rounded_total(Fraction(69949, 1000)) == Fraction(699, 10)
    assert rounded_total(Fraction(7925, 100)) == Fraction(793, 10)


def test_the_bundled_curriculum_gives_each_case_its_module() -> None:
    curriculum, _ = load_curriculum(BUNDLED / "curricula" / "basis-preventie-met-gezag.yaml")
    assert curriculum is not None
    scenario = load(BUNDLED / "scenarios" / "gokschuld-vader.yaml")
    [rule] = pass_rules_for(scenario, [curriculum])
    assert rule.module == "schulden" and rule.ending_kind == ("good", "mixed")


def test_playtest_agrees_with_the_exact_random_figures() -> None:
    """Sampling error only: every ending's share and the pass share within 4.5 sigma."""
    scenario = load(BUNDLED / "scenarios" / "geldezel-samir.yaml")
    # The case has outgrown the default search budget; the comparison needs complete figures.
    exact = assess(scenario, max_states=2_000_000)
    assert exact.complete
    runs = 4000
    result = playtest(scenario, runs=runs, seed=11)
    assert result.finished == runs

    def close(count: int, p: Fraction) -> bool:
        sigma = sqrt(float(p) * (1 - float(p)) / runs)
        return abs(count / runs - float(p)) <= 4.5 * sigma + 1 / runs

    for ending, p in exact.random.endings.items():
        assert close(result.endings[ending], p), (ending, result.endings[ending], float(p))
    passed = sum(1 for t in result.totals if rounded_total(t) >= FREE_PLAY_MIN_SCORE)
    assert close(passed, exact.random.passes[0])
    mean = sum(result.totals, Fraction(0)) / runs
    assert abs(float(mean) - float(exact.random.total or 0)) < 1.5  # sd of a total < 25


def test_over_the_bound_it_says_so_and_gives_lower_bounds(kans: Scenario) -> None:
    exact = assess(kans)
    for bound in (1, 3, 5):
        cut = assess(kans, max_states=bound)
        assert not cut.complete, bound
        assert cut.random.finished <= exact.random.finished
        assert cut.random.passes[0] <= exact.random.passes[0]
    assert assess(kans, max_states=len(exact.random.endings) + 100).complete
