"""A timestamp as every CSV export writes it, in SQL for SQLite and PostgreSQL.

Shared by ``csv_export`` (attempts, decisions) and ``session_export`` (live sessions), so
one file's times read like another's; apart from both because ``csv_export`` also writes
the session files.
"""

from __future__ import annotations


def timestamp_sql(column: str, dialect: str, excel: bool) -> str:
    """SQL formatting a timestamp column: ISO 8601 in UTC with milliseconds and ``Z``, or
    for Excel ``YYYY-MM-DD HH:MM:SS`` (which it reads as a date)."""
    if dialect == "postgresql":
        fmt = "YYYY-MM-DD HH24:MI:SS" if excel else 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'
        return f"to_char({column} AT TIME ZONE 'UTC', '{fmt}')"
    fmt = "%Y-%m-%d %H:%M:%S" if excel else "%Y-%m-%dT%H:%M:%fZ"
    return f"strftime('{fmt}', {column})"


__all__ = ["timestamp_sql"]
