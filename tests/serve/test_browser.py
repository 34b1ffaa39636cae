"""``frontlijn serve`` in a real browser: headless Chromium, driven by the keyboard only.

Needs the services (``FRONTLIJN_SERVICES=1``, set by ``.ci/run``) and Debian's
``/usr/bin/chromium``; Playwright never downloads a browser here. Without the services
the test skips with a loud reason; with them and without Chromium it FAILS.

The terminal is drawn on a canvas, so nothing is read from the page. The test waits on
what the app writes to the websocket (the terminal stream) and on the database, and it
asserts through the database. A screenshot of the debrief is kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.ui.input_guard import READ_DELAY

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
ARTIFACTS = HERE.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CODE = "ria-7531"  # not the sign-in placeholder's example, so typing it shows
PIN = "2468"
CASE = "serve-proef"
CASE_TITLE = "De zolder van Ria"
CASE_SUMMARY = "Een korte casus om in de browser te spelen"
ENDING_LABEL = "Zolder leeg, Ria geholpen"
CHOICES = ("luister", "kondig_aan")  # help 2, sanction 1 -> in balans
EXPECTED = {"status": "finished", "ending_id": "opgeruimd", "total": 90.0, "help": 2, "sanction": 1}
WAIT = 40.0

SERVICES = os.environ.get("FRONTLIJN_SERVICES") == "1"

pytestmark = pytest.mark.skipif(
    not SERVICES,
    reason="SKIPPED LOUDLY: the browser test needs FRONTLIJN_SERVICES=1 and Chromium "
    "(.ci/run sets it up); `frontlijn serve` was NOT tested in a browser",
)

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until(
    check: Callable[[], Any],
    what: str,
    timeout: float = WAIT,
    pause: Callable[[float], None] = time.sleep,
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        pause(0.05)


class Terminal:
    """What the app wrote to the browser, as plain text (escape sequences removed)."""

    def __init__(self, page: Any) -> None:
        self.chunks: list[bytes] = []
        self.page = page
        page.on("websocket", self.on_websocket)

    def pause(self, seconds: float) -> None:
        """Wait while Playwright delivers events (a plain sleep would hold them back)."""
        self.page.wait_for_timeout(seconds * 1000)

    def until(self, check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
        return wait_until(check, what, timeout, self.pause)

    def on_websocket(self, websocket: Any) -> None:
        websocket.on("framereceived", self._received)

    def _received(self, payload: bytes | str) -> None:
        self.chunks.append(payload if isinstance(payload, bytes) else payload.encode())

    def mark(self) -> int:
        return len(self.chunks)

    def text(self, since: int = 0) -> str:
        raw = b"".join(self.chunks[since:]).decode("utf-8", "replace")
        return ANSI.sub("", raw)

    def wait_for(self, marker: str, since: int = 0, timeout: float = WAIT) -> None:
        self.until(lambda: marker in self.text(since), f"{marker!r} on the terminal", timeout)


@pytest.fixture
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"FRONTLIJN_SERVICES=1 but there is no {CHROMIUM}: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("FRONTLIJN_SERVICES=1 but Playwright is missing: pip install -e '.[test]'")
    return CHROMIUM


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    from frontlijn_game.store.service import Store

    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    with Store.open(url) as store:
        store.add_trainee(CODE, pin=PIN)
    return url


@pytest.fixture
def server(tmp_path: Path, db_url: str) -> Iterator[str]:
    """``frontlijn serve`` on a free loopback port; the database only in its environment."""
    port = free_port()
    env = dict(os.environ)
    env.update(FRONTLIJN_DB=db_url, FRONTLIJN_CONTENT=str(CONTENT), FRONTLIJN_LANG="nl")
    env.pop("FRONTLIJN_SERVED", None)
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "frontlijn_game", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(
                "frontlijn serve stopped:\n" + (tmp_path / "serve.log").read_text()
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        wait_until(up, f"frontlijn serve on {url}")
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def app_command_lines() -> list[str]:
    """The command lines of the running app processes (one per tab)."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "frontlijn_game.ui.serve_entry" in text:
            lines.append(text)
    return lines


def finished_attempt(db_url: str) -> Any:
    from frontlijn_game.store.service import Store

    with Store.open(db_url, migrate=False) as store:
        attempts = [a for a in store.attempts(CODE) if a.scenario_id == CASE]
    return attempts[-1] if attempts else None


def decisions_stored(db_url: str) -> int:
    attempt = finished_attempt(db_url)
    return 0 if attempt is None else int(attempt.decisions)


def digit_for(db_url: str, choice_id: str) -> str:
    """The key that picks ``choice_id`` now: options are shown in the attempt's drawn order."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.store.service import Store

    with Store.open(db_url, migrate=False) as store:
        saved = store.open_attempt(CODE, CASE)
    assert saved is not None, "no open attempt to choose in"
    shown = Playthrough(saved.scenario, PlayState.from_json(saved.state)).shown()
    return str([c.id for c in shown].index(choice_id) + 1)


def test_play_a_case_in_chromium(chromium_path: str, server: str, db_url: str) -> None:
    from playwright.sync_api import sync_playwright

    from frontlijn_game.i18n import _, set_language

    set_language("nl")
    pin_label = _("Pincode")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            terminal = Terminal(page)
            page.goto(server)
            page.wait_for_selector("body.-first-byte", timeout=WAIT * 1000)
            terminal.wait_for("Frontlijn")  # the header is painted
            keys = page.locator("textarea.xterm-helper-textarea")
            since = terminal.mark()
            keys.focus()  # the page tells the app it has focus; the code field gets it
            terminal.until(lambda: terminal.mark() > since, "the app to redraw with focus")

            # Sign in by keyboard: the code, then the PIN in its dialog.
            def type_code() -> bool:
                since = terminal.mark()
                page.keyboard.type(CODE, delay=20)
                try:
                    terminal.wait_for(CODE, since, timeout=3)
                    return True
                except AssertionError:  # not focused yet: erase what went astray, retry
                    for _ in CODE:
                        page.keyboard.press("Backspace")
                    keys.focus()
                    return False

            terminal.until(type_code, "the code field to take the code")
            since = terminal.mark()
            page.keyboard.press("Enter")
            terminal.wait_for(pin_label, since)
            terminal.pause(READ_DELAY + 0.3)  # the dialog's read guard (see below)
            page.keyboard.type(PIN, delay=20)
            since = terminal.mark()
            page.keyboard.press("Enter")

            # Home: the only case is highlighted; Enter opens its intro, Enter starts it.
            # Each key waits out the read guard: a key sooner than READ_DELAY after a screen
            # appears is dropped on purpose (nothing is chosen unseen).
            terminal.wait_for(CASE_TITLE, since)
            terminal.pause(READ_DELAY + 0.3)
            since = terminal.mark()
            page.keyboard.press("Enter")
            terminal.wait_for(CASE_SUMMARY, since)
            terminal.pause(READ_DELAY + 0.3)
            page.keyboard.press("Enter")
            terminal.until(lambda: finished_attempt(db_url) is not None, "the attempt to start")

            # Play by digits; each decision is committed before the next scene shows.
            for number, choice_id in enumerate(CHOICES, start=1):
                terminal.pause(READ_DELAY + 0.3)
                since = terminal.mark()
                page.keyboard.press(digit_for(db_url, choice_id))

                def stored(n: int = number) -> bool:
                    return decisions_stored(db_url) >= n

                terminal.until(stored, f"decision {number}")
            terminal.wait_for(ENDING_LABEL, since)
            terminal.pause(1.5)  # let the debrief finish drawing (chart, best path)
            page.screenshot(path=str(ARTIFACTS / "serve-debrief.png"))

            # Settings reach the app processes through the environment only.
            commands = app_command_lines()
            assert commands, "no app process found for the open tab"
            for command in commands:
                assert "sqlite" not in command and db_url not in command, command
        finally:
            browser.close()

    attempt = finished_attempt(db_url)
    assert attempt is not None
    got = {key: getattr(attempt, key) for key in EXPECTED}
    assert got == EXPECTED
    assert attempt.verdict == "in balans"
