"""Chosen by position shown: at which place of the shuffled order a chosen option stood.

Options are shown in an order drawn per decision; a cohort that reads the case spreads
its choices of an option over the places it happened to be shown at, while a cohort that
always takes the top option shows a pile at place 1. Counted per (scene, option) and
place, from the position tallies kept with each decision (no cohort), or from the
decision rows of the attempts in a sample (a cohort, or the tests' reference). Decisions
recorded without a shown order (``frontlijn run``, rows from before shuffling) are in no
place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from frontlijn_game.store.models import Decision, PositionTally

Positions = dict[tuple[str, str], Counter[int]]
"""(scene, choice) -> place shown (1-based) -> decisions that took it there."""

_CHUNK = 900  # ids per IN list (SQLite's default limit on parameters is far above)


def positions_from_tallies(
    session: Session, snapshot_ids: Iterable[int], first_only: bool = False
) -> Positions:
    """Summed over the versions ``snapshot_ids`` (first attempts only if asked)."""
    t = PositionTally
    query = (
        select(t.scene, t.choice, t.position, func.sum(t.decisions))
        .where(t.snapshot_id.in_(sorted(snapshot_ids)))
        .group_by(t.scene, t.choice, t.position)
    )
    if first_only:
        query = query.where(t.first_attempt == true())
    found: Positions = {}
    for scene, choice, position, n in session.execute(query):
        found.setdefault((scene, choice), Counter())[int(position)] += int(n)
    return found


def positions_of_attempts(session: Session, attempt_ids: Sequence[int]) -> Positions:
    """Counted from the decision rows of these attempts."""
    d = Decision
    found: Positions = {}
    ids = sorted(attempt_ids)
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(d.scene, d.choice, d.shown_position, func.count())
            .where(d.attempt_id.in_(ids[start : start + _CHUNK]), d.shown_position.is_not(None))
            .group_by(d.scene, d.choice, d.shown_position)
        )
        for scene, choice, position, n in session.execute(query):
            found.setdefault((scene, choice), Counter())[int(position or 0)] += int(n)
    return found


def as_row(counts: Counter[int] | None, places: int) -> tuple[int, ...]:
    """Counts at places 1..``places`` (at least as many as were ever counted)."""
    if not counts:
        return (0,) * places
    width = max(places, max(counts))
    return tuple(counts.get(place, 0) for place in range(1, width + 1))


def add_rows(rows: Iterable[Sequence[int]]) -> tuple[int, ...]:
    """Place-wise sum of rows of unequal length."""
    total: list[int] = []
    for row in rows:
        if len(row) > len(total):
            total.extend([0] * (len(row) - len(total)))
        for i, n in enumerate(row):
            total[i] += n
    return tuple(total)


def format_places(row: Sequence[int]) -> str:
    """``1:12 2:7 3:9`` (places 1, 2, 3...), or ``-`` when none was counted."""
    if not any(row):
        return "-"
    return " ".join(f"{place}:{n}" for place, n in enumerate(row, 1))


__all__ = [
    "Positions",
    "add_rows",
    "as_row",
    "format_places",
    "positions_from_tallies",
    "positions_of_attempts",
]
