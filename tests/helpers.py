"""Helpers shared by tests (importable because pyproject puts tests/ on the path)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from frontlijn_game import i18n
from frontlijn_game.scenario.loader import load_scenario_bytes
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.service.leader_auth import LoginGate

FIXTURES = Path(__file__).parent / "fixtures"


def scenario_from_yaml(text: str, path: str = "test.yaml") -> Scenario:
    """Load inline YAML through the real loader; fail the test with the diagnostics."""
    scenario, diagnostics = load_scenario_bytes(path, textwrap.dedent(text).encode())
    errors = [d.format() for d in diagnostics if d.severity == "error"]
    assert scenario is not None, "\n".join(errors)
    return scenario


class FakeClock:
    """A clock and a sleep that only move each other (tests: no real waiting)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)

    def gate(self) -> LoginGate:
        return LoginGate(sleep=self.sleep, clock=self)


@pytest.fixture
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface (content messages, the command line through ``FRONTLIJN_LANG``) in
    English, for tests that assert English text; the language is put back afterwards."""
    monkeypatch.setenv("FRONTLIJN_LANG", "en")
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
