"""What both opening a database and migrating it must agree on, below either of them.

``database.py`` opens connections and, on first use, asks ``migrate.py`` to bring the
schema up; ``migrate.py`` runs Alembic on a write connection. Each needs these two
names, so they live here and neither module imports the other's half.
"""

from __future__ import annotations

HEAD_REVISION = "0010_live_sessions"
"""The newest migration; a database at this revision is used without loading Alembic."""

WRITE_OPTION = "frontlijn_write"
"""Connection execution option: begin this transaction with BEGIN IMMEDIATE (SQLite)."""

__all__ = ["HEAD_REVISION", "WRITE_OPTION"]
