"""The progress database: who played which snapshot of which case, and every decision.

Typed SQLAlchemy 2 models. The schema is owned by the Alembic migrations in
``store/migrations``; these models must match them (a test compares the two).

Design notes
- ``attempts.scenario_id`` repeats the snapshot's scenario id so that the database itself
  can refuse a second open attempt of one case (partial unique index) and the leader
  queries group attempts without a join.
- ``decisions.scenario_id`` is repeated for the same reason: the option distribution of a
  case is one index range scan over 3.6 M rows instead of a join.
- ``progress`` is a summary of attempts per (trainee, case), maintained in the same
  transaction as the attempts it summarises, so the leader's progress matrix reads
  60,000 rows instead of grouping 180,000.
- ``option_tallies`` is the same kind of summary for the option distribution: per version
  of a case, per option and per first/later attempt, the counts and the sum of totals that
  report needs, kept in the transaction of each decision. The report reads a few hundred
  rows instead of a case's 120,000 decisions and its attempts' states.
- ``decisions.shown`` keeps the order the options were shown in (shuffled per decision);
  ``position_tallies`` counts the chosen option's place in it, beside ``option_tallies``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

ATTEMPT_STATUSES = ("active", "suspended", "finished", "abandoned")
OPEN_STATUSES = ("active", "suspended")
OPEN_WHERE = "status IN ('active', 'suspended')"

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


class Trainee(Base):
    """A pseudonymous player: the code is all the game needs; name and PIN are optional."""

    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    pin_failures: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    """Wrong PINs in a row: the growing sign-in delay, shared by every process (tab)."""
    last_pin_failure_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    """Free text a leader keeps about the trainee; personal data, removed on erase."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None]

    attempts: Mapped[list[Attempt]] = relationship(back_populates="trainee")


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CohortMember(Base):
    __tablename__ = "cohort_members"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class Enrolment(Base):
    """A cohort (or one trainee) following a curriculum."""

    __tablename__ = "enrolments"
    __table_args__ = (
        CheckConstraint(
            "(cohort_id IS NULL) <> (trainee_id IS NULL)", name="one_of_cohort_or_trainee"
        ),
        # NULLs are distinct in unique indexes: each pair holds only where it is set.
        UniqueConstraint("cohort_id", "curriculum_id"),
        UniqueConstraint("trainee_id", "curriculum_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"))
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"))
    curriculum_id: Mapped[str] = mapped_column(String(100))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)


LEADER_ROLES = ("beheerder", "cursusleider")


class Leader(Base):
    """A course leader; ``failures`` and ``last_failure_at`` drive the growing delay.

    ``role``: a *beheerder* sees every cohort and keeps the accounts; a *cursusleider*
    sees only the cohorts of :class:`LeaderCohort` (leaders made before roles existed
    are beheerders).
    """

    __tablename__ = "leaders"
    __table_args__ = (CheckConstraint("role IN ('beheerder', 'cursusleider')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    failures: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    last_failure_at: Mapped[datetime | None]
    role: Mapped[str] = mapped_column(
        String(20), default="beheerder", server_default=text("'beheerder'")
    )


class LeaderCohort(Base):
    """A cohort a *cursusleider* leads: the only trainees their views, reports and
    exports show (gone with the leader or the cohort)."""

    __tablename__ = "leader_cohorts"

    leader_id: Mapped[int] = mapped_column(
        ForeignKey("leaders.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


class Snapshot(Base):
    """The exact YAML text of a case as it was played; never changed once written."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("scenario_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text)
    endings: Mapped[dict[str, Any]]
    """Ending scene id -> kind, taken from the parsed case so a finish needs no YAML parse."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(Snapshot, "before_update")
def _snapshot_is_immutable(mapper: Any, connection: Any, target: Snapshot) -> None:
    raise ValueError(f"snapshot {target.id} is immutable")


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'suspended', 'finished', 'abandoned')", name="status"
        ),
        Index(
            "uq_attempts_open",
            "trainee_id",
            "scenario_id",
            unique=True,
            sqlite_where=text(OPEN_WHERE),
            postgresql_where=text(OPEN_WHERE),
        ),
        Index("ix_attempts_scenario_id_status", "scenario_id", "status"),
        Index("ix_attempts_trainee_id_scenario_id", "trainee_id", "scenario_id"),
        # Counts of a case's (first) attempts per version and status, from the index alone.
        Index(
            "ix_attempts_scenario_id_first_attempt_snapshot_id_status",
            "scenario_id",
            "first_attempt",
            "snapshot_id",
            "status",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    seed: Mapped[int] = mapped_column(BigInteger)
    first_attempt: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The trainee's first attempt at the case (over all versions); set at the start."""
    status: Mapped[str] = mapped_column(String(16), default="active")
    scene: Mapped[str] = mapped_column(String(100))
    state: Mapped[dict[str, Any]]
    """``PlayState.to_json()`` after the last recorded decision: the whole resume point."""
    draws: Mapped[list[str]]
    decisions_count: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    # Score parts as the trainee saw them (rounded like ``Score.to_json``); while the
    # attempt runs they hold the score so far, outcome and total stay empty until the end.
    help: Mapped[int] = mapped_column(default=0)
    sanction: Mapped[int] = mapped_column(default=0)
    balance: Mapped[float | None] = mapped_column(Float)
    verdict: Mapped[str | None] = mapped_column(String(20))
    balance_score: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[int | None]
    process: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)
    ending_id: Mapped[str | None] = mapped_column(String(100))
    ending_kind: Mapped[str | None] = mapped_column(String(10))

    trainee: Mapped[Trainee] = relationship(back_populates="attempts")
    snapshot: Mapped[Snapshot] = relationship()


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("attempt_id", "seq"),
        Index("ix_decisions_scenario_id_scene_choice", "scenario_id", "scene", "choice"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    seq: Mapped[int]
    """1 for the first decision of the attempt; the primary order of a replay."""
    scenario_id: Mapped[str] = mapped_column(String(100))
    scene: Mapped[str] = mapped_column(String(100))
    choice: Mapped[str] = mapped_column(String(100))
    help: Mapped[int] = mapped_column(default=0)
    sanction: Mapped[int] = mapped_column(default=0)
    actor: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str]]
    variables: Mapped[dict[str, Any]]
    """The variables after the decision."""
    shown: Mapped[list[str] | None] = mapped_column(Json)
    """The offered choice ids in the order the trainee saw them (shuffled per decision);
    None: no order was shown (``frontlijn run``) or recorded before shuffling (file order)."""
    shown_position: Mapped[int | None]
    """1-based place of the chosen option in ``shown`` (None when ``shown`` is None)."""
    seconds: Mapped[float | None] = mapped_column(Float)
    """Time the trainee took to decide (None when not measured, e.g. ``frontlijn run``)."""
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class Progress(Base):
    """Per trainee and case: attempts started, finished and the best total.

    Kept by the repository in the same transaction as the attempt change, never by hand.
    """

    __tablename__ = "progress"

    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), primary_key=True
    )
    scenario_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempts: Mapped[int] = mapped_column(default=0)
    finished: Mapped[int] = mapped_column(default=0)
    best_total: Mapped[float | None] = mapped_column(Float)
    best_attempt_id: Mapped[int | None] = mapped_column(BigId)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OptionTally(Base):
    """Per version of a case, per option, first attempts apart: what the option
    distribution counts.

    Kept by ``repository.record_decision`` in the transaction of the decision (and of the
    finish) it counts, never by hand; ``tallies.rebuild_option_tallies`` recomputes it
    from the decisions and attempts, and a test holds the two equal.
    """

    __tablename__ = "option_tallies"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), primary_key=True)
    first_attempt: Mapped[bool] = mapped_column(primary_key=True)
    """The trainee's first attempt at the case (over all versions)."""
    scene: Mapped[str] = mapped_column(String(100), primary_key=True)
    choice: Mapped[str] = mapped_column(String(100), primary_key=True)
    decisions: Mapped[int] = mapped_column(default=0)
    """Decisions that took the option (twice in a loop counts twice)."""
    attempts: Mapped[int] = mapped_column(default=0)
    """Attempts that took it at least once."""
    scene_firsts: Mapped[int] = mapped_column(default=0)
    """Attempts whose first decision at the scene took it: summed over a scene's options,
    the attempts that decided there."""
    finished: Mapped[int] = mapped_column(default=0)
    """Finished attempts that took it."""
    total_tenths: Mapped[int] = mapped_column(BigInteger, default=0)
    """The sum of those finished attempts' totals, in tenths (exact)."""


class PositionTally(Base):
    """Per version of a case, per option and per place it was shown at: how many decisions
    took it there ("chosen by position shown"). Kept with :class:`OptionTally`, in the
    transaction of each decision that has a shown order."""

    __tablename__ = "position_tallies"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), primary_key=True)
    first_attempt: Mapped[bool] = mapped_column(primary_key=True)
    scene: Mapped[str] = mapped_column(String(100), primary_key=True)
    choice: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    """1-based place of the option in the order shown."""
    decisions: Mapped[int] = mapped_column(default=0)


__all__ = [
    "ATTEMPT_STATUSES",
    "LEADER_ROLES",
    "OPEN_STATUSES",
    "Attempt",
    "Base",
    "Cohort",
    "CohortMember",
    "Decision",
    "Enrolment",
    "Leader",
    "LeaderCohort",
    "OptionTally",
    "PositionTally",
    "Progress",
    "Snapshot",
    "Trainee",
]


class WebSession(Base):
    """A browser's session with the HTML door: all its state lives here, so any web
    worker on any machine serves it (no sticky sessions). ``id`` is the SHA-256 of the
    random cookie value, so the table alone opens no session."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trainee_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), index=True
    )
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("leaders.id", ondelete="CASCADE"), index=True
    )
    """Set for a course leader's session of the leader pages (never with ``trainee_id``)."""
    csrf: Mapped[str] = mapped_column(String(64))
    """The form token of this session; also the key of each scene's form token."""
    lang: Mapped[str] = mapped_column(String(8), default="nl")
    theme: Mapped[str] = mapped_column(String(8), default="system")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# The LTI, cmi5 and live-session tables live in their own modules; importing them here
# puts them in Base.metadata wherever the models are loaded (migrations' comparison
# included).
from frontlijn_game.store import cmi5_models as _cmi5_models  # noqa: E402, F401
from frontlijn_game.store import live_models as _live_models  # noqa: E402, F401
from frontlijn_game.store import lti_models  # noqa: E402, F401
