"""Progress matrix and pass rules against hand-computed cells (see conftest's table).

Progress per trainee in ``kruispunt``: T1 one attempt, 95 (good); T2 two, best 95 (good)
and 25 (mixed); T3 one, 41.7 (mixed); T4 one, 5 (bad); T5 one open attempt.
"""

from __future__ import annotations

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.reporting.matrix import (
    ABANDONED,
    FAILED,
    FINISHED,
    IN_PROGRESS,
    NOT_STARTED,
    PASSED,
    cohort_curricula,
    open_attempts_query,
    progress_matrix,
    write_matrix_csv,
)
from frontlijn_game.scenario.curriculum import (
    AttemptResult,
    curriculum_status,
    load_curriculum_bytes,
)
from frontlijn_game.scenario.model import Curriculum
from reporting.conftest import Recorded

CURRICULUM = b"""\
format: frontlijn/curriculum@1
id: basis
title: "Basis"
modules:
  - id: m1
    scenarios: [kruispunt]
    pass: {min_score: 90}
  - id: m2
    requires: [m1]
    scenarios: [kruispunt]
    pass: {min_score: 40, ending_kind: [mixed]}
  - id: m3
    scenarios: [kruispunt]
    pass: {min_score: 20, ending_kind: [mixed]}
"""


def curriculum() -> Curriculum:
    found, diagnostics = load_curriculum_bytes("basis.yaml", CURRICULUM)
    assert found is not None, diagnostics
    return found


def statuses(matrix, column: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    index = matrix.column_index(column)
    return {row.code: row.cells[index].status for row in matrix.rows}


def test_matrix_with_pass_rules(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s:
        m = progress_matrix(s, curriculum=curriculum())
    assert [c.key for c in m.columns] == ["m1/kruispunt", "m2/kruispunt", "m3/kruispunt"]
    assert [r.code for r in m.rows] == ["T1", "T2", "T3", "T4", "T5"]
    assert statuses(m, "m1/kruispunt") == {
        "T1": PASSED, "T2": PASSED, "T3": FAILED, "T4": FAILED, "T5": IN_PROGRESS,
    }  # fmt: skip
    # min 40 and a mixed ending: only T3's 41.7 (T1's and T2's best ended good).
    assert statuses(m, "m2/kruispunt") == {
        "T1": FAILED, "T2": FAILED, "T3": PASSED, "T4": FAILED, "T5": IN_PROGRESS,
    }  # fmt: skip
    # min 20 and mixed: T2 passes through its other attempt (25, mixed).
    assert statuses(m, "m3/kruispunt") == {
        "T1": FAILED, "T2": PASSED, "T3": PASSED, "T4": FAILED, "T5": IN_PROGRESS,
    }  # fmt: skip
    t2 = m.row("T2").cells[0]
    assert (t2.attempts, t2.finished, t2.best_total, t2.open) == (2, 2, 95.0, False)
    assert t2.best_attempt_id == recorded.ids[2]
    t5 = m.row("T5").cells[0]
    assert (t5.attempts, t5.finished, t5.best_total, t5.open) == (1, 0, None, True)
    modules = {r.code: {x.module_id: (x.open, x.passed) for x in r.modules} for r in m.rows}
    assert modules["T1"] == {"m1": (True, True), "m2": (True, False), "m3": (True, False)}
    assert modules["T3"] == {"m1": (True, False), "m2": (False, True), "m3": (True, True)}


def test_modules_agree_with_curriculum_status(recorded: Recorded) -> None:
    cur = curriculum()
    with recorded.store.db.sessions() as s:
        m = progress_matrix(s, curriculum=cur)
    for row in m.rows:
        finished = [
            AttemptResult(a.scenario_id, a.total, a.ending_kind)
            for a in recorded.store.attempts(trainee=row.code, status="finished")
            if a.total is not None
        ]
        expected = [(x.module.id, x.open, x.passed) for x in curriculum_status(cur, finished)]
        assert [(x.module_id, x.open, x.passed) for x in row.modules] == expected


def test_free_play_cohort_and_statuses(recorded: Recorded) -> None:
    store, case = recorded.store, recorded.scenario
    store.add_trainee("T6", cohort="A")
    store.add_trainee("T7", cohort="A")
    attempt = store.start_attempt("T6", case, Playthrough.start(case, 1).state)
    store.abandon(attempt.id)
    with store.db.sessions() as s:
        m = progress_matrix(s, cohort="A")
        assert cohort_curricula(s, "A") == []
    assert [c.key for c in m.columns] == ["kruispunt"]
    assert statuses(m, "kruispunt") == {
        "T1": FINISHED, "T2": FINISHED, "T3": FINISHED, "T4": FINISHED,
        "T6": ABANDONED, "T7": NOT_STARTED,
    }  # fmt: skip
    assert m.status_counts("kruispunt")[FINISHED] == 4
    assert [r.code for r in m.sorted_by("kruispunt", reverse=True)][:3] == ["T1", "T2", "T3"]
    assert [r.code for r in m.filtered(status=NOT_STARTED)] == ["T7"]
    assert [r.code for r in m.filtered("t6")] == ["T6"]
    # The first attempt's total beside the best: T2 played 25.0, then 95.0.
    totals = m.first_totals()
    firsts = {r.code: (m.first_total(totals, r, 0), r.cells[0].best_total) for r in m.rows}
    assert firsts == {
        "T1": (95.0, 95.0), "T2": (25.0, 95.0), "T3": (41.7, 41.7), "T4": (5.0, 5.0),
        "T6": (None, None), "T7": (None, None),
    }  # fmt: skip
    t2 = m.row("T2")
    assert m.first_totals([t2.trainee_id]) == {(t2.trainee_id, "kruispunt"): 25.0}
    assert m.to_json(totals)["rows"][1]["cells"][0]["first_total"] == 25.0
    assert "first_total" not in m.to_json()["rows"][1]["cells"][0]


def test_matrix_csv(recorded: Recorded) -> None:
    import io

    with recorded.store.db.sessions() as s:
        m = progress_matrix(s, curriculum=curriculum())
    out = io.StringIO()
    write_matrix_csv(m, out, excel=True)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "trainee;column;scenario;module;status;best_total;attempts;finished;open;first_total"
    )
    assert "T3;m1/kruispunt;kruispunt;m1;failed;41,7;1;1;0;41,7" in lines
    assert "T2;m1/kruispunt;kruispunt;m1;passed;95,0;2;2;0;25,0" in lines
    assert m.to_json()["columns"][1]["ending_kind"] == ["mixed"]


def test_rows_are_built_in_chunks(recorded: Recorded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontlijn_game.reporting.matrix import LazyRows

    with recorded.store.db.sessions() as s:
        whole = progress_matrix(s, curriculum=curriculum())
    expected = {col.key: statuses(whole, col.key) for col in whole.columns}
    monkeypatch.setattr(LazyRows, "CHUNK", 2)
    with recorded.store.db.sessions() as s:
        chunked = progress_matrix(s, curriculum=curriculum())
    assert isinstance(chunked.rows, LazyRows)
    assert [r.code for r in chunked.page(2, 2)] == ["T3", "T4"]
    assert len(chunked.rows._built) == 1  # only the chunk holding rows 2 and 3 was built
    assert {col.key: statuses(chunked, col.key) for col in chunked.columns} == expected
    assert chunked.rows[-1].code == "T5"


def test_open_attempts_are_read_from_the_partial_index(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s:
        conn = s.connection()
        query = open_attempts_query()
        assert {tuple(r) for r in conn.execute(query)} == {(5, "kruispunt")}  # T5's open one
        if conn.dialect.name == "sqlite":
            compiled = query.compile(dialect=conn.dialect)
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled)).all()
            assert "uq_attempts_open" in " ".join(str(row) for row in plan)
