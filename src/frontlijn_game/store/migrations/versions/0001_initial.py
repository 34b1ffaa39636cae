"""Initial schema: trainees, cohorts, enrolments, leaders, snapshots, attempts, decisions,
progress.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types in models.py (a migration must not change with them).
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
OPEN = sa.text("status IN ('active', 'suspended')")


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint("name", name=op.f("uq_cohorts_name")),
    )
    op.create_table(
        "leaders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        _ts("created_at"),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _ts("last_failure_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaders")),
        sa.UniqueConstraint("name", name=op.f("uq_leaders_name")),
    )
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("endings", Json, nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint(
            "scenario_id", "content_hash", name=op.f("uq_snapshots_scenario_id_content_hash")
        ),
    )
    op.create_table(
        "trainees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("pin_hash", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _ts("created_at"),
        _ts("erased_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainees")),
        sa.UniqueConstraint("code", name=op.f("uq_trainees_code")),
    )
    op.create_table(
        "attempts",
        sa.Column("id", BigId, nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("state", Json, nullable=False),
        sa.Column("draws", Json, nullable=False),
        sa.Column("decisions_count", sa.Integer(), nullable=False),
        _ts("started_at"),
        _ts("updated_at"),
        _ts("finished_at", nullable=True),
        sa.Column("help", sa.Integer(), nullable=False),
        sa.Column("sanction", sa.Integer(), nullable=False),
        sa.Column("balance", sa.Float(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("balance_score", sa.Float(), nullable=True),
        sa.Column("outcome", sa.Integer(), nullable=True),
        sa.Column("process", sa.Float(), nullable=True),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("ending_id", sa.String(length=100), nullable=True),
        sa.Column("ending_kind", sa.String(length=10), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'finished', 'abandoned')",
            name=op.f("ck_attempts_status"),
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_attempts_snapshot_id_snapshots")
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_attempts_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_index("ix_attempts_scenario_id_status", "attempts", ["scenario_id", "status"])
    op.create_index("ix_attempts_snapshot_id", "attempts", ["snapshot_id"])
    op.create_index("ix_attempts_trainee_id_scenario_id", "attempts", ["trainee_id", "scenario_id"])
    # The database itself refuses a second open attempt of one case by one trainee.
    op.create_index(
        "uq_attempts_open",
        "attempts",
        ["trainee_id", "scenario_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_table(
        "cohort_members",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        _ts("joined_at"),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_cohort_members_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_cohort_members_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", "trainee_id", name=op.f("pk_cohort_members")),
    )
    op.create_index("ix_cohort_members_trainee_id", "cohort_members", ["trainee_id"])
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("trainee_id", sa.Integer(), nullable=True),
        sa.Column("curriculum_id", sa.String(length=100), nullable=False),
        _ts("enrolled_at"),
        sa.CheckConstraint(
            "(cohort_id IS NULL) <> (trainee_id IS NULL)",
            name=op.f("ck_enrolments_one_of_cohort_or_trainee"),
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_enrolments_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_enrolments_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint(
            "cohort_id", "curriculum_id", name=op.f("uq_enrolments_cohort_id_curriculum_id")
        ),
        sa.UniqueConstraint(
            "trainee_id", "curriculum_id", name=op.f("uq_enrolments_trainee_id_curriculum_id")
        ),
    )
    op.create_table(
        "progress",
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("finished", sa.Integer(), nullable=False),
        sa.Column("best_total", sa.Float(), nullable=True),
        sa.Column("best_attempt_id", BigId, nullable=True),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_progress_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("trainee_id", "scenario_id", name=op.f("pk_progress")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", BigId, nullable=False),
        sa.Column("attempt_id", BigId, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.String(length=100), nullable=False),
        sa.Column("help", sa.Integer(), nullable=False),
        sa.Column("sanction", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("tags", Json, nullable=False),
        sa.Column("variables", Json, nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        _ts("decided_at"),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            name=op.f("fk_decisions_attempt_id_attempts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("attempt_id", "seq", name=op.f("uq_decisions_attempt_id_seq")),
    )
    op.create_index(
        "ix_decisions_scenario_id_scene_choice", "decisions", ["scenario_id", "scene", "choice"]
    )


def downgrade() -> None:
    for table in (
        "decisions",
        "progress",
        "enrolments",
        "cohort_members",
        "attempts",
        "trainees",
        "snapshots",
        "leaders",
        "cohorts",
    ):
        op.drop_table(table)
