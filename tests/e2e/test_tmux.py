"""End to end: drive the real ``frontlijn`` in tmux like a person, play the fixture case to
its debrief, and check the total shown against ``frontlijn run --json`` for the same choices.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import load_library
from frontlijn_game.ui.input_guard import READ_DELAY

CONTENT = Path(__file__).resolve().parent.parent / "ui" / "fixtures" / "content"
CASE = "ui-proef"
SEED = 7
DIGITS = "131"  # praat, melden (a random goto: the seed decides), then the first choice

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed: the end-to-end TUI test cannot run (apt-get install tmux)",
)


class Tmux:
    def __init__(self, command: list[str], width: int = 100, height: int = 30) -> None:
        self.name = f"frontlijn-e2e-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             shlex.join(command)],
            check=True,
        )  # fmt: skip

    def capture(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, pattern: str, timeout: float = 40.0) -> str:
        """Wait for ``pattern``, then as long as a reader would: a key sent sooner after
        a screen appears is ignored by the app (``ui.input_guard``)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if re.search(pattern, screen):
                time.sleep(READ_DELAY + 0.2)
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} did not appear; the screen shows:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def choice_ids(digits: str) -> list[str]:
    scenario = load_library(CONTENT).scenarios[CASE]
    play = Playthrough.start(scenario, SEED)
    ids = []
    for digit in digits:
        choice = play.offered()[int(digit) - 1]
        ids.append(choice.id)
        play.choose(choice.id)
    assert play.finished
    return ids


def test_play_in_tmux_matches_run_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    base = [sys.executable, "-m", "frontlijn_game", "--db", db, "--content", str(CONTENT)]
    # --no-shuffle: the digits below are the options' numbers in file order.
    tmux = Tmux([*base, "play", CASE, "--seed", str(SEED), "--no-shuffle"])
    try:
        tmux.wait_for(r"Je code")
        tmux.send("e2e-speler", "C-n")  # the explicit "new code" action
        tmux.wait_for(r"Onthoud je code")
        tmux.send("Enter")  # no PIN
        tmux.wait_for(r"Druk op Enter om te beginnen")
        tmux.send("Enter")
        tmux.wait_for(r"Op het plein")
        for n, digit in enumerate(DIGITS, start=1):
            tmux.send(digit)
            if n < len(DIGITS):
                word = "beslissing genomen" if n == 1 else "beslissingen genomen"
                tmux.wait_for(rf"{n} {word}")
        debrief = tmux.wait_for(r"Totaal\s+\d+,\d")
    finally:
        tmux.close()
    shown = re.search(r"Totaal\s+(\d+),(\d)", debrief)
    assert shown is not None
    total_shown = float(f"{shown.group(1)}.{shown.group(2)}")

    ids = choice_ids(DIGITS)
    run = subprocess.run(
        [*base, "run", CASE, "--choices", ",".join(ids), "--seed", str(SEED), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["status"] == "finished"
    assert result["choices"] == ids
    assert total_shown == result["total"], debrief
    # The attempt was recorded with the same total.
    attempts = subprocess.run(
        [*base, "attempts", "--trainee", "e2e-speler", "--json"],
        capture_output=True,
        text=True,
    )
    if attempts.returncode == 0 and attempts.stdout.strip().startswith("{"):
        data = json.loads(attempts.stdout)
        rows = data.get("attempts", [])
        assert [a["total"] for a in rows] == [result["total"]]
