"""Leader-dashboard fixtures: the recorded data set of ``leaderhelp`` in a fresh database,
and clocks that make the login delay instant."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from leaderhelp import Recorded, record
from uihelp import fresh_db


@pytest.fixture
def recorded(tmp_path: Path) -> Recorded:
    url = fresh_db(tmp_path)
    return Recorded(url, record(url), tmp_path)


@pytest.fixture
def clock() -> Any:
    from helpers import FakeClock

    return FakeClock()


@pytest.fixture
def no_real_delay(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Any gate made in this test sleeps on a fake clock (the delays are recorded)."""
    from frontlijn_game.service import leader_auth as auth
    from helpers import FakeClock

    fake = FakeClock()
    monkeypatch.setattr(auth, "_process_gate", fake.gate())
    yield fake.slept
