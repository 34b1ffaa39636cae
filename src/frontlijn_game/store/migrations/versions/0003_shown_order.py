"""The order the options were shown in, with each decision, and its position tallies.

Options are shown shuffled (per attempt seed and decision number); ``decisions.shown``
keeps the shown choice ids in order and ``decisions.shown_position`` the chosen one's
place. Rows recorded before this migration keep NULL: they were shown in file order, and
they count in no position tally (nobody knows their order as *seen* order but the file).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # Plain add_column, not a batch: nullable columns are added in place on both backends,
    # and a batch would copy the 3.6 M-row decisions table on SQLite.
    op.add_column("decisions", sa.Column("shown", JSON, nullable=True))
    op.add_column("decisions", sa.Column("shown_position", sa.Integer(), nullable=True))
    op.create_table(
        "position_tallies",
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("first_attempt", sa.Boolean(), nullable=False),
        sa.Column("scene", sa.String(length=100), nullable=False),
        sa.Column("choice", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshots.id"],
            name=op.f("fk_position_tallies_snapshot_id_snapshots"),
        ),
        sa.PrimaryKeyConstraint(
            "snapshot_id",
            "first_attempt",
            "scene",
            "choice",
            "position",
            name=op.f("pk_position_tallies"),
        ),
    )


def downgrade() -> None:
    op.drop_table("position_tallies")
    # SQLite 3.35+ and PostgreSQL drop a column in place (no batch copy).
    with op.batch_alter_table("decisions", recreate="never") as batch:
        batch.drop_column("shown_position")
        batch.drop_column("shown")
