"""Helpers shared by tests (importable because pyproject puts tests/ on the path)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from frontlijn_game.scenario.loader import load_scenario_bytes
from frontlijn_game.scenario.model import Scenario

FIXTURES = Path(__file__).parent / "fixtures"


def scenario_from_yaml(text: str, path: str = "test.yaml") -> Scenario:
    """Load inline YAML through the real loader; fail the test with the diagnostics."""
    scenario, diagnostics = load_scenario_bytes(path, textwrap.dedent(text).encode())
    errors = [d.format() for d in diagnostics if d.severity == "error"]
    assert scenario is not None, "\n".join(errors)
    return scenario
