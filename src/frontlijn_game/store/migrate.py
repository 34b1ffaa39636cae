"""Alembic, driven from code: the migrations ship inside the package (``store/migrations``).

No ``alembic.ini`` is needed; the configuration is built here and the open connection is
handed to ``env.py``, so the same engine settings (SQLite pragmas, BEGIN IMMEDIATE) apply.
Concurrent first uses are serialised: SQLite by the write lock taken at BEGIN IMMEDIATE,
PostgreSQL by a transaction-scoped advisory lock; whoever gets the lock second finds the
schema at head and returns without loading Alembic at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from frontlijn_game.store.errors import MigrationError
from frontlijn_game.store.versioning import HEAD_REVISION, WRITE_OPTION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_KEY = 0x66726F6E  # "fron": one advisory lock id for frontlijn migrations
VERSION_TABLE = "alembic_version"
"""Created by the first migration: its owner is the role that ran the migrations."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:  # pragma: no cover - a development mistake
        raise RuntimeError(f"migrations must have one head, found {heads}")
    return str(heads[0])


def _locked(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})


def _at_head(conn: Connection) -> bool:
    if not inspect(conn).has_table("alembic_version"):
        return False
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION


def pg_owner(conn: Connection) -> bool:
    """The connected role has the privileges of the tables' owner, or (before the first
    migration) may create tables in the schema."""
    owns = conn.execute(
        text(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = :table AND n.nspname = current_schema()"
        ),
        {"table": VERSION_TABLE},
    ).scalar()
    if owns is not None:
        return bool(owns)
    return bool(
        conn.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar()
    )


def _refuse_unless_owner(conn: Connection) -> None:
    """On PostgreSQL only the owner role migrates: the app role may not change the schema."""
    if conn.dialect.name != "postgresql":
        return
    if not pg_owner(conn):
        role = conn.execute(text("SELECT current_user")).scalar()
        raise MigrationError(
            f"role '{role}' cannot change the schema (it is not the database's owner); "
            "the owner runs `frontlijn db upgrade` (then `frontlijn db grant` for the app role)"
        )


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        _locked(conn)
        if revision == "head" and _at_head(conn):
            return
        _refuse_unless_owner(conn)
        from alembic import command
        from alembic.util import CommandError

        config = alembic_config()
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, revision)
        except CommandError as exc:  # e.g. a revision from a newer frontlijn
            raise MigrationError(
                f"{exc}; is this database used by a newer version of frontlijn?"
            ) from None


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        _locked(conn)
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
