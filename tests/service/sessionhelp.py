"""Live-session test helpers: a store with a leader, four participants and the role case."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
OVERLEG = FIXTURES / "overleg.yaml"
LEADER = "anna"
PASSWORD = "geheim-wachtwoord"
PEOPLE = {"P1": "Ayla", "P2": "Bram", "P3": "Chris", "P4": "Dewi"}


@dataclass
class Live:
    store: Store
    scenario: Scenario


def populate(store: Store) -> Scenario:
    """A leader ``anna``, participants P1-P4 (P1-P3 in cohort ``klas``) and the case."""
    store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
    for code, name in PEOPLE.items():
        store.add_trainee(code, display_name=name)
    store.create_cohort("klas")
    store.enrol("klas", codes=["P1", "P2", "P3"])
    return load_scenario_or_raise(OVERLEG)
