"""Shuffled options: one order per (seed, decision number), the same in every process."""

from __future__ import annotations

import subprocess
import sys

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.shuffle import shown_order
from frontlijn_game.engine.state import PlayState
from helpers import scenario_from_yaml

CASE = """
format: frontlijn/scenario@1
id: t
title: T
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: weet_niet, text: "Ik weet het niet", position: last, goto: a}
      - {id: c1, text: "Een", goto: a}
      - {id: c2, text: "Twee", goto: a}
      - {id: overleg, text: "Overleg eerst", position: last, goto: a}
      - {id: c3, text: "Drie", goto: a}
      - {id: c4, text: "Vier", goto: a}
      - {id: c5, text: "Vijf", goto: klaar}
  klaar:
    text: Klaar
    ending: {label: Klaar, outcome: 50, kind: mixed}
"""


def ids(seed: int, number: int) -> list[str]:
    scenario = scenario_from_yaml(CASE)
    return [c.id for c in shown_order(scenario.scenes["a"].choices, seed, number)]


def test_same_seed_and_number_same_order() -> None:
    assert ids(7, 1) == ids(7, 1)
    assert ids(7, 3) == ids(7, 3)


def test_numbers_and_seeds_differ() -> None:
    orders = {tuple(ids(7, n)) for n in range(1, 11)}
    assert len(orders) > 5  # 120 orders of five free options: ten draws rarely repeat
    assert {tuple(ids(s, 1)) for s in range(10)} != {tuple(ids(7, 1))}


def test_a_shuffle_is_a_permutation_and_varies_the_first_place() -> None:
    firsts = set()
    for number in range(1, 60):
        order = ids(11, number)
        assert sorted(order) == sorted(["weet_niet", "c1", "c2", "overleg", "c3", "c4", "c5"])
        firsts.add(order[0])
    assert firsts == {"c1", "c2", "c3", "c4", "c5"}


def test_position_last_stays_last_in_file_order() -> None:
    for number in range(1, 30):
        assert ids(3, number)[-2:] == ["weet_niet", "overleg"]


def test_the_order_is_fixed_across_processes() -> None:
    """Another interpreter (another PYTHONHASHSEED) draws the same order; the value
    itself is pinned too, so a change of the draw cannot slip through."""
    code = (
        "from frontlijn_game.engine.shuffle import order_rng;"
        "r = order_rng(7, 2); print([r.randrange(100) for _ in range(5)])"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": str(salt)},
        ).stdout.strip()
        for salt in (1, 2)
    }  # fmt: skip
    assert len(outs) == 1
    from frontlijn_game.engine.shuffle import order_rng

    rng = order_rng(7, 2)
    assert outs == {str([rng.randrange(100) for _ in range(5)])}
    assert ids(7, 1) == PINNED_7_1


PINNED_7_1 = ["c4", "c5", "c2", "c1", "c3", "weet_niet", "overleg"]
"""Decision 1 of seed 7, as every frontlijn since shuffling began draws it."""


def test_playthrough_shows_by_decision_number_and_resume_keeps_it() -> None:
    scenario = scenario_from_yaml(CASE)
    play = Playthrough.start(scenario, 42)
    first = [c.id for c in play.shown()]
    assert first == ids(42, 1)
    assert [c.id for c in play.shown(shuffle=False)] == [
        "weet_niet", "c1", "c2", "overleg", "c3", "c4", "c5"
    ]  # fmt: skip
    play.choose("c1")
    second = [c.id for c in play.shown()]
    assert second == ids(42, 2)
    resumed = Playthrough(scenario, PlayState.from_json(play.state.to_json()))
    assert [c.id for c in resumed.shown()] == second
    replayed = Playthrough.replay(scenario, 42, ["c1"])
    assert [c.id for c in replayed.shown()] == second


def test_shuffling_draws_nothing_from_the_goto_rng() -> None:
    scenario = scenario_from_yaml(CASE)
    play = Playthrough.start(scenario, 5)
    before = play.state.to_json()
    play.shown()
    assert play.state.to_json() == before
