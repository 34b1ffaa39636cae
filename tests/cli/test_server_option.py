"""``--server URL`` / ``FRONTLIJN_SERVER``: the terminal app is started as a client of the
server, no database is opened here, and what would need one is a usage error (exit 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from frontlijn_game.store.service import Store


def run(*args: str) -> tuple[int, str]:
    from frontlijn_game.cli import cli, hoist_global_options

    argv = hoist_global_options(["--lang", "nl", *args])
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The app the command would run (recorded, not run), and a store that must not open."""
    calls: list[dict[str, Any]] = []

    class Dummy:
        def run(self) -> None:
            pass

    def build_app(content_dir: Any, db_url: Any = None, **kwargs: Any) -> Dummy:
        calls.append({"db_url": db_url, **kwargs})
        return Dummy()

    def no_store(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a database was opened")

    monkeypatch.setattr("frontlijn_game.ui.factory.build_app", build_app)
    monkeypatch.setattr(Store, "open", no_store)
    for name in ("FRONTLIJN_DB", "FRONTLIJN_SERVER", "FRONTLIJN_SERVER_CA"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_server_flag_and_environment_reach_the_app(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ca = tmp_path / "klas-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert run("--server", "https://frontlijn.school.nl/", "--server-ca", str(ca)) == (0, "")
    monkeypatch.setenv("FRONTLIJN_SERVER", "https://frontlijn.school.nl:8443")
    assert run("play", "ui-proef", "--trainee", "T1")[0] == 0
    first, second = started
    assert first["server"] == "https://frontlijn.school.nl/"
    assert first["server_ca"] == str(ca) and first["db_url"] is None
    assert second["server"] == "https://frontlijn.school.nl:8443"
    assert second["scenario"] == "ui-proef" and second["trainee"] == "T1"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--server", "https://s.nl", "--db", "sqlite:///x.db"], "--db"),
        (["--server", "ftp://s.nl"], "https://"),
        (["--server", "https://user:pw@s.nl"], "wachtwoord"),
        (["--server", "http://s.nl"], "127.0.0.1"),
        (["--server", "https://s.nl", "--server-ca", "/niet/er.pem"], "CA-bestand"),
        (["--server", "https://s.nl", "play", "--seed", "3"], "--seed"),
        (["--server", "https://s.nl", "play", "--no-record"], "--no-record"),
        (["--server", "https://s.nl", "play", "concept.yaml"], "id"),
        (["--server", "https://s.nl", "db", "upgrade"], "trainee, cohort"),
        (["--server", "https://s.nl", "validate", "x.yaml"], "play"),
        (["--db", "sqlite:///x.db", "--server", "https://s.nl", "trainee", "list"], "--db"),
    ],
)
def test_what_needs_a_database_here_is_a_usage_error(
    started: list[dict[str, Any]], args: list[str], says: str
) -> None:
    code, err = run(*args)
    assert code == 2, err
    assert says in err and "Traceback" not in err
    assert started == []


def test_a_database_in_the_environment_is_refused_too(
    started: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLIJN_DB", "postgresql+psycopg://frontlijn@db/frontlijn")
    code, err = run("--server", "https://s.nl")
    assert code == 2 and "FRONTLIJN_DB" in err
    assert "postgresql" not in err  # the URL itself is never printed


def test_server_in_the_environment_leaves_other_commands_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FRONTLIJN_SERVER", "https://s.nl")
    monkeypatch.setenv("FRONTLIJN_DB", f"sqlite:///{tmp_path / 'eigen.db'}")
    code, err = run("validate", str(Path(__file__).parents[1] / "web" / "content"))
    assert code == 0, err
