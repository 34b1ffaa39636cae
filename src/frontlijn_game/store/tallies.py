"""The option tallies: the option distribution's counts, kept as decisions are recorded.

The option distribution of a case asks, per option, how many decisions took it, how many
attempts, and the mean total of the finished attempts that took it. Counted from the
decision rows that is a pass over a case's 120,000 decisions *and* a look at each
attempt's total; kept here it is a read of a few hundred rows. ``record_decision`` calls
:func:`count_decision` for every decision and :func:`count_finish` when the attempt
reaches its ending, in the same transaction, so the tallies never disagree with the
decisions; :func:`rebuild_option_tallies` recomputes them from scratch (the migration that
introduced them does the same, and a test holds the kept and the rebuilt tallies equal).
A decision recorded with the order its options were shown in also counts in the position
tallies: per option, how often it was chosen at place 1, 2, 3... of that order.

Locks: on PostgreSQL an upsert locks its tally row until commit. A plain decision touches
one row; a finishing decision touches every option the attempt took, always in sorted
order and with its own decision folded in, so two finishing attempts cannot deadlock.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Insert, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from frontlijn_game.store.columns import Base
from frontlijn_game.store.models import Decision, OptionTally, PositionTally

_COUNTERS = ("decisions", "attempts", "scene_firsts", "finished", "total_tenths")


class Taken(NamedTuple):
    """One decision as the tallies count it."""

    scene: str
    choice: str
    first_take: bool
    """The attempt had not taken this option before."""
    first_at_scene: bool
    """The attempt had not decided at this scene before."""
    position: int | None = None
    """1-based place the option was shown at (None: no shown order recorded)."""


def first_at_scene(conn: Connection, attempt_id: int, scene: str, chosen_before: Sequence[str],
                   choice: str) -> bool:  # fmt: skip
    """True when the attempt has no earlier decision at ``scene`` (ask before inserting)."""
    if choice in chosen_before:
        return False  # the same option was taken here before
    if not chosen_before:
        return True
    found = conn.execute(_earlier_at_scene(), {"a": attempt_id, "s": scene}).first()
    return found is None


@functools.cache
def _earlier_at_scene() -> Any:
    d = Decision.__table__.c
    return select(d.seq).where(d.attempt_id == bindparam("a"), d.scene == bindparam("s")).limit(1)


_OPTION_KEYS = ("snapshot_id", "first_attempt", "scene", "choice")
_POSITION_KEYS = (*_OPTION_KEYS, "position")


@functools.cache
def _upsert(
    dialect: str, model: type[Base], keys: tuple[str, ...], counters: tuple[str, ...]
) -> Insert | None:
    """``INSERT ... ON CONFLICT DO UPDATE`` adding the counters (None: no such statement)."""
    if dialect not in ("sqlite", "postgresql"):
        return None
    make = sqlite.insert if dialect == "sqlite" else postgresql.insert
    stmt = make(model)
    table = model.__table__.c
    return stmt.on_conflict_do_update(
        index_elements=[table[key] for key in keys],
        set_={name: table[name] + stmt.excluded[name] for name in counters},
    )


def _add_to(
    conn: Connection,
    model: type[Base],
    keys: tuple[str, ...],
    counters: tuple[str, ...],
    rows: list[dict[str, Any]],
) -> None:
    """Add each row's counters to its tally of ``model`` (found by ``keys``), creating
    it; rows in the given order."""
    stmt = _upsert(conn.dialect.name, model, keys, counters)
    if stmt is not None:
        conn.execute(stmt, rows)
        return
    for row in rows:  # other databases: update, else insert (not used by frontlijn itself)
        done = conn.execute(
            update(model)
            .where(*(getattr(model, key) == row[key] for key in keys))
            .values({name: getattr(model, name) + row[name] for name in counters})
        )
        if not done.rowcount:
            conn.execute(insert(model).values(row))


def _add(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add each row's counters to its option tally, creating it; rows in the given order."""
    _add_to(conn, OptionTally, _OPTION_KEYS, _COUNTERS, rows)


def _row(snapshot_id: int, first: bool, scene: str, choice: str, **counters: int) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(_COUNTERS, 0)
    row.update(snapshot_id=snapshot_id, first_attempt=first, scene=scene, choice=choice)
    row.update(counters)
    return row


def count_decision(conn: Connection, snapshot_id: int, first: bool, taken: Taken) -> None:
    """Count a decision that does not finish its attempt."""
    _add(conn, [_decision_row(snapshot_id, first, taken)])
    _count_position(conn, snapshot_id, first, taken)


def _count_position(conn: Connection, snapshot_id: int, first: bool, taken: Taken) -> None:
    """One more decision that took ``taken.choice`` at the place it was shown at. A
    position row is only ever touched by the decision itself, after its option row, so
    the lock order of :func:`count_finish` holds."""
    if taken.position is None:
        return
    row = {
        "snapshot_id": snapshot_id, "first_attempt": first, "scene": taken.scene,
        "choice": taken.choice, "position": taken.position, "decisions": 1,
    }  # fmt: skip
    _add_to(conn, PositionTally, _POSITION_KEYS, ("decisions",), [row])


def _decision_row(snapshot_id: int, first: bool, taken: Taken) -> dict[str, Any]:
    return _row(
        snapshot_id, first, taken.scene, taken.choice, decisions=1,
        attempts=int(taken.first_take), scene_firsts=int(taken.first_at_scene),
    )  # fmt: skip


def count_finish(
    conn: Connection,
    snapshot_id: int,
    first: bool,
    attempt_id: int,
    taken: Taken,
    total: float | None,
) -> None:
    """Count the finishing decision ``taken`` and the finish itself: every option the
    attempt took (its decision rows, this one included) gains a finished attempt and its
    total. A finish without a total counts as not finished, as in the reports."""
    options = {
        (scene, choice)
        for scene, choice in conn.execute(
            select(Decision.scene, Decision.choice).where(Decision.attempt_id == attempt_id)
        )
    }
    options.add((taken.scene, taken.choice))
    done = {"finished": 1, "total_tenths": round(total * 10)} if total is not None else {}
    rows = []
    for scene, choice in sorted(options):
        if (scene, choice) == (taken.scene, taken.choice):
            row = _decision_row(snapshot_id, first, taken)
            row.update(done)
        else:
            row = _row(snapshot_id, first, scene, choice, **done)
        rows.append(row)
    _add(conn, rows)
    _count_position(conn, snapshot_id, first, taken)


_REBUILD = """
INSERT INTO option_tallies (snapshot_id, first_attempt, scene, choice,
                            decisions, attempts, scene_firsts, finished, total_tenths)
SELECT a.snapshot_id,
       a.first_attempt,
       p.scene,
       p.choice,
       SUM(p.n),
       COUNT(*),
       SUM(CASE WHEN p.first_seq = s.first_seq THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'finished' AND a.total IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'finished' AND a.total IS NOT NULL
                THEN CAST(ROUND(a.total * 10) AS BIGINT) ELSE 0 END)
FROM (SELECT attempt_id, scene, choice, COUNT(*) AS n, MIN(seq) AS first_seq
      FROM decisions GROUP BY attempt_id, scene, choice) p
JOIN (SELECT attempt_id, scene, MIN(seq) AS first_seq
      FROM decisions GROUP BY attempt_id, scene) s
  ON s.attempt_id = p.attempt_id AND s.scene = p.scene
JOIN attempts a ON a.id = p.attempt_id
GROUP BY 1, 2, 3, 4
"""

_REBUILD_POSITIONS = """
INSERT INTO position_tallies (snapshot_id, first_attempt, scene, choice, position, decisions)
SELECT a.snapshot_id, a.first_attempt, d.scene, d.choice, d.shown_position, COUNT(*)
FROM decisions d
JOIN attempts a ON a.id = d.attempt_id
WHERE d.shown_position IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
"""


_FIRST_ATTEMPTS = """
UPDATE attempts SET first_attempt =
    CASE WHEN id IN (SELECT MIN(id) FROM attempts GROUP BY trainee_id, scenario_id)
         THEN TRUE ELSE FALSE END
"""


def rebuild_option_tallies(conn: Connection) -> None:
    """Recompute ``attempts.first_attempt`` and every tally from the attempts and
    decisions, inside the caller's transaction: ``frontlijn db rebuild`` after anything
    but this frontlijn wrote the database, the bulk loader of the benchmarks, and the
    tests' reference."""
    conn.execute(text(_FIRST_ATTEMPTS))
    conn.execute(delete(OptionTally))
    conn.execute(text(_REBUILD))
    conn.execute(delete(PositionTally))
    conn.execute(text(_REBUILD_POSITIONS))


__all__ = [
    "Taken",
    "count_decision",
    "count_finish",
    "first_at_scene",
    "rebuild_option_tallies",
]
