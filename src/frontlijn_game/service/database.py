"""Opening the progress store for a door, with every database failure in words.

A door catches :class:`~frontlijn_game.store.errors.StoreError` only: a driver error
(SQLAlchemy's ``DBAPIError``: a lost connection, a locked file, a refused statement)
raised while the door works with the store comes out as :class:`DatabaseFailure`, a
``StoreError`` whose message names the database (password hidden) and the driver's
reason, so no door has to import SQLAlchemy to word it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _
from frontlijn_game.store.errors import StoreError
from frontlijn_game.store.service import Store

if TYPE_CHECKING:
    from frontlijn_game.store.ownership import GrantReport


__all__ = [
    "DatabaseFailure",
    "Store",
    "StoreError",
    "check_database",
    "database_errors_worded",
    "grant_app_role",
    "opened_store",
    "upgrade_database",
]


class DatabaseFailure(StoreError):
    """The database driver refused; the message is meant for whoever runs the command."""


def driver_reason(exc: BaseException) -> str:
    """The driver's own words of a DBAPI error (its ``orig``), stripped."""
    return str(getattr(exc, "orig", exc)).strip()


@contextmanager
def database_errors_worded(where: str, prefix: str = "database error") -> Iterator[None]:
    """Turn a driver error inside the block into :class:`DatabaseFailure`."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise DatabaseFailure(f"{prefix} ({where}): {driver_reason(exc)}") from None


@contextmanager
def opened_store(url: str | None) -> Iterator[Store]:
    """The store at ``url`` (migrated), closed at the end; failures as ``StoreError``."""
    from frontlijn_game.store.database import safe_url

    store = Store.open(url)
    try:
        with database_errors_worded(safe_url(store.db.engine.url)):
            yield store
    finally:
        store.close()


def check_database(url: str | None) -> str:
    """Open (create, migrate) the database a server will use and drop expired browser
    sessions: a bad ``--db`` fails here, before any worker starts. The URL as shown."""
    with opened_store(url) as store:
        store.purge_web_sessions()
        return store.display_url


def upgrade_database(url: str | None) -> tuple[str | None, str | None, str]:
    """Create the database if needed and migrate it: (revision before, after, shown URL).

    Only the database's owner changes the schema: on PostgreSQL the app role is refused
    (:class:`~frontlijn_game.service.admin.AdminRefused`) even when nothing is to be done.
    """
    from frontlijn_game.service.admin import require_owner
    from frontlijn_game.store.database import open_database

    database = open_database(url, migrate=False)
    try:
        with database_errors_worded(database.display_url, prefix="cannot upgrade"):
            require_owner(Store(database), _("de database bijwerken (db upgrade)"))
            before = database.current_revision()
            database.upgrade()
            after = database.current_revision()
        return before, after, database.display_url
    finally:
        database.dispose()


def grant_app_role(url: str | None, role: str) -> GrantReport:
    """Give the PostgreSQL ``role`` the app's privileges and nothing else (owner only)."""
    from frontlijn_game.store.ownership import grant_app_role as grant

    with opened_store(url) as store:
        return grant(store.db, role)
