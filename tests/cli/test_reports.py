"""``frontlijn report options|items`` and ``frontlijn export csv|xapi`` on recorded play."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from reporting.ralph import ralph_lrs
from store.store_backends import db_url, pg_admin

KRUISPUNT = Path(__file__).parents[1] / "reporting" / "kruispunt.yaml"
SCRIPT = [
    ("T1", "luister,grens"),
    ("T2", "luister,help_aan"),
    ("T2", "luister,grens"),
    ("T3", "dreig,help_aan"),
    ("T4", "dreig,grens"),
    ("T5", "luister"),
]

__all__ = ["db_url", "pg_admin"]


def frontlijn(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


def ok(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def played(db_url: str) -> str:
    ok(frontlijn(db_url, "cohort", "create", "A"))
    for code in ("T1", "T2", "T3", "T4"):
        ok(frontlijn(db_url, "trainee", "add", code, "--cohort", "A"))
    ok(frontlijn(db_url, "trainee", "add", "T5", "--name", "Vera Vertrouwelijk"))
    for code, choices in SCRIPT:
        ok(frontlijn(db_url, "run", str(KRUISPUNT), "--choices", choices, "--trainee", code))
    return db_url


def test_report_options(played: str) -> None:
    text = ok(frontlijn(played, "report", "options", "kruispunt")).stdout
    assert "6 attempts, 5 finished" in text
    assert "Intake: 6 decisions in 6 attempts" in text  # titles and texts, not ids
    assert "Luister eerst" in text and "luister" not in text
    data = json.loads(ok(frontlijn(played, "report", "options", "kruispunt", "--json")).stdout)
    assert data["format"] == "frontlijn/option-distribution@1"
    intake = data["decision_points"][0]
    assert [(o["choice"], o["count"], o["share"], o["mean_total"]) for o in intake["options"]] == [
        ("luister", 4, 0.6667, 71.7),
        ("dreig", 2, 0.3333, 23.4),
    ]
    first = json.loads(
        ok(
            frontlijn(
                played, "report", "options", "kruispunt", "--first-only", "--cohort", "A", "--json"
            )
        ).stdout
    )
    assert first["attempts"] == 4 and first["cohort"] == "A" and first["first_only"]


def test_report_items(played: str) -> None:
    data = json.loads(ok(frontlijn(played, "report", "items", "kruispunt", "--json")).stdout)
    assert data["summary"]["mean"] == 52.34 and data["summary"]["median"] == 41.7
    assert [p["facility"] for p in data["decision_points"]] == [0.6, 0.6]
    assert "facility" in ok(frontlijn(played, "report", "items", "kruispunt")).stdout


def test_report_errors(played: str) -> None:
    missing = frontlijn(played, "report", "options", "nope")
    assert missing.exit_code == 1 and "no attempt has been recorded" in missing.stderr
    cohort = frontlijn(played, "report", "options", "kruispunt", "--cohort", "Z")
    assert cohort.exit_code == 1 and "Traceback" not in cohort.output
    both = frontlijn(played, "report", "options", "kruispunt", "--all-versions", "--version", "ab")
    assert both.exit_code == 2


def test_export_csv(played: str, tmp_path: Path) -> None:
    result = ok(frontlijn(played, "export", "csv", "-o", str(tmp_path), "--excel"))
    assert "6 attempts" in result.stderr and "11 decisions" in result.stderr
    text = (tmp_path / "attempts.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbfattempt_id;trainee;")
    assert b"Vera" not in text


def test_export_xapi_file(played: str, tmp_path: Path) -> None:
    out = tmp_path / "statements.json"
    result = ok(frontlijn(played, "export", "xapi", "-o", str(out),
                          "--home-page", "https://oefenen.example.nl"))  # fmt: skip
    assert "21 statements" in result.stderr
    data = json.loads(out.read_text())
    assert (
        len(data) == 21 and data[0]["actor"]["account"]["homePage"] == "https://oefenen.example.nl"
    )
    stdout = json.loads(
        ok(
            frontlijn(played, "export", "xapi", "--scenario", "kruispunt", "--home-page", HOME)
        ).stdout
    )
    assert len(stdout) == 21


HOME = "https://oefenen.example.nl"


def test_export_xapi_needs_a_home_page_or_a_public_url(
    played: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No invented example domain: the flag (or the configured public URL) names it."""
    monkeypatch.delenv("FRONTLIJN_PUBLIC_URL", raising=False)
    missing = frontlijn(played, "export", "xapi")
    assert missing.exit_code == 2 and "--home-page" in missing.stderr
    assert "example" not in missing.stdout + missing.stderr
    monkeypatch.setenv("FRONTLIJN_PUBLIC_URL", "https://frontlijn.gemeente.nl")
    statements = json.loads(ok(frontlijn(played, "export", "xapi")).stdout)
    assert {s["actor"]["account"]["homePage"] for s in statements} == {
        "https://frontlijn.gemeente.nl"
    }


def test_export_csv_defaults_to_the_documents_folder_and_says_where(
    played: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.chdir(tmp_path)
    result = ok(frontlijn(played, "export", "csv"))
    assert (documents / "attempts.csv").is_file() and (documents / "decisions.csv").is_file()
    assert str(documents / "attempts.csv") in result.stderr
    assert not (tmp_path / "attempts.csv").exists()


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in statements if "score" in s["result"])


def test_export_xapi_pass_score_of_a_case_in_no_curriculum(played: str) -> None:
    # Finished totals 95, 25, 95, 41.7 and 5 (kruispunt is in no curriculum).
    default = json.loads(ok(frontlijn(played, "export", "xapi", "--home-page", HOME)).stdout)
    assert verbs(default) == ["failed"] * 3 + ["passed"] * 2  # 70
    low = json.loads(
        ok(frontlijn(played, "export", "xapi", "--pass-score", "41.7", "--home-page", HOME)).stdout
    )
    assert verbs(low) == ["failed"] * 2 + ["passed"] * 3
    assert frontlijn(played, "export", "xapi", "--pass-score", "101").exit_code == 2


def test_export_xapi_refuses_a_password_option(played: str, tmp_path: Path) -> None:
    assert frontlijn(played, "export", "xapi", "--lrs", "http://127.0.0.1:9/").exit_code == 2
    assert frontlijn(played, "export", "xapi", "--password", "x").exit_code == 2
    secret = tmp_path / "pw"
    secret.write_text("very-secret\n")
    down = frontlijn(played, "export", "xapi", "--lrs", "http://127.0.0.1:9/xAPI",
                     "--user", "u", "--password-file", str(secret), "--home-page", HOME)  # fmt: skip
    assert down.exit_code == 1 and "cannot reach the LRS" in down.stderr
    assert "very-secret" not in down.output


def test_export_xapi_to_a_ralph_lrs(played: str, tmp_path: Path) -> None:
    with ralph_lrs(tmp_path / "lrs") as lrs:
        secret = tmp_path / "pw"
        secret.write_text(lrs.password + "\n")
        result = frontlijn(played, "export", "xapi", "--lrs", lrs.url, "--user", lrs.user,
                           "--password-file", str(secret), "--batch", "1000",
                           "--home-page", HOME)  # fmt: skip
        assert result.exit_code == 0, result.output + lrs.log.read_text()
        assert "sent 21 statements" in result.stderr
        assert lrs.password not in result.output


def test_db_rebuild_restores_the_summaries(played: str) -> None:
    """A database written around frontlijn (here: summaries wiped by hand) reports right
    again after ``frontlijn db rebuild``."""
    from sqlalchemy import create_engine, text

    args = ("report", "options", "kruispunt", "--first-only", "--json")
    before = json.loads(ok(frontlijn(played, *args)).stdout)
    engine = create_engine(played)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM option_tallies"))
        conn.execute(text("UPDATE attempts SET first_attempt = FALSE"))
    engine.dispose()
    assert json.loads(ok(frontlijn(played, *args)).stdout)["attempts"] == 0
    assert "recomputed" in ok(frontlijn(played, "db", "rebuild")).stdout
    assert json.loads(ok(frontlijn(played, *args)).stdout) == before


def test_export_cmi5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package per case or curriculum; unknown refs and a missing address are clear."""
    import zipfile

    url = f"sqlite:///{tmp_path / 'c.db'}"
    monkeypatch.delenv("FRONTLIJN_PUBLIC_URL", raising=False)
    out = tmp_path / "course.zip"
    done = frontlijn(url, "--lang", "nl", "export", "cmi5", "basis-preventie-met-gezag", "-o", str(out),
                     "--base-url", "https://frontlijn.gemeente.nl")  # fmt: skip
    assert done.exit_code == 0, done.output
    from frontlijn_game.scenario.content import bundled_content_dir, load_library

    modules = load_library(bundled_content_dir()).curricula["basis-preventie-met-gezag"].modules
    cases = len({case for module in modules for case in module.scenarios})
    assert f"{cases} AU's" in done.stderr and out.stat().st_mode & 0o777 == 0o600
    xml = zipfile.ZipFile(out).read("cmi5.xml").decode()
    assert 'masteryScore="0.7"' in xml and "https://frontlijn.gemeente.nl/cmi5/launch/" in xml
    unknown = frontlijn(url, "--lang", "nl", "export", "cmi5", "geen-casus", "-o", str(tmp_path / "x.zip"),
                        "--base-url", "https://frontlijn.gemeente.nl")  # fmt: skip
    assert unknown.exit_code == 1 and "geen-casus" in unknown.stderr
    assert "Traceback" not in unknown.output and not (tmp_path / "x.zip").exists()
    missing = frontlijn(url, "export", "cmi5", "geldezel-samir", "-o", str(out))
    assert missing.exit_code == 2 and "--base-url" in missing.stderr
    monkeypatch.setenv("FRONTLIJN_PUBLIC_URL", "https://spel.gemeente.nl")
    ok(frontlijn(url, "export", "cmi5", "geldezel-samir", "-o", str(out)))
    assert (
        "https://spel.gemeente.nl/cmi5/au/geldezel-samir"
        in zipfile.ZipFile(out).read("cmi5.xml").decode()
    )
    english = frontlijn(url, "--lang", "en", "export", "cmi5", "nope", "-o", str(out))
    assert english.exit_code == 1 and "no case or curriculum" in english.stderr
