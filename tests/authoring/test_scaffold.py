"""frontlijn new: templates that validate clean under --strict and come with passing tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontlijn_game.authoring.golden import load_test_file, run_file
from frontlijn_game.authoring.scaffold import (
    PLACEHOLDER_SCENARIO,
    ScaffoldError,
    new_curriculum,
    new_scenario,
    render_curriculum,
    render_scenario,
    target_folder,
    title_from_id,
)
from frontlijn_game.cli.content import validate_paths
from frontlijn_game.engine.paths import analyse
from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import goto_targets
from helpers import FIXTURES


def test_scenario_template_is_clean_and_its_tests_pass(tmp_path: Path) -> None:
    made = new_scenario("proef-casus", tmp_path)
    case = tmp_path / "scenarios" / "proef-casus.yaml"
    tests = tmp_path / "scenarios" / "proef-casus.tests.yaml"
    assert made.files == [case, tests]
    diagnostics, count = validate_paths([str(tmp_path / "scenarios")], True, None)
    assert count == 2
    assert [d.format() for d in diagnostics] == []  # zero errors and zero warnings
    test_file, found = load_test_file(tests)
    assert test_file is not None, [d.format() for d in found]
    result = run_file(test_file)
    assert result.ok, [(c.case.name, c.error, c.failures) for c in result.cases]
    assert len(result.cases) >= 4


def test_scenario_template_shows_every_feature_and_neither_extreme_wins(tmp_path: Path) -> None:
    new_scenario("proef-casus", tmp_path)
    path = tmp_path / "scenarios" / "proef-casus.yaml"
    scenario = load_scenario_or_raise(path)
    assert scenario.id == "proef-casus" and scenario.title == "Proef casus"
    assert scenario.actors and scenario.facts and len(scenario.variables) >= 3
    assert {v.kind for v in scenario.variables.values()} == {"number", "bool", "string"}
    assert scenario.scoring.competencies and scenario.scoring.order
    choices = list(scenario.choices.values())
    assert any(c.when is not None for c in choices)
    kinds = {type(c.goto).__name__ for c in choices}
    assert kinds == {"GotoScene", "GotoCond", "GotoRandom"}
    assert sorted(s.ending.kind for s in scenario.endings.values() if s.ending) == [
        "bad",
        "good",
        "mixed",
    ]
    assert all(c.feedback for c in choices)
    assert scenario.sources and all(s.title for s in scenario.sources)
    assert any(c.basis for c in choices)
    [forbidden] = scenario.scoring.forbidden
    assert any(forbidden in c.tags for c in choices)  # a rule the trainee can break
    report = analyse(scenario)
    assert report.complete
    assert report.pure_good is None
    assert report.only_help is not None and report.only_help.total < 60
    assert report.only_sanction is not None and report.only_sanction.total < 60
    assert report.best is not None and report.best.kind == "good"
    assert not report.unreachable_endings and not report.dead_ends
    targets = {t for c in choices for t in goto_targets(c.goto)}
    assert set(scenario.scenes) - targets == {scenario.start}
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/scenario.schema.json\n")
    assert "__" not in text


def test_refuses_to_overwrite_and_bad_ids(tmp_path: Path) -> None:
    new_scenario("een", tmp_path)
    case = tmp_path / "scenarios" / "een.yaml"
    case.write_text("# eigen werk\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exist"):
        new_scenario("een", tmp_path)
    assert case.read_text() == "# eigen werk\n"
    (tmp_path / "scenarios" / "een.tests.yaml").unlink()
    with pytest.raises(ScaffoldError, match=r"een\.yaml already exists"):
        new_scenario("een", tmp_path)
    assert not (tmp_path / "scenarios" / "een.tests.yaml").exists()  # nothing written
    for bad in ("Een", "een_twee", "", "a/b"):
        with pytest.raises(ValueError, match="not a valid scenario id"):
            new_scenario(bad, tmp_path)


def test_id_used_by_another_file(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "scenarios" / "anders.yaml")
    with pytest.raises(ScaffoldError, match="already used by"):
        new_scenario("mini", tmp_path)


def test_folders_and_schemas(tmp_path: Path) -> None:
    assert target_folder(tmp_path, "scenario") == (tmp_path, tmp_path / "scenarios")
    folder = tmp_path / "scenarios"
    assert target_folder(folder, "scenario") == (tmp_path, folder)
    assert target_folder(tmp_path / "curricula", "curriculum") == (tmp_path, tmp_path / "curricula")
    made = new_scenario("een", folder)  # a scenarios/ folder is used as is
    assert made.files[0] == folder / "een.yaml"
    assert made.notes and "schemas" in made.notes[0]
    schema = tmp_path / "schemas" / "scenario.schema.json"
    schema.write_text("{}", encoding="utf-8")
    again = new_scenario("twee", tmp_path)
    assert again.notes == []  # schemas are written once, never overwritten
    assert schema.read_text() == "{}"


def test_curriculum_over_found_cases(tmp_path: Path) -> None:
    new_scenario("een", tmp_path)
    new_scenario("twee", tmp_path)
    made = new_curriculum("basis", tmp_path)
    path = tmp_path / "curricula" / "basis.yaml"
    assert made.files == [path]
    text = path.read_text(encoding="utf-8")
    assert "scenarios: [een]" in text and "scenarios: [twee]" in text
    assert "requires: [m1]" in text
    assert text.startswith("# yaml-language-server: $schema=../schemas/curriculum.schema.json\n")
    diagnostics, _ = validate_paths([str(tmp_path)], True, tmp_path)
    assert [d.format() for d in diagnostics] == []
    with pytest.raises(ScaffoldError):
        new_curriculum("basis", tmp_path)


def test_curriculum_with_one_or_no_case(tmp_path: Path) -> None:
    made = new_curriculum("leeg", tmp_path)
    assert made.notes and PLACEHOLDER_SCENARIO in made.notes[0]
    text = (tmp_path / "curricula" / "leeg.yaml").read_text(encoding="utf-8")
    assert f"scenarios: [{PLACEHOLDER_SCENARIO}]" in text
    one = render_curriculum("een-pad", ["een"])
    assert "  # - id: m2" in one and "  - id: m2" not in one
    new_scenario("een", tmp_path)
    (tmp_path / "curricula" / "leeg.yaml").unlink()
    new_curriculum("een-pad", tmp_path)
    diagnostics, _ = validate_paths([str(tmp_path)], True, tmp_path)
    assert [d.format() for d in diagnostics] == []


def test_render_helpers() -> None:
    assert title_from_id("geldezel-samir") == "Geldezel samir"
    case, tests = render_scenario("x-1", "Mijn titel")
    assert 'title: "Mijn titel"' in case and "scenario: x-1" in tests
