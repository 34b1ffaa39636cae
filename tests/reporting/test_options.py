"""Option distribution against hand-computed numbers (see conftest's table)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from frontlijn_game.reporting.common import ReportError, Selection
from frontlijn_game.reporting.options import option_distribution
from frontlijn_game.service.report_text import options_text
from reporting.conftest import Recorded, changed_version, record


def dist(rec: Recorded, **kw: object):  # type: ignore[no-untyped-def]
    with rec.store.db.sessions() as s:
        return option_distribution(s, Selection("kruispunt", **kw))  # type: ignore[arg-type]


def test_all_attempts(recorded: Recorded) -> None:
    d = dist(recorded)
    assert (d.attempts, d.finished) == (6, 5)
    assert [p.scene for p in d.points] == ["intake", "gesprek"]
    intake = d.point("intake")
    assert (intake.decisions, intake.attempts) == (6, 6)
    luister, dreig = intake.options
    assert (luister.choice, luister.count, luister.share) == ("luister", 4, Fraction(2, 3))
    assert (luister.attempts, luister.finished) == (4, 3)
    assert luister.mean_total == Fraction(215, 3)  # (95 + 25 + 95) / 3
    assert (dreig.count, dreig.share, dreig.mean_total) == (2, Fraction(1, 3), Fraction("23.35"))
    gesprek = d.point("gesprek")
    assert (gesprek.decisions, gesprek.attempts) == (5, 5)
    assert gesprek.option("grens").count == 3
    assert gesprek.option("grens").share == Fraction(3, 5)
    assert gesprek.option("grens").mean_total == 65  # (95 + 95 + 5) / 3
    assert gesprek.option("help_aan").mean_total == Fraction("33.35")  # (25 + 41.7) / 2
    data = d.to_json()
    assert data["decision_points"][0]["options"][0] == {
        "choice": "luister",
        "text": "Luister eerst",
        "help": 1,
        "sanction": 0,
        "count": 4,
        "share": 0.6667,
        "attempts": 4,
        "finished_attempts": 3,
        "mean_total": 71.7,
        "in_newest_version": True,
        "chosen_by_position": [4, 0],  # shown first each time (file order)
    }
    assert data["decision_points"][0]["options"][1]["mean_total"] == 23.4  # half up
    assert (luister.by_position, dreig.by_position, intake.by_position) == ((4, 0), (0, 2), (4, 2))
    assert "gekozen per getoonde plek: 1:4 2:2" in options_text(d)


def test_first_attempts_only(recorded: Recorded) -> None:
    d = dist(recorded, first_only=True)
    assert d.attempts == 5  # T2's second attempt is left out
    luister = d.point("intake").option("luister")
    assert (luister.count, luister.share, luister.mean_total) == (3, Fraction(3, 5), 60)
    grens = d.point("gesprek").option("grens")
    assert (grens.count, grens.mean_total) == (2, 50)  # (95 + 5) / 2


def test_cohort(recorded: Recorded) -> None:
    d = dist(recorded, cohort="A")
    assert d.attempts == 5
    assert d.point("intake").option("luister").count == 3
    b = dist(recorded, cohort="B")
    assert b.attempts == 1 and b.finished == 0
    luister = b.point("intake").option("luister")
    assert (luister.count, luister.share, luister.mean_total) == (1, 1, None)
    assert b.point("gesprek").decisions == 0
    assert b.point("gesprek").option("grens").share is None


def test_versions(recorded: Recorded) -> None:
    v2 = changed_version(recorded.scenario)
    record(recorded.store, "T1", v2, ("dreig", "help_aan"))
    newest = dist(recorded)
    assert newest.attempts == 1 and len(newest.available) == 2
    assert newest.versions[0].content_hash == v2.content_hash
    assert newest.point("intake").option("dreig").count == 1
    pooled = dist(recorded, all_versions=True)
    assert pooled.attempts == 7
    assert pooled.point("intake").option("dreig").count == 3
    old = dist(recorded, version=recorded.scenario.content_hash[:10])
    assert old.attempts == 6
    # T1's first attempt was on the old version: the new one holds no first attempt.
    assert dist(recorded, first_only=True).attempts == 0
    with pytest.raises(ReportError):
        dist(recorded, version="zzzz")


def test_unknown_case(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s, pytest.raises(ReportError):
        option_distribution(s, Selection("nope"))


def test_text(recorded: Recorded) -> None:
    """The text is for people: scene titles and option texts, Dutch decimals; no ids."""
    text = options_text(dist(recorded))
    assert "Intake: 6 beslissingen in 6 pogingen" in text
    assert "Luister eerst" in text and "66,7%" in text and "71,7" in text
    assert "luister" not in text and "intake" not in text
