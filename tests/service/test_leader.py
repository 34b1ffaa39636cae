"""The progress matrix against numbers worked out by hand (the data set in ``leaderhelp``), and the
cohort writes of the leader's application layer.

Totals (DESIGN.md scoring; ui-proef: band 30-50 %, tolerance 0.25, weights 0.4/0.4/0.2,
competencies situatieanalyse 1 + opvolging 1, order [situatieanalyse, sanction];
ui-kort: weights 0.5/0.5/0):

- praat, moeder, volg_op: H 3, S 2, balance 0.4 -> 100; outcome 90; process 100
  (both competencies, order kept) -> 0.4*100 + 0.4*90 + 0.2*100 = 96.0
- praat, schuldhulp, laat_los: H 4, S 0 -> balance 0, 0.30 under the band -> 0; outcome
  55; process 100 (no sanction: the order rule is kept) -> 0 + 22 + 20 = 42.0
- bel_politie, straf: H 0, S 4 -> 0; outcome 15; process 0 (no competence; sanction
  without situatieanalyse breaks the rule) -> 6.0
- ui-kort samen: H 1, S 1 -> 0.5, in the band -> 100; outcome 70 -> 85.0
- ui-kort inval: S 3 -> 0; outcome 70 -> 35.0 (a good ending, but under 60)

Cohort groep-a against ui-basis (m1: ui-proef >= 70; m2: ui-kort >= 60, good or mixed):

=====  ====================  ==================  ======================
code   m1/ui-proef           m2/ui-kort          modules
=====  ====================  ==================  ======================
T1     passed, 96.0, 1 att.  passed, 85.0, 1     m1 passed, m2 passed
T2     passed, 96.0, 2 att.  not started         m1 passed, m2 open
T3     in progress, 1 att.   failed, 35.0, 1     m1 open, m2 locked
=====  ====================  ==================  ======================
"""

from __future__ import annotations

from typing import Any

import pytest
from leaderhelp import Recorded
from uihelp import CONTENT

from frontlijn_game.scenario.content import load_library
from frontlijn_game.service.errors import LeaderDataError
from frontlijn_game.service.leader import LeaderData
from frontlijn_game.service.matrix_view import MatrixQuery, matching_rows, page_of
from frontlijn_game.service.scope import LeaderScope
from frontlijn_game.store.service import Store


def data_of(url: str) -> LeaderData:
    return LeaderData(Store.open(url), load_library(CONTENT), LeaderScope.owner())


def cells(matrix: Any) -> dict[str, list[tuple[str, float | None, int, int]]]:
    return {
        row.code: [(c.status, c.best_total, c.attempts, c.finished) for c in row.cells]
        for row in matrix.rows
    }


def test_cohort_matrix_by_hand(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    found = data.matrix("groep-a")
    matrix = found.matrix
    assert found.curriculum_id == "ui-basis" and found.curricula == ("ui-basis",)
    assert [c.key for c in matrix.columns] == ["m1/ui-proef", "m2/ui-kort"]
    assert cells(matrix) == {
        "T1": [("passed", 96.0, 1, 1), ("passed", 85.0, 1, 1)],
        "T2": [("passed", 96.0, 2, 2), ("not_started", None, 0, 0)],
        "T3": [("in_progress", None, 1, 0), ("failed", 35.0, 1, 1)],
    }
    modules = {r.code: [(m.module_id, m.open, m.passed) for m in r.modules] for r in matrix.rows}
    assert modules == {
        "T1": [("m1", True, True), ("m2", True, True)],
        "T2": [("m1", True, True), ("m2", True, False)],
        "T3": [("m1", True, False), ("m2", False, False)],
    }
    data.store.close()


def test_everyone_without_a_curriculum(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    matrix = data.matrix(None).matrix
    assert [c.key for c in matrix.columns] == ["ui-kort", "ui-proef"]
    assert cells(matrix) == {
        "T1": [("finished", 85.0, 1, 1), ("finished", 96.0, 1, 1)],
        "T2": [("not_started", None, 0, 0), ("finished", 96.0, 2, 2)],
        "T3": [("finished", 35.0, 1, 1), ("in_progress", None, 1, 0)],
        "T4": [("not_started", None, 0, 0), ("finished", 6.0, 1, 1)],
    }
    # A cohort without a curriculum: its members, the cases they played.
    empty = data.matrix("groep-b").matrix
    assert len(empty.rows) == 0 and empty.columns == ()
    data.store.close()


def test_sort_filter_and_pages(recorded: Recorded) -> None:
    data = data_of(recorded.url)
    matrix = data.matrix("groep-a").matrix

    def codes(**query: Any) -> list[str]:
        return [r.code for r in matching_rows(matrix, MatrixQuery(**query))]

    assert codes() == ["T1", "T2", "T3"]
    assert codes(descending=True) == ["T3", "T2", "T1"]
    assert codes(sort="m2/ui-kort", descending=True) == ["T1", "T3", "T2"]  # 85, 35, none
    assert codes(sort="m2/ui-kort") == ["T3", "T1", "T2"]  # empty cells stay last
    assert codes(sort="m1/ui-proef", descending=True) == ["T1", "T2", "T3"]  # tie: by code
    assert codes(sort="passed", descending=True) == ["T1", "T2", "T3"]  # 2, 1, 0
    assert codes(text="t2") == ["T2"]
    assert codes(status="failed", status_column="m2/ui-kort") == ["T3"]
    assert codes(status="not_started") == ["T2"]
    assert codes(status="passed", status_column="m1/ui-proef") == ["T1", "T2"]
    page = page_of(matrix, MatrixQuery(page_size=2, page=1))
    assert [r.code for r in page.rows] == ["T3"] and (page.pages, page.first) == (2, 3)
    assert page_of(matrix, MatrixQuery(page_size=2, page=9)).page == 1  # clamped
    data.store.close()


def test_a_duplicate_cohort_is_refused(recorded: Recorded) -> None:
    with Store.open(recorded.url) as store:
        data = LeaderData(store, load_library(CONTENT), LeaderScope.owner())
        with pytest.raises(LeaderDataError, match=r"Cohort groep-a bestaat al\."):
            data.create_cohort("groep-a", None)
        with pytest.raises(LeaderDataError, match="Onbekend curriculum: nergens"):
            data.create_cohort("nieuw", "nergens")
        with pytest.raises(LeaderDataError, match="geen bruikbare code"):
            data.enrol("groep-b", ["goed", "fout code!"])
        assert [c.name for c in store.list_cohorts()] == ["groep-a", "groep-b"]
        assert store.list_trainees("groep-b") == []  # nothing half done
