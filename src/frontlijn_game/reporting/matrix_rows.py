"""The rows of the progress matrix, built a chunk at a time as a table shows them.

``matrix.progress_matrix`` reads the progress summary once; :class:`LazyRows` turns it
into cells per trainee only for the rows asked for, applying each column's pass rule
(:class:`Passer`, on the stored totals) and checking ending kinds in one batch a chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any, overload

from sqlalchemy import Engine, func, select

from frontlijn_game.reporting.common import exact
from frontlijn_game.reporting.matrix_cells import (
    ABANDONED,
    EMPTY,
    FAILED,
    FINISHED,
    IN_PROGRESS,
    PASSED,
    Cell,
    Column,
    ModuleState,
    Row,
)
from frontlijn_game.scenario.model import Curriculum, PassRule
from frontlijn_game.store.models import (
    Attempt,
)


class Passer:
    """``attempt_passes`` for one rule, on stored totals, without a Fraction per cell."""

    def __init__(self, rule: PassRule) -> None:
        self.rule = rule
        self.low = float(rule.min_score) - 1e-6
        self.high = float(rule.min_score) + 1e-6
        self.kinds = None if rule.ending_kind is None else frozenset(rule.ending_kind)

    def total_ok(self, total: float) -> bool:
        if total > self.high:
            return True
        if total < self.low:
            return False
        return exact(total) >= Fraction(self.rule.min_score)


class LazyRows(Sequence[Row]):
    """The matrix rows, built ``CHUNK`` at a time on first access and then kept.

    A virtualised table asks only for the rows it shows, so a cohort of thousands costs
    the progress scan and the rows on screen. The ending-kind checks of a chunk run as
    one batch on a short connection of their own (the query's session may be gone).
    """

    CHUNK = 200

    def __init__(
        self,
        bind: Engine,
        trainees: Sequence[Any],
        groups: dict[int, list[tuple[Any, ...]]],
        open_pairs: set[tuple[int, str]],
        columns: tuple[Column, ...],
        curriculum: Curriculum | None,
    ) -> None:
        self.bind = bind
        self.trainees = trainees
        self.groups = groups
        """Trainee id -> its progress rows (trainee, case, attempts, finished, best, id)."""
        self.open_pairs = open_pairs
        self.columns = columns
        self.curriculum = curriculum
        self.passers = [None if c.rule is None else Passer(c.rule) for c in columns]
        self._built: dict[int, list[Row]] = {}

    def __len__(self) -> int:
        return len(self.trainees)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        chunk = index // self.CHUNK
        rows = self._built.get(chunk)
        if rows is None:
            rows = self._built[chunk] = self._build(chunk)
        return rows[index % self.CHUNK]

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self[i]

    def order_by_total(self, scenario_id: str, reverse: bool) -> list[int]:
        """Row indices by best total of a case (empty last), then by code."""

        def key(i: int) -> tuple[bool, float, str]:
            mine = self.groups.get(self.trainees[i][0], ())
            total = next((r[4] for r in mine if r[1] == scenario_id), None)
            value = total or 0.0
            return (total is None, -value if reverse else value, self.trainees[i][1])

        return sorted(range(len(self)), key=key)

    def _build(self, chunk: int) -> list[Row]:
        start = chunk * self.CHUNK
        people = self.trainees[start : start + self.CHUNK]
        columns, passers = self.columns, self.passers
        groups, open_pairs = self.groups, self.open_pairs
        grid: list[list[Cell]] = []
        check: list[tuple[int, int]] = []  # (row, column) whose ending kind must be checked
        new = tuple.__new__  # Cell(...) runs a Python-level __new__: 60,000 of them
        for r, (tid, _, _) in enumerate(people):
            cells: list[Cell] = []
            mine = {row[1]: row for row in groups.get(tid, ())}
            for k, column in enumerate(columns):
                is_open = (tid, column.scenario_id) in open_pairs if open_pairs else False
                found = mine.get(column.scenario_id)
                if found is None:
                    cells.append(Cell(0, 0, None, None, True, IN_PROGRESS) if is_open else EMPTY)
                    continue
                n, fin, best, best_id = found[2:]
                passer = passers[k]
                if passer is not None and fin and best is not None and passer.total_ok(best):
                    if passer.kinds is not None:
                        check.append((r, k))
                    cells.append(new(Cell, (n, fin, best, best_id, is_open, PASSED)))
                    continue
                if is_open:
                    status = IN_PROGRESS
                elif fin:
                    status = FAILED if passer is not None else FINISHED
                else:
                    status = ABANDONED
                cells.append(new(Cell, (n, fin, best, best_id, is_open, status)))
            grid.append(cells)
        if check:
            with self.bind.connect() as conn:
                _check_kinds(conn, people, columns, passers, grid, check)
        curriculum = self.curriculum
        out = []
        for (tid, code, name), cells in zip(people, grid, strict=True):
            modules = _modules(curriculum, columns, cells) if curriculum is not None else ()
            out.append(Row(tid, code, name, tuple(cells), modules))
        return out


def _check_kinds(
    conn: Any,
    trainees: Sequence[Any],
    columns: Sequence[Column],
    passers: Sequence[Passer | None],
    grid: list[list[Cell]],
    check: list[tuple[int, int]],
) -> None:
    """Demote PASSED cells whose rule names ending kinds and no allowed attempt passes.

    The best attempt's ending kind settles most cells (one look-up per cell by primary
    key, in chunks); where it is not allowed, the best finished attempt with an allowed
    kind decides (one grouped query per case).
    """
    ids = sorted({grid[r][k].best_attempt_id or -1 for r, k in check})
    kinds: dict[int, str | None] = {}
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        kinds.update(
            conn.execute(select(Attempt.id, Attempt.ending_kind).where(Attempt.id.in_(chunk))).all()
        )
    again: dict[tuple[str, frozenset[str]], list[tuple[int, int]]] = {}
    for r, k in check:
        passer = passers[k]
        assert passer is not None and passer.kinds is not None
        if kinds.get(grid[r][k].best_attempt_id or -1) not in passer.kinds:
            again.setdefault((columns[k].scenario_id, passer.kinds), []).append((r, k))
    for (sid, allowed), cells in again.items():
        tids = sorted({trainees[r][0] for r, _ in cells})
        tops: dict[int, float] = {}
        for start in range(0, len(tids), 2000):
            chunk = tids[start : start + 2000]
            tops.update(
                conn.execute(
                    select(Attempt.trainee_id, func.max(Attempt.total))
                    .where(
                        Attempt.scenario_id == sid,
                        Attempt.trainee_id.in_(chunk),
                        Attempt.status == "finished",
                        Attempt.ending_kind.in_(sorted(allowed)),
                    )
                    .group_by(Attempt.trainee_id)
                ).all()
            )
        for r, k in cells:
            passer = passers[k]
            assert passer is not None
            top = tops.get(trainees[r][0])
            if top is not None and passer.total_ok(float(top)):
                continue
            cell = grid[r][k]
            status = IN_PROGRESS if cell.open else FAILED
            grid[r][k] = cell._replace(status=status)


def _modules(
    curriculum: Curriculum, columns: Sequence[Column], cells: Sequence[Cell]
) -> tuple[ModuleState, ...]:
    """``curriculum_status`` from the cells: passed when all its columns passed."""
    passed: dict[str, bool] = {}
    for column, cell in zip(columns, cells, strict=True):
        if column.module_id is not None:
            passed[column.module_id] = passed.get(column.module_id, True) and cell.status == PASSED
    return tuple(
        ModuleState(m.id, all(passed.get(r, False) for r in m.requires), passed.get(m.id, False))
        for m in curriculum.modules
    )


__all__ = ["LazyRows", "Passer"]
