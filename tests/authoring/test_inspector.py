"""inspect: every use of a name, with exact positions."""

from __future__ import annotations

from frontlijn_game.authoring.inspector import inspect, known_names, suggest
from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import Scenario
from helpers import FIXTURES, scenario_from_yaml

CASE = """\
format: frontlijn/scenario@1
id: inspectie
title: Inspectie
actors:
  ali: {name: Ali, age: 30}
facts:
  brief: {text: "Ali heeft {schuld} euro schuld."}
variables:
  schuld: {initial: 100, min: 0}
  naam: {initial: "schuld"}
  klaar: {initial: false}
scoring:
  target_balance: [0.3, 0.5]
  competencies: {analyse: 1}
  order: [[analyse, sanction]]
start: begin
scenes:
  begin:
    title: Begin
    text: |
      Eerste regel.
      Schuld: {schuld} en nog eens {schuld}.
    reveal: [brief]
    choices:
      - id: betaal
        text: Betaal
        help: 1
        actor: ali
        tags: [analyse]
        when: "schuld > 0 and naam == \\"schuld\\""
        effects: {schuld: -50, klaar: true}
        feedback: "Nog {schuld} over."
        goto: [{when: "schuld == 0 or chose(\\"betaal\\")", goto: einde}, {goto: begin}]
      - id: dreig
        text: Dreig
        sanction: 1
        when: 'not visited("einde")'
        effects: {schuld: 0, naam: "weg"}
        goto: {random: [{weight: 2, goto: einde}, {weight: 1, goto: begin}]}
  einde:
    text: Einde
    ending: {label: "Klaar met {schuld} schuld", outcome: 80, kind: good}
"""


def case() -> Scenario:
    return scenario_from_yaml(CASE, "inspectie.yaml")


def rows(scenario: Scenario, name: str, kind: str) -> list[tuple[int, int, str, str | None, str]]:
    (found,) = [i for i in inspect(scenario, name) if i.kind == kind]
    return [(u.loc.line, u.loc.col, u.use, u.choice, u.detail) for u in found.uses]


def test_variable_uses() -> None:
    sc = case()
    assert rows(sc, "schuld", "variable") == [
        (7, 28, "shown", None, ""),
        (9, 3, "declared", None, ""),
        (22, 15, "shown", None, ""),
        (22, 36, "shown", None, ""),
        (30, 16, "read", "betaal", 'schuld > 0 and naam == "schuld"'),
        (31, 19, "add", "betaal", "-50"),
        (32, 24, "shown", "betaal", ""),
        (33, 24, "read", "betaal", 'schuld == 0 or chose("betaal")'),
        (38, 19, "set", "dreig", "= 0"),
        (42, 32, "shown", None, ""),
    ]
    lines = CASE.splitlines()
    for line, col, use, _, _ in rows(sc, "schuld", "variable"):
        if use in ("shown", "read"):
            text = lines[line - 1][col - 1 :]
            assert text.startswith(("{schuld}", "schuld")), (line, col, text)


def test_string_literals_are_not_reads() -> None:
    sc = case()
    assert rows(sc, "naam", "variable") == [
        (10, 3, "declared", None, ""),
        (30, 31, "read", "betaal", 'schuld > 0 and naam == "schuld"'),
        (38, 30, "set", "dreig", '= "weg"'),
    ]
    assert rows(sc, "klaar", "variable") == [
        (11, 3, "declared", None, ""),
        (31, 32, "set", "betaal", "= true"),
    ]


def test_fact_actor_scene_choice_tag() -> None:
    sc = case()
    assert rows(sc, "brief", "fact") == [
        (7, 3, "declared", None, ""),
        (23, 14, "revealed", None, "Begin"),
    ]
    assert rows(sc, "ali", "actor") == [
        (5, 3, "declared", None, ""),
        (28, 16, "carried", "betaal", "help 1, sanction 0: Betaal"),
    ]
    assert [(r[2], r[3], r[4]) for r in rows(sc, "einde", "scene")] == [
        ("goto", "betaal", 'if schuld == 0 or chose("betaal")'),
        ("read", "dreig", 'not visited("einde")'),
        ("goto", "dreig", "random, weight 2"),
        ("declared", None, ""),
    ]
    assert [(r[0], r[2]) for r in rows(sc, "begin", "scene")][:2] == [
        (16, "start"),
        (18, "declared"),
    ]
    assert [(r[2], r[3]) for r in rows(sc, "betaal", "choice")] == [
        ("declared", "betaal"),
        ("read", "betaal"),
    ]
    assert [(r[2], r[3]) for r in rows(sc, "analyse", "tag")] == [
        ("declared", None),
        ("order", None),
        ("tagged", "betaal"),
    ]
    (sanction,) = inspect(sc, "sanction")
    assert sanction.kind == "tag" and "reserved" in sanction.summary


def test_summaries_and_counts() -> None:
    sc = case()
    (var,) = [i for i in inspect(sc, "schuld") if i.kind == "variable"]
    assert var.summary == "number, initial 100, range 0.., hidden"
    assert var.counts() == {"declared": 1, "set": 1, "add": 1, "read": 2, "shown": 5}
    (naam,) = inspect(sc, "naam")
    assert naam.summary == "string, initial 'schuld', hidden"
    (einde,) = inspect(sc, "einde")
    assert einde.summary == '"einde", good ending (outcome 80)'


def test_unknown_name() -> None:
    sc = case()
    assert inspect(sc, "schult") == []
    assert suggest(sc, "schult") == " (did you mean 'schuld'?)"
    assert suggest(sc, "zzzz") == ""
    assert known_names(sc)["schuld"] == ["variable"]


def test_mini_fixture(mini: Scenario) -> None:
    (var,) = inspect(mini, "vertrouwen")
    assert [u.use for u in var.uses] == ["declared", "shown", "read", "add", "add"]


def test_a_forbidden_tag_is_declared_in_scoring_and_carried_by_choices() -> None:
    scenario = load_scenario_or_raise(FIXTURES / "full.yaml")
    [found] = inspect(scenario, "tip_off")
    assert found.summary.startswith("forbidden")
    declared = [u for u in found.uses if u.use == "declared"]
    assert [(u.loc, u.where) for u in declared] == [((25, 15), "scoring.forbidden")]
    assert [u.choice for u in found.uses if u.use == "tagged"] == ["waarschuw"]
