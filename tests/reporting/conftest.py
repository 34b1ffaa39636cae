"""Reporting fixtures: a small case, a handful of scripted attempts, both backends.

The data set (``recorded``) is small enough to compute every figure by hand:

=====  =======  ======================  ======  ==========
id     trainee  choices                 total   verdict
=====  =======  ======================  ======  ==========
1      T1       luister, grens          95.0    in balans
2      T2       luister, help_aan       25.0    tandeloos
3      T2       luister, grens          95.0    in balans
4      T3       dreig, help_aan         41.7    eindeloos
5      T4       dreig, grens            5.0     eindeloos
6      T5       luister (suspended)     -       -
=====  =======  ======================  ======  ==========

Cohort A holds T1-T4, cohort B holds T5.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.loader import load_scenario_or_raise, scenario_from_text
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import Store
from store.store_backends import db_url, pg_admin, sqlite_url

HERE = Path(__file__).parent
KRUISPUNT = HERE / "kruispunt.yaml"

__all__ = ["db_url", "pg_admin", "sqlite_url"]

SCRIPT: list[tuple[str, tuple[str, ...]]] = [
    ("T1", ("luister", "grens")),
    ("T2", ("luister", "help_aan")),
    ("T2", ("luister", "grens")),
    ("T3", ("dreig", "help_aan")),
    ("T4", ("dreig", "grens")),
    ("T5", ("luister",)),
]


def record(
    store: Store,
    code: str,
    scenario: Scenario,
    choices: Sequence[str],
    seed: int = 7,
    seconds: float = 2.5,
) -> int:
    """Play ``choices`` as trainee ``code`` and record every decision; returns the id.
    The options count as shown in file order (``--no-shuffle``), so the places the
    choices were shown at are known by hand too."""
    play = Playthrough.start(scenario, seed)
    attempt = store.start_attempt(code, scenario, play.state)
    for choice in choices:
        shown = [c.id for c in play.shown(shuffle=False)]
        step = play.choose(choice)
        store.record_decision(attempt.id, step, score=play.score(), seconds=seconds, shown=shown)
    if not play.finished:
        store.suspend(attempt.id)
    return attempt.id


@dataclass
class Recorded:
    store: Store
    scenario: Scenario
    ids: list[int]


@pytest.fixture
def kruispunt() -> Scenario:
    return load_scenario_or_raise(KRUISPUNT)


def changed_version(scenario: Scenario) -> Scenario:
    """The same case with an edited text: a second snapshot (version)."""
    text = scenario.source.replace("Sam komt binnen.", "Sam komt te laat binnen.")
    return scenario_from_text(text, "kruispunt-v2.yaml")


@pytest.fixture
def recorded(db_url: str, kruispunt: Scenario) -> Iterator[Recorded]:
    with Store.open(db_url) as store:
        store.create_cohort("A")
        store.create_cohort("B")
        for code in ("T1", "T2", "T3", "T4"):
            store.add_trainee(code, cohort="A")
        store.add_trainee("T5", cohort="B", display_name="Vera Vertrouwelijk")
        ids = [record(store, code, kruispunt, choices) for code, choices in SCRIPT]
        yield Recorded(store, kruispunt, ids)
