"""``frontlijn trainee|cohort|attempts|db`` and ``run --trainee`` on the command line.

Runs on SQLite and (with ``FRONTLIJN_SERVICES=1``) PostgreSQL, like the store tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from store.store_backends import db_url, pg_admin

LOOP = Path(__file__).parents[1] / "store" / "loop.yaml"

__all__ = ["db_url", "pg_admin"]


def frontlijn(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], input=input, catch_exceptions=False)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_trainee_and_cohort_commands(db_url: str, tmp_path: Path) -> None:
    from frontlijn_game.store.database import HEAD_REVISION

    upgraded = frontlijn(db_url, "db", "upgrade")
    assert upgraded.exit_code == 0 and f"from empty to {HEAD_REVISION}" in upgraded.stdout
    assert f"up to date (revision {HEAD_REVISION})" in frontlijn(db_url, "db", "upgrade").stdout
    assert frontlijn(db_url, "cohort", "create", "groep-a", "--curriculum", "basis").exit_code == 0
    added = as_json(
        frontlijn(db_url, "trainee", "add", "T1", "--name", "Anna", "--cohort", "groep-a", "--json")
    )
    assert added["code"] == "T1" and added["cohorts"] == ["groep-a"]
    pin = tmp_path / "pin.txt"
    pin.write_text("2468\n")
    assert frontlijn(db_url, "trainee", "add", "T2", "--pin-file", str(pin)).exit_code == 0
    generated = frontlijn(db_url, "trainee", "add")
    assert generated.exit_code == 0 and generated.stdout.startswith("added trainee ")

    duplicate = frontlijn(db_url, "trainee", "add", "T1")
    assert duplicate.exit_code == 1 and "exists already" in duplicate.stderr
    assert "Traceback" not in duplicate.output

    enrol = frontlijn(db_url, "cohort", "enrol", "groep-a", "T1", "T2")
    assert enrol.exit_code == 0 and "added 1 trainee to" in enrol.stdout
    assert frontlijn(db_url, "cohort", "enrol", "groep-a").exit_code == 2
    cohorts = as_json(frontlijn(db_url, "cohort", "list", "--json"))["cohorts"]
    assert cohorts[0]["name"] == "groep-a" and cohorts[0]["members"] == 2

    listed = as_json(frontlijn(db_url, "trainee", "list", "--cohort", "groep-a", "--json"))
    assert [(t["code"], t["pin"]) for t in listed["trainees"]] == [("T1", False), ("T2", True)]
    table = frontlijn(db_url, "trainee", "list")
    assert "Anna" in table.stdout and "groep-a" in table.stdout

    unknown = frontlijn(db_url, "trainee", "export", "nobody")
    assert unknown.exit_code == 1 and "no trainee with code 'nobody'" in unknown.stderr


def test_run_records_stops_resumes_and_lists(db_url: str) -> None:
    run = ["run", str(LOOP), "--trainee", "T1", "--seed", "4", "--json"]
    first = as_json(
        frontlijn(db_url, *run, "--choices", "waarschuw,waarschuw,waarschuw", "--stop-after", "2")
    )
    assert first["status"] == "suspended" and first["choices"] == ["waarschuw", "waarschuw"]

    again = frontlijn(db_url, *run, "--choices", "waarschuw")
    assert again.exit_code == 1 and "open attempt" in again.stderr

    bad = frontlijn(db_url, *run, "--resume", "--choices", "waarschuw,terug")
    assert bad.exit_code == 1 and "terug" in bad.stderr and "balie" in bad.stderr
    listed = as_json(frontlijn(db_url, "attempts", "--trainee", "T1", "--json"))["attempts"]
    assert len(listed) == 1 and listed[0]["decisions"] == 3  # the failing one is not stored
    assert listed[0]["status"] == "suspended" and listed[0]["scene"] == "balie"

    done = as_json(frontlijn(db_url, *run, "--resume", "--choices", "afronden"))
    assert done["status"] == "finished" and done["attempt_id"] == first["attempt_id"]
    assert done["choices"] == ["waarschuw"] * 3 + ["afronden"]

    [attempt] = as_json(frontlijn(db_url, "attempts", "--json"))["attempts"]
    assert attempt["status"] == "finished" and attempt["seed"] == 4
    assert attempt["total"] == done["total"] and attempt["ending"] == "einde"
    text = frontlijn(db_url, "attempts", "--trainee", "T1")
    assert "finished" in text.stdout and "einde" in text.stdout
    assert frontlijn(db_url, "attempts", "--trainee", "nobody").exit_code == 1


def test_export_then_erase(db_url: str, tmp_path: Path) -> None:
    frontlijn(db_url, "trainee", "add", "T1", "--name", "Anna de Vries", "--note", "vaak ziek")
    frontlijn(db_url, "run", str(LOOP), "--trainee", "T1", "--choices", "waarschuw")
    out = tmp_path / "t1.json"
    result = frontlijn(db_url, "trainee", "export", "T1", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["trainee"]["display_name"] == "Anna de Vries"
    assert data["attempts"][0]["decisions"][0]["choice"] == "waarschuw"
    on_stdout = as_json(frontlijn(db_url, "trainee", "export", "T1"))
    assert on_stdout["attempts"] == data["attempts"] and on_stdout["trainee"] == data["trainee"]

    declined = frontlijn(db_url, "trainee", "erase", "T1", input="n\n")
    assert declined.exit_code == 1
    assert frontlijn(db_url, "trainee", "export", "T1").exit_code == 0  # nothing erased

    erased = frontlijn(db_url, "trainee", "erase", "T1", "--yes")
    assert erased.exit_code == 0, erased.output
    assert "removed the display name" in erased.stdout and "pseudonym" in erased.stdout
    assert frontlijn(db_url, "trainee", "export", "T1").exit_code == 1
    [attempt] = as_json(frontlijn(db_url, "attempts", "--json"))["attempts"]
    assert attempt["trainee"].startswith("X-") and attempt["status"] == "abandoned"


@pytest.mark.parametrize("command", [["db", "upgrade"], ["trainee", "list"], ["attempts"]])
def test_database_errors_hide_the_password(command: list[str]) -> None:
    url = "postgresql+psycopg://leader:s3cret-pw@127.0.0.1:1/frontlijn"
    result = frontlijn(url, *command)
    assert result.exit_code == 1
    assert "s3cret-pw" not in result.output
    assert "***" in result.stderr and "Traceback" not in result.output


def test_trainee_pin_set_check_and_remove(db_url: str, tmp_path: Path) -> None:
    from frontlijn_game.store import Store

    assert frontlijn(db_url, "trainee", "add", "pin-1").exit_code == 0
    pin_file = tmp_path / "pin"
    pin_file.write_text("4821\n")
    result = frontlijn(db_url, "trainee", "pin", "pin-1", "--pin-file", str(pin_file))
    assert result.exit_code == 0, result.output
    store = Store.open(db_url)
    try:
        assert store.check_trainee_pin("pin-1", "4821").ok
        assert not store.check_trainee_pin("pin-1", "0000").ok
        assert store.check_trainee_pin("pin-1", "4821").too_soon  # the wait after a wrong PIN
    finally:
        store.close()
    pin_file.write_text("12\n")
    bad = frontlijn(db_url, "trainee", "pin", "pin-1", "--pin-file", str(pin_file))
    assert bad.exit_code == 1 and "4-12 digits" in bad.output
    prompted = frontlijn(db_url, "trainee", "pin", "pin-1", input="5555\n5555\n")
    assert prompted.exit_code == 0 and "wait after wrong PINs is cleared" in prompted.output
    store = Store.open(db_url)
    try:
        assert store.check_trainee_pin("pin-1", "5555").ok  # a new PIN: no wait
        assert not store.check_trainee_pin("pin-1", "0000").ok
        assert store.export_trainee("pin-1")["trainee"]["failed_pins"] == 1
    finally:
        store.close()
    assert frontlijn(db_url, "trainee", "pin", "pin-1", "--remove").exit_code == 0
    exported = as_json(frontlijn(db_url, "trainee", "export", "pin-1"))
    assert exported["trainee"]["failed_pins"] == 0 and exported["trainee"]["pin"] is False
    store = Store.open(db_url)
    try:
        assert store.check_trainee_pin("pin-1", None).ok
    finally:
        store.close()
