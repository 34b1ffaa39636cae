"""``frontlijn web`` as a command: real uvicorn processes on one database.

One trainee's case is played alternately through two separate ``frontlijn web``
processes (the session lives in the database, so no sticky sessions are needed), on
SQLite and on PostgreSQL, and nothing is lost or doubled; ``--workers 2`` serves; a bad
``--db`` stops at once. The kill -9 of a worker in the middle of a decision is in
``test_cli_web_kill.py``."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from frontlijn_game.store.service import Store
from store.store_backends import BACKENDS, fresh_pg_database, pg_admin

__all__ = ["pg_admin"]  # a fixture the PostgreSQL half asks for

CONTENT = Path(__file__).parent / "content"
SRC = Path(__file__).resolve().parents[2] / "src"
FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]+" value="([^"]+)"')


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["FRONTLIJN_DB"] = db_url  # through the environment, never the command line
    env["FRONTLIJN_CONTENT"] = str(CONTENT)
    return env


def _serve(db_url: str, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    process = subprocess.Popen(
        [sys.executable, "-m", "frontlijn_game", "web", "--port", str(port), *args],
        env=_env(db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"frontlijn web did not start: {process.stderr.read()!r}")  # type: ignore[union-attr]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with the trainee TWEE-1: a SQLite file, then a new PostgreSQL database
    (skipped loudly without FRONTLIJN_SERVICES=1)."""
    fresh = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'web.db'}"
    else:
        fresh = fresh_pg_database(request)
        url = next(fresh)
    with Store.open(url) as store:
        store.add_trainee("TWEE-1", pin="2468")
    yield url
    if fresh is not None:
        next(fresh, None)  # drops the database


@pytest.fixture
def two_servers(db_url: str) -> Iterator[list[str]]:
    started = [_serve(db_url), _serve(db_url)]
    yield [base for _process, base in started]
    for process, _base in started:
        process.terminate()
        process.wait(10)


def _fields(html: str, action: str) -> dict[str, str]:
    start = html.index(f'action="{action}"')
    return dict(FIELD.findall(html[start : html.index("</form>", start)]))


def test_one_trainee_plays_through_two_processes(two_servers: list[str], db_url: str) -> None:
    first, second = two_servers
    jar = httpx.Cookies()
    page = httpx.get(first + "/signin", cookies=jar)
    jar.update(page.cookies)
    data = {**_fields(page.text, "/signin"), "code": "TWEE-1", "pin": "2468"}
    signed = httpx.post(second + "/signin", data=data, cookies=jar)  # signed in elsewhere
    assert signed.status_code == 303
    jar = httpx.Cookies(signed.cookies)
    intro = httpx.get(first + "/case/ui-proef", cookies=jar)
    started = httpx.post(
        second + "/case/ui-proef",
        data={**_fields(intro.text, "/case/ui-proef"), "action": "start"},
        cookies=jar,
    )
    play = started.headers["location"]
    chosen = []
    servers = [first, second]
    for turn in range(10):
        scene = httpx.get(servers[turn % 2] + play, cookies=jar)
        shown = CHOICE.findall(scene.text)
        choice = "praat" if "praat" in shown else shown[0]
        answer = httpx.post(
            servers[(turn + 1) % 2] + play,
            data={**_fields(scene.text, play), "choice": choice},
            cookies=jar,
        )
        assert answer.status_code == 303
        chosen.append(choice)
        if "/debrief/" in answer.headers["location"]:
            break
    with Store.open(db_url) as store:
        attempt = store.attempts("TWEE-1")[0]
        assert attempt.status == "finished"
        assert [d.choice for d in store.decisions(attempt.id)] == chosen
    assert httpx.get(first + answer.headers["location"], cookies=jar).status_code == 200


def test_several_workers_serve(db_url: str) -> None:
    process, base = _serve(db_url, "--workers", "2")
    try:
        assert all(httpx.get(base + "/signin").status_code == 200 for _ in range(6))
    finally:
        process.terminate()
        process.wait(15)


def test_a_bad_database_stops_at_once(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "frontlijn_game", "web", "--port", str(_port())],
        env=_env(f"sqlite:///{tmp_path}/a-file/x.db"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "frontlijn" in result.stderr
