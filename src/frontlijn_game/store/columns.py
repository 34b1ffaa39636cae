"""The declarative base and the column kinds every table module shares.

``models.py`` (the progress tables), ``lti_models.py`` and ``cmi5_models.py`` all build
on :class:`Base`; the few column shapes they repeat (a reference deleted with its row,
the moment a row was made, an outbox's retry bookkeeping) are written once here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, ForeignKey, Integer, MetaData, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only makes INTEGER PRIMARY KEY an alias of the rowid; PostgreSQL needs 64 bits
# for millions of decisions.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps go in as UTC and come out timezone-aware on every backend (SQLite drops
    the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: Json, list[str]: Json}


def created() -> MappedColumn[Any]:
    """When the row was made (set on insert)."""
    return mapped_column(default=utcnow)


def owned_by(table: str, *, index: bool = False, primary_key: bool = False) -> MappedColumn[Any]:
    """A reference to ``table.id`` that goes with it: deleting that row deletes this one."""
    return mapped_column(
        ForeignKey(f"{table}.id", ondelete="CASCADE"), index=index, primary_key=primary_key
    )


class Outbox:
    """The bookkeeping of a row sent to someone else until it arrives (xAPI statements,
    LMS grades): when it was queued, when to try next, how often it was tried and why the
    last try failed, and when it was sent."""

    created_at: Mapped[datetime] = created()
    next_try_at: Mapped[datetime] = mapped_column(default=utcnow)
    tries: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]


__all__ = [
    "NAMING",
    "Base",
    "BigId",
    "Json",
    "Outbox",
    "UTCDateTime",
    "created",
    "owned_by",
    "utcnow",
]
