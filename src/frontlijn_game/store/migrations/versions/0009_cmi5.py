"""cmi5 launches: LMS learners mapped to trainees, AU sessions, and an outbox of
statements still to send.

Revision ID: 0009_cmi5
Revises: 0008_lti
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009_cmi5"
down_revision: str | None = "0008_lti"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
When = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""The type of ``attempts.id``: a foreign key to it must match on PostgreSQL."""


def upgrade() -> None:
    op.create_table(
        "cmi5_learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_page", sa.String(length=500), nullable=False),
        sa.Column("account_name", sa.String(length=255), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainees.id"],
            name=op.f("fk_cmi5_learners_trainee_id_trainees"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cmi5_learners")),
        sa.UniqueConstraint(
            "home_page", "account_name", name=op.f("uq_cmi5_learners_home_page_account_name")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_cmi5_learners_trainee_id"), "cmi5_learners", ["trainee_id"])
    op.create_table(
        "cmi5_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fetch_digest", sa.String(length=64), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("web_session_id", sa.String(length=64), nullable=True),
        sa.Column("scenario_id", sa.String(length=100), nullable=False),
        sa.Column("attempt_id", BigId, nullable=True),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("auth_token", sa.Text(), nullable=False),
        sa.Column("actor", Json, nullable=False),
        sa.Column("registration", sa.String(length=36), nullable=False),
        sa.Column("activity_id", sa.String(length=1000), nullable=False),
        sa.Column("activity_base", sa.String(length=500), nullable=False),
        sa.Column("launch_data", Json, nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("decisions_queued", sa.Integer(), nullable=False),
        sa.Column("finished_queued", sa.Boolean(), nullable=False),
        sa.Column("initialized_at", When, nullable=False),
        sa.Column("closed_at", When, nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["cmi5_learners.id"],
            name=op.f("fk_cmi5_sessions_learner_id_cmi5_learners"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"],
            name=op.f("fk_cmi5_sessions_attempt_id_attempts"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cmi5_sessions")),
        sa.UniqueConstraint("fetch_digest", name=op.f("uq_cmi5_sessions_fetch_digest")),
    )  # fmt: skip
    op.create_index(op.f("ix_cmi5_sessions_learner_id"), "cmi5_sessions", ["learner_id"])
    op.create_index(op.f("ix_cmi5_sessions_web_session_id"), "cmi5_sessions", ["web_session_id"])
    op.create_index(op.f("ix_cmi5_sessions_attempt_id"), "cmi5_sessions", ["attempt_id"])
    op.create_index(
        "ix_cmi5_sessions_registration", "cmi5_sessions", ["registration", "activity_id"]
    )
    op.create_table(
        "cmi5_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("verb", sa.String(length=32), nullable=False),
        sa.Column("statement", Json, nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("next_try_at", When, nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("sent_at", When, nullable=True),
        sa.Column("given_up_at", When, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["cmi5_sessions.id"],
            name=op.f("fk_cmi5_outbox_session_id_cmi5_sessions"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cmi5_outbox")),
    )  # fmt: skip
    op.create_index(op.f("ix_cmi5_outbox_session_id"), "cmi5_outbox", ["session_id"])
    op.create_index("ix_cmi5_outbox_sent_at_next_try_at", "cmi5_outbox", ["sent_at", "next_try_at"])


def downgrade() -> None:
    op.drop_table("cmi5_outbox")
    op.drop_table("cmi5_sessions")
    op.drop_table("cmi5_learners")
