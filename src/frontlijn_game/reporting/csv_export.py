"""CSV export of every attempt and every decision: two files with stable columns.

``attempts.csv`` has one line per attempt, ``decisions.csv`` one per decision (columns in
:data:`ATTEMPT_COLUMNS` and :data:`DECISION_COLUMNS`, documented in
``docs/course-leaders.md``; new columns are only ever added at the end). Two dialects:

* default: UTF-8 without BOM, ``,`` between fields, ``.`` in numbers, timestamps in
  ISO 8601 UTC with milliseconds (``2026-09-01T08:00:03.120Z``), RFC 4180 quoting;
* ``excel=True``: what Dutch Excel opens with a double click: UTF-8 with BOM, ``;``
  between fields, decimal comma, timestamps as ``2026-09-01 08:00:03`` (UTC).

Millions of decision rows are streamed: every value is formatted by the database in the
query itself, so Python only hands the rows to ``csv.writer``. No free text is exported
(codes, ids, numbers and timestamps only), so no cell can start a spreadsheet formula;
the live-session files hold the nabespreking and notes, defused in ``session_export``.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from frontlijn_game.store.leader_cohorts import CohortLimit, within_sql
from frontlijn_game.store.private_files import ensure_private_dir

ATTEMPT_COLUMNS = (
    "attempt_id",
    "trainee",
    "scenario",
    "version",
    "status",
    "started_at",
    "finished_at",
    "duration_seconds",
    "decisions",
    "ending",
    "ending_kind",
    "help",
    "sanction",
    "balance",
    "verdict",
    "balance_score",
    "outcome",
    "process",
    "total",
    "first_attempt",
)
DECISION_COLUMNS = (
    "attempt_id",
    "seq",
    "scenario",
    "scene",
    "choice",
    "help",
    "sanction",
    "actor",
    "tags",
    "seconds",
    "decided_at",
    "variables",
)
ATTEMPTS_FILE = "attempts.csv"
DECISIONS_FILE = "decisions.csv"
FETCH = 20_000


class ExcelNL(csv.excel):
    """``;`` between fields, as Excel expects where the decimal separator is a comma."""

    delimiter = ";"


def dialect_of(excel: bool) -> type[csv.Dialect]:
    return ExcelNL if excel else csv.excel


def number(value: float | int | None, excel: bool) -> str:
    """A number as a cell: ``79.3``, or ``79,3`` for Excel; empty for None."""
    if value is None:
        return ""
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",") if excel else text


# -- SQL per backend -------------------------------------------------------------------


def timestamp_sql(column: str, dialect: str, excel: bool) -> str:
    """SQL formatting a timestamp column as this dialect of the export writes it."""
    return _ts(column, dialect, excel)


def _ts(column: str, dialect: str, excel: bool) -> str:
    if dialect == "postgresql":
        fmt = "YYYY-MM-DD HH24:MI:SS" if excel else 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'
        return f"to_char({column} AT TIME ZONE 'UTC', '{fmt}')"
    fmt = "%Y-%m-%d %H:%M:%S" if excel else "%Y-%m-%dT%H:%M:%fZ"
    return f"strftime('{fmt}', {column})"


def _num(column: str, dialect: str, excel: bool) -> str:
    if not excel:
        return column
    text = f"CAST({column} AS TEXT)" if dialect != "postgresql" else f"({column})::text"
    return f"replace({text}, '.', ',')"


def _tags(column: str, dialect: str) -> str:
    # Tags are ids ([a-z][a-z0-9_]*): dropping brackets, quotes and ", " leaves a
    # space-separated list.
    text = f"({column})::text" if dialect == "postgresql" else column
    return f"replace(replace(replace(replace({text}, '[', ''), ']', ''), '\"', ''), ', ', ' ')"


def _duration(dialect: str, excel: bool) -> str:
    end = "COALESCE(a.finished_at, a.updated_at)"
    if dialect == "postgresql":
        expr = f"round(EXTRACT(EPOCH FROM ({end} - a.started_at))::numeric, 3)"
    else:
        expr = f"round((julianday({end}) - julianday(a.started_at)) * 86400.0, 3)"
    return _num(expr, dialect, excel)


def _within(limited: bool, trainee_id_sql: str, dialect: str) -> str:
    """A cursusleider's limit as a ``WHERE`` (one parameter: the leader's id), or nothing."""
    if not limited:
        return ""
    return "WHERE " + within_sql(trainee_id_sql, "%s" if dialect == "postgresql" else "?") + "\n"


def attempts_sql(dialect: str, excel: bool, limited: bool = False) -> str:
    """The attempts file's query; ``limited``: only a cursusleider's trainees (the
    leader's id is its one parameter)."""

    def n(column: str) -> str:
        return _num(column, dialect, excel)

    return f"""
SELECT a.id, t.code, a.scenario_id, substr(s.content_hash, 1, 12), a.status,
       {_ts("a.started_at", dialect, excel)}, {_ts("a.finished_at", dialect, excel)},
       {_duration(dialect, excel)}, a.decisions_count, a.ending_id, a.ending_kind,
       a.help, a.sanction, {n("a.balance")}, a.verdict, {n("a.balance_score")},
       a.outcome, {n("a.process")}, {n("a.total")},
       CASE WHEN a.first_attempt THEN 1 ELSE 0 END
FROM attempts a
JOIN trainees t ON t.id = a.trainee_id
JOIN snapshots s ON s.id = a.snapshot_id
{_within(limited, "a.trainee_id", dialect)}ORDER BY a.id"""


def decisions_sql(dialect: str, excel: bool, limited: bool = False) -> str:
    """The decisions file's query (``limited`` as in :func:`attempts_sql`)."""
    variables = "d.variables::text" if dialect == "postgresql" else "d.variables"
    # Limited: each decision's trainee through its attempt (never a join when unlimited).
    source = (
        "decisions d JOIN attempts a ON a.id = d.attempt_id\n"
        + _within(limited, "a.trainee_id", dialect)
        if limited
        else "decisions d\n"
    )
    return f"""
SELECT d.attempt_id, d.seq, d.scenario_id, d.scene, d.choice, d.help, d.sanction, d.actor,
       {_tags("d.tags", dialect)}, {_num("d.seconds", dialect, excel)},
       {_ts("d.decided_at", dialect, excel)}, {variables}
FROM {source}ORDER BY d.attempt_id, d.seq"""


# -- streaming -------------------------------------------------------------------------


@contextmanager
def raw_rows(
    engine: Engine, sql: str, params: tuple[Any, ...] = ()
) -> Iterator[Iterator[tuple[Any, ...]]]:
    """Stream the rows of ``sql`` from a DBAPI cursor (server-side on PostgreSQL)."""
    raw = engine.raw_connection()
    try:
        con: Any = raw.driver_connection
        if engine.dialect.name == "postgresql":
            with con.transaction(), con.cursor(name="frontlijn_export") as cur:
                cur.itersize = FETCH
                cur.execute(sql, params or None)
                yield iter(cur)
        else:
            cur = con.cursor()
            cur.arraysize = FETCH
            try:
                cur.execute(sql, params)
                yield iter(cur)
            finally:
                cur.close()
    finally:
        raw.close()


@dataclass(frozen=True)
class ExportReport:
    attempts: Path
    decisions: Path
    attempt_rows: int
    decision_rows: int
    sessions: tuple[tuple[Path, int], ...] = ()
    """The live-session files (``reporting.session_export``) and their row counts."""

    def to_json(self) -> dict[str, Any]:
        return {
            "attempts": str(self.attempts),
            "decisions": str(self.decisions),
            "attempt_rows": self.attempt_rows,
            "decision_rows": self.decision_rows,
            "sessions": {path.name: {"path": str(path), "rows": n} for path, n in self.sessions},
        }


class _Counting:
    """Counts rows on their way to ``csv.writer`` (no per-row work beyond the count)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(self.rows, 1):
            self.n = n
            yield row


def write_csv(
    engine: Engine,
    sql: str,
    header: tuple[str, ...],
    out: IO[str],
    excel: bool,
    params: tuple[Any, ...] = (),
    free_text: tuple[int, ...] = (),
) -> int:
    """Write ``header`` and the rows of ``sql``; returns the number of rows.

    ``free_text``: positions of columns holding free text, defused against formulas."""
    writer = csv.writer(out, dialect=dialect_of(excel))
    writer.writerow(header)
    with raw_rows(engine, sql, params) as rows:
        if free_text:
            from frontlijn_game.reporting.session_export import safe_cells

            rows = safe_cells(rows, free_text)
        counted = _Counting(rows)
        writer.writerows(counted)
    return counted.n


def _open(path: Path, excel: bool) -> IO[str]:
    return open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="")


def default_export_folder() -> Path:
    """Where exports go unless a folder is named: the user's Documents folder when there
    is one, else ``exports`` in frontlijn's data folder. Never the current folder: for a
    dashboard started from a menu or served to a browser that is anywhere."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    if documents.is_dir():
        return documents
    return Path(platformdirs.user_data_dir("frontlijn", appauthor=False)) / "exports"


def export_csv(
    engine: Engine, folder: str | Path, excel: bool = False, within: CohortLimit | None = None
) -> ExportReport:
    """Write ``attempts.csv``, ``decisions.csv`` and the live-session files
    (``sessions.csv``, ``session_votes.csv``, ``session_rounds.csv``) into ``folder`` (made
    if missing); ``within``: only the attempts of a cursusleider's trainees, and their
    sessions.

    Each file is written to a temporary name beside it and renamed when complete, so a
    reader never sees half a file.
    """
    target = Path(folder)
    ensure_private_dir(target)  # the files themselves are private: mkstemp makes them 0600
    dialect = engine.dialect.name
    counts = []
    paths = []
    from frontlijn_game.reporting.session_export import FREE_TEXT, session_files

    limited = within is not None
    for name, sql, header, marks in (
        (ATTEMPTS_FILE, attempts_sql(dialect, excel, limited), ATTEMPT_COLUMNS, 1),
        (DECISIONS_FILE, decisions_sql(dialect, excel, limited), DECISION_COLUMNS, 1),
        *session_files(dialect, excel, limited),
    ):
        params: tuple[Any, ...] = () if within is None else (within.leader_id,) * marks
        final = target / name
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=target)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with _open(tmp, excel) as out:
                free = FREE_TEXT.get(name, ())
                counts.append(write_csv(engine, sql, header, out, excel, params, free))
            tmp.replace(final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        paths.append(final)
    sessions = tuple(zip(paths[2:], counts[2:], strict=True))
    return ExportReport(paths[0], paths[1], counts[0], counts[1], sessions)


__all__ = [
    "ATTEMPTS_FILE",
    "ATTEMPT_COLUMNS",
    "DECISIONS_FILE",
    "DECISION_COLUMNS",
    "ExcelNL",
    "ExportReport",
    "attempts_sql",
    "decisions_sql",
    "default_export_folder",
    "dialect_of",
    "export_csv",
    "number",
    "raw_rows",
    "write_csv",
]
