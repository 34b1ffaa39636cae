"""Shared fixtures: small scenarios loaded through the real loader."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from frontlijn_game.scenario.model import Scenario
from helpers import FIXTURES, scenario_from_yaml
from helpers import english_messages as english_messages


@pytest.fixture
def make_scenario() -> Callable[[str], Scenario]:
    return scenario_from_yaml


@pytest.fixture
def mini() -> Scenario:
    return scenario_from_yaml((FIXTURES / "mini.yaml").read_text(), str(FIXTURES / "mini.yaml"))
