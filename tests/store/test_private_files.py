"""Personal data stays private on disk: file modes, and an erase that leaves no bytes behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontlijn_game.cli import cli
from frontlijn_game.store import Store
from frontlijn_game.store.private_files import WiderThanPrivate, open_private

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_new_database_its_wal_and_shm_and_folder_are_private(tmp_path: Path) -> None:
    db = tmp_path / "nieuw" / "map" / "progress.sqlite3"
    old = os.umask(0o022)  # a usual umask: without care files would be 0644
    try:
        with Store.open(sqlite_url(db)) as store:
            store.add_trainee("T1", display_name="Anna")
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert wal.exists() and shm.exists()
            assert (mode(db), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        os.umask(old)
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700


def test_an_existing_wider_database_is_reported_not_changed(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    with Store.open(sqlite_url(db)):
        pass
    db.chmod(0o644)
    with pytest.warns(WiderThanPrivate, match=r"chmod 600"), Store.open(sqlite_url(db)):
        pass
    assert mode(db) == 0o644


def test_cli_prints_the_warning_as_one_line(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    with Store.open(sqlite_url(db)):
        pass
    db.chmod(0o640)
    env = {**os.environ, "FRONTLIJN_DB": sqlite_url(db)}
    done = subprocess.run(
        [sys.executable, "-m", "frontlijn_game", "trainee", "list"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "frontlijn: waarschuwing:" in done.stderr and "can be read by other users" in done.stderr
    assert "Traceback" not in done.stderr


def test_exports_are_created_private(tmp_path: Path) -> None:
    db = sqlite_url(tmp_path / "progress.sqlite3")
    runner = CliRunner()

    def frontlijn(*args: str) -> None:
        result = runner.invoke(cli, ["--db", db, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    old = os.umask(0o022)
    try:
        frontlijn("trainee", "add", "T1", "--name", "Anna")
        frontlijn("trainee", "export", "T1", "-o", str(tmp_path / "avg.json"))
        frontlijn(
            "export", "xapi", "-o", str(tmp_path / "statements.json"),
            "--home-page", "https://leren.example.nl",
        )  # fmt: skip
        frontlijn("export", "csv", "-o", str(tmp_path / "csv"))
    finally:
        os.umask(old)
    assert mode(tmp_path / "avg.json") == 0o600
    assert mode(tmp_path / "statements.json") == 0o600
    assert mode(tmp_path / "csv") == 0o700
    assert {mode(p) for p in (tmp_path / "csv").iterdir()} == {0o600}


def test_open_private_keeps_an_existing_mode_and_warns(tmp_path: Path) -> None:
    target = tmp_path / "bestaand.json"
    target.write_text("{}")
    target.chmod(0o644)
    with pytest.warns(WiderThanPrivate), open_private(target) as out:
        out.write("[]")
    assert target.read_text() == "[]" and mode(target) == 0o644
    fresh = tmp_path / "nieuw.json"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with open_private(fresh) as out:
            out.write("[]")
    assert mode(fresh) == 0o600


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("SELECT count(*) FROM trainees").fetchone()
    print("open", flush=True)
    sys.stdin.readline()  # hold the database open, idle, until told to stop
    conn.close()
    """
)


def test_erase_leaves_nothing_in_any_database_file_while_another_process_holds_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "progress.sqlite3"
    url = sqlite_url(db)
    code, name, note = "ZOEK-CODE-7731", "Zoeknaam Jansma", "zoeknotitie over thuis"
    with Store.open(url) as store:
        store.add_trainee(code, display_name=name, pin="4826", note=note)
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            report = store.erase_trainee(code)
            assert report.old_code == code
            files = [p for p in tmp_path.iterdir() if p.name.startswith(db.name)]
            assert {p.name for p in files} >= {db.name, f"{db.name}-wal"}
            for path in files:
                data = path.read_bytes()
                for secret in (code, name, note):
                    assert secret.encode() not in data, f"{secret!r} left in {path.name}"
        finally:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.close()
            holder.wait(timeout=10)


def test_secure_delete_is_on(tmp_path: Path) -> None:
    with Store.open(sqlite_url(tmp_path / "p.sqlite3")) as store, store.db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
