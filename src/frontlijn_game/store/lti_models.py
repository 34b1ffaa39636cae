"""The LTI 1.3 tables: platform registrations, logins in flight, who is who, and the
grade outbox.

- ``lti_registrations``: one row per platform registration (issuer + client id), with the
  platform's URLs, the deployment ids it may launch with, and the tool's public key (the
  private key is a ``0600`` file, never in the database).
- ``lti_logins``: the state and nonce of an OIDC login between its start and its launch;
  a launch consumes its row, so a replayed launch finds nothing.
- ``lti_launches``: a validated deep-linking launch, kept an hour for the picker's answer.
- ``lti_users``: issuer + ``sub`` -> the trainee (and the leader, for instructors) the
  person plays as; the person never sees a code or a PIN.
- ``lti_contexts``: an LMS course (issuer's context) -> the cohort it became.
- ``lti_links`` / ``lti_link_users``: a resource link (one placed case or module) with its
  AGS endpoint, and who launched it (whose grades go back).
- ``lti_grades``: the outbox of scores for the LMS gradebook, retried until sent; rows
  outlive any restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontlijn_game.store.columns import Base, BigId, Outbox, created, owned_by, utcnow

GRADE_STATUSES = ("pending", "sent", "superseded", "failed")


class LtiRegistration(Base):
    __tablename__ = "lti_registrations"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(300))
    auth_login_url: Mapped[str] = mapped_column(Text)
    auth_token_url: Mapped[str] = mapped_column(Text)
    key_set_url: Mapped[str] = mapped_column(Text)
    auth_audience: Mapped[str | None] = mapped_column(Text)
    deployment_ids: Mapped[list[str]]
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_jwk: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = created()


class LtiLogin(Base):
    __tablename__ = "lti_logins"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 of the state sent to the platform."""
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    registration_id: Mapped[int] = owned_by("lti_registrations", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LtiLaunch(Base):
    __tablename__ = "lti_launches"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """SHA-256 of the token the picker's form carries."""
    registration_id: Mapped[int] = owned_by("lti_registrations", index=True)
    body: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LtiUser(Base):
    __tablename__ = "lti_users"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    sub: Mapped[str] = mapped_column(String(255))
    trainee_id: Mapped[int] = owned_by("trainees", index=True)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("leaders.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created()


class LtiContext(Base):
    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("registration_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = owned_by("lti_registrations")
    context_id: Mapped[str] = mapped_column(String(255))
    cohort_id: Mapped[int] = owned_by("cohorts", index=True)
    memberships_url: Mapped[str | None] = mapped_column(Text)


class LtiLink(Base):
    __tablename__ = "lti_links"
    __table_args__ = (UniqueConstraint("registration_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = owned_by("lti_registrations")
    resource_link_id: Mapped[str] = mapped_column(String(255))
    context_id: Mapped[int | None] = mapped_column(
        ForeignKey("lti_contexts.id", ondelete="SET NULL"), index=True
    )
    target: Mapped[dict[str, Any]]
    """``{"case": id}`` or ``{"curriculum": id, "module": id}``."""
    ags: Mapped[dict[str, Any]]
    """The launch's AGS endpoint claim (empty: the platform takes no grades here)."""
    lineitem_url: Mapped[str | None] = mapped_column(Text)


class LtiLinkUser(Base):
    __tablename__ = "lti_link_users"

    link_id: Mapped[int] = owned_by("lti_links", primary_key=True)
    user_id: Mapped[int] = owned_by("lti_users", primary_key=True, index=True)


class LtiGrade(Outbox, Base):
    __tablename__ = "lti_grades"
    __table_args__ = (
        Index("ix_lti_grades_status_next_try_at", "status", "next_try_at"),
        Index("ix_lti_grades_link_id_user_id", "link_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    link_id: Mapped[int] = owned_by("lti_links")
    user_id: Mapped[int] = owned_by("lti_users")
    score: Mapped[float] = mapped_column(Float)
    score_max: Mapped[float] = mapped_column(Float)
    scored_at: Mapped[datetime]
    """When the attempt (or the module's last case) that earned the score finished."""
    status: Mapped[str] = mapped_column(String(12), default="pending")
    claimed_until: Mapped[datetime | None]


__all__ = [
    "GRADE_STATUSES",
    "LtiContext",
    "LtiGrade",
    "LtiLaunch",
    "LtiLink",
    "LtiLinkUser",
    "LtiLogin",
    "LtiRegistration",
    "LtiUser",
]
