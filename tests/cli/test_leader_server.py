"""A course leader's commands with ``--server`` against a real ``frontlijn web`` process:
the leader signs in at the server, this side opens no database, a cursusleider gets
only their own cohort, and no trainee code reaches the server's log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from frontlijn_game.store.leader_cohorts import assign
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store

SRC = Path(__file__).resolve().parents[2] / "src"
CONTENT = Path(__file__).resolve().parents[1] / "web" / "content"
PASSWORD = "een lang wachtwoord 42"
MINE, THEIRS = "ANNA-A1", "BERT-B1"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'klas.db'}"
    with Store.open(url) as store:
        store.create_cohort("A")
        store.create_cohort("B")
        store.add_trainee(MINE, cohort="A")
        store.add_trainee(THEIRS, cohort="B")
        store.db.write(lambda s: add_leader(s, "baas", PASSWORD))
        store.db.write(lambda s: add_leader(s, "anna", PASSWORD, role="cursusleider"))
        store.db.write(lambda s: assign(s, "anna", "A"))
    return url


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``frontlijn web`` on a free port of this computer; (its URL, its log file)."""
    port = _port()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["FRONTLIJN_DB"] = db_url  # through the environment, never the command line
    env["FRONTLIJN_CONTENT"] = str(CONTENT)
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "frontlijn_game", "web", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError(f"frontlijn web did not start: {log.read_text()}")
        time.sleep(0.1)
    yield base, log
    process.terminate()
    process.wait(10)


@pytest.fixture
def leader_cli(server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run ``frontlijn --server URL ...`` here, where opening a database fails the test."""

    def no_store(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a database was opened on the leader's side")

    monkeypatch.setattr(Store, "open", no_store)
    for name in ("FRONTLIJN_DB", "FRONTLIJN_SERVER", "FRONTLIJN_SERVER_CA"):
        monkeypatch.delenv(name, raising=False)
    password = tmp_path / "wachtwoord"
    password.write_text(PASSWORD + "\n")
    password.chmod(0o600)

    def run(leader: str | None, *args: str, password_file: Path = password) -> tuple[int, str, str]:
        from frontlijn_game.cli import cli, hoist_global_options

        argv = ["--server", server[0], *args]
        if leader is not None:
            argv += ["--leader", leader, "--leader-password-file", str(password_file)]
        result = CliRunner().invoke(cli, hoist_global_options(argv), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def test_a_cursusleider_works_in_their_own_cohort_only(
    leader_cli: Any, server: tuple[str, Path], db_url: str, tmp_path: Path
) -> None:
    code, out, _err = leader_cli("anna", "trainee", "list")
    assert code == 0 and MINE in out and THEIRS not in out
    code, out, _err = leader_cli("anna", "cohort", "list")
    assert code == 0 and "A" in out.split() and "B" not in out.split()
    code, _out, err = leader_cli("anna", "attempts", "--trainee", THEIRS)
    assert code == 1 and f"no trainee with code '{THEIRS}'" in err
    code, _out, err = leader_cli("anna", "trainee", "erase", THEIRS, "--yes")
    assert code == 1 and THEIRS in err
    code, _out, err = leader_cli("anna", "cohort", "create", "C")
    assert code == 1 and "administrator" in err
    code, out, _err = leader_cli("anna", "trainee", "add", "ANNA-A2", "--cohort", "A")
    assert code == 0 and "ANNA-A2" in out
    code, out, _err = leader_cli("anna", "report", "progress")
    assert code == 0 and MINE in out and "ANNA-A2" in out and THEIRS not in out
    folder = tmp_path / "export"
    code, _out, err = leader_cli("anna", "export", "csv", "-o", str(folder))
    assert code == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "attempts.csv",
        "decisions.csv",
        "session_rounds.csv",
        "session_votes.csv",
        "sessions.csv",
    ]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in folder.iterdir())
    log = server[1].read_text()
    assert MINE not in log and THEIRS not in log and "ANNA-A2" not in log


def test_a_beheerder_writes_people_through_the_server(leader_cli: Any, db_url: str) -> None:
    code, out, _err = leader_cli("baas", "cohort", "create", "C")
    assert code == 0 and "C" in out
    code, out, _err = leader_cli("baas", "cohort", "enrol", "C", THEIRS)
    assert code == 0 and "added 1 trainee to C" in out
    code, out, _err = leader_cli("baas", "trainee", "list", "--cohort", "C", "--json")
    assert code == 0 and '"code": "BERT-B1"' in out


def test_a_wrong_password_is_refused_after_the_delay(leader_cli: Any, tmp_path: Path) -> None:
    wrong = tmp_path / "fout"
    wrong.write_text("raden maar\n")
    started = time.monotonic()
    code, out, err = leader_cli("anna", "trainee", "list", password_file=wrong)
    assert code == 1 and out == ""
    assert "name or password" in err and time.monotonic() - started >= 1.0


def test_what_needs_the_database_itself_says_so(leader_cli: Any) -> None:
    code, _out, err = leader_cli("baas", "leader", "add", "nieuw")
    assert code == 2 and "on the server itself" in err
    code, _out, err = leader_cli(None, "leader")
    assert code == 2 and "/leader" in err
    code, _out, err = leader_cli(None, "trainee", "list")  # nobody to ask for a login
    assert code == 1 and "--leader NAME" in err
