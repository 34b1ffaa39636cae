"""Live sessions in the database: the session, its seats, votes, rounds and notes.

A course leader runs a session of one case with a group (DESIGN "Live sessions"). Every
piece of its state lives in these tables, written one transaction per action, so any
participant or the facilitator can crash, reconnect and find the same seat and scene.

Design notes
- The group plays one ordinary attempt (``attempts``/``decisions``) of a trainee row that
  stands for the group (code ``groep.<CODE>``), so the group path is recorded, resumed and
  scored exactly like any attempt; ``live_sessions.attempt_id`` points at it.
- ``decision_no`` is the number of the decision now open (the attempt's decisions + 1).
  A vote carries the number it was cast for, and ``uq(seat_id, decision_no)`` makes a vote
  count once: changing a vote replaces the row.
- ``version`` grows by one in every action's transaction, so a door polls one primary-key
  row ("anything new since N?") instead of re-reading the session.
- ``session_rounds`` keeps how each decision was taken (majority, tie broken by the
  facilitator, override, the deciding role) beside the decision the attempt recorded.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from frontlijn_game.store.models import Base, BigId, utcnow

SESSION_MODES = ("klassikaal", "casusoverleg")
SESSION_STATUSES = ("lobby", "running", "ended")
ROUND_HOWS = ("majority", "tie", "override", "decider")


class LiveSession(Base):
    __tablename__ = "live_sessions"
    __table_args__ = (
        CheckConstraint("mode IN ('klassikaal', 'casusoverleg')", name="mode"),
        CheckConstraint("status IN ('lobby', 'running', 'ended')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    """The short join code participants type (``frontlijn join CODE``)."""
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshots.id"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(100))
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("leaders.id", ondelete="SET NULL"))
    """The leader who opened it (the facilitator)."""
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="lobby")
    paused: Mapped[bool] = mapped_column(default=False, server_default=false())
    revealed: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The vote distribution of the open decision is shown to participants."""
    decision_no: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    attempt_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("attempts.id", ondelete="SET NULL")
    )
    seed: Mapped[int]
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    went_well: Mapped[str | None] = mapped_column(Text)
    """The nabespreking: what went well ..."""
    gaps: Mapped[str | None] = mapped_column(Text)
    """... the gaps ..."""
    agreements: Mapped[str | None] = mapped_column(Text)
    """... and the agreements made."""
    reviewed_at: Mapped[datetime | None]


class SessionSeat(Base):
    """A participant's place in a session: who, which role, which device holds it."""

    __tablename__ = "session_seats"
    __table_args__ = (
        UniqueConstraint("session_id", "trainee_id"),
        UniqueConstraint("session_id", "role"),  # NULLs are distinct: many seats sans role
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(100))
    admitted: Mapped[bool] = mapped_column(default=True, server_default=true())
    """False until the facilitator admits a participant from outside the session's cohort."""
    device: Mapped[str] = mapped_column(String(64))
    """A random token of the device that holds the seat; a new sign-in takes it over."""
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionVote(Base):
    __tablename__ = "session_votes"
    __table_args__ = (
        UniqueConstraint("seat_id", "decision_no"),
        Index("ix_session_votes_session_id_decision_no", "session_id", "decision_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    seat_id: Mapped[int] = mapped_column(ForeignKey("session_seats.id", ondelete="CASCADE"))
    decision_no: Mapped[int]
    scene: Mapped[str] = mapped_column(String(100))
    choice: Mapped[str] = mapped_column(String(100))
    advice: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Cast in a scene another role decides: advice the decider sees, not a vote."""
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionRound(Base):
    """How the group took one decision."""

    __tablename__ = "session_rounds"
    __table_args__ = (
        CheckConstraint("how IN ('majority', 'tie', 'override', 'decider')", name="how"),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    decision_no: Mapped[int] = mapped_column(primary_key=True)
    scene: Mapped[str] = mapped_column(String(100))
    choice: Mapped[str] = mapped_column(String(100))
    how: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionNote(Base):
    """The facilitator's private note at one decision."""

    __tablename__ = "session_notes"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    decision_no: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = [
    "ROUND_HOWS",
    "SESSION_MODES",
    "SESSION_STATUSES",
    "LiveSession",
    "SessionNote",
    "SessionRound",
    "SessionSeat",
    "SessionVote",
]
