"""Live sessions: the session, its seats, votes, rounds and the facilitator's notes.

Revision ID: 0010_live_sessions
Revises: 0009_cmi5
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_live_sessions"
down_revision: str | None = "0009_cmi5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "live_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("paused", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("revealed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("decision_no", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("attempt_id", BigId, nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("started_at", Stamp, nullable=True),
        sa.Column("ended_at", Stamp, nullable=True),
        sa.Column("went_well", sa.Text(), nullable=True),
        sa.Column("gaps", sa.Text(), nullable=True),
        sa.Column("agreements", sa.Text(), nullable=True),
        sa.Column("reviewed_at", Stamp, nullable=True),
        sa.CheckConstraint(
            "mode IN ('klassikaal', 'casusoverleg')", name=op.f("ck_live_sessions_mode")
        ),
        sa.CheckConstraint(
            "status IN ('lobby', 'running', 'ended')", name=op.f("ck_live_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            name=op.f("fk_live_sessions_attempt_id_attempts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_live_sessions_cohort_id_cohorts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_live_sessions_leader_id_leaders"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"], ["snapshots.id"], name=op.f("fk_live_sessions_snapshot_id_snapshots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_sessions")),
        sa.UniqueConstraint("code", name=op.f("uq_live_sessions_code")),
    )
    op.create_index(op.f("ix_live_sessions_snapshot_id"), "live_sessions", ["snapshot_id"])
    op.create_index(op.f("ix_live_sessions_cohort_id"), "live_sessions", ["cohort_id"])
    op.create_table(
        "session_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("admitted", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("joined_at", Stamp, nullable=False),
        sa.Column("seen_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_sessions.id"],
            name=op.f("fk_session_seats_session_id_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["trainees.id"],
            name=op.f("fk_session_seats_trainee_id_trainees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_seats")),
        sa.UniqueConstraint("session_id", "role", name=op.f("uq_session_seats_session_id_role")),
        sa.UniqueConstraint(
            "session_id", "trainee_id", name=op.f("uq_session_seats_session_id_trainee_id")
        ),
    )
    op.create_index(op.f("ix_session_seats_trainee_id"), "session_seats", ["trainee_id"])
    op.create_table(
        "session_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.Integer(), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.String(length=100), nullable=False),
        sa.Column("advice", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("cast_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["session_seats.id"],
            name=op.f("fk_session_votes_seat_id_session_seats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_sessions.id"],
            name=op.f("fk_session_votes_session_id_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_votes")),
        sa.UniqueConstraint(
            "seat_id", "decision_no", name=op.f("uq_session_votes_seat_id_decision_no")
        ),
    )
    op.create_index(
        "ix_session_votes_session_id_decision_no", "session_votes", ["session_id", "decision_no"]
    )
    op.create_table(
        "session_rounds",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.Integer(), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.String(length=100), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("decided_at", Stamp, nullable=False),
        sa.CheckConstraint(
            "how IN ('majority', 'tie', 'override', 'decider')", name=op.f("ck_session_rounds_how")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_sessions.id"],
            name=op.f("fk_session_rounds_session_id_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "decision_no", name=op.f("pk_session_rounds")),
    )
    op.create_table(
        "session_notes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_sessions.id"],
            name=op.f("fk_session_notes_session_id_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "decision_no", name=op.f("pk_session_notes")),
    )


def downgrade() -> None:
    op.drop_table("session_notes")
    op.drop_table("session_rounds")
    op.drop_index("ix_session_votes_session_id_decision_no", table_name="session_votes")
    op.drop_table("session_votes")
    op.drop_index(op.f("ix_session_seats_trainee_id"), table_name="session_seats")
    op.drop_table("session_seats")
    op.drop_index(op.f("ix_live_sessions_cohort_id"), table_name="live_sessions")
    op.drop_index(op.f("ix_live_sessions_snapshot_id"), table_name="live_sessions")
    op.drop_table("live_sessions")
