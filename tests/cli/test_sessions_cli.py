"""``frontlijn session open|console|list`` and ``frontlijn join``: codes, errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store

CASE = Path(__file__).parent.parent / "fixtures" / "overleg.yaml"
PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    with Store.open(db) as store:
        store.db.write(lambda s: add_leader(s, "anna", PASSWORD))
        store.create_cohort("klas")
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    (tmp_path / "wrong").write_text("helemaal-niet-goed\n")
    return db


def frontlijn(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


def open_args(tmp_path: Path, *more: str) -> list[str]:
    return ["session", "open", str(CASE), "--leader", "anna", "--password-file",
            str(tmp_path / "pw"), "--no-console", *more]  # fmt: skip


def test_open_prints_the_code_and_list_shows_it(url: str, tmp_path: Path) -> None:
    shown = frontlijn(url, *open_args(tmp_path, "--json", "--cohort", "klas"))
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["mode"] == "casusoverleg" and data["cohort"] == "klas" and len(data["code"]) == 6
    plain = frontlijn(url, *open_args(tmp_path, "--mode", "klassikaal"))
    assert "frontlijn join" in plain.output and "klassikaal" in plain.output
    listed = frontlijn(url, "session", "list", "--leader", "anna", "--password-file",
                       str(tmp_path / "pw"), "--json")  # fmt: skip
    assert data["code"] in [s["code"] for s in json.loads(listed.output)["sessions"]]


def test_bad_input_is_exit_1_in_words(url: str, tmp_path: Path) -> None:
    unknown_cohort = frontlijn(url, *open_args(tmp_path, "--cohort", "nergens"))
    assert unknown_cohort.exit_code == 1 and "nergens" in unknown_cohort.output
    missing = frontlijn(url, "session", "open", "geen-casus", "--leader", "anna",
                        "--password-file", str(tmp_path / "pw"), "--no-console")  # fmt: skip
    assert missing.exit_code == 1 and "geen-casus" in missing.output
    wrong = frontlijn(url, "session", "open", str(CASE), "--leader", "anna",
                      "--password-file", str(tmp_path / "wrong"), "--no-console")  # fmt: skip
    assert wrong.exit_code == 1 and "password" in wrong.output
    join = frontlijn(url, "join", "ZZZZZZ")
    assert join.exit_code == 1 and "ZZZZZZ" in join.output
    console = frontlijn(url, "session", "console", "ZZZZZZ", "--leader", "anna",
                        "--password-file", str(tmp_path / "pw"))  # fmt: skip
    assert console.exit_code == 1 and "ZZZZZZ" in console.output
    for result in (unknown_cohort, missing, wrong, join, console):
        assert "Traceback" not in result.output
