"""``frontlijn paths`` and ``frontlijn playtest`` on the command line: shapes, errors, exits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from helpers import FIXTURES

MINI = str(FIXTURES / "mini.yaml")
RUN_KEYS = {
    "scenario", "status", "seed", "scene", "ending", "ending_kind", "choices", "draws", "help",
    "sanction", "balance", "verdict", "balance_score", "outcome", "process", "total", "per_actor",
}  # fmt: skip


def frontlijn(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_paths_json_shape_and_runs_replay_like_run() -> None:
    data = as_json(frontlijn("paths", MINI, "--json"))
    assert data["complete"] is True and data["states"] > 0
    assert data["endings"] == {"reachable": ["uitstap"], "unreachable": []}
    assert data["pure_good"] is True
    for name in ("best", "worst", "only_help", "only_sanction"):
        assert set(data[name]) >= RUN_KEYS, name
        assert data[name]["status"] == "finished"
    worst = data["worst"]
    again = as_json(
        frontlijn(
            "run",
            MINI,
            "--choices",
            ",".join(worst["choices"]),
            "--draws",
            ",".join(worst["draws"]),
            "--seed",
            str(worst["seed"]),
            "--json",
        )
    )
    assert again == worst
    assert data["only_help"]["sanction"] == 0 and data["only_sanction"]["help"] == 0
    assert data["best"]["total"] >= data["worst"]["total"]


def test_paths_over_the_limit_says_so_and_exits_0() -> None:
    result = frontlijn("paths", MINI, "--max-states", "3", "--json")
    assert result.exit_code == 0
    assert "stopped" in result.stderr and "--max-states" in result.stderr
    data = json.loads(result.stdout)
    assert data["complete"] is False and data["states"] == 3


def test_paths_human_output() -> None:
    result = frontlijn("paths", MINI)
    assert result.exit_code == 0
    out = result.stdout
    assert "best" in out and "worst" in out and "only help" in out and "only sanction" in out
    assert "endings reached:   uitstap" in out
    assert "NOT SOUND" in out


def test_playtest_json_shape_and_same_seed_same_result() -> None:
    one = as_json(frontlijn("playtest", MINI, "--runs", "200", "--seed", "4", "--json"))
    two = as_json(frontlijn("playtest", MINI, "--runs", "200", "--seed", "4", "--json"))
    for key in ("runs", "seed", "endings", "scenes", "choices", "total", "steps_per_second"):
        assert key in one
    assert one["runs"] == 200 and one["seed"] == 4
    assert set(one["total"]) == {"min", "median", "max"}
    for data in (one, two):
        del data["steps_per_second"], data["runs_per_second"]
    assert one == two


def test_playtest_without_seed_reports_the_one_it_drew() -> None:
    data = as_json(frontlijn("playtest", MINI, "--runs", "5", "--json"))
    assert isinstance(data["seed"], int)


def test_playtest_human_output_has_tables_and_histogram() -> None:
    result = frontlijn("playtest", MINI, "--runs", "100", "--seed", "1")
    assert result.exit_code == 0
    out = result.stdout
    assert "Endings" in out and "uitstap (good)" in out
    assert "Scenes (visits)" in out and "Choices (picks)" in out
    assert "90-100" in out and "█" in out


def test_playtest_max_steps_counts_stopped_runs() -> None:
    data = as_json(
        frontlijn("playtest", MINI, "--runs", "50", "--seed", "2", "--max-steps", "1", "--json")
    )
    assert data["status"]["stopped"] > 0


@pytest.mark.parametrize("command", ["paths", "playtest"])
def test_help_and_usage_errors(command: str) -> None:
    assert frontlijn(command, "--help").exit_code == 0
    assert frontlijn(command).exit_code == 2  # FILE missing
    bad = "--max-states" if command == "paths" else "--runs"
    result = frontlijn(command, MINI, bad, "zero")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert frontlijn(command, MINI, bad, "0").exit_code == 2


@pytest.mark.parametrize("command", ["paths", "playtest"])
def test_content_errors_exit_1_without_traceback(command: str, tmp_path: Path) -> None:
    missing = frontlijn(command, str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: frontlijn/scenario@1\nid: x\ntitle: X\nstart: a\nscenes: {}\n")
    result = frontlijn(command, str(broken))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "broken.yaml" in result.stderr


KANS = str(FIXTURES / "assessment" / "scenarios" / "kans.yaml")


def test_paths_json_has_the_assessment_of_the_content_folders_modules() -> None:
    data = as_json(frontlijn("paths", KANS, "--json"))["assessment"]
    assert set(data) >= {"rules", "random", "habits", "best_bad_ending", "good_not_in_balance"}
    assert [
        (r["module"], r["min_score"], r["ending_kind"], r["random_pass"]) for r in data["rules"]
    ] == [
        ("streng", 80, ["good"], 0.1875),
        ("ruim", 70, ["good", "mixed"], 0.25),
    ]
    assert (data["random"]["total"], data["random"]["good"]) == (48.4, 0.1875)
    assert list(data["habits"]) == ["first", "second", "third", "last", "longest", "shortest"]
    assert {k: data["habits"]["first"][k] for k in ("total", "good", "pass")} == {
        "total": 93.8,
        "good": 0.75,
        "pass": 1.0,
    }
    # The bundled mini case is given as a file outside a content folder: free play.
    [rule] = as_json(frontlijn("paths", MINI, "--json"))["assessment"]["rules"]
    assert rule == rule | {"module": None, "min_score": 70, "ending_kind": None}


def test_paths_text_has_the_assessment_block_in_both_languages() -> None:
    dutch = frontlijn("--lang", "nl", "paths", KANS)
    assert "beoordeling (exacte kansen, geen steekproef):" in dutch.stdout
    assert "slaagt voor module 'ruim' (70 of meer, einde good/mixed): 25,0%" in dutch.stdout
    assert "steeds de 1e optie" in dutch.stdout
    assert "beste totaal met een slecht einde: 50,0" in dutch.stdout
    english = frontlijn("--lang", "en", "paths", KANS)
    assert "assessment (exact chances, no sampling):" in english.stdout
    assert "passes module 'streng' (80 or more, ending good): 18.8%" in english.stdout
    assert "always the longest text" in english.stdout
    from frontlijn_game.i18n import language

    assert language() == "nl"  # the command's --lang does not stay behind
