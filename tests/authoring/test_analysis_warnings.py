"""Warnings from the path analysis: stable codes, located at the element, only when proven."""

from __future__ import annotations

import json

from click.testing import CliRunner

from frontlijn_game.authoring.analysis_warnings import analysis_warnings
from frontlijn_game.cli import cli
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.model import Scenario
from helpers import scenario_from_yaml

HEADER = """\
format: frontlijn/scenario@1
id: t
title: T
"""

SOUND = (
    HEADER
    + """\
variables:
  vertrouwen: {initial: 50, min: 0, max: 100}
scoring:
  target_balance: [0.3, 0.5]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: help_a, text: H, help: 1, effects: {vertrouwen: +10}, goto: b}
      - {id: straf_a, text: S, sanction: 1, effects: {vertrouwen: -10}, goto: b}
  b:
    text: B
    choices:
      - {id: help_b, text: H, help: 1, when: "vertrouwen >= 50", goto: [{when: 'chose("straf_a")', goto: goed}, {goto: matig}]}
      - {id: straf_b, text: S, sanction: 1, goto: [{when: 'chose("help_a")', goto: toeval}, {goto: slecht}]}
  toeval:
    text: T
    choices:
      - {id: wacht, text: W, goto: {random: [{weight: 1, goto: goed}, {weight: 19, goto: matig}]}}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  matig: {text: M, ending: {label: M, outcome: 30, kind: mixed}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
"""
)
"""Sound: only help_a, straf_b reaches 'goed', and then with luck (1 in 20): random choosing
passes with 1/4 * 1/20 = 1.25%, and neither a position nor a length always takes it."""

FLAWED = (
    HEADER
    + """\
variables:
  teller: {initial: 0, min: 0, max: 3}
  open: {initial: false}
  n: {initial: 1, min: 0, max: 3}
scoring:
  target_balance: [0.3, 0.5]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: praat, text: P, help: 1, goto: goed}
      - {id: nooit, text: N, sanction: 1, when: "teller > 5", goto: b}
      - {id: ga, text: G, help: 1, goto: b}
      - {id: verlaag, text: V, sanction: 1, effects: {n: -1}, goto: c}
  b:
    text: B
    choices:
      - {id: dicht, text: D, when: open, goto: geheim}
  c:
    text: C
    choices:
      - {id: deel, text: D, when: "3 / n > 1", goto: slecht}
      - {id: anders, text: A, goto: slecht}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
  geheim: {text: X, ending: {label: X, outcome: 80, kind: good}}
"""
)


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_sound_case_gets_no_warnings() -> None:
    assert analysis_warnings(scenario_from_yaml(SOUND)) == []


def test_every_code_located_at_its_element() -> None:
    scenario = scenario_from_yaml(FLAWED, "flawed.yaml")
    found = analysis_warnings(scenario)
    assert all(d.severity == "warning" and d.file == "flawed.yaml" for d in found)
    by_code: dict[str, list[Diagnostic]] = {}
    for d in found:
        by_code.setdefault(d.code, []).append(d)
    assert set(by_code) == {
        "guard-never-true",
        "unreachable-ending",
        "band-unreachable",
        "pure-path-wins",
        "no-choice-offered",
        "runtime-error",
        "position-cue",
        "verdict-ending",
    }
    guards = by_code["guard-never-true"]  # 'dicht' too: its scene is the dead end
    assert [g.line for g in guards] == [line_of(FLAWED, "id: nooit"), line_of(FLAWED, "id: dicht")]
    assert "'nooit'" in guards[0].message and "teller > 5" in guards[0].message
    endings = by_code["unreachable-ending"]  # 'slecht' only after the division by zero
    assert [e.line for e in endings] == [
        line_of(FLAWED, "slecht: {text"),
        line_of(FLAWED, "geheim: {text"),
    ]
    [band] = by_code["band-unreachable"]
    assert band.line == line_of(FLAWED, "target_balance") and band.col == 3
    [dead] = by_code["no-choice-offered"]
    assert dead.line == line_of(FLAWED, "  b:") and "after: ga" in dead.message
    [error] = by_code["runtime-error"]
    assert error.line == line_of(FLAWED, "id: verlaag")
    assert "division by zero" in error.message and "taking 'verlaag'" in error.message
    pure = by_code["pure-path-wins"]
    assert any("without any sanction" in d.message and "praat" in d.message for d in pure)
    assert all(d.line == line_of(FLAWED, "goed: {text") for d in pure)
    assert found == sorted(found, key=lambda d: (d.line, d.col, d.code))


def test_pure_path_scoring_60_or_more_without_a_good_ending() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """\
scoring:
  target_balance: [0.0, 0.2]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: alleen_hulp, text: H, help: 2, goto: redelijk}
      - {id: mix, text: M, help: 1, sanction: 1, goto: redelijk}
  redelijk: {text: R, ending: {label: R, outcome: 70, kind: mixed}}
"""
    )
    [warning] = [w for w in analysis_warnings(scenario) if w.code == "pure-path-wins"]
    assert "without any sanction scores 85.0" in warning.message


def test_position_cue_replaces_position_wins_with_its_cause() -> None:
    scenario = scenario_from_yaml(
        HEADER
        + """scoring:
  target_balance: [0.3, 0.6]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: mix, text: M, help: 1, sanction: 1, goto: toeval}
      - {id: hulp, text: H, help: 2, goto: slecht}
  toeval:
    text: T
    choices:
      - id: wacht
        text: W
        goto: {random: [{weight: 1, goto: goed}, {weight: 1, goto: slecht}]}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
"""
    )
    [warning] = [w for w in analysis_warnings(scenario) if w.code == "position-cue"]
    assert "always taking the first option reaches 'goed' (total 95.0;" in warning.message
    assert "chance of a good ending 50.0%" in warning.message
    assert warning.line == line_of(scenario.source, "id: mix")
    assert "position-wins" not in codes(analysis_warnings(scenario))
    # The other way round "always the last" (and the second) gets there instead.
    swapped = scenario_from_yaml(
        scenario.source.replace(
            "      - {id: mix, text: M, help: 1, sanction: 1, goto: toeval}\n"
            "      - {id: hulp, text: H, help: 2, goto: slecht}",
            "      - {id: hulp, text: H, help: 2, goto: slecht}\n"
            "      - {id: mix, text: M, help: 1, sanction: 1, goto: toeval}",
        )
    )
    [cue] = [w for w in analysis_warnings(swapped) if w.code == "position-cue"]
    assert "always taking the second option" in cue.message  # second = last: named once


def test_universal_claims_need_a_complete_search(mini: Scenario) -> None:
    scenario = scenario_from_yaml(FLAWED)
    partial = analysis_warnings(scenario, max_states=1)
    assert "guard-never-true" not in codes(partial)
    assert "unreachable-ending" not in codes(partial)
    assert "band-unreachable" not in codes(partial)
    # What exists is still reported: the path it names is real.
    assert "no-choice-offered" in codes(partial)
    # And a time budget of nothing still returns quickly with what it proved.
    assert "band-unreachable" not in codes(analysis_warnings(mini, time_budget=0.0))


def test_validate_reports_them_unless_no_analysis(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED)
    runner = CliRunner()
    with_analysis = runner.invoke(cli, ["validate", str(path), "--json"])
    data = json.loads(with_analysis.stdout)
    found = {d["code"] for d in data["diagnostics"]}
    assert {"guard-never-true", "pure-path-wins", "no-choice-offered"} <= found
    assert with_analysis.exit_code == 0  # warnings only
    strict = runner.invoke(cli, ["validate", str(path), "--strict"])
    assert strict.exit_code == 1
    without = runner.invoke(cli, ["validate", str(path), "--json", "--no-analysis"])
    found = {d["code"] for d in json.loads(without.stdout)["diagnostics"]}
    assert not found & {"guard-never-true", "pure-path-wins", "no-choice-offered"}


def _linear(scenes: int) -> str:
    """A case of ``scenes`` scenes in a row, without a single guard."""
    lines = [
        "format: frontlijn/scenario@1",
        "id: lang",
        "title: Lang",
        "scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}",
        "start: s0",
        "scenes:",
    ]
    for i in range(scenes):
        after = f"s{i + 1}" if i < scenes - 1 else "eind"
        lines.append(
            f"  s{i}: {{text: T, choices: [{{id: c{i}, text: D, help: 1, sanction: {i % 2}, "
            f"goto: {after}}}]}}"
        )
    lines.append("  eind: {text: E, ending: {label: E, outcome: 50, kind: mixed}}")
    return "\n".join(lines) + "\n"


def test_a_way_longer_than_the_decision_cap_blames_the_cap_not_guards() -> None:
    [warning] = analysis_warnings(scenario_from_yaml(_linear(3000)))
    assert warning.code == "unreachable-ending"
    assert "takes 3,000 decisions" in warning.message and "after 1,000" in warning.message
    assert "guard" not in warning.message


def test_a_linear_case_within_the_cap_reaches_its_ending() -> None:
    found = analysis_warnings(scenario_from_yaml(_linear(999)))
    assert found  # one option a scene is a position cue, but the ending is reached
    assert all(w.code != "unreachable-ending" and "guard" not in w.message for w in found)
