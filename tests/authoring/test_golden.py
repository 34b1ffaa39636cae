"""Golden-path test files: loading with located errors, and running cases."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from frontlijn_game.authoring.golden import (
    Bound,
    load_test_file,
    number_text,
    run_case,
    run_file,
)
from frontlijn_game.scenario.diagnostics import Loc
from frontlijn_game.scenario.model import Scenario
from helpers import FIXTURES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "mini.yaml")
    return tmp_path


def write(folder: Path, text: str, name: str = "mini.tests.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_ok(path: Path, content_dir: Path | None = None):  # type: ignore[no-untyped-def]
    test_file, diagnostics = load_test_file(path, content_dir)
    assert test_file is not None, "\n".join(d.format() for d in diagnostics)
    return test_file


def codes(path: Path, content_dir: Path | None = None) -> list[tuple[int, int, str]]:
    test_file, diagnostics = load_test_file(path, content_dir)
    assert test_file is None
    return [(d.line, d.col, d.code) for d in diagnostics]


GOOD = """\
    format: frontlijn/tests@1
    scenario: mini
    cases:
      - name: "meteen doorvragen"
        choices: [vraag_door]
        expect:
          ending: uitstap
          ending_kind: good
          status: finished
          total: {min: 49.3, max: 49.3}
          help: 1
          sanction: {max: 0}
          balance: 0
          balance_score: 0
          outcome: 90
          process: {min: 66.67, max: 66.67}
          decisions: 1
          verdict: tandeloos
          variables: {vertrouwen: {min: 60}, kent_ronselaar: true}
      - name: "melden, pech, opnieuw"
        seed: 3
        choices: [meld, opnieuw]
        draws: [vast]
        expect: {status: open, help: 2, sanction: 2, verdict: in balans, variables: {vertrouwen: 20}}
"""


def test_passing_cases(folder: Path) -> None:
    test_file = load_ok(write(folder, GOOD))
    assert test_file.scenario.id == "mini"
    assert [c.name for c in test_file.cases] == ["meteen doorvragen", "melden, pech, opnieuw"]
    second = test_file.cases[1]
    assert (second.seed, second.choices, second.draws) == (3, ("meld", "opnieuw"), ("vast",))
    result = run_file(test_file)
    assert result.ok, [(c.error, c.failures) for c in result.cases]
    assert result.cases[0].result is not None
    assert result.cases[0].result["total"] == 49.3


def test_failures_say_expected_and_got(folder: Path) -> None:
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        cases:
          - name: "verkeerd"
            choices: [vraag_door]
            expect:
              ending: uitstap
              ending_kind: bad
              total: {min: 60}
              verdict: in balans
              variables: {vertrouwen: {max: 10}, kent_ronselaar: false}
              status: finished
        """,
    )
    (case,) = run_file(load_ok(path)).cases
    assert not case.ok and case.error is None
    got = {m.key: (m.expected, m.got) for m in case.failures}
    assert got == {
        "ending_kind": ("bad", "good (uitstap)"),
        "verdict": ("in balans", "tandeloos"),
        "total": (">= 60", "49.3"),
        "variables.vertrouwen": ("<= 10", "60"),
        "variables.kent_ronselaar": ("false", "true"),
    }


def test_open_attempt_has_no_total(folder: Path) -> None:
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        cases:
          - choices: [meld]
            draws: [vast]
            expect: {ending: uitstap, total: {min: 0}}
        """,
    )
    (case,) = run_file(load_ok(path)).cases
    assert case.case.name == "case 1"
    got = {m.key: m.got for m in case.failures}
    assert got == {"ending": "vast (open)", "total": "none"}


def test_choice_not_offered_names_scene_and_offered(folder: Path) -> None:
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        cases:
          - name: "vertrouwen te laag"
            choices: [meld, opnieuw, vraag_door]
            draws: [vast]
        """,
    )
    (case,) = run_file(load_ok(path)).cases
    assert case.error == (
        "step 3: choice 'vraag_door' is not offered in scene 'intake' (\"Eerste gesprek\"); "
        "offered: meld"
    )


def test_choice_after_ending_and_unused_draws(folder: Path) -> None:
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        cases:
          - name: "te lang"
            choices: [vraag_door, meld]
          - name: "draw nooit gebruikt"
            choices: [vraag_door]
            draws: [vast]
          - name: "draw onmogelijk"
            choices: [meld]
            draws: [intake]
        """,
    )
    # 'intake' is no random outcome: a load error, so test the run-time check separately.
    _, diagnostics = load_test_file(path)
    assert [(d.line, d.code) for d in diagnostics] == [(11, "bad-draw")]
    path.write_text(path.read_text().replace("draws: [intake]", "draws: [uitstap]"))
    long, unused, fine = run_file(load_ok(path)).cases
    assert long.error is not None and "comes after the ending 'uitstap'" in long.error
    assert long.error.startswith("step 2:")
    assert [(m.key, m.got) for m in unused.failures] == [("draws", "0; never used: vast")]
    assert fine.ok


def test_forced_draw_that_is_impossible_here_is_an_error(
    make_scenario: Callable[[str], Scenario],
) -> None:
    scenario = make_scenario(
        """\
        format: frontlijn/scenario@1
        id: twee
        title: Twee
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        start: a
        scenes:
          a:
            text: A
            choices:
              - {id: gok, text: Gok, goto: {random: [{weight: 1, goto: b}, {weight: 1, goto: c}]}}
          b:
            text: B
            choices:
              - {id: nog, text: Nog, goto: {random: [{weight: 1, goto: c}, {weight: 1, goto: d}]}}
          c: {text: C, ending: {label: C, outcome: 10, kind: bad}}
          d: {text: D, ending: {label: D, outcome: 90, kind: good}}
        """
    )
    from frontlijn_game.authoring.golden import Expect, GoldenCase

    case = GoldenCase("x", 0, ("gok", "nog"), ("b", "b"), Expect(), Loc(1, 1))
    outcome = run_case(scenario, case)
    assert outcome.error is not None
    assert outcome.error.startswith("step 2 ('nog'): draw 2 'b' is not a possible outcome")


def test_located_errors_with_codes(folder: Path) -> None:
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        extra: 1
        cases:
          - name: 3
            seed: -1
            choices: [vraag_dor, meld]
            draws: [vasst, intake]
            expect:
              ending: vast
              endng: uitstap
              status: klaar
              ending_kind: great
              verdict: balans
              total: {min: 90, max: 80}
              help: {mni: 1}
              sanction: "veel"
              variables: {vertrouwn: 1, kent_ronselaar: 1, vertrouwen: "hoog"}
          - choices: meld
          - expect: {}
          - 7
        """,
    )
    assert codes(path) == [
        (3, 1, "unknown-key"),
        (5, 11, "wrong-type"),
        (6, 11, "out-of-range"),
        (7, 15, "unknown-choice"),
        (8, 13, "unknown-scene"),
        (8, 20, "bad-draw"),
        (10, 15, "not-an-ending"),
        (11, 7, "unknown-key"),
        (12, 15, "out-of-range"),
        (13, 20, "bad-ending-kind"),
        (14, 16, "out-of-range"),
        (15, 14, "out-of-range"),
        (16, 13, "missing-key"),
        (16, 14, "unknown-key"),
        (17, 17, "wrong-type"),
        (18, 19, "unknown-variable"),
        (18, 49, "wrong-type"),
        (18, 64, "wrong-type"),
        (19, 14, "wrong-type"),
        (20, 5, "missing-key"),
        (21, 5, "wrong-type"),
    ]
    _, diagnostics = load_test_file(path)
    messages = {d.code: d.message for d in diagnostics}
    assert "did you mean 'vraag_door'?" in messages["unknown-choice"]
    assert any("did you mean 'ending'?" in d.message for d in diagnostics)
    assert any("did you mean 'vertrouwen'?" in d.message for d in diagnostics)
    assert any("did you mean 'in balans'?" in d.message for d in diagnostics)
    assert any("did you mean 'vast'?" in d.message for d in diagnostics)


def test_top_level_problems(folder: Path) -> None:
    wrong_format = write(folder, "format: frontlijn/scenario@1\nid: x\n", "a.tests.yaml")
    assert codes(wrong_format) == [(1, 1, "unknown-format")]
    missing = write(folder, "scenario: mini\n", "b.tests.yaml")
    assert codes(missing) == [(1, 1, "missing-key"), (1, 1, "missing-key")]
    unknown = write(folder, "format: frontlijn/tests@1\nscenario: mni\ncases: []\n", "c.tests.yaml")
    assert codes(unknown) == [(2, 11, "unknown-scenario"), (3, 1, "missing-key")]
    _, diagnostics = load_test_file(unknown)
    assert "did you mean 'mini'?" in diagnostics[0].message
    syntax = write(folder, "format: [\n", "d.tests.yaml")
    assert [c for _, _, c in codes(syntax)] == ["yaml-syntax"]
    assert codes(folder / "none.tests.yaml") == [(1, 1, "unreadable")]


def test_broken_scenario_is_reported(folder: Path) -> None:
    (folder / "mini.yaml").write_text(
        (FIXTURES / "mini.yaml").read_text().replace("start: intake", "start: intak")
    )
    path = write(folder, "format: frontlijn/tests@1\nscenario: mini\ncases: [{choices: []}]\n")
    _, diagnostics = load_test_file(path)
    assert [(Path(d.file).name, d.code) for d in diagnostics] == [
        ("mini.tests.yaml", "scenario-errors"),
        ("mini.yaml", "unknown-scene"),
    ]


def test_scenario_found_by_id_or_in_content_folder(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "scenarios").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini.yaml", content / "scenarios" / "anders-genoemd.yaml")
    tests = tmp_path / "elders"
    tests.mkdir()
    path = write(tests, "format: frontlijn/tests@1\nscenario: mini\ncases: [{choices: []}]\n")
    assert codes(path) == [(2, 11, "unknown-scenario")]
    test_file = load_ok(path, content)
    assert Path(test_file.scenario.path).name == "anders-genoemd.yaml"
    # beside the test file, by its id line, wins over the content folder
    shutil.copy(FIXTURES / "mini.yaml", tests / "kopie.yaml")
    assert Path(load_ok(path, content).scenario.path).name == "kopie.yaml"


def test_bounds() -> None:
    exact = Bound(Fraction(3), Fraction(3), Loc(1, 1))
    assert exact.holds(Fraction(3)) and not exact.holds(Fraction(31, 10))
    assert exact.describe() == "= 3"
    band = Bound(Fraction(1, 2), Fraction(599, 10), Loc(1, 1))
    assert band.describe() == "0.5..59.9"
    assert Bound(None, Fraction(599, 10), Loc(1, 1)).describe() == "<= 59.9"
    assert number_text(85.0) == "85" and number_text(Fraction(1, 3)) == "0.333333"


def test_content_authors_shape(folder: Path) -> None:
    """The shape the bundled cases' test files use: flow mappings, draws, bounds."""
    path = write(
        folder,
        """\
        format: frontlijn/tests@1
        scenario: mini
        cases:
          - name: "melden met geluk"
            choices: [meld]
            draws: [uitstap]
            expect: {ending: uitstap, total: {max: 59.9}, help: {max: 0}, verdict: eindeloos}
        """,
    )
    assert run_file(load_ok(path)).ok
