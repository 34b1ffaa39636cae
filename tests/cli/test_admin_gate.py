"""Administrative commands: the database's owner passes, anyone else signs in as a leader.

On PostgreSQL (``FRONTLIJN_SERVICES=1``) the app role of ``frontlijn db grant`` plays
cases but cannot change the schema, and without a leader login it changes no one's PIN.
On SQLite the owner is the OS user who owns the file (tests pretend to be someone else).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from frontlijn_game.cli import cli
from frontlijn_game.service import leader_auth
from helpers import FakeClock
from store.store_backends import db_url, pg_admin, pg_urls

LOOP = Path(__file__).parents[1] / "store" / "loop.yaml"
LEADER_PASSWORD = "Paars-Fietsrek-Onweer-42"

__all__ = ["db_url", "pg_admin", "pg_urls"]


def frontlijn(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], input=input, catch_exceptions=False)


def pins(url: str) -> dict[str, bool]:
    listed = frontlijn(url, "trainee", "list", "--json")
    assert listed.exit_code == 0, listed.output
    return {t["code"]: t["pin"] for t in json.loads(listed.stdout)["trainees"]}


@pytest.fixture(autouse=True)
def fast_gate(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The process's login gate on a fake clock: its waits recorded, never slept."""
    clock = FakeClock()
    monkeypatch.setattr(leader_auth, "_process_gate", clock.gate())
    return clock.slept


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "pin").write_text("2468\n")
    (tmp_path / "leader").write_text(LEADER_PASSWORD + "\n")
    (tmp_path / "wrong").write_text("Niet-Het-Goede-Wachtwoord-7\n")
    return {name: str(tmp_path / name) for name in ("pin", "leader", "wrong")}


def set_up_as_owner(url: str, files: dict[str, str]) -> None:
    assert frontlijn(url, "db", "upgrade").exit_code == 0
    assert frontlijn(url, "trainee", "add", "VICTIM", "--pin-file", files["pin"]).exit_code == 0
    added = frontlijn(url, "leader", "add", "boss", "--password-file", files["leader"])
    assert added.exit_code == 0, added.output


def test_app_role_needs_a_leader_login_and_cannot_change_the_schema(
    pg_urls: tuple[str, str], files: dict[str, str], fast_gate: list[float]
) -> None:
    owner, app = pg_urls
    set_up_as_owner(owner, files)
    role = make_url(app).username or ""

    refused_before_grant = frontlijn(app, "trainee", "list")
    assert refused_before_grant.exit_code == 1 and "Traceback" not in refused_before_grant.output

    granted = frontlijn(owner, "db", "grant", role)
    assert granted.exit_code == 0, granted.output
    assert f"role {role}" in granted.stdout

    # Without a login: exit 1, a clear message, and the PIN is still there.
    bare = frontlijn(app, "trainee", "pin", "VICTIM", "--remove")
    assert bare.exit_code == 1, bare.output
    assert "not the owner of the database" in bare.stderr and "--leader NAME" in bare.stderr
    assert "Traceback" not in bare.output
    assert pins(app)["VICTIM"] is True

    wrong = frontlijn(
        app, "trainee", "pin", "VICTIM", "--remove", "--leader", "boss", "--password-file",
        files["wrong"],
    )  # fmt: skip
    assert wrong.exit_code == 1 and "wrong password" in wrong.stderr
    assert fast_gate == [1.0]  # the leader login's growing delay
    assert pins(app)["VICTIM"] is True

    signed_in = frontlijn(
        app, "trainee", "pin", "VICTIM", "--remove", "--leader", "boss", "--password-file",
        files["leader"],
    )  # fmt: skip
    assert signed_in.exit_code == 0, signed_in.output
    assert pins(app)["VICTIM"] is False

    mallory = ["leader", "add", "mallory", "--password-file", files["leader"]]
    for command in (mallory, ["leader", "remove", "boss"], ["cohort", "create", "x"]):
        refused = frontlijn(app, *command)
        assert refused.exit_code == 1 and "not the owner" in refused.stderr, command
    assert frontlijn(app, "leader", "list", "--json").stdout.count('"name"') == 1

    # The owner's commands refuse the app role (they take no leader login at all).
    upgrade = frontlijn(app, "db", "upgrade")
    assert upgrade.exit_code == 1 and "only the database's owner" in upgrade.stderr
    assert frontlijn(app, "db", "grant", role).exit_code == 1

    # The app role plays a case (records attempts and decisions) ...
    run = ["run", str(LOOP), "--trainee", "T1", "--seed", "4", "--json"]
    played = frontlijn(app, *run, "--choices", "waarschuw")
    assert played.exit_code == 0, played.output
    attempts = json.loads(frontlijn(app, "attempts", "--json").stdout)["attempts"]
    assert [a["trainee"] for a in attempts] == ["T1"]

    # ... and cannot create, alter, drop or truncate anything.
    engine = create_engine(app)
    try:
        for statement in (
            "CREATE TABLE intruder (i int)",
            "ALTER TABLE trainees ADD COLUMN intruder int",
            "DROP TABLE decisions",
            "TRUNCATE attempts",
            "UPDATE alembic_version SET version_num = '0000'",
            "CREATE SCHEMA intruder",
        ):
            with (
                pytest.raises(DBAPIError, match=r"permission denied|must be owner"),
                engine.begin() as conn,
            ):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_app_role_cannot_migrate_a_database_behind_head(
    pg_urls: tuple[str, str], files: dict[str, str]
) -> None:
    owner, app = pg_urls
    set_up_as_owner(owner, files)
    role = make_url(app).username or ""
    assert frontlijn(owner, "db", "grant", role).exit_code == 0
    engine = create_engine(owner)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    engine.dispose()
    listed = frontlijn(app, "trainee", "list")
    assert listed.exit_code == 1
    assert "cannot change the schema" in listed.stderr and "db upgrade" in listed.stderr


def test_grant_refuses_unknown_roles_and_sqlite(pg_urls: tuple[str, str], tmp_path: Path) -> None:
    owner, _ = pg_urls
    assert frontlijn(owner, "db", "upgrade").exit_code == 0
    unknown = frontlijn(owner, "db", "grant", "nobody_here")
    assert unknown.exit_code == 1 and "no database role 'nobody_here'" in unknown.stderr
    superuser = make_url(owner).username or ""
    powerful = frontlijn(owner, "db", "grant", superuser)
    assert powerful.exit_code == 1 and "owns nothing" in powerful.stderr
    sqlite = frontlijn(f"sqlite:///{tmp_path / 'p.sqlite3'}", "db", "grant", "app")
    assert sqlite.exit_code == 1 and "PostgreSQL" in sqlite.stderr


def test_sqlite_file_owner_passes_and_others_sign_in(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    set_up_as_owner(url, files)
    assert frontlijn(url, "cohort", "create", "groep-a").exit_code == 0  # the owner: no login

    from frontlijn_game.store import ownership

    monkeypatch.setattr(ownership, "effective_uid", lambda: 54321)
    writes: list[list[str]] = [
        ["trainee", "add", "T9"],
        ["trainee", "pin", "VICTIM", "--remove"],
        ["trainee", "export", "VICTIM"],
        ["trainee", "erase", "VICTIM", "--yes"],
        ["cohort", "create", "groep-b"],
        ["cohort", "enrol", "groep-a", "VICTIM"],
        ["db", "rebuild"],
    ]
    for command in writes:
        refused = frontlijn(url, *command)
        assert refused.exit_code == 1, (command, refused.output)
        assert "log in as a course leader" in refused.stderr, command
    assert pins(url) == {"VICTIM": True}  # reading needs no login; nothing changed

    login = ["--leader", "boss", "--password-file", files["leader"]]
    for command in writes[:-2]:
        done = frontlijn(url, *command, *login)
        assert done.exit_code == 0, (command, done.output)
    exported = frontlijn(url, "trainee", "export", "T9", *login)
    data: dict[str, Any] = json.loads(exported.stdout)
    assert "T9" in json.dumps(data["trainee"])
    assert frontlijn(url, "db", "rebuild", *login).exit_code == 0

    # Accounts: a beheerder's login (the first account is one), asked before the new password.
    new_account = ["leader", "add", "carla", "--password-file", files["leader"]]
    assert frontlijn(url, *new_account).exit_code == 1
    as_beheerder = ["--leader", "boss", "--leader-password-file", files["leader"]]
    added = frontlijn(url, *new_account, *as_beheerder)
    assert added.exit_code == 0, added.output
    passwd = ["leader", "passwd", "carla", "--password-file", files["wrong"], *as_beheerder]
    assert frontlijn(url, *passwd).exit_code == 0
    assert frontlijn(url, "leader", "remove", "carla", *as_beheerder).exit_code == 0


def test_a_terminal_asks_for_the_leader_login(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    set_up_as_owner(url, files)
    from frontlijn_game.cli import login
    from frontlijn_game.store import ownership

    monkeypatch.setattr(ownership, "effective_uid", lambda: 54321)
    monkeypatch.setattr(login, "at_a_terminal", lambda: True)
    asked = frontlijn(
        url, "trainee", "pin", "VICTIM", "--remove", input=f"boss\n{LEADER_PASSWORD}\n"
    )
    assert asked.exit_code == 0, asked.output
    assert pins(url)["VICTIM"] is False


def test_a_cursusleider_signs_in_for_their_own_cohorts_only(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    set_up_as_owner(url, files)
    for command in (
        ["cohort", "create", "groep-a"],
        ["cohort", "create", "groep-b"],
        ["cohort", "enrol", "groep-a", "VICTIM"],
        ["trainee", "add", "OTHER", "--cohort", "groep-b", "--pin-file", files["pin"]],
        ["leader", "add", "carla", "--role", "cursusleider", "--password-file", files["leader"]],
        ["leader", "assign", "carla", "groep-a"],
    ):
        done = frontlijn(url, *command)
        assert done.exit_code == 0, (command, done.output)
    from frontlijn_game.store import ownership

    monkeypatch.setattr(ownership, "effective_uid", lambda: 54321)
    carla = ["--leader", "carla", "--password-file", files["leader"]]
    assert frontlijn(url, "trainee", "pin", "VICTIM", "--remove", *carla).exit_code == 0
    other = frontlijn(url, "trainee", "pin", "OTHER", "--remove", *carla)
    assert other.exit_code == 1 and "no trainee with code 'OTHER'" in other.stderr
    assert frontlijn(url, "trainee", "erase", "OTHER", "--yes", *carla).exit_code == 1
    assert frontlijn(url, "trainee", "add", "T7", "--cohort", "groep-a", *carla).exit_code == 0
    outside = frontlijn(url, "trainee", "add", "T8", "--cohort", "groep-b", *carla)
    assert outside.exit_code == 1
    for command in (["cohort", "create", "groep-c"], ["db", "rebuild"]):
        refused = frontlijn(url, *command, *carla)
        assert refused.exit_code == 1 and "Only an administrator" in refused.stderr, command
    as_carla = ["--leader", "carla", "--leader-password-file", files["leader"]]
    account = frontlijn(url, "leader", "role", "carla", "beheerder", *as_carla)
    assert account.exit_code == 1 and "Only an administrator" in account.stderr
    assert pins(url) == {"VICTIM": False, "OTHER": True, "T7": False}
