"""``frontlijn leader add|list|remove|passwd`` and ``frontlijn leader`` without accounts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from frontlijn_game.store.leaders import authenticate
from frontlijn_game.store.service import Store

PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'leaders.sqlite3'}"


def frontlijn(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], input=input, catch_exceptions=False)


_checks = 0


def can_log_in(url: str, name: str, password: str) -> bool:
    from datetime import UTC, datetime, timedelta

    global _checks
    _checks += 1  # each check an hour later: past the delay of any earlier failure
    later = datetime.now(UTC) + timedelta(hours=_checks)
    with Store.open(url) as store:
        return authenticate(store.db, name, password, now=later).ok


def test_add_list_passwd_remove(url: str, tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    added = frontlijn(url, "leader", "add", "anna", "--password-file", str(secret))
    assert added.exit_code == 0, added.output
    assert added.stdout == "added course leader anna\n"
    assert PASSWORD not in added.output
    # From standard input ('-'), and asked twice with hidden input.
    assert (
        frontlijn(
            url, "leader", "add", "bert", "--password-file", "-", input="nog-een-wachtwoord\n"
        ).exit_code
        == 0
    )
    asked = frontlijn(url, "leader", "add", "carla", input="derde-wachtwoord\nderde-wachtwoord\n")
    assert asked.exit_code == 0 and "Repeat for confirmation" in asked.output
    assert "derde-wachtwoord" not in asked.output  # hidden input is not echoed
    mismatch = frontlijn(url, "leader", "add", "dirk", input="een-wachtwoord\nander-wachtwoord\n")
    assert mismatch.exit_code != 0
    assert can_log_in(url, "anna", PASSWORD) and can_log_in(url, "carla", "derde-wachtwoord")

    listed = json.loads(frontlijn(url, "leader", "list", "--json").stdout)
    assert [x["name"] for x in listed["leaders"]] == ["anna", "bert", "carla"]
    assert PASSWORD not in json.dumps(listed) and "scrypt" not in json.dumps(listed)
    table = frontlijn(url, "leader", "list").stdout
    assert table.splitlines()[0].split() == [
        "name",
        "role",
        "created",
        "failed",
        "logins",
        "cohorts",
    ]

    changed = frontlijn(
        url, "leader", "passwd", "anna", "--password-file", "-", input="nieuw-wachtwoord\n"
    )
    assert changed.exit_code == 0 and "changed the password" in changed.stdout
    assert not can_log_in(url, "anna", PASSWORD) and can_log_in(url, "anna", "nieuw-wachtwoord")

    removed = frontlijn(url, "leader", "remove", "bert")
    assert removed.exit_code == 0 and removed.stdout == "removed course leader bert\n"
    assert not can_log_in(url, "bert", "nog-een-wachtwoord")


def test_errors_exit_1_without_a_traceback(url: str, tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    assert frontlijn(url, "leader", "add", "anna", "--password-file", str(secret)).exit_code == 0
    cases = [
        (("leader", "add", "anna", "--password-file", str(secret)), "exists already"),
        (("leader", "add", "bob", "--password-file", "-"), "holds no password"),
        (("leader", "add", "bob", "--password-file", str(tmp_path / "nope.txt")), "cannot read"),
        (("leader", "add", "bad name", "--password-file", str(secret)), "not a usable leader name"),
        (("leader", "remove", "niemand"), "no course leader named 'niemand'"),
        (("leader", "passwd", "niemand", "--password-file", str(secret)), "no course leader"),
    ]
    for args, message in cases:
        result = frontlijn(url, *args, input="")
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output
    short = frontlijn(url, "leader", "add", "bob", "--password-file", "-", input="kort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.stderr
    common = frontlijn(url, "leader", "add", "bob", "--password-file", "-", input="password1234\n")
    assert common.exit_code == 1 and "too easy to guess" in common.stderr
    # The dashboard needs an account first.
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    opened = frontlijn(empty, "leader")
    assert opened.exit_code == 1 and "frontlijn leader add NAME" in opened.stderr


def test_the_password_never_reaches_the_database_in_plain_text(url: str) -> None:
    assert (
        frontlijn(
            url, "leader", "add", "anna", "--password-file", "-", input=PASSWORD + "\n"
        ).exit_code
        == 0
    )
    database = Path(url.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):
        assert PASSWORD.encode() not in path.read_bytes()


def test_an_account_from_a_learning_platform_gets_no_password_and_stays_cursusleider(
    url: str,
) -> None:
    from frontlijn_game.store import lti as rows

    with Store.open(url) as store:
        person = store.db.write(lambda s: rows.person(s, "https://lms.example", "t1", None, True))
    name = person.leader_name
    assert name is not None and name.startswith("lti-")
    strong = "een lang en sterk wachtwoord 42"
    passwd = frontlijn(url, "leader", "passwd", name, "--password-file", "-", input=strong + "\n")
    assert passwd.exit_code == 1 and "(LTI)" in passwd.output and "Traceback" not in passwd.output
    assert not can_log_in(url, name, strong)
    role = frontlijn(url, "leader", "role", name, "beheerder")
    assert role.exit_code == 1 and "(LTI)" in role.output
    listed = json.loads(frontlijn(url, "leader", "list", "--json").stdout)
    [account] = [a for a in listed["leaders"] if a["name"] == name]
    assert account["role"] == "cursusleider"
