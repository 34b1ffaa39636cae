"""A case id given to a trainer command is found in ./scenarios (and --content) before the
bundled cases, exactly as the README's walkthrough types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner


def run(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    from frontlijn_game.cli import cli, hoist_global_options

    result = runner.invoke(cli, hoist_global_options(list(args)), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def trainer_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRONTLIJN_CONTENT", raising=False)
    code, _out, err = run("new", "scenario", "mijn-casus")
    assert code == 0, err
    return tmp_path


def test_the_readme_walkthrough_finds_the_new_case(trainer_folder: Path) -> None:
    code, out, err = run(
        "run",
        "mijn-casus",
        "--choices",
        "vraag_door,hulp_met_voorwaarde,samen_controleren",
        "--seed",
        "7",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["scenario"] == "mijn-casus"
    for command in (["paths", "mijn-casus"], ["test", "mijn-casus"], ["graph", "mijn-casus"]):
        code, _out, err = run(*command)
        assert code == 0, (command, err)


def test_an_unknown_id_lists_the_places_searched(trainer_folder: Path) -> None:
    code, _out, err = run("--lang", "en", "run", "bestaat-niet", "--choices", "a")
    assert code == 1
    assert "bestaat-niet" in err and str(trainer_folder / "scenarios") in err
    assert "Traceback" not in err
    code, _out, err = run("--lang", "nl", "run", "bestaat-niet", "--choices", "a")
    assert "gezocht in" in err


def test_content_comes_before_the_current_folder(trainer_folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "elders"
    (other / "scenarios").mkdir(parents=True)
    (other / "scenarios" / "mijn-casus.yaml").write_text("id: mijn-casus\n", encoding="utf-8")
    code, _out, err = run("--content", str(other), "paths", "mijn-casus")
    assert code == 1
    assert str(other / "scenarios" / "mijn-casus.yaml") in err  # this one, not ./scenarios
