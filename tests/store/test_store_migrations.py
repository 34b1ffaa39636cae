"""Migrations: an empty database goes to head on both backends and matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from frontlijn_game.store import DatabaseUnavailable
from frontlijn_game.store.database import HEAD_REVISION, open_database, safe_url
from frontlijn_game.store.migrate import downgrade, head_revision
from frontlijn_game.store.models import Base

TABLES = {
    "alembic_version",
    "cmi5_learners",
    "cmi5_outbox",
    "cmi5_sessions",
    "attempts",
    "cohort_members",
    "cohorts",
    "decisions",
    "enrolments",
    "leader_cohorts",
    "leaders",
    "live_sessions",
    "option_tallies",
    "position_tallies",
    "progress",
    "session_notes",
    "session_rounds",
    "session_seats",
    "session_votes",
    "snapshots",
    "trainees",
    "web_sessions",
    "lti_registrations",
    "lti_logins",
    "lti_launches",
    "lti_users",
    "lti_contexts",
    "lti_links",
    "lti_link_users",
    "lti_grades",
}


def test_head_constant_is_the_newest_migration() -> None:
    assert head_revision() == HEAD_REVISION


def test_empty_database_is_migrated_to_head_on_first_use(db_url: str) -> None:
    db = open_database(db_url, migrate=False)
    assert db.current_revision() is None
    db.dispose()

    db = open_database(db_url)
    try:
        assert db.current_revision() == HEAD_REVISION
        assert set(inspect(db.engine).get_table_names()) == TABLES
        with db.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == [], "models.py and the migrations disagree"
        indexes = {ix["name"] for ix in inspect(db.engine).get_indexes("attempts")}
        assert "uq_attempts_open" in indexes
    finally:
        db.dispose()


def test_downgrade_to_empty_and_back(db_url: str) -> None:
    db = open_database(db_url)
    try:
        downgrade(db.engine, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.upgrade()
        assert db.current_revision() == HEAD_REVISION
        db.upgrade()  # a second upgrade is a no-op
        assert db.current_revision() == HEAD_REVISION
    finally:
        db.dispose()


def test_sqlite_connections_are_set_up_for_many_writers(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert timeout is not None and timeout >= 1000
    finally:
        db.dispose()


def test_a_database_from_a_newer_version_is_refused_clearly(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(DatabaseUnavailable, match="newer version of frontlijn"):
        open_database(sqlite_url)


def test_messages_never_show_the_password() -> None:
    with pytest.raises(DatabaseUnavailable) as err:
        open_database("nonsense://leader:s3cret@host/db")
    assert "s3cret" not in str(err.value) and "***" in str(err.value)
    assert (
        safe_url("postgresql+psycopg://u:s3cret@h:5432/d") == "postgresql+psycopg://u:***@h:5432/d"
    )
