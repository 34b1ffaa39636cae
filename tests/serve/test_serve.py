"""``frontlijn serve`` without a browser: the command line, the page, and PINs when served."""

from __future__ import annotations

import asyncio
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input, Static

from frontlijn_game.cli import cli, hoist_global_options
from frontlijn_game.cli import serve as serve_module
from frontlijn_game.ui.factory import build_app
from frontlijn_game.ui.input_guard import InputGuard

CONTENT = Path(__file__).resolve().parent / "content"


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, hoist_global_options(list(args)), env=env)


# -- the command line ----------------------------------------------------------------------


def test_help_says_what_a_network_needs() -> None:
    result = run("--lang", "en", "serve", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for words in ("reverse proxy with TLS", "NO authentication", "own app process", "127.0.0.1"):
        assert words in text, words
    for option in ("--host", "--port", "--leader-port", "--public-url"):
        assert option in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--public-url", "ftp://example.nl"],
        ["--public-url", "example.nl"],
        ["--port", "8123", "--leader-port", "8123"],
        ["--port", "0"],
        ["--leader-public-url", "https://x.example"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run("serve", *args)
    assert result.exit_code == 2, result.output


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(
            "--lang",
            "en",
            "--db",
            f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "serve",
            "--port",
            str(port),
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_the_tab_command_carries_no_settings() -> None:
    for role in ("trainee", "leader"):
        command = serve_module.app_command(role)
        assert "frontlijn_game.ui.serve_entry" in command
        assert "sqlite" not in command and "FRONTLIJN" not in command and "--db" not in command


def test_settings_go_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from frontlijn_game.cli.context import AppContext

    # A copy of the environment for this test: nothing it sets may reach other tests.
    monkeypatch.setattr(os, "environ", dict(os.environ, FRONTLIJN_DB="sqlite:///old.sqlite3"))
    url = "postgresql+psycopg://frontlijn:geheim@db.example/frontlijn"
    serve_module._prepare_environment(AppContext(db_url=url, content_dir=CONTENT, lang="en"))
    assert os.environ["FRONTLIJN_DB"] == url
    assert os.environ["FRONTLIJN_CONTENT"] == str(CONTENT)
    assert os.environ["FRONTLIJN_LANG"] == "en"
    assert os.environ["FRONTLIJN_SERVED"] == "1"


def test_urls() -> None:
    assert serve_module.local_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve_module.local_url("0.0.0.0", 8000) == "http://127.0.0.1:8000"
    assert serve_module.local_url("::1", 8000) == "http://[::1]:8000"


def test_the_page_needs_no_third_party_and_speaks_the_language() -> None:
    import textual_serve

    template = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = serve_module.localise_page(template.read_text(encoding="utf-8"))
    assert "googleapis" not in page and "https://" not in page.split("<body")[0]
    assert '<html lang="{{ lang }}">' in page
    assert "{{ page.ended }}" in page and "{{ page.restart }}" in page
    assert "RobotoMono-VariableFont_wght.ttf" in page


# -- a served app asks for a PIN ------------------------------------------------------------


@pytest.fixture
def served_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    from frontlijn_game.store.service import Store

    monkeypatch.setenv("FRONTLIJN_SERVED", "1")
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    with Store.open(url) as store:
        store.add_trainee("open-1")  # a code without a PIN
        store.add_trainee("pin-1", pin="1357")
    return lambda: build_app(CONTENT, url, lang="nl", seed=7, input_guard=InputGuard(0))


async def _wait_for(pilot: Pilot[Any], name: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while type(pilot.app.screen).__name__ != name:
        assert time.monotonic() < deadline, f"still on {type(pilot.app.screen).__name__}"
        await asyncio.sleep(0.02)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _submit(pilot: Pilot[Any], selector: str, value: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.value = value
    widget.focus()
    await pilot.press("enter")


async def test_served_code_without_pin_cannot_sign_in(served_app: Any) -> None:
    app = served_app()
    async with app.run_test() as pilot:
        await _wait_for(pilot, "SignInScreen")
        await _submit(pilot, "#code", "open-1")
        await _wait_for(pilot, "PinDialog")
        await pilot.press("enter")  # no PIN: asked for, not sent
        message = app.screen.query_one("#pin-message", Static)
        assert "Typ je pincode" in str(message.render())
        await _submit(pilot, "#pin", "1234")  # any PIN: this code has none
        deadline = time.monotonic() + 10
        while "geen pincode" not in str(message.render()):
            assert time.monotonic() < deadline, "no message about the PIN"
            await asyncio.sleep(0.02)
            await pilot.pause()
        assert type(app.screen).__name__ == "PinDialog"
        assert app.services.trainee is None


async def test_served_new_code_needs_a_pin(served_app: Any) -> None:
    app = served_app()
    async with app.run_test() as pilot:
        await _wait_for(pilot, "SignInScreen")
        app.screen.query_one("#code", Input).value = "nieuw-1"
        await pilot.press("ctrl+n")
        await _wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")  # no PIN: refused
        await pilot.pause()
        assert type(app.screen).__name__ == "NewTraineeDialog"
        app.screen.query_one("#pin", Input).value = "2468"
        await _submit(pilot, "#pin2", "2468")
        await _wait_for(pilot, "HomeScreen")
        assert app.services.trainee is not None and app.services.trainee.has_pin


async def test_served_code_with_pin_signs_in(served_app: Any) -> None:
    app = served_app()
    async with app.run_test() as pilot:
        await _wait_for(pilot, "SignInScreen")
        await _submit(pilot, "#code", "pin-1")
        await _wait_for(pilot, "PinDialog")
        await _submit(pilot, "#pin", "1357")
        await _wait_for(pilot, "HomeScreen")


def test_a_bad_database_stops_the_server_with_exit_1() -> None:
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, FRONTLIJN_DB="postgresql+psycopg://frontlijn:geheim@127.0.0.1:1/x")
    result = subprocess.run(
        [sys.executable, "-m", "frontlijn_game", "serve", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result
    assert "cannot open database" in result.stderr
    assert "geheim" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_leader_port_is_a_second_server_process(tmp_path: Path) -> None:
    """Both ports answer; the leader page is its own server process; SIGTERM stops both."""
    import signal
    import subprocess
    import sys
    import urllib.request

    def free() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])

    port, leader_port = free(), free()
    env = dict(
        os.environ,
        FRONTLIJN_DB=f"sqlite:///{tmp_path / 'p.sqlite3'}",
        FRONTLIJN_CONTENT=str(CONTENT),
        FRONTLIJN_LANG="nl",
    )
    command = [sys.executable, "-m", "frontlijn_game", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--leader-port", str(leader_port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def page(at: int) -> str:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{at}/", timeout=2) as response:
                    return str(response.read().decode("utf-8"))
            except OSError:
                assert process.poll() is None, process.communicate()[0]
                assert time.monotonic() < deadline, f"nothing on port {at}"
                time.sleep(0.05)

    try:
        assert "<title>Frontlijn</title>" in page(port)
        leader = page(leader_port)
        assert "<title>Frontlijn – cursusleider</title>" in leader
        assert f"ws://127.0.0.1:{leader_port}/ws" in leader
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.exists():
            assert children.read_text().split(), "the leader server is not a child process"
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert f"trainee app on http://127.0.0.1:{port}" in output
    assert f"leader app on http://127.0.0.1:{leader_port}" in output
