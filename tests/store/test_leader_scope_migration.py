"""Migration 0006 (leader roles and cohorts): leaders of an older database become
beheerders, and the new table cascades with its leader and its cohort."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from frontlijn_game.store.database import HEAD_REVISION, open_database
from frontlijn_game.store.migrate import downgrade, upgrade


def test_upgrade_from_0005_makes_existing_leaders_beheerders(db_url: str) -> None:
    db = open_database(db_url)
    try:
        downgrade(db.engine, "base")
        upgrade(db.engine, "0005")
        assert db.current_revision() == "0005"
        assert "role" not in {c["name"] for c in inspect(db.engine).get_columns("leaders")}
        with db.engine.begin() as conn:
            for name in ("oud-een", "oud-twee"):
                conn.execute(
                    text(
                        "INSERT INTO leaders (name, password_hash, created_at, failures) "
                        "VALUES (:name, 'scrypt$x', CURRENT_TIMESTAMP, 0)"
                    ),
                    {"name": name},
                )
            conn.execute(
                text("INSERT INTO cohorts (name, created_at) VALUES ('c', CURRENT_TIMESTAMP)")
            )
        db.upgrade()
        assert db.current_revision() == HEAD_REVISION
        with db.engine.begin() as conn:
            roles = {n: r for n, r in conn.execute(text("SELECT name, role FROM leaders"))}
            assert roles == {"oud-een": "beheerder", "oud-twee": "beheerder"}
            # The database itself refuses a third role.
            with pytest.raises(IntegrityError), conn.begin_nested():
                conn.execute(text("UPDATE leaders SET role = 'koning' WHERE name = 'oud-een'"))
            leader_id = conn.execute(
                text("SELECT id FROM leaders WHERE name = 'oud-twee'")
            ).scalar()
            cohort_id = conn.execute(text("SELECT id FROM cohorts WHERE name = 'c'")).scalar()
            conn.execute(
                text(
                    "INSERT INTO leader_cohorts (leader_id, cohort_id, assigned_at) "
                    "VALUES (:l, :c, CURRENT_TIMESTAMP)"
                ),
                {"l": leader_id, "c": cohort_id},
            )
            conn.execute(text("DELETE FROM cohorts WHERE id = :c"), {"c": cohort_id})
            left = conn.execute(text("SELECT COUNT(*) FROM leader_cohorts")).scalar()
            assert left == 0  # gone with its cohort
        # And back: 0005 has no trace of roles, the leaders are still there.
        downgrade(db.engine, "0005")
        assert "leader_cohorts" not in inspect(db.engine).get_table_names()
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM leaders")).scalar() == 2
    finally:
        db.dispose()
