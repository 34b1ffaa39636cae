"""The value table behind the debrief's best continuation: exact on a big bundled case."""

from __future__ import annotations

import random

import pytest

from engine.test_paths import GUARDED
from frontlijn_game.engine.paths import GRAPH_MAX_STATES, analyse, best_continuation
from frontlijn_game.engine.paths.continuations import CONTINUATIONS, install_table
from frontlijn_game.engine.paths.value_table import ValueTable, build_table
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import bundled_content_dir
from frontlijn_game.scenario.loader import load_scenario
from frontlijn_game.scenario.model import Scenario
from helpers import scenario_from_yaml

OLD_LIMIT = 100_000
"""The bound the per-scenario graph had before the table: bigger cases fell back to
bounded local searches."""


@pytest.fixture(scope="module")
def big() -> Scenario:
    scenario, diagnostics = load_scenario(bundled_content_dir() / "scenarios/geldezel-samir.yaml")
    assert scenario is not None, diagnostics
    return scenario


def test_a_case_bigger_than_the_old_bound_gets_the_exhaustive_best_continuation(
    big: Scenario,
) -> None:
    table = build_table(big, GRAPH_MAX_STATES)
    assert table.complete and len(table.keys) > OLD_LIMIT
    # Through bytes, as a web worker reads a table built in another process.
    install_table(big, ValueTable.from_bytes(table.to_bytes()))
    rng = random.Random(17)
    checked = 0
    for _ in range(3):
        play = Playthrough.start(big, seed=rng.randrange(1000))
        number = 0
        while not play.finished:
            if number % 4 == 0:  # every 4th decision: each exhaustive search takes a while
                exhaustive = analyse(big, play.state)
                assert exhaustive.complete
                found = best_continuation(big, play.state)
                best = exhaustive.best
                assert best is not None and found is not None
                assert (found.choices, found.draws, found.total, found.ending) == (
                    best.choices,
                    best.draws,
                    best.total,
                    best.ending,
                )
                checked += 1
            play.choose(rng.choice(play.offered()).id)
            number += 1
        done = best_continuation(big, play.state)
        assert done is not None and done.continuation == ()
        assert done.total == play.score().total
    assert checked >= 6
    CONTINUATIONS.pop(big, None)


def test_a_table_reads_back_what_it_wrote_and_refuses_other_bytes() -> None:
    scenario = scenario_from_yaml(GUARDED)
    table = build_table(scenario, GRAPH_MAX_STATES)
    again = ValueTable.from_bytes(table.to_bytes())
    assert again == table
    assert again.longest == table.longest > 0
    for bad in (
        b"",
        b"nope" + table.to_bytes()[4:],
        table.to_bytes()[:-4],
        table.to_bytes() + b"x",
    ):
        with pytest.raises(ValueError):
            ValueTable.from_bytes(bad)


def test_a_graph_over_the_bound_leaves_the_table_empty_and_local_searches_answer() -> None:
    scenario = scenario_from_yaml(GUARDED)
    table = build_table(scenario, 5)
    assert not table.complete and len(table.keys) == 0
    install_table(scenario, table)
    start = Playthrough.start(scenario, seed=3)
    found = best_continuation(scenario, start.state)
    report = analyse(scenario)
    assert found is not None and report.best is not None
    assert (found.choices, found.total) == (report.best.choices, report.best.total)
    CONTINUATIONS.pop(scenario, None)
