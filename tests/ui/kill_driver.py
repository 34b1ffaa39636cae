"""Run the real app headless, take two decisions, report, then wait to be killed.

Used by ``test_kill.py``: ``python kill_driver.py DB_URL CODE MARKER``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from uihelp import CASE, make_app, play_digits, wait_for


def main() -> None:
    db_url, code, marker = sys.argv[1:4]

    async def auto_pilot(pilot: Any) -> None:
        await wait_for(pilot, "IntroScreen", timeout=60)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen", timeout=60)
        await play_digits(pilot, "12")
        state = pilot.app.screen.play.state
        Path(marker).write_text(json.dumps(state.to_json()))
        await asyncio.sleep(3600)  # killed here, mid-case, without suspending

    make_app(db_url, trainee=code, scenario=CASE).run(headless=True, auto_pilot=auto_pilot)


if __name__ == "__main__":
    main()
