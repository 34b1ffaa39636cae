"""CSV files of live sessions, written beside ``attempts.csv`` and ``decisions.csv``.

``sessions.csv``: one line per session (its group attempt is a line of
``attempts.csv``, its decisions lines of ``decisions.csv``, joined by ``attempt_id``), with
the nabespreking. ``session_votes.csv``: every vote and advice, with the option the group
went on with. ``session_rounds.csv``: how each decision was taken, with the facilitator's
note. Columns in the tuples below (documented in ``docs/course-leaders.md``; new columns
only ever at the end).

Unlike the other files these hold free text (the nabespreking, notes): a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so no
spreadsheet runs it as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SESSION_COLUMNS = (
    "session",
    "scenario",
    "version",
    "mode",
    "cohort",
    "leader",
    "status",
    "created_at",
    "started_at",
    "ended_at",
    "attempt_id",
    "decisions",
    "participants",
    "went_well",
    "gaps",
    "agreements",
)
VOTE_COLUMNS = (
    "session",
    "decision_no",
    "scene",
    "trainee",
    "role",
    "choice",
    "advice",
    "group_choice",
    "cast_at",
)
ROUND_COLUMNS = ("session", "decision_no", "scene", "choice", "how", "decided_at", "note")
SESSIONS_FILE = "sessions.csv"
VOTES_FILE = "session_votes.csv"
ROUNDS_FILE = "session_rounds.csv"
FREE_TEXT = {SESSIONS_FILE: (13, 14, 15), ROUNDS_FILE: (6,), VOTES_FILE: ()}
"""Column positions holding free text, per file."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _ts(column: str, dialect: str, excel: bool) -> str:
    from frontlijn_game.reporting.csv_export import timestamp_sql

    return timestamp_sql(column, dialect, excel)


def _mark(dialect: str) -> str:
    return "%s" if dialect == "postgresql" else "?"


def _visible(limited: bool, dialect: str) -> str:
    """A cursusleider's sessions: of a cohort they lead, or opened by them (two marks)."""
    if not limited:
        return ""
    m = _mark(dialect)
    return (
        f"WHERE (l.cohort_id IN (SELECT lc.cohort_id FROM leader_cohorts lc "
        f"WHERE lc.leader_id = {m}) OR l.leader_id = {m})\n"
    )


def sessions_sql(dialect: str, excel: bool, limited: bool = False) -> str:
    return f"""
SELECT l.code, l.scenario_id, substr(s.content_hash, 1, 12), l.mode, c.name, ld.name,
       l.status, {_ts("l.created_at", dialect, excel)}, {_ts("l.started_at", dialect, excel)},
       {_ts("l.ended_at", dialect, excel)}, l.attempt_id, l.decision_no - 1,
       (SELECT COUNT(*) FROM session_seats st WHERE st.session_id = l.id),
       l.went_well, l.gaps, l.agreements
FROM live_sessions l
JOIN snapshots s ON s.id = l.snapshot_id
LEFT JOIN cohorts c ON c.id = l.cohort_id
LEFT JOIN leaders ld ON ld.id = l.leader_id
{_visible(limited, dialect)}ORDER BY l.id"""


def votes_sql(dialect: str, excel: bool, limited: bool = False) -> str:
    """Limited: the votes of the cursusleider's own trainees, in their sessions."""
    advice = "CASE WHEN v.advice THEN 1 ELSE 0 END"
    return f"""
SELECT l.code, v.decision_no, v.scene, t.code, st.role, v.choice, {advice}, r.choice,
       {_ts("v.cast_at", dialect, excel)}
FROM session_votes v
JOIN live_sessions l ON l.id = v.session_id
JOIN session_seats st ON st.id = v.seat_id
JOIN trainees t ON t.id = st.trainee_id
LEFT JOIN session_rounds r ON r.session_id = v.session_id AND r.decision_no = v.decision_no
{_votes_within(limited, dialect)}ORDER BY l.id, v.decision_no, v.seat_id"""


def _votes_within(limited: bool, dialect: str) -> str:
    if not limited:
        return ""
    from frontlijn_game.store.leader_cohorts import within_sql

    return _visible(True, dialect) + "AND " + within_sql("st.trainee_id", _mark(dialect)) + "\n"


def rounds_sql(dialect: str, excel: bool, limited: bool = False) -> str:
    return f"""
SELECT l.code, r.decision_no, r.scene, r.choice, r.how, {_ts("r.decided_at", dialect, excel)},
       n.text
FROM session_rounds r
JOIN live_sessions l ON l.id = r.session_id
LEFT JOIN session_notes n ON n.session_id = r.session_id AND n.decision_no = r.decision_no
{_visible(limited, dialect)}ORDER BY l.id, r.decision_no"""


def safe_cells(
    rows: Iterator[tuple[Any, ...]], columns: tuple[int, ...]
) -> Iterator[tuple[Any, ...]]:
    """The rows with each free-text cell defused (see the module docstring)."""
    for row in rows:
        if not columns:
            yield row
            continue
        cells = list(row)
        for i in columns:
            value = cells[i]
            if isinstance(value, str) and value.startswith(_FORMULA):
                cells[i] = "'" + value
        yield tuple(cells)


def session_files(
    dialect: str, excel: bool, limited: bool = False
) -> list[tuple[str, str, tuple[str, ...], int]]:
    """(file name, SQL, header, how many times the leader's id is a parameter) of each
    session file; ``limited``: a cursusleider's export (see :func:`_visible`)."""
    return [
        (SESSIONS_FILE, sessions_sql(dialect, excel, limited), SESSION_COLUMNS, 2),
        (VOTES_FILE, votes_sql(dialect, excel, limited), VOTE_COLUMNS, 3),
        (ROUNDS_FILE, rounds_sql(dialect, excel, limited), ROUND_COLUMNS, 2),
    ]
