"""``frontlijn test|graph|inspect|new|schema`` on the command line: output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from helpers import FIXTURES

REPO = Path(__file__).resolve().parents[2]
COMMANDS = ("test", "graph", "inspect", "new", "schema")


def frontlijn(*args: str, content: Path | None = None) -> Result:
    front = ["--content", str(content)] if content is not None else []
    return CliRunner().invoke(cli, [*front, *args], catch_exceptions=False)


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "scenarios" / "mini.yaml")
    return tmp_path


def write_tests(folder: Path, body: str, name: str = "mini.tests.yaml") -> Path:
    path = folder / "scenarios" / name
    path.write_text("format: frontlijn/tests@1\nscenario: mini\ncases:\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    result = frontlijn(command, "--help")
    assert result.exit_code == 0 and "Usage: " in result.stdout


def test_walkthrough_new_validate_test(tmp_path: Path) -> None:
    made = frontlijn("new", "scenario", "mijn-casus", "--dir", str(tmp_path))
    assert made.exit_code == 0, made.output
    case = tmp_path / "scenarios" / "mijn-casus.yaml"
    assert f"wrote {case}" in made.stdout
    validated = frontlijn("validate", "--strict", str(tmp_path / "scenarios"))
    assert validated.exit_code == 0, validated.output + validated.stderr
    assert "0 errors, 0 warnings" in validated.output
    tested = frontlijn("test", str(case))  # a case file stands for its test file
    assert tested.exit_code == 0, tested.output
    assert "0 failed" in tested.stdout
    again = frontlijn("new", "scenario", "mijn-casus", "--dir", str(tmp_path))
    assert again.exit_code == 1 and "nothing written" in again.stderr
    no_traceback(again)


def test_test_reports_failures(folder: Path) -> None:
    path = write_tests(
        folder,
        """\
  - name: "goed"
    choices: [vraag_door]
    expect: {ending: uitstap, total: {min: 49, max: 50}}
  - name: "fout"
    choices: [vraag_door]
    expect: {total: {min: 60}, verdict: in balans}
  - name: "niet aangeboden"
    choices: [meld, opnieuw, vraag_door]
    draws: [vast]
""",
    )
    result = frontlijn("test", str(path))
    assert result.exit_code == 1
    out = result.stdout
    ok, bad = ("✓", "✗") if "✓" in out else ("PASS", "FAIL")
    assert f"  {ok} goed" in out
    assert f"  {bad} fout  [{path}:7]" in out
    assert "      total: expected >= 60, got 49.3" in out
    assert "      verdict: expected in balans, got tandeloos" in out
    assert "not offered in scene 'intake'" in out and "offered: meld" in out
    assert "3 cases: 1 passed, 2 failed (1 file)" in result.stderr
    data = as_json(frontlijn("test", str(path), "--json"))
    assert data["ok"] is False and (data["passed"], data["failed"]) == (1, 2)
    cases = data["results"][0]["cases"]
    assert {"key": "total", "expected": ">= 60", "got": "49.3"} in cases[1]["failures"]
    assert cases[0]["result"]["ending"] == "uitstap"
    assert cases[2]["error"].startswith("step 3: choice 'vraag_door' is not offered")


def test_test_bad_file_and_paths(folder: Path) -> None:
    path = write_tests(folder, "  - choices: [vraag_dor]\n")
    result = frontlijn("test", str(folder))
    assert result.exit_code == 1
    assert f"{path}:4:15: error: scenario 'mini' has no choice 'vraag_dor'" in result.stderr
    assert "(did you mean 'vraag_door'?) [unknown-choice]" in result.stderr
    assert "0 cases: 0 passed, 0 failed (1 file, 1 with errors)" in result.stderr
    no_traceback(result)
    data = as_json(frontlijn("test", str(path), "--json"))
    assert data["bad_files"] == 1 and data["diagnostics"][0]["code"] == "unknown-choice"

    empty = folder / "leeg"
    empty.mkdir()
    nothing = frontlijn("test", str(empty))
    assert nothing.exit_code == 1 and "no *.tests.yaml files" in nothing.stderr
    lonely = frontlijn("test", str(FIXTURES / "mini.yaml"))
    assert lonely.exit_code == 1 and "has no mini.tests.yaml beside it" in lonely.stderr
    missing = frontlijn("--lang", "nl", "test", str(folder / "nope.tests.yaml"))
    assert missing.exit_code == 1 and "nope.tests.yaml" in missing.stderr
    assert "gezocht in" in missing.stderr  # the places searched, in the interface language
    assert frontlijn("test").exit_code == 2


def test_test_finds_the_case_in_the_content_folder(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    path = elsewhere / "x.tests.yaml"
    path.write_text(
        "format: frontlijn/tests@1\nscenario: mini\ncases: [{choices: [vraag_door]}]\n",
        encoding="utf-8",
    )
    assert frontlijn("test", str(path), content=folder).exit_code == 0
    unknown = frontlijn("test", str(path), content=elsewhere)
    assert unknown.exit_code == 1 and "[unknown-scenario]" in unknown.stderr


def test_bundled_test_files_pass() -> None:
    if not list((REPO / "scenarios").glob("*.tests.yaml")):
        pytest.skip("no bundled test files yet")
    result = frontlijn("test", str(REPO / "scenarios"), content=REPO)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_graph(tmp_path: Path) -> None:
    mini = str(FIXTURES / "mini.yaml")
    result = frontlijn("graph", mini)
    assert result.exit_code == 0 and result.stdout.startswith("flowchart TD\n")
    dot = frontlijn("graph", mini, "--format", "dot")
    assert dot.exit_code == 0 and 'digraph "mini" {' in dot.stdout
    out = tmp_path / "mini.dot"
    written = frontlijn("graph", mini, "--format", "dot", "-o", str(out), "--no-analysis")
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == dot.stdout
    assert frontlijn("graph", mini, "--format", "svg").exit_code == 2
    missing = frontlijn("--lang", "nl", "graph", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1 and "geen casusbestand" in missing.stderr
    no_traceback(missing)
    cannot = frontlijn("graph", mini, "-o", str(tmp_path / "no" / "such" / "dir.mmd"))
    assert cannot.exit_code == 1 and "cannot write" in cannot.stderr


def test_inspect() -> None:
    mini = str(FIXTURES / "mini.yaml")
    result = frontlijn("inspect", "vertrouwen", mini)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "variable 'vertrouwen': number, initial 50, range 0..100, label \"Vertrouwen\", visible"
    )
    assert any(
        line.startswith(f"  {mini}:31:16") and "read" in line and "guard: vertrouwen >= 40" in line
        for line in lines
    )
    assert any(f"{mini}:41:19" in line and "add -30" in line for line in lines)
    assert lines[-1] == "  1 declared, 2 changed, 1 read, 1 shown"
    data = as_json(frontlijn("inspect", "samir", mini, "--json"))
    (match,) = data["matches"]
    assert match["kind"] == "actor" and match["counts"] == {"declared": 1, "carried": 1}
    assert match["uses"][1]["choice"] == "vraag_door"
    unknown = frontlijn("inspect", "vertrouwn", mini)
    assert unknown.exit_code == 1 and "did you mean 'vertrouwen'?" in unknown.stderr
    no_traceback(unknown)
    assert frontlijn("inspect", "vertrouwen").exit_code == 2


def test_new_curriculum_and_errors(tmp_path: Path) -> None:
    assert frontlijn("new", "scenario", "een", "--dir", str(tmp_path)).exit_code == 0
    result = frontlijn("new", "curriculum", "basis", "--dir", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "curricula" / "basis.yaml").is_file()
    checked = frontlijn("validate", "--strict", str(tmp_path), content=tmp_path)
    assert checked.exit_code == 0, checked.output + checked.stderr
    bad = frontlijn("new", "scenario", "Een_Casus", "--dir", str(tmp_path))
    assert bad.exit_code == 2 and "not a valid scenario id" in bad.stderr
    assert frontlijn("new", "lesson", "x").exit_code == 2
    afile = tmp_path / "bestand"
    afile.write_text("x")
    blocked = frontlijn("new", "scenario", "twee", "--dir", str(afile))
    assert blocked.exit_code == 2  # --dir must be a folder
    no_traceback(blocked)


def test_schema(tmp_path: Path) -> None:
    printed = frontlijn("schema", "scenario")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["properties"]["format"]["const"] == "frontlijn/scenario@1"
    written = frontlijn("schema", "-o", str(tmp_path / "schemas"))
    assert written.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == ["curriculum.schema.json", "scenario.schema.json", "tests.schema.json"]
    one = frontlijn("schema", "tests", "-o", str(tmp_path / "een"))
    assert one.exit_code == 0 and [p.name for p in (tmp_path / "een").iterdir()] == [
        "tests.schema.json"
    ]
    usage = frontlijn("schema")
    assert usage.exit_code == 2 and "give -o DIR" in usage.stderr
    assert frontlijn("schema", "lesson").exit_code == 2
