"""The value table of a case version, built once out of process and shared through a file.

The debrief's "best continuation" walks a table of every state's best total
(``engine.paths.value_table``). Building it explores the whole case: seconds of CPU and,
for that time, the memory of the full graph (~230 MiB for the biggest bundled case).
Done inside a web worker, that memory would stay with the worker (freed Python objects
rarely go back to the system) and the build would hold the worker's interpreter lock
while other trainees wait for their next scene. So it runs in a child process, the
table (~5 MiB) comes back as bytes, and it is kept in a file named after the case's
content hash, the table format and this version: every worker on the machine, and
every restart, reads it instead of building it again. A lock file makes sure one
process builds while the others wait for its file.

Where no child process can run or the cache folder cannot be written, the table is
built in process, and the debrief is the same either way.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from frontlijn_game.engine.paths.value_table import ValueTable
    from frontlijn_game.scenario.model import Scenario

CACHE_ENV = "FRONTLIJN_CACHE"
"""A folder for the tables instead of the user cache folder."""
BUILD_TIMEOUT = 600.0
SMALL_STATES = 5_000
"""A case whose graph fits this bound is valued in process (milliseconds, little memory)."""
_CHILD = (
    "import pickle, sys\n"
    "from frontlijn_game.engine.paths.value_table import build_table\n"
    "scenario, bound = pickle.load(sys.stdin.buffer)\n"
    "sys.stdout.buffer.write(build_table(scenario, bound).to_bytes())\n"
)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontlijn", appauthor=False)) / "value-tables"


def table_path(scenario: Scenario) -> Path:
    from frontlijn_game import __version__
    from frontlijn_game.engine.paths.value_table import TABLE_FORMAT

    name = f"{scenario.id}-{scenario.content_hash[:32]}-v{TABLE_FORMAT}-{__version__}.table"
    return cache_dir() / name


def ensure_table(scenario: Scenario) -> None:
    """Make sure this process holds the case's value table (read, or built once)."""
    from frontlijn_game.engine.paths.continuations import has_table, install_table

    if has_table(scenario):
        return
    with _locks_guard:
        lock = _locks.setdefault(scenario.content_hash, threading.Lock())
    with lock:  # one thread per process reads or builds; the others wait for it
        if has_table(scenario):
            return
        from frontlijn_game.engine.paths.value_table import build_table

        small = build_table(scenario, SMALL_STATES)
        install_table(scenario, small if small.complete else _shared_table(scenario))


def _shared_table(scenario: Scenario) -> ValueTable:
    from frontlijn_game.engine.paths.value_table import ValueTable

    path = table_path(scenario)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _file_lock(path.with_suffix(".lock")):
            table = _read(path)
            if table is None:
                data = _build_out_of_process(scenario)
                table = ValueTable.from_bytes(data)
                _write(path, data)
            return table
    except (OSError, ValueError):
        return _build_here(scenario)


def _read(path: Path) -> ValueTable | None:
    from frontlijn_game.engine.paths.value_table import ValueTable

    try:
        return ValueTable.from_bytes(path.read_bytes())
    except (OSError, ValueError):
        return None


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _build_out_of_process(scenario: Scenario) -> bytes:
    import frontlijn_game
    from frontlijn_game.engine.paths import GRAPH_MAX_STATES

    # The child imports this very package, wherever it was imported from here.
    source = str(Path(frontlijn_game.__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (source, os.environ.get("PYTHONPATH")) if p)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=pickle.dumps((scenario, GRAPH_MAX_STATES)),
            capture_output=True,
            timeout=BUILD_TIMEOUT,
            check=True,
            env={**os.environ, "PYTHONPATH": path},
        )
    except (OSError, subprocess.SubprocessError):
        return _build_here(scenario).to_bytes()
    return done.stdout


def _build_here(scenario: Scenario) -> ValueTable:
    from frontlijn_game.engine.paths import GRAPH_MAX_STATES
    from frontlijn_game.engine.paths.value_table import build_table

    return build_table(scenario, GRAPH_MAX_STATES)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (POSIX); elsewhere only the thread lock holds."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: a second build at worst
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            with suppress(OSError):
                fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
