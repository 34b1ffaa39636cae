"""The order of a step, seeded and forced draws, the decision cap, save and restore."""

from __future__ import annotations

import json

import pytest

from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS, machine_for
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario
from helpers import scenario_from_yaml

HEADER = """
format: frontlijn/scenario@1
id: t
title: T
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
"""


def test_conditional_goto_reads_the_variable_its_own_choice_changes() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """
variables:
  teller: {initial: 0, min: 0, max: 10}
start: a
scenes:
  a:
    text: "Teller {teller}"
    choices:
      - id: tel
        text: Tel
        effects: {teller: +1}
        goto: [{when: "teller >= 2", goto: klaar}, {goto: a}]
  klaar:
    text: Klaar
    ending: {label: Klaar, outcome: 50, kind: mixed}
"""
    )
    play = Playthrough.start(scenario, seed=1)
    play.choose("tel")
    assert play.state.scene == "a" and play.state.variables["teller"] == 1
    play.choose("tel")  # the goto sees teller == 2, set by this very choice
    assert play.state.scene == "klaar" and play.finished


def test_chose_is_true_for_the_choice_being_taken() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """
start: a
scenes:
  a:
    text: A
    choices:
      - {id: x, text: X, goto: [{when: 'chose("x") and visited("a")', goto: goed}, {goto: slecht}]}
  goed: {text: G, ending: {label: G, outcome: 80, kind: good}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
"""
    )
    play = Playthrough.start(scenario, seed=1)
    play.choose("x")
    assert play.state.scene == "goed"


def test_reveal_on_entering_and_again_is_no_change(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=5)
    assert play.state.revealed == ["schuld"] and play.state.visited == ["intake"]
    play = Playthrough.start(mini, seed=5, draws=["vast"])
    play.choose("meld")
    play.choose("opnieuw")
    assert play.state.revealed == ["schuld"]
    assert play.state.visited == ["intake", "vast"]


def test_effects_clamp_and_guards_close_doors(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=5, draws=["vast"])
    play.choose("meld")
    assert play.state.variables["vertrouwen"] == 20
    play.choose("opnieuw")
    assert [c.id for c in play.offered()] == ["meld"]
    with pytest.raises(ChoiceNotOffered) as info:
        play.choose("vraag_door")
    assert "intake" in str(info.value) and "meld" in str(info.value)
    play.choose("meld")  # vertrouwen clamps at 0
    assert play.state.variables["vertrouwen"] == 0


def test_same_seed_same_draws_and_forced_draws_replay(mini: Scenario) -> None:
    def draws_for(seed: int) -> list[str]:
        play = Playthrough.start(mini, seed=seed)
        while not play.finished and len(play.state.chosen) < 40:
            play.choose("meld" if play.state.scene == "intake" else "opnieuw")
        return play.state.draws

    assert draws_for(11) == draws_for(11)
    assert len({tuple(draws_for(s)) for s in range(30)}) > 1
    recorded = Playthrough.start(mini, seed=11)
    while not recorded.finished:
        recorded.choose("meld" if recorded.state.scene == "intake" else "opnieuw")
    replay = Playthrough.replay(mini, 999, recorded.state.chosen, recorded.state.draws)
    assert replay.state.draws == recorded.state.draws
    assert replay.state.scene == recorded.state.scene
    assert replay.score() == recorded.score()


def test_forced_draw_must_be_a_possible_outcome(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=1, draws=["intake"])
    with pytest.raises(EngineError, match="not a possible outcome"):
        play.choose("meld")


def test_save_and_restore_mid_scenario_is_exact(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=42)
    play.choose("meld")
    saved = json.dumps(play.state.to_json())
    restored = Playthrough(mini, PlayState.from_json(json.loads(saved)))
    for p in (play, restored):
        while not p.finished:
            p.choose("meld" if p.state.scene == "intake" else "opnieuw")
    assert restored.state == play.state


def test_after_the_ending_no_more_choices(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=1)
    play.choose("vraag_door")
    assert play.finished and play.offered() == []
    with pytest.raises(AlreadyFinished):
        play.choose("meld")


def test_decision_cap_stops_an_endless_loop() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """
start: a
scenes:
  a:
    text: A
    choices:
      - {id: rond, text: Rond, help: 1, goto: a}
      - {id: stop, text: Stop, sanction: 1, goto: eind}
  eind: {text: E, ending: {label: E, outcome: 1, kind: bad}}
"""
    )
    play = Playthrough.start(scenario, seed=1)
    for _ in range(MAX_DECISIONS):
        play.choose("rond")
    with pytest.raises(EngineError, match=str(MAX_DECISIONS)):
        play.choose("rond")


def test_scene_without_offered_choice_stops_with_clear_error() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """
variables:
  open: {initial: false}
start: a
scenes:
  a:
    text: A
    choices: [{id: ga, text: Ga, goto: b}]
  b:
    text: B
    choices: [{id: dicht, text: Dicht, when: open, goto: eind}]
  eind: {text: E, ending: {label: E, outcome: 1, kind: bad}}
"""
    )
    play = Playthrough.start(scenario, seed=1)
    with pytest.raises(EngineError, match="no choice is offered in scene 'b'"):
        play.choose("ga")
    assert play.state.scene == "a"  # the failed step changed nothing


def test_runtime_division_by_zero_is_an_engine_error() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """
variables:
  n: {initial: 0}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: deel, text: Deel, when: "10 / n > 1", goto: eind}
      - {id: niet, text: Niet, goto: eind}
  eind: {text: E, ending: {label: E, outcome: 1, kind: bad}}
"""
    )
    with pytest.raises(EngineError, match="cannot be evaluated"):
        Playthrough.start(scenario, seed=1)


def test_one_machine_per_scenario_without_auto_transitions(mini: Scenario) -> None:
    engine = machine_for(mini)
    assert machine_for(mini) is engine
    assert not engine.machine.auto_transitions
    assert all(name.startswith("choose__") for name in engine.machine.events)


def test_choice_ids_cannot_reach_python_callbacks() -> None:
    # A choice id that looks like a dotted callback is only ever a namespaced trigger.
    scenario = scenario_from_yaml(
        HEADER
        + """
start: a
scenes:
  a:
    text: A
    choices: [{id: system, text: S, help: 1, sanction: 1, goto: eind}]
  eind: {text: E, ending: {label: E, outcome: 70, kind: good}}
"""
    )
    play = Playthrough.start(scenario, seed=1)
    play.choose("system")
    assert play.finished
