"""Scoring against hand-computed numbers (DESIGN.md, "Scoring (the heart of the game)")."""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest

from frontlijn_game.engine.scoring import (
    NO_ACTOR,
    VERDICTS,
    balance_score,
    balance_trace,
    process_score,
    round_half_up,
    score,
    verdict,
)
from frontlijn_game.scenario.diagnostics import NOWHERE
from frontlijn_game.scenario.model import (
    Choice,
    Ending,
    GotoScene,
    Scenario,
    Scene,
    Scoring,
    Weights,
)

# (id, help, sanction, actor, tags)
Spec = tuple[str, int, int, str | None, tuple[str, ...]]


def make_scenario(
    choices: list[Spec],
    *,
    target: tuple[str, str] = ("0.30", "0.50"),
    tolerance: str = "0.25",
    weights: tuple[str, str, str] = ("0.4", "0.4", "0.2"),
    competencies: dict[str, int] | None = None,
    order: tuple[tuple[str, str], ...] = (),
    forbidden: tuple[str, ...] = (),
) -> Scenario:
    """One scene offering every choice (each loops back), plus an ending scene."""
    built = tuple(
        Choice(
            id=cid,
            scene="start",
            text=cid,
            goto=GotoScene("start", NOWHERE),
            help=h,
            sanction=s,
            actor=actor,
            tags=tags,
            when=None,
            effects=(),
            consequence=None,
            feedback=None,
            loc=NOWHERE,
        )
        for cid, h, s, actor, tags in choices
    )
    scenes = {
        "start": Scene("start", None, "", (), built, None, NOWHERE),
        "end": Scene("end", None, "", (), (), ending(90), NOWHERE),
    }
    scoring = Scoring(
        target_balance=(F(target[0]), F(target[1])),
        tolerance=F(tolerance),
        weights=Weights(*(F(w) for w in weights)),
        competencies=dict(competencies or {}),
        order=order,
        forbidden=forbidden,
    )
    return Scenario(
        id="test",
        title="Test",
        language="nl",
        role=None,
        summary=None,
        estimated_minutes=None,
        tags=(),
        actors={},
        facts={},
        variables={},
        scoring=scoring,
        start="start",
        scenes=scenes,
        path="test.yaml",
        source="",
        content_hash="",
    )


def ending(outcome: int) -> Ending:
    return Ending(label="Einde", outcome=outcome, kind="good", loc=NOWHERE)


BAND = make_scenario([]).scoring  # target [0.30, 0.50], tolerance 0.25


# --- balance and verdict ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "expected_score", "expected_verdict"),
    [
        (None, F(0), "niets gedaan"),
        (F(0), F(0), "tandeloos"),
        (F("0.05"), F(0), "tandeloos"),  # exactly at tolerance below
        (F("0.20"), F(60), "tandeloos"),
        (F("0.29"), F(96), "tandeloos"),
        (F("0.30"), F(100), "in balans"),  # lo inclusive
        (F("0.40"), F(100), "in balans"),
        (F("0.50"), F(100), "in balans"),  # hi inclusive
        (F("0.60"), F(60), "eindeloos"),
        (F("0.75"), F(0), "eindeloos"),  # exactly at tolerance above
        (F(1), F(0), "eindeloos"),
    ],
)
def test_balance_score_and_verdict(
    balance: F | None, expected_score: F, expected_verdict: str
) -> None:
    assert balance_score(balance, BAND) == expected_score
    assert verdict(balance, BAND) == expected_verdict
    assert expected_verdict in VERDICTS


def test_every_verdict_from_choices() -> None:
    sc = make_scenario([("h", 1, 0, None, ()), ("s", 0, 1, None, ()), ("n", 0, 0, None, ())])
    assert score(sc, ["h"], None).verdict == "tandeloos"
    assert score(sc, ["h", "s"], None).verdict == "in balans"  # 1/2 == hi
    assert score(sc, ["s"], None).verdict == "eindeloos"
    assert score(sc, ["n", "n"], None).verdict == "niets gedaan"
    assert score(sc, [], None).verdict == "niets gedaan"


def test_nothing_done() -> None:
    sc = make_scenario([("n", 0, 0, "samir", ())])
    result = score(sc, ["n"], ending(50))
    assert result.balance is None
    assert result.balance_score == 0
    assert result.to_json()["balance"] is None
    assert result.per_actor == {"samir": (0, 0)}


def test_zero_tolerance_is_a_hard_band() -> None:
    hard = make_scenario([], tolerance="0").scoring
    assert balance_score(F("0.30"), hard) == 100
    assert balance_score(F("0.2999"), hard) == 0


def test_repeated_choice_counts_twice() -> None:
    sc = make_scenario([("h", 2, 0, None, ("a",)), ("s", 0, 1, None, ())])
    result = score(sc, ["h", "h", "s"], None)
    assert (result.help, result.sanction) == (4, 1)
    assert result.balance == F(1, 5)


def test_per_actor_in_order_of_first_appearance() -> None:
    sc = make_scenario(
        [
            ("a", 2, 0, "samir", ()),
            ("b", 0, 1, None, ()),
            ("c", 1, 3, "moeder", ()),
            ("d", 1, 1, "samir", ()),
        ]
    )
    result = score(sc, ["b", "a", "c", "d", "b"], None)
    assert list(result.per_actor) == [NO_ACTOR, "samir", "moeder"]
    assert result.per_actor == {NO_ACTOR: (0, 2), "samir": (3, 1), "moeder": (1, 3)}
    assert result.to_json()["per_actor"] == {
        NO_ACTOR: {"help": 0, "sanction": 2},
        "samir": {"help": 3, "sanction": 1},
        "moeder": {"help": 1, "sanction": 3},
    }
    assert (result.help, result.sanction) == (4, 6)


def test_balance_trace() -> None:
    sc = make_scenario([("n", 0, 0, None, ()), ("h", 1, 0, None, ()), ("s", 0, 2, None, ())])
    assert balance_trace(sc, ["n", "h", "s", "h"]) == [None, F(0), F(2, 3), F(1, 2)]
    assert balance_trace(sc, []) == []


# --- process: order rules --------------------------------------------------------------

ORDER_CHOICES: list[Spec] = [
    ("analyse", 1, 0, None, ("situatieanalyse",)),
    ("straf", 0, 2, None, ()),
    ("beide", 1, 1, None, ("situatieanalyse",)),
    ("praat", 1, 0, None, ()),
    ("niks", 0, 0, None, ()),
]


@pytest.mark.parametrize(
    ("rule", "chosen", "kept"),
    [
        (("situatieanalyse", "sanction"), ["analyse", "straf"], True),
        (("situatieanalyse", "sanction"), ["straf", "analyse"], False),  # B before A
        (("situatieanalyse", "sanction"), ["straf"], False),  # B without A
        (("situatieanalyse", "sanction"), ["analyse", "praat"], True),  # B never occurs
        (("situatieanalyse", "sanction"), [], True),
        (("situatieanalyse", "sanction"), ["beide"], True),  # one choice matches both
        (("situatieanalyse", "sanction"), ["beide", "straf"], True),
        # only the *first* A matters; a later B after an early A is fine
        (("situatieanalyse", "sanction"), ["analyse", "straf", "analyse"], True),
        # pseudo-tags: help before sanction
        (("help", "sanction"), ["praat", "straf"], True),
        (("help", "sanction"), ["niks", "straf", "praat"], False),
        (("help", "sanction"), ["beide"], True),
        # a choice with weight 0 does not match help/sanction
        (("sanction", "help"), ["niks", "praat"], False),
        (("sanction", "help"), ["straf", "praat"], True),
    ],
)
def test_order_rule(rule: tuple[str, str], chosen: list[str], kept: bool) -> None:
    sc = make_scenario(ORDER_CHOICES, order=(rule,))
    assert process_score(sc, chosen) == (100 if kept else 0)


def test_order_share_of_rules_kept() -> None:
    rules = (("situatieanalyse", "sanction"), ("help", "sanction"), ("sanction", "help"))
    sc = make_scenario(ORDER_CHOICES, order=rules)
    # analyse (help, tag) then straf: rules 1 and 2 kept; help before sanction breaks 3
    assert process_score(sc, ["analyse", "straf"]) == F(200, 3)


# --- process: competencies -------------------------------------------------------------

COMP_CHOICES: list[Spec] = [
    ("a", 1, 0, None, ("situatieanalyse",)),
    ("b", 0, 1, None, ("opvolging", "situatieanalyse")),
    ("c", 0, 0, None, ("overig",)),
]


def test_competencies_only() -> None:
    sc = make_scenario(COMP_CHOICES, competencies={"situatieanalyse": 2, "opvolging": 1})
    assert process_score(sc, []) == 0
    assert process_score(sc, ["a"]) == F(100, 3)
    assert process_score(sc, ["c"]) == 0  # tags outside the list earn nothing
    assert process_score(sc, ["b"]) == F(200, 3)
    assert process_score(sc, ["a", "b"]) == 100


def test_competencies_are_capped() -> None:
    sc = make_scenario(COMP_CHOICES, competencies={"situatieanalyse": 2, "opvolging": 1})
    # five points of situatieanalyse count as two; opvolging still missing
    assert process_score(sc, ["a"] * 5) == F(200, 3)


def test_competencies_and_order_are_averaged() -> None:
    sc = make_scenario(
        COMP_CHOICES,
        competencies={"situatieanalyse": 2, "opvolging": 1},
        order=(("opvolging", "help"),),
    )
    # competencies 1/3; rule broken (help before any opvolging) -> mean(1/3, 0)
    assert process_score(sc, ["a"]) == F(50, 3)
    # competencies 3/3; rule kept -> 100
    assert process_score(sc, ["b", "a"]) == 100


def test_order_only() -> None:
    sc = make_scenario(ORDER_CHOICES, order=(("help", "sanction"),))
    assert process_score(sc, ["straf"]) == 0
    assert process_score(sc, ["praat"]) == 100


def test_both_lists_empty_gives_zero_process() -> None:
    sc = make_scenario(COMP_CHOICES, weights=("0.5", "0.5", "0"))
    assert process_score(sc, ["a", "b"]) == 0
    result = score(sc, ["a", "b"], ending(80))
    assert result.process == 0
    # balance 1/2 (in band) -> 100; total = 0.5*100 + 0.5*80
    assert result.total == 90


# --- total and output ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (F("79.25"), 1, 79.3),
        (F("79.24999"), 1, 79.2),
        (F("66.665"), 2, 66.67),
        (F(200, 3), 2, 66.67),
        (F(148, 3), 1, 49.3),
        (F("0.125"), 2, 0.13),
        (F(0), 2, 0.0),
        (F(100), 1, 100.0),
        (F("-2.5"), 0, -3.0),
    ],
)
def test_round_half_up(value: F, digits: int, expected: float) -> None:
    assert round_half_up(value, digits) == expected


def test_total_rounds_half_up_where_float_would_not() -> None:
    sc = make_scenario(
        [("a", 0, 0, None, ("situatieanalyse",))],
        weights=("0", "0.5", "0.5"),
        competencies={"situatieanalyse": 4},
        order=(("situatieanalyse", "sanction"),),
    )
    result = score(sc, ["a"], ending(96))
    assert result.process == F(125, 2)  # mean(1/4, 1) = 62.5
    assert result.total == F("79.25")  # 0.5*96 + 0.5*62.5
    assert round(0.5 * 96 + 0.5 * 62.5, 1) == 79.2  # what a float would print
    assert result.to_json()["total"] == 79.3


def test_no_ending_means_no_total() -> None:
    sc = make_scenario([("h", 1, 0, None, ())])
    result = score(sc, ["h"], None)
    assert result.outcome is None
    assert result.total is None
    data = result.to_json()
    assert data["outcome"] is None
    assert data["total"] is None


def test_design_example() -> None:
    """The ``frontlijn run --json`` example in DESIGN.md, checked for consistency."""
    sc = make_scenario(
        [("vraag_door", 1, 0, "samir", ("situatieanalyse",))],
        competencies={"situatieanalyse": 2, "opvolging": 1},
        order=(("situatieanalyse", "sanction"),),
    )
    result = score(sc, ["vraag_door"], ending(90))
    # balance 0 lies 0.30 below the band, beyond the 0.25 tolerance
    assert result.balance_score == 0
    # process = mean(1/3 competencies, 1/1 rules kept) = 2/3
    assert result.process == F(200, 3)
    # 0.4*0 + 0.4*90 + 0.2*200/3 = 36 + 40/3
    assert result.total == F(148, 3)
    expected: dict[str, Any] = {
        "help": 1,
        "sanction": 0,
        "balance": 0.0,
        "verdict": "tandeloos",
        "balance_score": 0.0,
        "outcome": 90,
        "process": 66.67,
        "total": 49.3,
        "per_actor": {"samir": {"help": 1, "sanction": 0}},
    }
    assert result.to_json() == expected


def test_in_band_total() -> None:
    sc = make_scenario(
        [("h", 1, 0, None, ("analyse",)), ("s", 0, 1, None, ())],
        competencies={"analyse": 1},
    )
    result = score(sc, ["h", "s", "h"], ending(70))
    assert result.balance == F(1, 3)
    assert result.verdict == "in balans"
    # 0.4*100 + 0.4*70 + 0.2*100
    assert result.total == 88
    assert result.to_json()["balance"] == 0.33


def test_unknown_choice_id_raises() -> None:
    sc = make_scenario([("h", 1, 0, None, ())])
    with pytest.raises(KeyError):
        score(sc, ["bestaat_niet"], None)


# --- process: forbidden tags -----------------------------------------------------------

FORBIDDEN_CHOICES: list[Spec] = [
    ("analyse", 1, 0, None, ("situatieanalyse",)),
    ("tip", 1, 0, None, ("tip_off",)),
    ("deel", 0, 1, None, ("zonder_grondslag", "situatieanalyse")),
    ("straf", 0, 2, None, ()),
]


def test_forbidden_tags_are_rules_broken_by_any_choice_with_the_tag() -> None:
    sc = make_scenario(FORBIDDEN_CHOICES, order=(), forbidden=("tip_off", "zonder_grondslag"))
    assert process_score(sc, []) == 100  # nothing forbidden done
    assert process_score(sc, ["analyse", "straf"]) == 100
    assert process_score(sc, ["analyse", "tip"]) == 50
    assert process_score(sc, ["tip", "tip"]) == 50  # a rule breaks once
    assert process_score(sc, ["deel", "tip"]) == 0


def test_forbidden_and_order_rules_share_one_part() -> None:
    sc = make_scenario(
        FORBIDDEN_CHOICES,
        competencies={"situatieanalyse": 2},
        order=(("situatieanalyse", "sanction"),),
        forbidden=("tip_off", "zonder_grondslag"),
    )
    # straf before any analysis breaks the order rule, deel breaks zonder_grondslag:
    # rules 1 of 3, competencies 1 of 2 -> mean(1/3, 1/2) = 5/12
    assert process_score(sc, ["straf", "deel"]) == F(500, 12)
    # analyse, deel: order kept, zonder_grondslag broken -> rules 2/3, competencies 2/2
    assert process_score(sc, ["analyse", "deel"]) == F(500, 6)
    result = score(sc, ["analyse", "deel"], ending(90))
    # balance 1/2 -> 100; total 0.4*100 + 0.4*90 + 0.2*250/3
    assert result.total == 40 + 36 + F(50, 3)
    assert result.to_json()["total"] == 92.7 and result.to_json()["process"] == 83.33


def test_forbidden_alone_gives_the_process_part() -> None:
    sc = make_scenario(FORBIDDEN_CHOICES, forbidden=("tip_off",))
    result = score(sc, ["tip", "straf"], ending(50))
    # balance 2/3 -> 100 * (1 - (2/3 - 1/2) / (1/4)) = 100/3; rules 0/1
    assert result.balance_score == F(100, 3) and result.process == 0
    assert result.total == F(2, 5) * F(100, 3) + 20
