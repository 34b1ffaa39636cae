"""kill -9 in the middle of a long run of decisions loses nothing and leaves no half.

A child process records decisions for four trainees round-robin and is killed with
SIGKILL at a random moment. Afterwards every attempt resumes exactly: the stored state is
the state a replay of the stored decisions reaches (same scene, variables, draws, so the
same RNG), every acknowledged decision is there, and no decision is half-written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.store import Store

WORKER = Path(__file__).with_name("record_worker.py")


def start_worker(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FRONTLIJN_DB": db_url}
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def check_resumes_exactly(store: Store, acked: dict[int, int]) -> int:
    total = 0
    for record in store.attempts():
        saved = store.load_attempt(record.id)
        decisions = store.decisions(record.id)
        count = record.decisions
        assert [d.seq for d in decisions] == list(range(1, count + 1)), "a gap or extra row"
        assert list(saved.choices) == [d.choice for d in decisions]
        state = PlayState.from_json(saved.state)
        assert state.chosen == list(saved.choices), "attempt state and decision rows differ"
        # Nothing acknowledged is lost; at most the decision in flight is missing.
        assert count >= acked.get(record.id, 0)
        replay = Playthrough.replay(saved.scenario, record.seed, saved.choices)
        assert replay.state == state, "the stored state is not what the decisions lead to"
        if decisions:
            assert decisions[-1].variables == state.variables
        # The resumed attempt goes on with the same RNG as the replay.
        resumed = Playthrough(saved.scenario, state)
        for _ in range(5):
            choice = next(c.id for c in resumed.offered() if c.id != "afronden")
            assert resumed.choose(choice).after == replay.choose(choice).after
        total += count
    return total


def test_kill_9_mid_run_leaves_every_attempt_resumable(db_url: str) -> None:
    Store.open(db_url).close()  # migrate first: the kill should hit decisions, not DDL
    child = start_worker(db_url, "K", "4", "240", "7")
    assert child.stdout is not None
    acked: dict[int, int] = {}
    kill_after = random.randint(150, 500)
    seen = 0
    for line in child.stdout:
        if line.startswith("ack "):
            _, _, attempt_id, seq = line.split()
            acked[int(attempt_id)] = int(seq)
            seen += 1
            if seen >= kill_after:
                time.sleep(random.random() * 0.01)  # land anywhere, also mid-commit
                break
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    for line in rest.splitlines():
        if line.startswith("ack "):
            _, _, attempt_id, seq = line.split()
            acked[int(attempt_id)] = int(seq)

    with Store.open(db_url) as store:
        if store.db.dialect == "sqlite":
            with store.db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        attempts = store.attempts()
        assert len(attempts) == 4 and all(a.status == "active" for a in attempts)
        assert check_resumes_exactly(store, acked) >= kill_after
        # and the attempts take new decisions after the crash
        for record in attempts:
            saved = store.load_attempt(record.id)
            play = Playthrough(saved.scenario, PlayState.from_json(saved.state))
            choice = next(c.id for c in play.offered() if c.id != "afronden")
            store.record_decision(record.id, play.choose(choice))
            assert store.attempt(record.id).decisions == record.decisions + 1
