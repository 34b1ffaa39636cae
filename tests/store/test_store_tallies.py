"""Option tallies: kept per decision, equal to a rebuild from the decisions, and giving the
same option distribution as counting every attempt's choices (both backends)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.reporting.common import Selection, load_sample
from frontlijn_game.reporting.options import distribution_of, option_distribution
from frontlijn_game.reporting.positions import positions_of_attempts
from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import Store
from frontlijn_game.store.migrate import downgrade
from frontlijn_game.store.models import Decision, OptionTally, PositionTally
from frontlijn_game.store.tallies import rebuild_option_tallies


def tallies(store: Store) -> set[tuple[Any, ...]]:
    t = OptionTally
    with store.db.sessions() as s:
        rows = s.execute(
            select(
                t.snapshot_id, t.first_attempt, t.scene, t.choice, t.decisions, t.attempts,
                t.scene_firsts, t.finished, t.total_tenths,
            )
        ).all()  # fmt: skip
    return {tuple(row) for row in rows}


def positions(store: Store) -> set[tuple[Any, ...]]:
    t = PositionTally
    with store.db.sessions() as s:
        rows = s.execute(
            select(t.snapshot_id, t.first_attempt, t.scene, t.choice, t.position, t.decisions)
        ).all()
    return {tuple(row) for row in rows}


def play(store: Store, code: str, scenario: Scenario, rng: random.Random, end: str) -> None:
    """Random choices; ``end`` is "finish", "suspend", "abandon" or "restart"."""
    p = Playthrough.start(scenario, rng.randrange(1000))
    attempt = store.restart_attempt(code, scenario, p.state)
    stop = None if end == "finish" else rng.randrange(1, 6)
    while not p.finished and (stop is None or p.state.decisions < stop):
        offered = p.offered()
        # Lean to the loop so attempts take an option twice and decide at a scene again.
        pick = offered[-1] if len(offered) > 2 and rng.random() < 0.3 else rng.choice(offered[:2])
        # Most attempts are played on screen (a shown order), some by ``run`` (none).
        shown = [c.id for c in p.shown()] if code != "T5" else None
        step = p.choose(pick.id)
        store.record_decision(attempt.id, step, score=p.score(), seconds=1.0, shown=shown)
    if end == "suspend" and not p.finished:
        store.suspend(attempt.id)
    elif end == "abandon" and not p.finished:
        store.abandon(attempt.id)


@pytest.fixture
def played(store: Store, loop: Scenario) -> Store:
    """Five trainees, two versions of the looping case, every way an attempt can end."""
    v2 = scenario_from_text(loop.source.replace('title: "Rondjes"', 'title: "Rondjes 2"'), "v2")
    rng = random.Random(11)
    for code in ("T1", "T2", "T3", "T4", "T5", "T6"):
        store.add_trainee(code)
    for k in range(24):
        code = f"T{1 + k % 5}"
        scenario = loop if k < 14 else v2
        play(
            store, code, scenario, rng, ("finish", "finish", "suspend", "abandon", "restart")[k % 5]
        )
    play(store, "T6", v2, rng, "finish")  # a first attempt on the newer version
    return store


def test_kept_tallies_equal_a_rebuild(played: Store) -> None:
    kept = tallies(played)
    assert any(row[4] > row[5] for row in kept), "some option must be taken twice by an attempt"
    assert any(not row[1] for row in kept) and any(row[1] for row in kept)
    kept_positions = positions(played)
    assert len({row[4] for row in kept_positions}) >= 3, "options chosen at several places"
    played.db.write(lambda s: rebuild_option_tallies(s.connection()))
    assert tallies(played) == kept
    assert positions(played) == kept_positions


def test_position_tallies_count_the_shown_places(played: Store) -> None:
    with played.db.sessions() as s:
        rows = s.execute(select(Decision.choice, Decision.shown, Decision.shown_position)).all()
    shown = [r for r in rows if r[1] is not None]
    assert shown and any(r[1] is None for r in rows)
    for choice, order, place in shown:
        assert order is not None and place is not None
        assert order[place - 1] == choice
    assert sum(row[5] for row in positions(played)) == len(shown)


@pytest.mark.parametrize(
    "selection",
    [
        Selection("loop"),
        Selection("loop", first_only=True),
        Selection("loop", all_versions=True),
        Selection("loop", all_versions=True, first_only=True),
    ],
    ids=["newest", "first", "pooled", "pooled-first"],
)
def test_distribution_from_tallies_equals_counting_attempts(
    played: Store, selection: Selection
) -> None:
    with played.db.sessions() as s:
        fast = option_distribution(s, selection)
        sample = load_sample(s, selection)
        counted = distribution_of(sample, positions_of_attempts(s, [a.id for a in sample.attempts]))
    assert fast.to_json() == counted.to_json()
    assert fast.attempts > 0 and any(p.decisions for p in fast.points)
    assert any(sum(p.by_position) for p in fast.points)


def test_an_older_version_from_tallies(played: Store, loop: Scenario) -> None:
    selection = Selection("loop", version=loop.content_hash[:12])
    with played.db.sessions() as s:
        sample = load_sample(s, selection)
        counted = distribution_of(sample, positions_of_attempts(s, [a.id for a in sample.attempts]))
        assert option_distribution(s, selection).to_json() == counted.to_json()


def test_the_migration_fills_the_tallies_of_a_database_in_use(played: Store) -> None:
    kept = tallies(played)
    downgrade(played.db.engine, "0001")
    played.db.upgrade()
    assert tallies(played) == kept


def test_the_shown_order_migration_keeps_a_database_in_use(played: Store) -> None:
    """From the previous head (0002) with data: every decision stays, its order is NULL
    (file order), no position is counted, and new decisions count again."""
    kept = tallies(played)
    with played.db.sessions() as s:
        count = len(s.execute(select(Decision.id)).all())
    downgrade(played.db.engine, "0002")
    played.db.upgrade()
    assert tallies(played) == kept
    assert positions(played) == set()
    with played.db.sessions() as s:
        rows = s.execute(select(Decision.shown, Decision.shown_position)).all()
    assert len(rows) == count and set(rows) == {(None, None)}
    played.db.write(lambda s: rebuild_option_tallies(s.connection()))
    assert tallies(played) == kept and positions(played) == set()
