"""The reporting queries under a cursusleider's limit (``store/leader_cohorts.py``), on
both backends: the matrix, the option distribution, item statistics, the CSV export and
the xAPI statements of a leader of cohort A hold A's trainees (T1-T4) and nothing of B
(T5), computed in the SQL of each backend."""

from __future__ import annotations

import json
from pathlib import Path

from frontlijn_game.reporting.common import Selection, load_sample, versions_of
from frontlijn_game.reporting.csv_export import export_csv
from frontlijn_game.reporting.items import item_statistics
from frontlijn_game.reporting.matrix import progress_matrix
from frontlijn_game.reporting.options import option_distribution
from frontlijn_game.reporting.xapi import XapiSettings
from frontlijn_game.reporting.xapi_export import iter_statements
from frontlijn_game.store.leader_cohorts import CohortLimit, assign, trainee_visible
from frontlijn_game.store.leaders import add_leader, count_leaders
from frontlijn_game.store.people import get_trainee
from reporting.conftest import Recorded

PASSWORD = "een-lange-zin-voor-de-test"


def leader_of(recorded: Recorded, cohort: str | None, name: str = "leider") -> CohortLimit:
    """A cursusleider who leads ``cohort`` (None: none at all)."""
    db = recorded.store.db
    if db.read(count_leaders) == 0:
        db.write(lambda s: add_leader(s, "baas", PASSWORD))  # the first is a beheerder
    record = db.write(lambda s: add_leader(s, name, PASSWORD, role="cursusleider"))
    if cohort is not None:
        db.write(lambda s: assign(s, name, cohort))
    return CohortLimit(record.id)


def test_each_query_keeps_to_the_cohort(recorded: Recorded, tmp_path: Path) -> None:
    within = leader_of(recorded, "A")
    db = recorded.store.db
    case = recorded.scenario.id
    with db.read_session() as s:
        matrix = progress_matrix(s, within=within)
        assert [r.code for r in matrix.rows] == ["T1", "T2", "T3", "T4"]
        assert {r.code for r in progress_matrix(s).rows} == {"T1", "T2", "T3", "T4", "T5"}
        sample = load_sample(s, Selection(case, within=within))
        assert len(sample.attempts) == 5  # ids 1-5, not T5's suspended one
        assert sum(v.attempts for v in versions_of(s, case, within)) == 5
        dist = option_distribution(s, Selection(case, within=within))
        assert dist.to_json()["attempts"] == 5
        header = ("cohort", "versions", "available_versions")  # versions count A's only
        mine = {k: v for k, v in dist.to_json().items() if k not in header}
        cohort_a = option_distribution(s, Selection(case, cohort="A")).to_json()
        assert mine == {k: v for k, v in cohort_a.items() if k not in header}
        items = item_statistics(s, Selection(case, within=within)).to_json()
        assert (
            items["summary"] == item_statistics(s, Selection(case, cohort="A")).to_json()["summary"]
        )
        statements = list(iter_statements(s, XapiSettings(home_page="https://x.nl"), within=within))
        assert statements and '"T5"' not in json.dumps(statements)
        t5 = get_trainee(s, "T5").id
        assert not trainee_visible(s, within, t5)
        assert trainee_visible(s, within, get_trainee(s, "T1").id)
    done = export_csv(db.engine, tmp_path, within=within)
    assert done.attempt_rows == 5
    text = (tmp_path / "attempts.csv").read_text(encoding="utf-8")
    assert ",T5," not in text and ",T1," in text
    assert done.decision_rows == 10  # two decisions in each of A's five attempts


def test_a_cursusleider_without_cohorts_gets_nothing(recorded: Recorded, tmp_path: Path) -> None:
    within = leader_of(recorded, None)
    db = recorded.store.db
    with db.read_session() as s:
        assert len(progress_matrix(s, within=within).rows) == 0
        assert (
            option_distribution(s, Selection(recorded.scenario.id, within=within)).to_json()[
                "attempts"
            ]
            == 0
        )
    done = export_csv(db.engine, tmp_path, within=within)
    assert (done.attempt_rows, done.decision_rows) == (0, 0)
