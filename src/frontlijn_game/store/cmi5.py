"""Reads and writes of the cmi5 tables, each inside the caller's transaction.

The service layer (:mod:`frontlijn_game.service.cmi5`) owns the transactions and the
network; these functions only touch rows and return plain records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from frontlijn_game.store.cmi5_models import Cmi5Learner, Cmi5Outbox, Cmi5Session
from frontlijn_game.store.models import Attempt, Trainee, utcnow
from frontlijn_game.store.people import add_trainee

GIVE_UP_AFTER = 40
"""Tries of one statement before it is given up (the backoff reaches an hour after ~10)."""


@dataclass(frozen=True)
class SessionRecord:
    id: int
    trainee_code: str
    scenario_id: str
    attempt_id: int | None
    endpoint: str
    auth_token: str
    actor: dict[str, Any]
    registration: str
    activity_id: str
    activity_base: str
    launch_data: dict[str, Any]
    lang: str
    decisions_queued: int
    finished_queued: bool
    initialized_at: datetime
    closed_at: datetime | None
    fetch_digest: str

    @property
    def launch_mode(self) -> str:
        mode = self.launch_data.get("launchMode")
        return mode if mode in ("Normal", "Browse", "Review") else "Normal"

    @property
    def return_url(self) -> str | None:
        """The LMS's returnURL when it is an http(s) address (never ``javascript:``)."""
        url = self.launch_data.get("returnURL")
        if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
            return None
        parts = urlsplit(url)
        return url if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass(frozen=True)
class OutboxItem:
    id: int
    session_id: int
    verb: str
    statement: dict[str, Any]
    tries: int


def _record(s: Session, row: Cmi5Session) -> SessionRecord:
    learner = s.get_one(Cmi5Learner, row.learner_id)
    code = s.get_one(Trainee, learner.trainee_id).code
    return SessionRecord(
        row.id, code, row.scenario_id, row.attempt_id, row.endpoint, row.auth_token,
        dict(row.actor), row.registration, row.activity_id, row.activity_base,
        dict(row.launch_data), row.lang, row.decisions_queued, row.finished_queued,
        row.initialized_at, row.closed_at, row.fetch_digest,
    )  # fmt: skip


def learner_code(s: Session, home_page: str, name: str) -> tuple[int, str]:
    """(learner id, trainee code) of an LMS account; a new trainee with a random
    pseudonym for an account seen for the first time."""
    row = s.scalar(
        select(Cmi5Learner).where(
            Cmi5Learner.home_page == home_page, Cmi5Learner.account_name == name
        )
    )
    if row is not None:
        trainee = s.get_one(Trainee, row.trainee_id)
        if trainee.erased_at is None:
            return row.id, trainee.code
        s.delete(row)
        s.flush()
    trainee = add_trainee(s)
    row = Cmi5Learner(home_page=home_page, account_name=name, trainee_id=trainee.id)
    s.add(row)
    s.flush()
    return row.id, trainee.code


def session_by_fetch(s: Session, fetch_digest: str) -> SessionRecord | None:
    row = s.scalar(select(Cmi5Session).where(Cmi5Session.fetch_digest == fetch_digest))
    return None if row is None else _record(s, row)


def session_by_web(s: Session, web_session_id: str) -> SessionRecord | None:
    """The newest open AU session of a browser session."""
    row = s.scalar(
        select(Cmi5Session)
        .where(Cmi5Session.web_session_id == web_session_id, Cmi5Session.closed_at.is_(None))
        .order_by(Cmi5Session.id.desc())
        .limit(1)
    )
    return None if row is None else _record(s, row)


def open_session_of_case(s: Session, attempt_id: int) -> SessionRecord | None:
    """The open AU session of the trainee and case of ``attempt_id``, in one query: the
    one bound to this attempt, or one that follows it (the learner played the case
    again in the same visit, *Nog eens*); None for play outside cmi5."""
    row = s.scalar(
        select(Cmi5Session)
        .join(Cmi5Learner, Cmi5Learner.id == Cmi5Session.learner_id)
        .join(Attempt, Attempt.id == attempt_id)
        .where(
            Cmi5Learner.trainee_id == Attempt.trainee_id,
            Cmi5Session.scenario_id == Attempt.scenario_id,
            Cmi5Session.closed_at.is_(None),
        )
        .order_by(Cmi5Session.id.desc())
        .limit(1)
    )
    return None if row is None else _record(s, row)


def verb_sent_in_session(s: Session, session_id: int, verbs: tuple[str, ...]) -> bool:
    found = s.scalar(
        select(Cmi5Outbox.id)
        .where(Cmi5Outbox.session_id == session_id, Cmi5Outbox.verb.in_(verbs))
        .limit(1)
    )
    return found is not None


def create_session(s: Session, learner_id: int, **values: Any) -> int:
    row = Cmi5Session(learner_id=learner_id, **values)
    s.add(row)
    s.flush()
    return row.id


def close_earlier(s: Session, registration: str, activity_id: str, keep: int) -> int:
    """Close the open sessions of this registration and AU but ``keep``: the LMS
    abandons them when it launches again, and takes no statements for them after."""
    done = s.execute(
        update(Cmi5Session)
        .where(
            Cmi5Session.registration == registration,
            Cmi5Session.activity_id == activity_id,
            Cmi5Session.closed_at.is_(None),
            Cmi5Session.id != keep,
        )
        .values(closed_at=utcnow())
    )
    return int(getattr(done, "rowcount", 0) or 0)


def set_session(s: Session, session_id: int, **values: Any) -> None:
    row = s.get_one(Cmi5Session, session_id)
    for key, value in values.items():
        setattr(row, key, value)


def verb_sent_in_registration(s: Session, registration: str, activity_id: str, verb: str) -> bool:
    """Whether a statement with ``verb`` was queued for this registration and AU (in any
    session): cmi5 allows one completed and one passed per registration."""
    found = s.scalar(
        select(Cmi5Outbox.id)
        .join(Cmi5Session, Cmi5Session.id == Cmi5Outbox.session_id)
        .where(
            Cmi5Session.registration == registration,
            Cmi5Session.activity_id == activity_id,
            Cmi5Outbox.verb == verb,
        )
        .limit(1)
    )
    return found is not None


def last_timestamp(s: Session, session_id: int) -> str | None:
    row = s.scalar(
        select(Cmi5Outbox)
        .where(Cmi5Outbox.session_id == session_id)
        .order_by(Cmi5Outbox.id.desc())
        .limit(1)
    )
    return None if row is None else str(row.statement.get("timestamp"))


def queue(s: Session, session_id: int, verb: str, statement: dict[str, Any]) -> int:
    row = Cmi5Outbox(session_id=session_id, verb=verb, statement=statement, tries=0)
    s.add(row)
    s.flush()
    return row.id


def claim_due(
    s: Session, now: datetime, session_id: int | None = None, hold: timedelta | None = None
) -> list[OutboxItem]:
    """The unsent statements due now (of one session, or all), oldest first, held for
    ``hold`` so a second worker does not send them at the same time. A session whose
    oldest unsent statement waits out its backoff sends nothing yet: its statements go
    in order, and a choice does not wait for an LMS that just failed to answer."""
    query = (
        select(Cmi5Outbox)
        .where(Cmi5Outbox.sent_at.is_(None), Cmi5Outbox.given_up_at.is_(None))
        .order_by(Cmi5Outbox.id)
        .limit(500)
    )
    if session_id is not None:
        query = query.where(Cmi5Outbox.session_id == session_id)
    waiting: set[int] = set()
    rows = []
    for row in s.scalars(query):
        if row.session_id in waiting:
            continue
        if row.next_try_at > now:
            waiting.add(row.session_id)
            continue
        rows.append(row)
    for row in rows:
        row.next_try_at = now + (hold or timedelta(seconds=60))
    return [OutboxItem(r.id, r.session_id, r.verb, dict(r.statement), r.tries) for r in rows]


def mark_sent(s: Session, ids: list[int], now: datetime) -> None:
    s.execute(update(Cmi5Outbox).where(Cmi5Outbox.id.in_(ids)).values(sent_at=now, last_error=None))


def mark_failed(s: Session, ids: list[int], now: datetime, error: str) -> None:
    """One more try failed: back off (30 s doubling, at most an hour), give up at last."""
    for row in s.scalars(select(Cmi5Outbox).where(Cmi5Outbox.id.in_(ids))):
        row.tries += 1
        row.last_error = error[:1000]
        row.next_try_at = now + timedelta(seconds=min(3600, 30 * 2 ** min(row.tries - 1, 7)))
        if row.tries >= GIVE_UP_AFTER:
            row.given_up_at = now


def endpoint_of(s: Session, session_id: int) -> tuple[str, str]:
    row = s.get_one(Cmi5Session, session_id)
    return row.endpoint, row.auth_token


def pending(s: Session, session_id: int | None = None) -> list[tuple[str, int, str | None]]:
    """(verb, tries, last error) of every statement not yet sent (nor given up)."""
    query = select(Cmi5Outbox).where(Cmi5Outbox.sent_at.is_(None), Cmi5Outbox.given_up_at.is_(None))
    if session_id is not None:
        query = query.where(Cmi5Outbox.session_id == session_id)
    return [(r.verb, r.tries, r.last_error) for r in s.scalars(query.order_by(Cmi5Outbox.id))]


def erase_learner(s: Session, trainee_id: int) -> int:
    """Delete the LMS accounts of a trainee (their sessions and outbox go with them)."""
    rows = list(s.scalars(select(Cmi5Learner).where(Cmi5Learner.trainee_id == trainee_id)))
    for row in rows:
        s.delete(row)
    return len(rows)


__all__ = [
    "OutboxItem",
    "SessionRecord",
    "claim_due",
    "close_earlier",
    "create_session",
    "endpoint_of",
    "erase_learner",
    "learner_code",
    "mark_failed",
    "mark_sent",
    "open_session_of_case",
    "pending",
    "queue",
    "session_by_fetch",
    "session_by_web",
    "set_session",
    "verb_sent_in_registration",
    "verb_sent_in_session",
]
