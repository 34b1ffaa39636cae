"""Store fixtures: both backends (see ``store_backends``) and a case with a long loop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import Store
from store.store_backends import db_url, pg_admin, sqlite_url

HERE = Path(__file__).parent
LOOP = HERE / "loop.yaml"

__all__ = ["db_url", "pg_admin", "sqlite_url"]


@pytest.fixture
def loop() -> Scenario:
    """A case with a loop (help, sanction, a random goto) and an ending after 3 rounds."""
    return load_scenario_or_raise(LOOP)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
