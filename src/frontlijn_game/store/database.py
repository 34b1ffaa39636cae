"""Opening the progress database: engine, sessions, SQLite settings, retries, migrations.

SQLite (the default, one file in the user data folder) is set up for many processes at
once: WAL so readers never block the writer, foreign keys on, a busy timeout, and every
write transaction begun with ``BEGIN IMMEDIATE`` so two writers queue at the start instead
of failing half-way with "database is locked". pysqlite's own transaction handling is
switched off for that (the recipe in SQLAlchemy's SQLite dialect docs). A write that still
meets a lock is retried a bounded number of times.

A URL's password is never printed: use :func:`safe_url` for every message.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from frontlijn_game.store.errors import DatabaseUnavailable, MigrationError
from frontlijn_game.store.private_files import (
    create_private_file,
    ensure_private_dir,
    warn_if_wider,
)
from frontlijn_game.store.versioning import HEAD_REVISION, WRITE_OPTION

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
WRITE_RETRIES = 6

_PG_RETRYABLE = {"40001", "40P01"}  # serialization failure, deadlock detected
_SQLITE_RETRYABLE = ("database is locked", "database table is locked", "database is busy")


def default_path() -> Path:
    """The default SQLite file: ``progress.sqlite3`` in the user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("frontlijn", appauthor=False)) / "progress.sqlite3"


def default_url() -> str:
    return URL.create("sqlite", database=str(default_path())).render_as_string()


def safe_url(url: str | URL) -> str:
    """The URL for messages and logs: the password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


def is_retryable(exc: BaseException) -> bool:
    """A lock or serialization conflict that a fresh transaction may get past."""
    if not isinstance(exc, DBAPIError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _PG_RETRYABLE:
        return True
    message = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and any(m in message for m in _SQLITE_RETRYABLE)


def _sqlite_setup(engine: Engine, file_backed: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite would start
        # deferred transactions on its own, too late for BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # Deleted content is overwritten, not just unlinked: an erased trainee's code,
            # name and note leave no bytes behind in free pages (not every build's default).
            cursor.execute("PRAGMA secure_delete = ON")
            if file_backed:
                cursor.execute("PRAGMA journal_mode = WAL")
                # FULL: a committed decision survives a power cut too, not just kill -9.
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION, False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _prepare_private_file(path: Path) -> None:
    """Create the SQLite file ``0600`` (its folder ``0700``) before SQLite opens it.

    SQLite gives its -wal and -shm files the main file's mode, so all three stay private;
    a file that exists wider is reported, not changed.
    """
    if not path.parent.is_dir():
        ensure_private_dir(path.parent)
    elif path.parent == Path(default_path()).parent:
        warn_if_wider(path.parent)
    try:
        create_private_file(path)
    except OSError:
        return  # SQLite's own error on connect says what is wrong, with the URL hidden
    for side in ("-wal", "-shm"):
        warn_if_wider(path.with_name(path.name + side))


POOL_SIZE = 10
POOL_OVERFLOW = 10


def create_db_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the settings above; makes the SQLite file's folder."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        file_backed = database not in ("", ":memory:") and not database.startswith("file:")
        if file_backed:
            _prepare_private_file(Path(database).expanduser())
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        _sqlite_setup(engine, file_backed)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # A web worker runs up to 40 requests at once in threads; SQLAlchemy's default pool
    # (5 kept, 10 more) closes every connection above five when it is returned, so under
    # load each request paid for a new server connection (a process and a SCRAM
    # handshake on PostgreSQL). Ten kept and ten more: at most 20 per process.
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    return create_engine(parsed, **kwargs)


class Database:
    """One engine and the one ``sessionmaker`` beside it, with short transactions.

    ``write`` runs a function in a write transaction and retries it (from the start, in a
    fresh transaction) when the database is locked; ``read`` runs it in a read
    transaction. Both keep nothing attached: return plain data from the function.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        self.dialect = engine.dialect.name

    @property
    def display_url(self) -> str:
        return safe_url(self.engine.url)

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite); commits on success."""
        with self.sessions() as session, session.begin():
            session.connection(execution_options={WRITE_OPTION: True})
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    def write(self, work: Callable[[Session], T], retries: int = WRITE_RETRIES) -> T:
        for attempt in range(retries + 1):
            try:
                with self.write_session() as session:
                    return work(session)
            except DBAPIError as exc:
                if attempt >= retries or not is_retryable(exc):
                    raise
            # Jittered exponential backoff so queued writers do not retry in lockstep.
            time.sleep(min(0.05 * 2**attempt, 1.0) * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    def read(self, work: Callable[[Session], T]) -> T:
        with self.read_session() as session:
            return work(session)

    def checkpoint(self, tries: int = 20) -> bool:
        """Fold SQLite's write-ahead log into the main file and truncate it to zero bytes.

        Run after an erase: until then the WAL still holds the old row images (the code,
        name and note), and with another process holding the database open SQLite never
        removes it on its own. True when done (always on other databases); False when a
        reader kept it busy for every try.
        """
        if self.dialect != "sqlite":
            return True
        for attempt in range(tries):
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    row = cursor.fetchone()
                finally:
                    cursor.close()
            finally:
                raw.close()
            if row is None or int(row[0]) == 0:
                return True
            time.sleep(min(0.02 * 2**attempt, 0.5))
        return False

    def current_revision(self) -> str | None:
        """The Alembic revision of the database, None when it has none (a new database)."""
        try:
            with self.engine.connect() as conn:
                row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except DBAPIError:
            return None
        return None if row is None else str(row[0])

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (a no-op when it is there already)."""
        from frontlijn_game.store.migrate import upgrade

        upgrade(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


_lock = threading.Lock()


def open_database(url: str | None = None, migrate: bool = True, **engine_kwargs: Any) -> Database:
    """Open (and on first use create and migrate) the database at ``url`` (None: default).

    Raises :class:`DatabaseUnavailable` with the password hidden when it cannot be reached.
    """
    target = url or default_url()
    try:
        engine = create_db_engine(target, **engine_kwargs)
    except ArgumentError:  # its message would repeat the URL, password and all
        raise DatabaseUnavailable(f"not a database URL: {safe_url(target)}") from None
    except (ImportError, OSError) as exc:
        raise DatabaseUnavailable(f"cannot open database {safe_url(target)}: {exc}") from None
    db = Database(engine)
    if migrate:
        try:
            with _lock:
                if db.current_revision() != HEAD_REVISION:
                    db.upgrade()
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseUnavailable(f"cannot open database {db.display_url}: {reason}") from None
        except MigrationError as exc:
            engine.dispose()
            raise DatabaseUnavailable(f"cannot migrate {db.display_url}: {exc}") from None
    return db


__all__ = [
    "HEAD_REVISION",
    "Database",
    "create_db_engine",
    "default_url",
    "is_retryable",
    "open_database",
    "safe_url",
]
