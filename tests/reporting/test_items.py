"""Item statistics against hand-computed numbers (see conftest's table).

Best continuations in ``kruispunt``: from the start, luister -> grens reaches 95 (dreig
at best 41.7), so ``luister`` is best at the intake; after ``luister`` the best is
``grens`` (95 against 25), after ``dreig`` it is ``help_aan`` (41.7 against 5).
Totals of the five finished attempts: 95, 25, 95, 41.7, 5 (mean 52.34, population
standard deviation sqrt(6741.512 / 5) = 36.7192).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.reporting.common import Selection
from frontlijn_game.reporting.items import (
    OptionValues,
    best_options,
    format_text,
    histogram,
    item_statistics,
    point_biserial,
)
from frontlijn_game.scenario.model import Scenario
from reporting.conftest import Recorded


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
    text = format_text(stats(recorded))
    assert "mean 52.3, median 41.7" in text
    assert "intake" in text and "0.60" in text and "+0.64" in text
