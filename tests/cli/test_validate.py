"""``frontlijn validate``: exit codes, the diagnostic lines, the summary, --strict, --json.

Most runs use ``--no-analysis`` so that the numbers here depend on the loaders only; path
analysis warnings are tested with the analysis itself.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli, hoist_global_options
from helpers import FIXTURES

BAD = FIXTURES / "bad"
MINI = FIXTURES / "mini.yaml"
DIAGNOSTIC = re.compile(r"^(.+):(\d+):(\d+): (error|warning): (.+) \[([a-z0-9-]+)\]$")
SUMMARY = re.compile(
    r"^(\d+) (?:files? checked|bestand(?:en)? gecontroleerd): (\d+) (?:errors?|fouten?), "
    r"(\d+) (?:warnings?|waarschuwing(?:en)?)( \(.*\))?$"
)


def frontlijn(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    argv = hoist_global_options([str(a) for a in args])
    result = CliRunner().invoke(cli, argv, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def diagnostics(result: Result) -> list[tuple[str, int, int, str, str]]:
    """(file, line, col, severity, code) of every diagnostic line on stderr."""
    out = []
    for line in result.stderr.splitlines():
        match = DIAGNOSTIC.match(line)
        if match:
            out.append((match[1], int(match[2]), int(match[3]), match[4], match[6]))
    return out


def summary(text: str) -> tuple[int, int, int]:
    lines = [line for line in text.splitlines() if SUMMARY.match(line)]
    assert len(lines) == 1, text
    match = SUMMARY.match(lines[0])
    assert match is not None
    return int(match[1]), int(match[2]), int(match[3])


def test_clean_file_exits_0_with_the_summary_on_stdout() -> None:
    result = frontlijn("validate", MINI, "--no-analysis")
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: 0 errors, 0 warnings\n"
    assert result.stderr == ""


def test_clean_file_with_analysis_exits_0() -> None:
    result = frontlijn("validate", MINI)
    assert result.exit_code == 0
    files, errors, _ = summary(result.stdout)
    assert (files, errors) == (1, 0)
    for line in result.stderr.splitlines():
        assert DIAGNOSTIC.match(line) and ": warning: " in line, line


def test_errors_exit_1_and_every_line_has_the_format() -> None:
    path = BAD / "scenarios" / "out-of-range.yaml"
    result = frontlijn("validate", path, "--no-analysis")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 file checked: 6 errors, 0 warnings"
    found = diagnostics(result)
    assert len(found) == 6 == len(lines) - 1
    assert found[0] == (str(path), 5, 11, "error", "out-of-range")
    assert lines[0] == (f"{path}:5:11: error: language must be nl or en, got 'de' [out-of-range]")


def test_warnings_pass_unless_strict() -> None:
    path = BAD / "scenarios" / "warnings.yaml"
    result = frontlijn("validate", path, "--no-analysis")
    assert result.exit_code == 0
    assert summary(result.stdout) == (1, 0, 7)
    assert [d[3] for d in diagnostics(result)] == ["warning"] * 7
    strict = frontlijn("validate", "--strict", path, "--no-analysis")
    assert strict.exit_code == 1
    assert strict.stdout == ""
    assert strict.stderr.splitlines()[-1] == (
        "1 file checked: 0 errors, 7 warnings (warnings count as errors with --strict)"
    )


def test_strict_on_a_clean_file_exits_0() -> None:
    assert frontlijn("validate", "--strict", MINI, "--no-analysis").exit_code == 0


def test_json_shape_on_errors() -> None:
    path = BAD / "scenarios" / "unknown-key.yaml"
    result = frontlijn("validate", "--json", path, "--no-analysis")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) >= {"ok", "files", "errors", "warnings", "diagnostics"}
    assert (data["ok"], data["files"], data["errors"], data["warnings"]) == (False, 1, 4, 0)
    first = data["diagnostics"][0]
    assert first == {
        "file": str(path),
        "line": 2,
        "col": 1,
        "severity": "error",
        "message": "the scenario needs 'title'",
        "code": "missing-key",
    }
    assert result.stderr == ""  # with --json everything is in the one object


def test_json_on_a_clean_file_and_with_strict_warnings() -> None:
    clean = json.loads(frontlijn("validate", MINI, "--json", "--no-analysis").stdout)
    assert clean == {"ok": True, "files": 1, "errors": 0, "warnings": 0, "diagnostics": []}
    result = frontlijn(
        "validate", BAD / "scenarios" / "warnings.yaml", "--json", "--strict", "--no-analysis"
    )
    assert result.exit_code == 1
    data: dict[str, Any] = json.loads(result.stdout)
    assert (data["ok"], data["errors"], data["warnings"]) == (False, 0, 7)
    assert {d["code"] for d in data["diagnostics"]} == {
        "unused-actor",
        "unused-fact",
        "unused-variable",
        "unused-competency",
        "no-ending",
        "unreachable-scene",
    }


def test_the_bad_folder_reports_every_file_without_a_traceback() -> None:
    files = sorted(BAD.rglob("*.yaml"))
    for args in (("--no-analysis",), (), ("--json",), ("--strict",)):
        result = frontlijn("validate", BAD, *args)
        assert result.exit_code == 1
        if "--json" in args:
            data = json.loads(result.stdout)
            assert data["files"] == len(files)
            reported = {d["file"] for d in data["diagnostics"]}
        else:
            assert summary(result.stderr)[0] == len(files)
            reported = {d[0] for d in diagnostics(result)}
        assert reported == {str(f) for f in files}  # every bad file says something


def test_a_folder_with_a_mix_of_good_bad_and_odd_files(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "kapot.yml").write_text("format: frontlijn/scenario@1\nid: [\n")
    (tmp_path / "sub" / "leeg.yaml").write_bytes(b"")
    (tmp_path / "binair.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "diep.yaml").write_text("a: " + "[" * 900 + "]" * 900 + "\n")
    (tmp_path / "lus.yaml").write_text("a: &a [*a]\n")
    (tmp_path / "tag.yaml").write_text("a: !!python/object/apply:os.system [ls]\n")
    (tmp_path / "lijst.yaml").write_text("- 1\n- 2\n")
    (tmp_path / "LEESMIJ.txt").write_text("not a content file: ignored")
    (tmp_path / "mini.tests.yaml").write_text("format: frontlijn/tests@1\nscenario: mini\n")
    (tmp_path / "cursus.yaml").write_text(
        "format: frontlijn/curriculum@1\nid: cursus\ntitle: C\n"
        "modules:\n  - {id: m1, scenarios: [mini, onbekend], pass: {ending_kind: [good]}}\n"
    )
    result = frontlijn("validate", tmp_path, "--no-analysis")
    assert result.exit_code == 1
    by_file: dict[str, set[str]] = {}
    for file, _, _, _, code in diagnostics(result):
        by_file.setdefault(Path(file).name, set()).add(code)
    assert by_file == {
        "kapot.yml": {"yaml-syntax"},
        "leeg.yaml": {"wrong-type"},
        "binair.yaml": {"invalid-utf8"},
        "diep.yaml": {"too-deep", "missing-key", "unknown-key"},
        "lus.yaml": {"alias-bomb", "missing-key", "unknown-key"},
        "tag.yaml": {"unsafe-tag", "missing-key", "unknown-key"},
        "lijst.yaml": {"wrong-type"},
        "cursus.yaml": {"unknown-scenario"},
    }
    assert summary(result.stderr)[0] == 10  # every YAML file, the test file included


def test_several_paths_and_duplicate_scenario_ids(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "kopie.yaml")
    result = frontlijn("validate", MINI, tmp_path / "kopie.yaml", "--no-analysis")
    assert result.exit_code == 1
    assert diagnostics(result) == [(str(tmp_path / "kopie.yaml"), 1, 1, "error", "duplicate-id")]
    assert "also used by" in result.stderr


def test_a_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = frontlijn("validate", tmp_path / "nergens.yaml")
    assert result.exit_code == 1
    assert diagnostics(result) == [(str(tmp_path / "nergens.yaml"), 1, 1, "error", "unreadable")]


def test_no_path_is_a_usage_error() -> None:
    result = frontlijn("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with mini, and a curriculum outside it that names mini."""
    (tmp_path / "inhoud" / "scenarios").mkdir(parents=True)
    shutil.copy(MINI, tmp_path / "inhoud" / "scenarios" / "mini.yaml")
    (tmp_path / "cursus.yaml").write_text(
        "format: frontlijn/curriculum@1\nid: cursus\ntitle: C\n"
        "modules:\n  - {id: m1, scenarios: [mini], pass: {ending_kind: [good]}}\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    "order",
    [
        ("--content", "{dir}", "validate", "{file}"),
        ("validate", "{file}", "--content", "{dir}"),
        ("validate", "--content={dir}", "{file}"),
        ("--lang", "en", "validate", "{file}", "--content", "{dir}", "--no-analysis"),
        ("validate", "{file}", "--lang", "nl", "--content", "{dir}", "--db", "sqlite://"),
    ],
)
def test_global_options_before_or_after_the_sub_command(
    content: Path, order: tuple[str, ...]
) -> None:
    args = [a.format(dir=content / "inhoud", file=content / "cursus.yaml") for a in order]
    result = frontlijn(*args)
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (1, 0, 0)


def test_without_the_content_folder_the_scenario_is_unknown(content: Path) -> None:
    result = frontlijn("validate", content / "cursus.yaml", "--content", content / "leeg")
    assert result.exit_code == 1
    assert [d[4] for d in diagnostics(result)] == ["unknown-scenario"]


def test_the_flag_beats_the_environment(content: Path) -> None:
    env = {"FRONTLIJN_CONTENT": str(content / "inhoud")}
    assert frontlijn("validate", content / "cursus.yaml", env=env).exit_code == 0
    flagged = frontlijn("validate", content / "cursus.yaml", "--content", content, env=env)
    assert flagged.exit_code == 1  # content/ itself has no scenarios/mini.yaml


def test_the_bundled_cases_validate_clean_under_strict() -> None:
    scenarios = Path(__file__).resolve().parents[2] / "scenarios"
    result = frontlijn("validate", "--strict", scenarios)
    assert result.exit_code == 0, result.stderr
