"""The application layer is tested on the same recorded data set as the screens that draw
it (``tests/ui/uihelp.py``, ``tests/ui/leader/leaderhelp.py``), in a fresh database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
sys.path.insert(0, str(Path(__file__).parents[1] / "ui" / "leader"))

from leaderhelp import Recorded, record
from uihelp import fresh_db

from helpers import FakeClock


@pytest.fixture
def recorded(tmp_path: Path) -> Recorded:
    url = fresh_db(tmp_path)
    return Recorded(url, record(url), tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def no_real_delay(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Any gate made in this test sleeps on a fake clock (the delays are recorded)."""
    from frontlijn_game.service import leader_auth

    fake = FakeClock()
    monkeypatch.setattr(leader_auth, "_process_gate", fake.gate())
    yield fake.slept
