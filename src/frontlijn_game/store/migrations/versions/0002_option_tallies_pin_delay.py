"""Option tallies (the option distribution's counts), first attempts marked, and the
trainee PIN delay's columns.

``attempts.first_attempt`` and ``option_tallies`` are filled from the attempts and
decisions already recorded, so a database that was in use before this migration reports
the same distribution afterwards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_ATTEMPTS = """
UPDATE attempts SET first_attempt = TRUE
WHERE id IN (SELECT MIN(id) FROM attempts GROUP BY trainee_id, scenario_id)
"""

# A frozen copy of store/tallies.py's rebuild (a migration must not change with the code).
BACKFILL = """
INSERT INTO option_tallies (snapshot_id, first_attempt, scene, choice,
                            decisions, attempts, scene_firsts, finished, total_tenths)
SELECT a.snapshot_id,
       a.first_attempt,
       p.scene,
       p.choice,
       SUM(p.n),
       COUNT(*),
       SUM(CASE WHEN p.first_seq = s.first_seq THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'finished' AND a.total IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'finished' AND a.total IS NOT NULL
                THEN CAST(ROUND(a.total * 10) AS BIGINT) ELSE 0 END)
FROM (SELECT attempt_id, scene, choice, COUNT(*) AS n, MIN(seq) AS first_seq
      FROM decisions GROUP BY attempt_id, scene, choice) p
JOIN (SELECT attempt_id, scene, MIN(seq) AS first_seq
      FROM decisions GROUP BY attempt_id, scene) s
  ON s.attempt_id = p.attempt_id AND s.scene = p.scene
JOIN attempts a ON a.id = p.attempt_id
GROUP BY 1, 2, 3, 4
"""


def upgrade() -> None:
    # Never a batch on ``trainees``: on SQLite a batch drops and re-creates the table, and
    # with foreign keys on that cascades to every attempt. Both backends add in place.
    op.add_column(
        "trainees",
        sa.Column("pin_failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "trainees", sa.Column("last_pin_failure_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "attempts",
        sa.Column("first_attempt", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(FIRST_ATTEMPTS)
    op.create_index(
        "ix_attempts_scenario_id_first_attempt_snapshot_id_status",
        "attempts",
        ["scenario_id", "first_attempt", "snapshot_id", "status"],
    )
    op.create_table(
        "option_tallies",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("first_attempt", sa.Boolean(), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.String(length=100), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("scene_firsts", sa.Integer(), nullable=False),
        sa.Column("finished", sa.Integer(), nullable=False),
        sa.Column("total_tenths", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_option_tallies_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint(
            "snapshot_id", "first_attempt", "scene", "choice", name=op.f("pk_option_tallies")
        ),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("option_tallies")
    op.drop_index("ix_attempts_scenario_id_first_attempt_snapshot_id_status", "attempts")
    op.drop_column("attempts", "first_attempt")
    # Not a batch either (see upgrade): SQLite 3.35+ drops a column in place.
    op.drop_column("trainees", "last_pin_failure_at")
    op.drop_column("trainees", "pin_failures")
