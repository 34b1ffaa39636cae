"""Migration 0008_lti: the LTI tables come and go without touching older data, and an
LMS identity goes with its trainee."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from frontlijn_game.store.database import open_database
from frontlijn_game.store.migrate import alembic_config, downgrade, upgrade

LTI_TABLES = {
    "lti_registrations", "lti_logins", "lti_launches", "lti_users", "lti_contexts",
    "lti_links", "lti_link_users", "lti_grades",
}  # fmt: skip


def _before() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_revision("0008_lti")
    assert revision is not None
    return str(revision.down_revision)


def test_upgrade_and_downgrade_keep_older_data(db_url: str) -> None:
    db = open_database(db_url)
    try:
        downgrade(db.engine, _before())
        assert not LTI_TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO trainees (code, created_at, pin_failures) "
                    "VALUES ('ria', CURRENT_TIMESTAMP, 0)"
                )
            )
        upgrade(db.engine)
        assert set(inspect(db.engine).get_table_names()) >= LTI_TABLES
        with db.engine.begin() as conn:
            trainee = conn.execute(text("SELECT id FROM trainees WHERE code = 'ria'")).scalar()
            conn.execute(
                text(
                    "INSERT INTO lti_users (issuer, sub, trainee_id, created_at) "
                    "VALUES ('https://lms', 's1', :t, CURRENT_TIMESTAMP)"
                ),
                {"t": trainee},
            )
            conn.execute(text("DELETE FROM trainees WHERE id = :t"), {"t": trainee})
            assert conn.execute(text("SELECT count(*) FROM lti_users")).scalar() == 0
            conn.execute(
                text(
                    "INSERT INTO trainees (code, created_at, pin_failures) "
                    "VALUES ('sam', CURRENT_TIMESTAMP, 0)"
                )
            )
        downgrade(db.engine, _before())
        assert not LTI_TABLES & set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT code FROM trainees")).scalars().all() == ["sam"]
        db.upgrade()
    finally:
        db.dispose()
