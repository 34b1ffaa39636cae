"""kill -9 mid-case: the restart offers to resume at the same scene with the same variables."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from uihelp import CASE, CONTENT, SEED, make_app, wait_for

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import load_library
from frontlijn_game.store.service import Store

HERE = Path(__file__).resolve().parent


async def test_kill_mid_case_and_resume(db_url: str, tmp_path: Path) -> None:
    code = "gekild"
    with Store.open(db_url) as store:
        store.ensure_trainee(code)
    marker = tmp_path / "state.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "kill_driver.py"), db_url, code, str(marker)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            if child.poll() is not None:
                raise AssertionError(child.stderr.read().decode() if child.stderr else "died")
            assert time.monotonic() < deadline, "the app did not reach the second decision"
            time.sleep(0.05)
        time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    seen = json.loads(marker.read_text())

    scenario = load_library(CONTENT).scenarios[CASE]
    expected = Playthrough.start(scenario, SEED)
    for choice in ("praat", "moeder"):
        expected.choose(choice)
    assert seen["scene"] == expected.state.scene == "week"

    with Store.open(db_url) as store:
        saved = store.open_attempt(code, CASE)
    assert saved is not None
    assert saved.attempt.status == "active"  # killed: never suspended
    assert saved.attempt.decisions == 2

    app = make_app(db_url, trainee=code, scenario=CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "IntroScreen")
        assert app.screen.open is not None
        await pilot.press("h")
        await wait_for(pilot, "PlayScreen")
        state = app.screen.play.state
        assert state.scene == expected.state.scene
        assert state.variables == expected.state.variables == seen["variables"]
        assert state.chosen == ["praat", "moeder"]
        # the order shown after resuming is the one drawn for this decision before the kill
        assert [c.id for c in app.screen.offered] == [c.id for c in expected.shown()]
