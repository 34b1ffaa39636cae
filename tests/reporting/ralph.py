"""Ralph (ralph-malph) for the xAPI tests: its pydantic models and a loopback LRS.

Ralph lives in a venv of its own (``.ci/lrs.sh`` makes it and exports
``FRONTLIJN_RALPH=<venv>/bin``), so its models are imported by that venv's python in a
subprocess, and ``ralph runserver -b fs`` is started per test on a free loopback port
with a fresh data folder (its file backend takes one write per folder, unless started
with ``append=True``: then its one file takes every write, as a cmi5 session's many
POSTs need) and an auth file of its own. Without ``FRONTLIJN_SERVICES=1`` these tests skip with a loud reason; with it
and no Ralph, they fail.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SKIP_REASON = (
    "xAPI validation and LRS tests need FRONTLIJN_SERVICES=1 and Ralph (FRONTLIJN_RALPH, "
    "set by `. .ci/lrs.sh`, which .ci/run sources); run `. .ci/lrs.sh` and set "
    "FRONTLIJN_SERVICES=1 to run them"
)

VALIDATE = """
import json, sys
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for n, statement in enumerate(json.load(sys.stdin)):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as exc:
        problems.append({"index": n, "id": statement.get("id"), "error": str(exc)})
json.dump(problems, sys.stdout)
"""

AUTH = """
import bcrypt, json, sys
user, password, home = sys.argv[1:4]
entry = {
    "username": user,
    "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode(),
    "scopes": ["all"],
    "agent": {"objectType": "Agent", "account": {"name": user, "homePage": home}},
}
json.dump([entry], sys.stdout)
"""


APPENDING = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
# The file backend creates its one file per write and refuses a second write; appending
# keeps every POST in that file (the statements router checks ids against it as usual).
# ``ralph runserver`` serves from a reloader's child process, where this would not hold,
# so the same app is served here, in this process (settings from the environment).
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
"""


def ralph_bin() -> Path:
    """Ralph's venv bin folder, or skip (no services) / fail (services but no Ralph)."""
    if os.environ.get("FRONTLIJN_SERVICES") != "1":
        pytest.skip(SKIP_REASON)
    found = os.environ.get("FRONTLIJN_RALPH")
    if not found:
        pytest.fail("FRONTLIJN_SERVICES=1 but FRONTLIJN_RALPH is not set: source .ci/lrs.sh")
    path = Path(found)
    if not (path / "ralph").exists() or not (path / "python").exists():
        pytest.fail(f"FRONTLIJN_RALPH={found} holds no ralph and python")
    return path


def validate_with_ralph(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ralph's ``BaseXapiStatement`` verdict on each statement: the problems found."""
    python = ralph_bin() / "python"
    done = subprocess.run(
        [str(python), "-c", VALIDATE],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Lrs:
    url: str
    user: str
    password: str
    log: Path


@contextmanager
def ralph_lrs(
    folder: Path, home_page: str = "https://lrs.example", append: bool = False
) -> Iterator[Lrs]:
    """A Ralph LRS on 127.0.0.1 with a fresh data folder and auth file; stopped after.
    ``append``: its file backend keeps every write (else only the first)."""
    bin_dir = ralph_bin()
    folder.mkdir(parents=True, exist_ok=True)
    user, password = "frontlijn-test", "s3cret-" + os.urandom(6).hex()
    auth = subprocess.run(
        [str(bin_dir / "python"), "-c", AUTH, user, password, home_page],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    (folder / "auth.json").write_text(auth.stdout, encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_AUTH_FILE": str(folder / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
    }
    log = folder / "ralph.log"
    with open(log, "w", encoding="utf-8") as out:
        command = [
            str(bin_dir / "ralph"), "runserver", "-b", "fs",
            "--fs-default-directory-path", str(folder / "data"),
            "-h", "127.0.0.1", "-p", str(port),
        ]  # fmt: skip
        if append:
            command = [str(bin_dir / "python"), "-c", APPENDING, "127.0.0.1", str(port)]
        process = subprocess.Popen(
            command,
            cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/xAPI/"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/__heartbeat__", timeout=2
                ) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Ralph did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield Lrs(url, user, password, log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=15)
