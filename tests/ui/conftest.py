"""UI test fixtures: the fixture content folder, a fresh database per test, fixed dates."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from uihelp import fresh_db


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url: str = fresh_db(tmp_path)
    return url


@pytest.fixture
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates on screen are the same in every run (snapshots)."""
    from frontlijn_game.service import format as fmt

    monkeypatch.setattr(fmt, "when", lambda moment: "3 dec 14:05" if moment else "–")
