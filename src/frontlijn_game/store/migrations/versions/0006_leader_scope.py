"""Leader roles and the cohorts a *cursusleider* leads.

``leaders.role`` is *beheerder* (every cohort, the accounts) or *cursusleider* (only the
cohorts in ``leader_cohorts``). Every leader that exists before this migration becomes a
beheerder, so an old database shows its leaders what it showed them before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ``leaders`` has no children before this migration, so SQLite's batch (a copy of the
    # table) cascades to nothing; PostgreSQL alters in place.
    with op.batch_alter_table("leaders") as batch:
        batch.add_column(
            sa.Column(
                "role",
                sa.String(length=20),
                server_default=sa.text("'beheerder'"),
                nullable=False,
            )
        )
        batch.create_check_constraint(
            op.f("ck_leaders_role"), "role IN ('beheerder', 'cursusleider')"
        )
    op.create_table(
        "leader_cohorts",
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_leader_cohorts_leader_id_leaders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_leader_cohorts_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("leader_id", "cohort_id", name=op.f("pk_leader_cohorts")),
    )
    op.create_index(op.f("ix_leader_cohorts_cohort_id"), "leader_cohorts", ["cohort_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_leader_cohorts_cohort_id"), table_name="leader_cohorts")
    op.drop_table("leader_cohorts")
    with op.batch_alter_table("leaders") as batch:
        batch.drop_constraint(op.f("ck_leaders_role"), type_="check")
        batch.drop_column("role")
