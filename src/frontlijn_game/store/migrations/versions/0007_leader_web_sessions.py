"""Course leaders' sessions of the HTML door's leader pages: ``web_sessions.leader_id``.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("leader_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_web_sessions_leader_id_leaders"),
            "leaders",
            ["leader_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_web_sessions_leader_id"), ["leader_id"])


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_index(op.f("ix_web_sessions_leader_id"))
        batch.drop_constraint(op.f("fk_web_sessions_leader_id_leaders"), type_="foreignkey")
        batch.drop_column("leader_id")
