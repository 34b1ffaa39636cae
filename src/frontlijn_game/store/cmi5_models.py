"""Tables of the cmi5 launches: which LMS learner is which trainee, each AU session,
and the statements still to send (an outbox, so a failed send is retried, also after a
restart).

On the :mod:`~frontlijn_game.store.columns` base; imported at the end of
:mod:`frontlijn_game.store.models`, so ``Base.metadata`` (and the
test comparing it with the migrations) always holds these tables.

- ``cmi5_learners`` maps an LMS actor (its account homePage and name) to a trainee, so
  a launched learner plays without seeing a code or a PIN. Erasing the trainee deletes
  the mapping (and with it the sessions and their unsent statements).
- ``cmi5_sessions`` keeps one launch: the LRS endpoint and the LMS's auth-token (only
  valid for that session), the launch data, and what was sent. ``fetch_digest`` (the
  SHA-256 of the fetch URL) is unique: a launch URL is used once.
- ``cmi5_outbox`` holds each statement as it will be sent (its id and timestamp fixed
  when queued, so a retry sends the very same statement).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontlijn_game.store.columns import Base, Outbox, created, owned_by


class Cmi5Learner(Base):
    __tablename__ = "cmi5_learners"
    __table_args__ = (UniqueConstraint("home_page", "account_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    home_page: Mapped[str] = mapped_column(String(500))
    account_name: Mapped[str] = mapped_column(String(255))
    trainee_id: Mapped[int] = owned_by("trainees", index=True)
    created_at: Mapped[datetime] = created()


class Cmi5Session(Base):
    __tablename__ = "cmi5_sessions"
    __table_args__ = (Index("ix_cmi5_sessions_registration", "registration", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fetch_digest: Mapped[str] = mapped_column(String(64), unique=True)
    learner_id: Mapped[int] = owned_by("cmi5_learners", index=True)
    web_session_id: Mapped[str | None] = mapped_column(String(64), index=True)
    """SHA-256 of the browser's session token (as ``web_sessions.id``)."""
    scenario_id: Mapped[str] = mapped_column(String(100))
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("attempts.id", ondelete="SET NULL"), index=True
    )
    endpoint: Mapped[str] = mapped_column(Text)
    auth_token: Mapped[str] = mapped_column(Text)
    actor: Mapped[dict[str, Any]]
    registration: Mapped[str] = mapped_column(String(36))
    activity_id: Mapped[str] = mapped_column(String(1000))
    activity_base: Mapped[str] = mapped_column(String(500))
    """Base IRI of the game's own activities (the web door's public address + /xapi)."""
    launch_data: Mapped[dict[str, Any]]
    """The LMS.LaunchData document as read at launch."""
    lang: Mapped[str] = mapped_column(String(8))
    decisions_queued: Mapped[int] = mapped_column(Integer, default=0)
    finished_queued: Mapped[bool] = mapped_column(default=False)
    initialized_at: Mapped[datetime] = created()
    closed_at: Mapped[datetime | None]
    """Terminated by the learner, or superseded by a new launch of the registration."""


class Cmi5Outbox(Outbox, Base):
    __tablename__ = "cmi5_outbox"
    __table_args__ = (Index("ix_cmi5_outbox_sent_at_next_try_at", "sent_at", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = owned_by("cmi5_sessions", index=True)
    verb: Mapped[str] = mapped_column(String(32))
    statement: Mapped[dict[str, Any]]
    given_up_at: Mapped[datetime | None]


__all__ = ["Cmi5Learner", "Cmi5Outbox", "Cmi5Session"]
