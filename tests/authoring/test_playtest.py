"""Playtest: the documented random policy, reproducible per seed, errors counted not raised."""

from __future__ import annotations

import random
from collections import Counter

from frontlijn_game.authoring.playtest import playtest
from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.paths import ScoreCache
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.model import Scenario
from helpers import scenario_from_yaml

CASE = """
format: frontlijn/scenario@1
id: case
title: Case
variables:
  teller: {initial: 0, min: 0, max: 5}
scoring:
  target_balance: [0.3, 0.5]
  competencies: {analyse: 1}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: praat, text: P, help: 1, tags: [analyse], when: "teller < 2", effects: {teller: +1}, goto: a}
      - {id: meld, text: M, sanction: 1,
         goto: {random: [{weight: 1, goto: goed}, {weight: 1, goto: b}]}}
      - {id: nooit_keuze, text: N, when: "teller > 4", goto: nooit}
  b:
    text: B
    choices:
      - {id: steun, text: S, help: 2, goto: goed}
      - {id: stop, text: S, goto: slecht}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
  nooit: {text: N, ending: {label: N, outcome: 50, kind: mixed}}
"""

TRAP = """
format: frontlijn/scenario@1
id: trap
title: Trap
variables:
  open: {initial: false}
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: ga, text: Ga, goto: b}
      - {id: klaar, text: K, help: 1, goto: eind}
  b:
    text: B
    choices: [{id: door, text: D, when: open, goto: eind}]
  eind: {text: E, ending: {label: E, outcome: 50, kind: mixed}}
"""


def test_same_seed_same_result_and_zeros_listed() -> None:
    scenario = scenario_from_yaml(CASE)
    one = playtest(scenario, runs=300, seed=42).to_json()
    two = playtest(scenario, runs=300, seed=42).to_json()
    for data in (one, two):
        data.pop("steps_per_second")
        data.pop("runs_per_second")
    assert one == two
    other = playtest(scenario, runs=300, seed=43).to_json()
    assert other["choices"] != one["choices"]
    assert one["endings"]["nooit"] == 0 and one["scenes"]["nooit"] == 0
    assert one["choices"]["nooit_keuze"] == 0
    assert set(one["endings"]) == {"goed", "slecht", "nooit"}
    assert set(one["scenes"]) == set(scenario.scenes)
    assert set(one["choices"]) == set(scenario.choices)


def test_counts_add_up() -> None:
    scenario = scenario_from_yaml(CASE)
    result = playtest(scenario, runs=500, seed=1)
    data = result.to_json()
    assert data["runs"] == 500 and data["seed"] == 1
    assert sum(data["endings"].values()) == data["status"]["finished"] == 500
    assert sum(data["choices"].values()) == data["steps"]
    assert data["scenes"]["a"] >= 500  # entered once per run, again after praat
    assert sum(b["count"] for b in data["histogram"]) == 500
    assert sum(data["verdicts"].values()) == 500
    assert sum(data["ending_kinds"].values()) == 500
    total = data["total"]
    assert total["min"] <= total["median"] <= total["max"]
    assert data["steps_per_second"] > 0


def test_the_documented_policy_one_stream_for_seeds_and_picks() -> None:
    """Replay the policy by hand through Playthrough: the counts must match exactly."""
    scenario = scenario_from_yaml(CASE)
    rng = random.Random(7)
    endings: Counter[str] = Counter()
    picks: Counter[str] = Counter()
    totals = []
    for _ in range(200):
        play = Playthrough.start(scenario, seed=rng.getrandbits(31))
        while not play.finished:
            choice = rng.choice(play.offered()).id
            play.choose(choice)
            picks[choice] += 1
        endings[play.state.scene] += 1
        total = play.score().total
        assert total is not None
        totals.append(total)
    result = playtest(scenario, runs=200, seed=7)
    assert {k: v for k, v in result.endings.items() if v} == dict(endings)
    assert {k: v for k, v in result.choices.items() if v} == dict(picks)
    assert sorted(result.totals) == sorted(totals)


def test_max_steps_stops_runs_and_says_so(mini: Scenario) -> None:
    data = playtest(mini, runs=200, seed=3, max_steps=1).to_json()
    status = data["status"]
    assert status["stopped"] > 0
    assert status["finished"] + status["stopped"] + status["error"] == 200
    assert data["steps"] <= 200


def test_engine_errors_are_counted_with_their_scene() -> None:
    scenario = scenario_from_yaml(TRAP)
    data = playtest(scenario, runs=100, seed=5).to_json()
    assert data["status"]["error"] > 0
    assert data["status"]["finished"] + data["status"]["error"] == 100
    [err] = data["errors"]
    assert err["scene"] == "b" and "no choice is offered" in err["message"]
    assert err["count"] == data["status"]["error"]


def test_no_run_finished_gives_null_totals() -> None:
    scenario = scenario_from_yaml(TRAP)
    data = playtest(scenario, runs=3, seed=5, max_steps=1).to_json()
    if data["status"]["finished"] == 0:
        assert data["total"] == {"min": None, "median": None, "max": None}


def test_progress_is_reported_to_the_end(mini: Scenario) -> None:
    calls: list[tuple[int, int]] = []
    playtest(mini, runs=600, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 600) and calls[-1] == (600, 600)


def test_score_cache_gives_the_numbers_of_score(mini: Scenario) -> None:
    """Playtest scores through a cache keyed on sufficient statistics: check it."""
    rng = random.Random(11)
    for scenario in (mini, scenario_from_yaml(CASE)):
        cache = ScoreCache(scenario)
        for _ in range(300):
            play = Playthrough.start(scenario, seed=rng.randrange(10_000))
            try:
                while not play.finished and play.state.decisions < 30:
                    play.choose(rng.choice(play.offered()).id)
            except EngineError:  # pragma: no cover - these cases have no traps
                continue
            if not play.finished:
                continue
            expected = play.score()
            got = cache.of(play.state.chosen, play.state.scene)
            assert (got.total, got.balance, got.verdict) == (
                expected.total,
                expected.balance,
                expected.verdict,
            )
