"""End to end: a facilitator and five participants, each a process of its own, play the
role fixture case as a casusoverleg to its group debrief. One participant is the real
terminal (``frontlijn join`` in tmux); one participant is killed right after voting and
rejoins (changing its vote); the facilitator is killed after the first advance and
restarted. Nothing may be lost and no vote may count twice.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import IO

import pytest

from frontlijn_game.service import sessions as live
from frontlijn_game.service.session_debrief import group_debrief
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from frontlijn_game.ui.input_guard import READ_DELAY

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "session_driver.py"
CASE = HERE.parent / "fixtures" / "overleg.yaml"
SRC = HERE.parent.parent / "src"
PASSWORD = "geheim-wachtwoord"
TIMEOUT = 120.0

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed: the live-session end-to-end test cannot run",
)


class Proc:
    """A driver process whose output lines arrive on a queue."""

    def __init__(self, *args: str) -> None:
        env = dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
        self.p = subprocess.Popen(
            [sys.executable, str(DRIVER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, args=(self.p.stdout,), daemon=True).start()

    def _read(self, out: IO[str] | None) -> None:
        assert out is not None
        for line in out:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.p.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no {prefix!r}; the process said:\n" + "\n".join(self.seen))

    def drain(self) -> list[str]:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def kill(self) -> None:
        self.p.send_signal(signal.SIGKILL)
        self.p.wait()
        self.drain()


class Tmux:
    """The real terminal door, on a tmux server of this test alone (``-L``)."""

    def __init__(self, command: list[str]) -> None:
        self.socket = f"frontlijn-live-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-s", "p", "-x", "200", "-y", "45",
             shlex.join(command)],
            check=True,
        )  # fmt: skip

    def capture(self) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", "p"],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def main_text(self) -> str:
        """The main column's text as one line (wrapping and the side panel removed)."""
        return " ".join(
            " ".join(line.split("▏")[0] for line in self.capture().splitlines()).split()
        )

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while text not in self.main_text():
            assert time.monotonic() < deadline, self.capture()
            time.sleep(0.2)

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", "p", *keys], check=True)

    def press_until(self, key: str, *texts: str, every: float = 3.0) -> None:
        """Press ``key`` until one of ``texts`` shows, as a person presses again when
        nothing happened (a key within the read delay after a screen appears is ignored)."""
        deadline = time.monotonic() + TIMEOUT

        def shown() -> bool:
            screen = self.main_text()
            return any(text in screen for text in texts)

        while not shown():
            assert time.monotonic() < deadline, self.capture()
            self.send(key)
            pressed = time.monotonic()
            while not shown() and time.monotonic() - pressed < every:
                time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def test_a_casusoverleg_survives_kills_and_counts_every_vote_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    with Store.open(url) as store:
        store.db.write(lambda s: add_leader(s, "anna", PASSWORD))
        for n in range(1, 6):
            store.add_trainee(f"P{n}", display_name=f"NaamP{n}")
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    env = dict(os.environ, PYTHONPATH=f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    base = [sys.executable, "-m", "frontlijn_game", "--db", url]
    opened = subprocess.run(
        [*base, "session", "open", str(CASE), "--leader", "anna", "--password-file",
         str(tmp_path / "pw"), "--no-console", "--json"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    code = json.loads(opened.stdout)["code"]

    people = {c: Proc("participant", url, code, c) for c in ("P1", "P2", "P3", "P5")}
    tui = Tmux(["env", f"PYTHONPATH={SRC}", *base, "join", code, "--trainee", "P4"])
    facilitator = Proc("facilitator", url, code, "5")
    try:
        for proc in people.values():
            proc.wait_for("JOINED")
        tui.wait_for("Beslissing 1: er wordt gestemd")
        first_p2 = people["P2"].wait_for("VOTED 1")
        people["P2"].kill()  # dropped right after voting ...
        people["P2"] = Proc("participant", url, code, "P2", "--revote")  # ... and back
        people["P2"].wait_for("JOINED")
        people["P2"].wait_for("VOTED 1")  # its changed vote, before the last one comes in
        time.sleep(READ_DELAY + 0.3)
        tui.press_until("1", "Je stem is binnen")
        facilitator.wait_for("ADVANCED 1")
        facilitator.kill()  # the facilitator's terminal dies mid-session
        facilitator = Proc("facilitator", url, code, "5")
        tui.wait_for("Beslissing 2: er wordt gestemd")
        time.sleep(READ_DELAY + 0.3)
        tui.press_until("2", "Je stem is binnen", "Einde", "afgelopen")
        report = json.loads(facilitator.wait_for("DEBRIEF").split(" ", 1)[1])
        for proc in people.values():
            proc.wait_for("ENDED")
        tui.wait_for("afgelopen")
    finally:
        tui.close()
        for proc in [*people.values(), facilitator]:
            if proc.p.poll() is None:
                proc.kill()

    with Store.open(url) as store:
        board = live.console(store, code, "anna")
        group = store.attempts(f"GROEP-{code}")
    assert len(board.seats) == 5  # P2 came back to the same seat
    assert [r.decision_no for r in board.rounds] == [1, 2]  # no decision taken twice
    assert [a.decisions for a in group] == [2] and group[0].status == "finished"
    assert report["ending"] is not None
    # every vote a participant last cast is stored, once, and nothing else is
    last: dict[tuple[str, int], str] = {}
    for who, proc in people.items():
        for line in ([first_p2] if who == "P2" else []) + proc.seen:
            found = re.match(r"VOTED (\d+) (\S+)", line)
            if found:
                last[(who, int(found.group(1)))] = found.group(2)
    assert last[("P2", 1)] != first_p2.split()[2]  # the rejoined P2 changed its vote
    with Store.open(url) as store:
        debrief = group_debrief(store, code, "anna", best=False)
    stored = {
        (p.name.removeprefix("Naam"), v.number): v.vote
        for p in debrief.participants
        for v in p.votes
        if v.vote is not None
    }
    tui_votes = {k: v for k, v in stored.items() if k[0] == "P4"}
    assert set(tui_votes) == {("P4", 1), ("P4", 2)}  # the terminal participant voted twice
    assert {k: v for k, v in stored.items() if k[0] != "P4"} == last
    for d in debrief.decisions:
        assert sum(d.votes.values()) + sum(d.advice.values()) == sum(
            1 for (_w, n) in stored if n == d.number
        )
