"""The database backends every store test runs on: a SQLite file and a PostgreSQL server.

PostgreSQL comes from ``FRONTLIJN_TEST_PG_URL`` and runs only with ``FRONTLIJN_SERVICES=1``
(``.ci/run`` sources ``.ci/services.sh``, which starts a server and sets both). Without
it the PostgreSQL half skips with a loud reason; with it, an unreachable server fails.
Each test gets a database of its own (a fresh file, or a new database on the server).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

BACKENDS = ["sqlite", "postgresql"]
SKIP_REASON = (
    "PostgreSQL tests need FRONTLIJN_SERVICES=1 (set by .ci/run, which starts a server "
    "with .ci/services.sh) and FRONTLIJN_TEST_PG_URL; run `. .ci/services.sh` to get both"
)


class SecretURL(str):
    """A database URL whose repr hides the password: pytest prints test arguments in
    tracebacks, and a CI log must never show a database password."""

    def __repr__(self) -> str:
        return repr(make_url(str(self)).render_as_string(hide_password=True))


def pg_server_url() -> str:
    """The server URL, or skip (no services) / fail (services promised, none there)."""
    if os.environ.get("FRONTLIJN_SERVICES") != "1":
        pytest.skip(SKIP_REASON)
    url = os.environ.get("FRONTLIJN_TEST_PG_URL")
    if not url:
        pytest.fail("FRONTLIJN_SERVICES=1 but FRONTLIJN_TEST_PG_URL is not set")
    return url


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[object]:
    url = pg_server_url()
    engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
    problem = None
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        problem = str(exc.orig).strip()
    if problem is not None:  # outside the except: no traceback with the password in it
        shown = make_url(url).render_as_string(hide_password=True)
        pytest.fail(
            f"FRONTLIJN_SERVICES=1 but PostgreSQL at {shown} is unreachable: {problem}",
            pytrace=False,
        )
    yield engine
    engine.dispose()


def fresh_pg_database(request: pytest.FixtureRequest) -> Iterator[str]:
    admin = request.getfixturevalue("pg_admin")
    name = f"frontlijn_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server_url()).set(database=name)
    yield SecretURL(url.render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend (SQLite file, then a new PostgreSQL database)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    else:
        yield from fresh_pg_database(request)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'progress.sqlite3'}"


@pytest.fixture
def pg_urls(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(owner URL, app role URL) of a fresh PostgreSQL database: the owner is the test
    server's superuser, the app role a new login role with no privileges yet (give it
    the app's with ``frontlijn db grant``); both gone after the test."""
    fresh = fresh_pg_database(request)
    owner = next(fresh)
    admin = request.getfixturevalue("pg_admin")
    role, password = f"app_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
    app = make_url(owner).set(username=role, password=password)
    try:
        yield owner, SecretURL(app.render_as_string(hide_password=False))
    finally:
        engine = create_engine(owner)
        with engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
        engine.dispose()
        next(fresh, None)  # drops the database
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
