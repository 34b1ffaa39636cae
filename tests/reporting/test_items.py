"""Item statistics against hand-computed numbers (see conftest's table).

Best continuations in ``kruispunt``: from the start, luister -> grens reaches 95 (dreig
at best 41.7), so ``luister`` is best at the intake; after ``luister`` the best is
``grens`` (95 against 25), after ``dreig`` it is ``help_aan`` (41.7 against 5).
Totals of the five finished attempts: 95, 25, 95, 41.7, 5 (mean 52.34, population
standard deviation sqrt(6741.512 / 5) = 36.7192).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import pytest

from frontlijn_game.engine import paths
from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import forced_draws, machine_for, offered, seeded_draw
from frontlijn_game.engine.paths import Futures, best_continuation
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.reporting import option_values
from frontlijn_game.reporting.common import AttemptRow, Sample, Selection, Version, exact
from frontlijn_game.reporting.items import (
    histogram,
    item_statistics,
    point_biserial,
    statistics_of,
)
from frontlijn_game.reporting.option_values import OptionValues, best_options
from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import GotoRandom, Scenario
from frontlijn_game.service.report_text import items_text
from reporting.conftest import Recorded

ROOT = Path(__file__).resolve().parents[2]
LOOP = ROOT / "tests" / "store" / "loop.yaml"
"""A loop and a random goto; its state graph is over the cached bound (searched locally)."""
CASES = [*sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if ".tests." not in p.name), LOOP]


def stats(rec: Recorded, **kw: object):  # type: ignore[no-untyped-def]
    with rec.store.db.sessions() as s:
        return item_statistics(s, Selection("kruispunt", **kw))  # type: ignore[arg-type]


def test_option_values_follow_the_state(kruispunt: Scenario) -> None:
    values = OptionValues(kruispunt)
    play = Playthrough.start(kruispunt, 1)
    assert values(play.state) == {"luister": 95, "dreig": Fraction("125") / 3}
    play.choose("dreig")
    assert best_options(values(play.state)) == {"help_aan"}
    play = Playthrough.replay(kruispunt, 1, ["luister"])
    assert best_options(values(play.state)) == {"grens"}


def test_case_summary(recorded: Recorded) -> None:
    s = stats(recorded).summary
    assert s.finished == 5
    assert s.mean == Fraction("52.34")
    assert s.median == Fraction("41.7")
    assert s.stdev == pytest.approx(41.0534, abs=1e-4)  # sqrt(6741.512 / 4)
    assert (s.minimum, s.maximum) == (5.0, 95.0)
    counts = {b.low: b.count for b in s.histogram}
    assert counts == {0: 1, 10: 0, 20: 1, 30: 0, 40: 1, 50: 0, 60: 0, 70: 0, 80: 0, 90: 2}
    assert s.verdicts == {"tandeloos": 1, "in balans": 2, "eindeloos": 2, "niets gedaan": 0}
    assert s.verdict_share("in balans") == Fraction(2, 5)


def test_facility_and_discrimination(recorded: Recorded) -> None:
    st = stats(recorded)
    intake = st.item("intake")
    assert (intake.decisions, intake.took_best, intake.facility) == (5, 3, Fraction(3, 5))
    assert intake.best == {"luister": 5}
    # (71.667 - 23.35) / 36.7192 * sqrt(0.6 * 0.4)
    assert intake.discrimination == pytest.approx(0.6446, abs=1e-4)
    assert intake.mean_total_best == Fraction(215, 3)
    gesprek = st.item("gesprek")
    assert gesprek.best == {"grens": 3, "help_aan": 2}
    assert (gesprek.took_best, gesprek.facility) == (3, Fraction(3, 5))
    # took best: 95, 95, 41.7 (mean 77.233); not: 25, 5 (mean 15)
    assert gesprek.discrimination == pytest.approx(0.8303, abs=1e-4)
    data = st.to_json()
    assert data["decision_points"][0]["facility"] == 0.6
    assert data["summary"]["verdicts"]["eindeloos"] == {"count": 2, "share": 0.4}
    assert data["skipped_attempts"] == 0


def test_cohort_and_first_only(recorded: Recorded) -> None:
    assert stats(recorded, cohort="B").summary.finished == 0
    first = stats(recorded, first_only=True)
    assert first.summary.finished == 4  # T1, T2 (first), T3, T4
    assert first.item("intake").facility == Fraction(1, 2)


def test_helpers() -> None:
    assert point_biserial([True, True], [1.0, 2.0]) is None
    assert point_biserial([True, False], [3.0, 3.0]) is None
    assert point_biserial([True, False], [3.0, 1.0]) == pytest.approx(1.0)
    bins = histogram([0, 9.9, 10, 99.9, 100])
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert (bins[-1].low, bins[-1].high) == (90, 100)


def test_text(recorded: Recorded) -> None:
    text = items_text(stats(recorded))
    assert "gemiddeld 52,3, mediaan 41,7" in text
    assert "Intake: 5 beslissingen" in text and "gemak 0,60" in text and "+0,64" in text
    assert "beste optie: Luister eerst" in text
    assert "intake" not in text and "luister" not in text  # ids only in --json


# -- the valuation per future agrees with the valuation per state ----------------------


def reference_values(scenario: Scenario, state: PlayState) -> dict[str, Fraction | None]:
    """The straightforward valuation: every option stepped and searched from this state."""
    machine = machine_for(scenario)
    values: dict[str, Fraction | None] = {}
    for choice in offered(scenario, state):
        goto = choice.goto
        outcomes = (
            sorted({o.scene for o in goto.options}) if isinstance(goto, GotoRandom) else [None]
        )
        best: Fraction | None = None
        for outcome in outcomes:
            try:
                after = machine.step(state, choice.id, lambda s, g, o=outcome: o)  # type: ignore[misc]
            except EngineError:
                continue
            run = best_continuation(scenario, after)
            if run is not None and (best is None or run.total > best):
                best = run.total
        values[choice.id] = best
    return values


_loaded: dict[Path, Scenario] = {}


def load_case(path: Path, monkeypatch: pytest.MonkeyPatch) -> Scenario:
    """The case at ``path``, loaded once per test module (its path graph is built once)."""
    if path == LOOP:
        # Its graph is incomplete at any bound; keep the searches short.
        monkeypatch.setattr(paths.continuations, "GRAPH_MAX_STATES", 3_000)
        monkeypatch.setattr(paths.continuations, "FALLBACK_MAX_STATES", 300)
    if path not in _loaded:
        _loaded[path] = load_scenario_or_raise(path)
    return _loaded[path]


def walk(scenario: Scenario, rng: random.Random, seed: int, longest: int) -> list[PlayState]:
    """The states of one random attempt (random choices, seeded draws), ending included."""
    machine = machine_for(scenario)
    state = machine.start(seed)
    states = [state]
    for _ in range(rng.randint(1, longest)):
        if state.status == "finished":
            break
        state = machine.step(state, rng.choice(offered(scenario, state)).id, seeded_draw)
        states.append(state)
    return states


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_option_values_per_future_agree_with_a_search_per_state(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load_case(path, monkeypatch)
    values = OptionValues(scenario)
    rng = random.Random(path.stem)
    prefixes = set()
    for seed in range(25 if path == LOOP else 50):
        for state in walk(scenario, rng, seed, 12 if path == LOOP else 40):
            assert values(state) == reference_values(scenario, state), (state.chosen, state.draws)
            prefixes.add((tuple(state.chosen), tuple(state.draws)))
    assert len(values.memo) <= len(prefixes)
    if path == LOOP:  # different paths to one future (the old memo held every prefix)
        assert len(values.memo) < len(prefixes)
        assert any(isinstance(c.goto, GotoRandom) for c in scenario.choices.values())


def random_rows(scenario: Scenario, rng: random.Random, n: int, longest: int) -> list[AttemptRow]:
    """Attempts as stored, some of them broken the ways a replay can break."""
    foreign = sorted(scenario.choices)
    scenes = sorted(scenario.scenes)
    rows = []
    for i in range(n):
        state = walk(scenario, rng, i, longest)[-1]
        chosen, draws, seed = list(state.chosen), list(state.draws), state.seed
        kind = i % 7
        if kind == 2 and draws:
            draws.pop()  # the last draw is seeded again (by this seed: the same scene)
        elif kind == 3 and draws:
            draws.pop()
            seed += 1  # ... by another seed: the rest may no longer be offered
        elif kind == 4 and draws:
            draws[rng.randrange(len(draws))] = rng.choice(scenes)  # mostly not an outcome there
        elif kind == 5:
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(foreign))
        elif kind == 6 and state.status == "finished":
            chosen.append(rng.choice(foreign))  # a choice after the ending
        total = round(rng.uniform(0, 100), 1)
        rows.append(AttemptRow(i + 1, i % 5, 1, "finished", total, None, chosen, seed, draws))
    return rows


def reference_statistics(
    scenario: Scenario, rows: list[AttemptRow]
) -> tuple[dict[str, tuple[int, int, dict[str, int], Fraction | None]], int]:
    """Per decision point (decisions, took best, best options, mean total when best), skipped:
    replayed state by state with ``step`` and valued per state."""
    machine = machine_for(scenario)
    found: dict[str, list[tuple[bool, set[str], float]]] = {}
    skipped = 0
    for row in rows:
        draw = forced_draws(row.draws)
        seen = []
        try:
            state = machine.start(row.seed)
            for cid in row.chosen:
                best = best_options(reference_values(scenario, state))
                seen.append((state.scene, cid in best, best))
                state = machine.step(state, cid, draw)
        except (EngineError, KeyError):
            skipped += 1
            continue
        assert row.total is not None
        for scene, took, best in seen:
            found.setdefault(scene, []).append((took, best, row.total))
    expected = {}
    for scene, decisions in found.items():
        bests: Counter[str] = Counter()
        for _, best, _ in decisions:
            bests.update(best)
        totals = [exact(total) for flag, _, total in decisions if flag]
        mean = sum(totals, Fraction(0)) / len(totals) if totals else None
        expected[scene] = (len(decisions), len(totals), dict(sorted(bests.items())), mean)
    return expected, skipped


class NearTheCap(Futures):
    """Pretends the decision cap is close: keys past 4 decisions hold their depth."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario)
        self.depth_free = 4


@pytest.mark.parametrize("near_cap", [False, True], ids=["free", "near-cap"])
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_statistics_agree_with_a_replay_state_by_state(
    path: Path, near_cap: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load_case(path, monkeypatch)
    if near_cap:
        monkeypatch.setattr(option_values, "Futures", NearTheCap)
    rng = random.Random(f"{path.stem}/rows")
    rows = random_rows(scenario, rng, 30 if path == LOOP else 70, 12 if path == LOOP else 40)
    version = Version(1, "0" * 64, scenario.title, datetime(2026, 1, 1), len(rows))
    sample = Sample(Selection(scenario.id), (version,), (version,), {1: scenario}, tuple(rows))
    stats = statistics_of(sample)
    expected, skipped = reference_statistics(scenario, rows)
    assert 0 < stats.skipped == skipped < len(rows)
    got = {
        i.scene: (i.decisions, i.took_best, i.best, i.mean_total_best)
        for i in stats.items
        if i.decisions
    }
    assert got == expected


def test_items_count_the_places_the_chosen_options_were_shown_at(recorded: Recorded) -> None:
    """Recorded in file order: at the intake the finished attempts took luister (shown
    first) three times and dreig (shown second) twice."""
    with recorded.store.db.sessions() as s:
        stats = item_statistics(s, Selection("kruispunt"))
    intake = stats.item("intake")
    assert intake.by_position == (3, 2)
    assert sum(stats.item("gesprek").by_position) == stats.item("gesprek").decisions
    assert stats.to_json()["decision_points"][0]["chosen_by_position"] == [3, 2]
    assert "gekozen per plek 1:3 2:2" in items_text(stats)
