"""The progress matrix: trainees x cases of a cohort, coloured by the curriculum's rules.

Read from the ``progress`` summary (one row per trainee and case, kept by the store in
the same transaction as the attempts), so a cohort of thousands costs one scan of that
table plus the open attempts (a partial index). Pass rules (``scenario.curriculum``) are
applied exactly: a cell passes when some finished attempt has ``total >= min_score`` and,
if the module names ending kinds, one of those kinds. The best attempt decides most cells;
only where the best total is high enough but its ending kind is not allowed are that
trainee's other attempts of the case looked at.

Columns follow the curriculum (module by module; a case in two modules is two columns,
each with its module's rule). Without a curriculum the columns are the cases played,
sorted, and a cell is only ``finished`` / ``in_progress`` / ``abandoned`` /
``not_started``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import IO, Any

from sqlalchemy import Engine, Select, and_, select, text, true
from sqlalchemy.orm import Session

from frontlijn_game.reporting.matrix_cells import (
    ABANDONED,
    EMPTY,
    FAILED,
    FINISHED,
    IN_PROGRESS,
    NOT_STARTED,
    PASSED,
    STATUSES,
    Cell,
    Column,
    ModuleState,
    Row,
)
from frontlijn_game.reporting.matrix_rows import LazyRows
from frontlijn_game.scenario.model import Curriculum
from frontlijn_game.store.leader_cohorts import CohortLimit, trainee_within, within_sql
from frontlijn_game.store.models import (
    OPEN_WHERE,
    Attempt,
    CohortMember,
    Enrolment,
    Trainee,
)
from frontlijn_game.store.people import get_cohort


@dataclass(frozen=True)
class ProgressMatrix:
    cohort: str | None
    curriculum: Curriculum | None
    columns: tuple[Column, ...]
    rows: Sequence[Row]
    """Built on first access, a chunk of rows at a time (see :class:`LazyRows`)."""

    def column_index(self, key: str) -> int:
        """The column of ``module/scenario`` (or of a scenario id, its first column)."""
        for i, column in enumerate(self.columns):
            if key in (column.key, column.scenario_id):
                return i
        raise KeyError(key)

    def row(self, code: str) -> Row:
        return next(r for r in self.rows if r.code == code)

    def sorted_by(self, column: str | None = None, reverse: bool = False) -> list[Row]:
        """Rows by trainee code (``column=None``), or by a column's best total (empty last)."""
        if column is None:
            return sorted(self.rows, key=lambda r: r.code, reverse=reverse)
        index = self.column_index(column)
        rows = self.rows
        if isinstance(rows, LazyRows):  # sort on the stored totals: build no cells
            order = rows.order_by_total(self.columns[index].scenario_id, reverse)
            return [rows[i] for i in order]

        def key(row: Row) -> tuple[bool, float, str]:
            total = row.cells[index].best_total
            return (total is None, -(total or 0.0) if reverse else (total or 0.0), row.code)

        return sorted(rows, key=key)

    def filtered(
        self, text: str = "", status: str | None = None, column: str | None = None
    ) -> list[Row]:
        """Rows whose code or name contains ``text`` and (optionally) with a cell of
        ``status`` (in ``column``, or in any column)."""
        needle = text.casefold()
        index = None if column is None else self.column_index(column)
        rows = self.rows
        out = []
        for i in range(len(rows)):
            if needle:
                if isinstance(rows, LazyRows):  # match on code and name: build no cells
                    _, code, name = rows.trainees[i]
                else:
                    code, name = rows[i].code, rows[i].display_name
                if needle not in code.casefold() and (
                    name is None or needle not in name.casefold()
                ):
                    continue
            row = rows[i]
            if status is not None:
                cells = row.cells if index is None else (row.cells[index],)
                if not any(c.status == status for c in cells):
                    continue
            out.append(row)
        return out

    def page(self, offset: int, limit: int, rows: Sequence[Row] | None = None) -> Sequence[Row]:
        """``limit`` rows from ``offset`` (of ``rows``, default all): builds only those."""
        source = self.rows if rows is None else rows
        return source[offset : offset + limit]

    def status_counts(self, column: str) -> dict[str, int]:
        index = self.column_index(column)
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.cells[index].status] += 1
        return counts

    def first_totals(self, trainee_ids: Sequence[int] | None = None) -> FirstTotals:
        """(trainee id, case) -> total of that trainee's finished first attempt at the case.

        Asked for, not built with the cells: a page of the matrix stays one scan of the
        progress summary (the first attempts are not in it, and reading them per chunk
        of rows costs a scan of the attempts). The screen asks for the trainee under the
        cursor, an export for every trainee (``None``: all rows of this matrix).
        """
        if trainee_ids is None:
            trainee_ids = (
                [r.trainee_id for r in self.rows]
                if not isinstance(self.rows, LazyRows)
                else [t[0] for t in self.rows.trainees]
            )
        bind = self.rows.bind if isinstance(self.rows, LazyRows) else None
        if bind is None or not trainee_ids:
            return {}
        return first_attempt_totals(bind, trainee_ids)

    def first_total(self, firsts: FirstTotals, row: Row, index: int) -> float | None:
        """The first attempt's total in one cell, from :meth:`first_totals`."""
        return firsts.get((row.trainee_id, self.columns[index].scenario_id))

    def to_json(self, firsts: FirstTotals | None = None) -> dict[str, Any]:
        """The matrix as data; each cell's ``first_total`` too when ``firsts`` is given."""

        def cell_json(row: Row, index: int, cell: Cell) -> dict[str, Any]:
            data = cell.to_json()
            if firsts is not None:
                data["first_total"] = self.first_total(firsts, row, index)
            return data

        return {
            "cohort": self.cohort,
            "curriculum": None if self.curriculum is None else self.curriculum.id,
            "columns": [
                {
                    "key": c.key,
                    "scenario": c.scenario_id,
                    "module": c.module_id,
                    "min_score": None if c.rule is None else float(c.rule.min_score),
                    "ending_kind": None
                    if c.rule is None or c.rule.ending_kind is None
                    else list(c.rule.ending_kind),
                }
                for c in self.columns
            ],
            "rows": [
                {
                    "trainee": r.code,
                    "cells": [cell_json(r, k, c) for k, c in enumerate(r.cells)],
                    "modules": {
                        m.module_id: {"open": m.open, "passed": m.passed} for m in r.modules
                    },
                }
                for r in self.rows
            ],
        }


def cohort_curricula(session: Session, cohort: str) -> list[str]:
    """The curriculum ids a cohort is enrolled in."""
    cohort_id = get_cohort(session, cohort).id
    return sorted(
        session.scalars(select(Enrolment.curriculum_id).where(Enrolment.cohort_id == cohort_id))
    )


def columns_of(curriculum: Curriculum) -> tuple[Column, ...]:
    return tuple(
        Column(sid, module.id, module.pass_rule)
        for module in curriculum.modules
        for sid in module.scenarios
    )


def progress_matrix(
    session: Session,
    cohort: str | None = None,
    curriculum: Curriculum | None = None,
    scenario_ids: Sequence[str] | None = None,
    within: CohortLimit | None = None,
) -> ProgressMatrix:
    """The matrix of ``cohort`` (None: every trainee) against ``curriculum``'s columns.

    Without a curriculum the columns are ``scenario_ids``, or every case played.
    ``within``: only the trainees of a cursusleider's cohorts (in each query's SQL).
    """
    cohort_id = None if cohort is None else get_cohort(session, cohort).id
    conn = session.connection()
    # Trainees (rows) in code order.
    tq = select(Trainee.id, Trainee.code, Trainee.display_name).order_by(Trainee.code)
    if cohort_id is not None:
        tq = tq.join(
            CohortMember,
            and_(CohortMember.trainee_id == Trainee.id, CohortMember.cohort_id == cohort_id),
        )
    if within is not None:
        tq = tq.where(trainee_within(within, Trainee.id))
    trainees = conn.execute(tq).all()
    # Progress rows: the full matrix is 60,000 of them, read as plain DBAPI tuples in
    # trainee order and grouped per trainee; cells are made per chunk of rows on access.
    sql = (
        "SELECT p.trainee_id, p.scenario_id, p.attempts, p.finished, p.best_total, "
        "p.best_attempt_id FROM progress p"
    )
    params: tuple[Any, ...] = ()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    if cohort_id is not None:
        sql += " JOIN cohort_members m ON m.trainee_id = p.trainee_id AND m.cohort_id = " + mark
        params = (cohort_id,)
    if within is not None:
        sql += " WHERE " + within_sql("p.trainee_id", mark)
        params += (within.leader_id,)
    sql += " ORDER BY p.trainee_id"
    if curriculum is not None:
        columns = columns_of(curriculum)
    elif scenario_ids is not None:
        columns = tuple(Column(sid) for sid in scenario_ids)
    else:
        columns = ()
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    finally:
        cursor.close()
    groups = {tid: list(rows) for tid, rows in groupby(found, key=itemgetter(0))}
    seen_cases = set(map(itemgetter(1), found))
    if not columns:
        columns = tuple(Column(sid) for sid in sorted(seen_cases))
    oq = open_attempts_query()
    if cohort_id is not None:
        oq = oq.join(
            CohortMember,
            and_(
                CohortMember.trainee_id == Attempt.trainee_id, CohortMember.cohort_id == cohort_id
            ),
        )
    if within is not None:
        oq = oq.where(trainee_within(within, Attempt.trainee_id))
    open_pairs = set(map(tuple, conn.execute(oq).all()))
    rows = LazyRows(session.get_bind(), trainees, groups, open_pairs, columns, curriculum)  # type: ignore[arg-type]
    return ProgressMatrix(cohort, curriculum, columns, rows)


FirstTotals = dict[tuple[int, str], float]


def first_attempt_totals(bind: Engine, trainee_ids: Sequence[int]) -> FirstTotals:
    """(trainee id, case) -> total of the finished first attempt, for these trainees."""
    out: FirstTotals = {}
    ids = sorted(set(trainee_ids))
    with bind.connect() as conn:
        for start in range(0, len(ids), 2000):
            query = select(Attempt.trainee_id, Attempt.scenario_id, Attempt.total).where(
                Attempt.trainee_id.in_(ids[start : start + 2000]),
                Attempt.first_attempt == true(),
                Attempt.status == "finished",
            )
            for tid, sid, total in conn.execute(query):
                if total is not None:
                    out[(tid, sid)] = total
    return out


def open_attempts_query() -> Select[int, str]:
    """(trainee, case) of every open attempt: the partial unique index holds exactly these.

    The predicate is the index's own text: SQLite uses a partial index only for a WHERE it
    can match literally (``status IN (?, ?)`` scans every attempt: 50-70 ms at 180,000).
    """
    return select(Attempt.trainee_id, Attempt.scenario_id).where(text(OPEN_WHERE))


MATRIX_HEADER = (
    "trainee",
    "column",
    "scenario",
    "module",
    "status",
    "best_total",
    "attempts",
    "finished",
    "open",
    "first_total",
)


def write_matrix_csv(matrix: ProgressMatrix, out: IO[str], excel: bool = False) -> None:
    """The matrix as CSV, one line per trainee and column (the dialects of ``csv_export``)."""
    from frontlijn_game.reporting.csv_export import dialect_of, number

    writer = csv.writer(out, dialect=dialect_of(excel))
    writer.writerow(MATRIX_HEADER)
    firsts = matrix.first_totals()
    for row in matrix.rows:
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            first = firsts.get((row.trainee_id, column.scenario_id))
            writer.writerow(
                (
                    row.code, column.key, column.scenario_id, column.module_id or "",
                    cell.status, number(cell.best_total, excel), cell.attempts, cell.finished,
                    int(cell.open), number(first, excel),
                )
            )  # fmt: skip


__all__ = [
    "ABANDONED",
    "EMPTY",
    "FAILED",
    "FINISHED",
    "IN_PROGRESS",
    "MATRIX_HEADER",
    "NOT_STARTED",
    "PASSED",
    "STATUSES",
    "Cell",
    "Column",
    "LazyRows",
    "ModuleState",
    "ProgressMatrix",
    "Row",
    "cohort_curricula",
    "columns_of",
    "first_attempt_totals",
    "progress_matrix",
    "write_matrix_csv",
]
