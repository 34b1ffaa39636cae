"""Who owns the database, and the app role that only reads and writes rows.

Two kinds of people reach the database: its *owner* (for SQLite the OS user who owns the
file and can write it, for PostgreSQL a role with the privileges of the role that owns the
tables) may change the schema and run every administrative command; the *app role* that
``frontlijn serve`` and ``frontlijn web`` connect with on PostgreSQL may only select,
insert, update and delete rows, so a stolen app password cannot alter the schema, and an
administrative command run with it asks for a leader login (``service.admin``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from frontlijn_game.store.database import Database
from frontlijn_game.store.errors import StoreError
from frontlijn_game.store.migrate import VERSION_TABLE, pg_owner


class GrantRefused(StoreError):
    """``db grant`` cannot (or must not) give the role the app's privileges."""


def sqlite_path(db: Database) -> Path | None:
    """The SQLite file of ``db``; None for an in-memory database or another backend."""
    if db.dialect != "sqlite":
        return None
    name = db.engine.url.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name).expanduser()


def effective_uid() -> int:
    """The OS user this process acts as (tests pretend to be someone else here)."""
    return os.geteuid()


def file_owner(path: Path) -> bool:
    """This OS user owns ``path`` and can write it (root counts: it can do both anyway)."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return False
    uid = effective_uid()
    return (owner == uid or uid == 0) and os.access(path, os.W_OK)


def is_owner(db: Database) -> bool:
    """True when whoever opened ``db`` owns it: may change its schema, needs no login."""
    if db.dialect == "sqlite":
        path = sqlite_path(db)
        return True if path is None else file_owner(path)
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            return pg_owner(conn)
    return False  # another backend: nobody is trusted without a login


def connected_role(db: Database) -> str:
    """The database role (PostgreSQL) or OS user (SQLite) this process works as."""
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar())
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no password-file entry (a container)
        return f"uid {effective_uid()}"


@dataclass(frozen=True)
class GrantReport:
    role: str
    schema: str
    tables: int
    sequences: int


def _check_role(conn: Connection, role: str) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        raise GrantRefused(f"there is no database role '{role}'; create it first (CREATE ROLE)")
    powerful = conn.execute(
        text(
            "SELECT r.rolsuper OR pg_has_role(:r, c.relowner, 'USAGE') FROM pg_roles r, pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE r.rolname = :r AND c.relname = :table AND n.nspname = current_schema()"
        ),
        {"r": role, "table": VERSION_TABLE},
    ).scalar()
    if powerful:
        raise GrantRefused(
            f"role '{role}' is a superuser or has the owner's privileges; the app needs a "
            "role of its own that owns nothing"
        )


def grant_app_role(db: Database, role: str) -> GrantReport:
    """Give ``role`` exactly what the app needs at runtime, in one transaction.

    SELECT, INSERT, UPDATE and DELETE on every table (only SELECT on the migration
    table), USAGE on every sequence and on the schema, and the same for tables and
    sequences later migrations create (default privileges); anything the role held there
    before is revoked first, and it may not create in the schema.
    """
    if db.dialect != "postgresql":
        raise GrantRefused("db grant is for PostgreSQL; SQLite has no roles (the file's owner)")

    def work(conn: Connection) -> GrantReport:
        if not pg_owner(conn):
            raise GrantRefused(
                "only the database's owner may grant privileges; connect as the owner role"
            )
        _check_role(conn, role)
        quote = conn.dialect.identifier_preparer.quote
        schema = str(conn.execute(text("SELECT current_schema()")).scalar())
        r, s = quote(role), quote(schema)
        for statement in (
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"REVOKE ALL ON SCHEMA {s} FROM {r}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"REVOKE INSERT, UPDATE, DELETE ON {s}.{quote(VERSION_TABLE)} FROM {r}",
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE ON SEQUENCES TO {r}",
        ):
            conn.execute(text(statement))
        if conn.execute(
            text("SELECT has_schema_privilege(:r, :s, 'CREATE')"), {"r": role, "s": schema}
        ).scalar():
            raise GrantRefused(
                f"role '{role}' may still create in schema '{schema}' (through PUBLIC or a "
                f"role it belongs to); revoke that first: REVOKE CREATE ON SCHEMA {s} FROM PUBLIC"
            )
        counts = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE c.relkind IN ('r', 'p')), "
                "count(*) FILTER (WHERE c.relkind = 'S') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s"
            ),
            {"s": schema},
        ).one()
        return GrantReport(role, schema, int(counts[0]), int(counts[1]))

    with db.engine.connect() as conn, conn.begin():
        return work(conn)


__all__ = [
    "GrantRefused",
    "GrantReport",
    "connected_role",
    "effective_uid",
    "file_owner",
    "grant_app_role",
    "is_owner",
    "pg_owner",
    "sqlite_path",
]
