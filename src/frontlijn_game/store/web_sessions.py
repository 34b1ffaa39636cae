"""Browser sessions of the HTML door, in the database so every web worker shares them.

The cookie holds a random token; the table keeps only its SHA-256, so someone who reads
the table (a backup, a leader with SQL) cannot take over a session. Signing in gives a
new token (the anonymous one is dropped: no session fixation), signing out deletes the
row, and rows idle longer than :data:`IDLE` are refused and purged. ``seen_at`` is
written at most once per :data:`TOUCH`, so reading a page costs no write.

A course leader's session of the leader pages is a row with ``leader_id`` and never a
trainee: the door keeps it under a cookie of its own, and a trainee's row (or an
anonymous one) never carries a leader. It is refused after :data:`LEADER_IDLE`, sooner
than a trainee's, since it opens every trainee of the leader's cohorts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from frontlijn_game.store.codes import get_trainee
from frontlijn_game.store.models import Leader, Trainee, WebSession, utcnow

IDLE = timedelta(hours=8)
LEADER_IDLE = timedelta(hours=1)
TOUCH = timedelta(minutes=1)
LANGS = ("nl", "en")
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class WebSessionRecord:
    token: str
    """The cookie value (only known right after it was made or looked up by it)."""
    trainee_code: str | None
    csrf: str
    lang: str
    theme: str
    leader_id: int | None = None
    """The signed-in course leader of a leader-pages session (None for every other)."""
    leader_name: str | None = None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _record(session: Session, token: str, row: WebSession) -> WebSessionRecord:
    code = None
    if row.trainee_id is not None:
        trainee = session.get(Trainee, row.trainee_id)
        code = None if trainee is None or trainee.erased_at is not None else trainee.code
    leader_name = None
    if row.leader_id is not None:
        leader = session.get(Leader, row.leader_id)
        leader_name = None if leader is None else leader.name
    return WebSessionRecord(token, code, row.csrf, row.lang, row.theme, row.leader_id, leader_name)


def _idle(row: WebSession) -> timedelta:
    return LEADER_IDLE if row.leader_id is not None else IDLE


def create(
    session: Session, lang: str = "nl", trainee_id: int | None = None, theme: str = "system"
) -> WebSessionRecord:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = WebSession(
        id=digest(token),
        trainee_id=trainee_id,
        csrf=secrets.token_urlsafe(32),
        lang=lang if lang in LANGS else "nl",
        theme=theme if theme in THEMES else "system",
        created_at=now,
        seen_at=now,
    )
    session.add(row)
    session.flush()
    return _record(session, token, row)


def look(
    session: Session, token: str, now: datetime | None = None
) -> tuple[WebSessionRecord | None, bool]:
    """The live session of ``token`` (None: unknown or idle too long), read only, and
    whether a write is due (to touch ``seen_at`` or to delete the idle row)."""
    now = now or utcnow()
    found = session.execute(
        select(WebSession, Trainee.code, Trainee.erased_at, Leader.name)
        .outerjoin(Trainee, Trainee.id == WebSession.trainee_id)
        .outerjoin(Leader, Leader.id == WebSession.leader_id)
        .where(WebSession.id == digest(token))
    ).first()  # one statement: every request of the door asks this
    if found is None:
        return None, False
    row, code, erased_at, leader_name = found
    if now - row.seen_at > _idle(row):
        return None, True
    record = WebSessionRecord(
        token,
        None if erased_at is not None else code,
        row.csrf,
        row.lang,
        row.theme,
        row.leader_id,
        leader_name if row.leader_id is not None else None,
    )
    return record, now - row.seen_at > TOUCH


def find(session: Session, token: str, now: datetime | None = None) -> WebSessionRecord | None:
    """:func:`look`, writing what is due (in a write transaction)."""
    now = now or utcnow()
    row = session.get(WebSession, digest(token))
    if row is None:
        return None
    if now - row.seen_at > _idle(row):
        session.delete(row)
        return None
    if now - row.seen_at > TOUCH:
        row.seen_at = now
    return _record(session, token, row)


def sign_in(session: Session, token: str | None, code: str) -> WebSessionRecord:
    """A fresh session for the trainee ``code``, keeping the old one's language and theme."""
    trainee = get_trainee(session, code)
    lang, theme = "nl", "system"
    if token is not None:
        old = session.get(WebSession, digest(token))
        if old is not None:
            lang, theme = old.lang, old.theme
            session.delete(old)
    return create(session, lang, trainee.id, theme)


def sign_in_leader(session: Session, token: str | None, leader_id: int) -> WebSessionRecord:
    """A fresh leader-pages session for leader ``leader_id`` (checked by the caller's
    login), keeping the old session's language and theme; the old row is dropped."""
    if session.get(Leader, leader_id) is None:
        raise ValueError(f"no leader {leader_id}")
    lang, theme = "nl", "system"
    if token is not None:
        old = session.get(WebSession, digest(token))
        if old is not None:
            lang, theme = old.lang, old.theme
            session.delete(old)
    record = create(session, lang, None, theme)
    row = session.get(WebSession, digest(record.token))
    assert row is not None
    row.leader_id = leader_id
    session.flush()
    return _record(session, record.token, row)


def update(session: Session, token: str, lang: str | None = None, theme: str | None = None) -> None:
    row = session.get(WebSession, digest(token))
    if row is None:
        return
    if lang in LANGS:
        row.lang = lang
    if theme in THEMES:
        row.theme = theme


def end(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == digest(token)))


def end_leader(session: Session, leader_id: int) -> int:
    """End every leader-pages session of leader ``leader_id`` (a new password); how many."""
    result = session.execute(delete(WebSession).where(WebSession.leader_id == leader_id))
    return int(getattr(result, "rowcount", 0) or 0)


def purge(session: Session, now: datetime | None = None) -> int:
    """Delete sessions idle longer than :data:`IDLE`; how many went."""
    now = now or utcnow()
    result = session.execute(
        delete(WebSession).where(
            (WebSession.seen_at < now - IDLE)
            | (WebSession.leader_id.is_not(None) & (WebSession.seen_at < now - LEADER_IDLE))
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
