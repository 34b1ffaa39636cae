"""Trainee codes ignore case: every stored code becomes its normalised (upper-case) form.

``T001`` and ``t001`` were two trainees; from now on they are one code. When a database
holds codes that differ only in case, this migration refuses (nothing is changed) and
lists them with the SQL that renames one, so the leader decides who keeps which code:
merging two people's attempts silently would be worse than stopping.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLLISIONS = """
SELECT code FROM trainees
WHERE UPPER(code) IN (SELECT UPPER(code) FROM trainees GROUP BY UPPER(code) HAVING COUNT(*) > 1)
ORDER BY UPPER(code), code
"""


def collision_message(codes: Sequence[str]) -> str:
    """What the leader reads when codes collide: which ones, and how to settle it."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(code.upper(), []).append(code)
    listed = "; ".join(" = ".join(group) for group in groups.values())
    example = next(iter(groups.values()))[-1]
    return (
        "trainee codes now ignore case, and these codes differ only in case: "
        f"{listed}. Nothing was changed. Rename all but one of each group, e.g. "
        f"UPDATE trainees SET code = '{example}-2' WHERE code = '{example}'; "
        "then run `frontlijn db upgrade` again"
    )


def upgrade() -> None:
    from frontlijn_game.store.errors import MigrationError

    bind = op.get_bind()
    clashing = [row[0] for row in bind.execute(sa.text(COLLISIONS))]
    if clashing:
        raise MigrationError(collision_message(clashing))
    bind.execute(sa.text("UPDATE trainees SET code = UPPER(code) WHERE code <> UPPER(code)"))


def downgrade() -> None:
    """Nothing to undo: the upper-case codes stay valid codes for the older version."""
