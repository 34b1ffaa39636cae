"""Live sessions on a Session: the rows of one session and the few writes on them.

Each function works inside the caller's transaction; ``service.sessions`` holds the rules
(who may do what, when) and owns the transactions, one per action. Every action that
changes what a door shows calls :func:`bump`, which raises the session's ``version`` (and
on PostgreSQL sends a ``NOTIFY frontlijn_sessions`` with ``CODE:VERSION``) in the same
transaction, so a poller that sees the new number sees the whole change.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.errors import NotFound, StoreError
from frontlijn_game.store.live_models import (
    LiveSession,
    SessionNote,
    SessionRound,
    SessionSeat,
    SessionVote,
)
from frontlijn_game.store.models import CohortMember, Trainee, utcnow
from frontlijn_game.store.repository import get_or_create_snapshot

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom
CODE_LENGTH = 6
NOTIFY_CHANNEL = "frontlijn_sessions"


class UnknownSession(NotFound):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no live session with code '{code}'")


class RoleTaken(StoreError):
    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"role '{role}' is held by another participant")


def normalise_session_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


def new_session(
    s: Session,
    scenario: Scenario,
    mode: str,
    seed: int,
    cohort_id: int | None,
    leader_id: int | None,
) -> LiveSession:
    """A session in the lobby with a fresh short code (collisions are drawn again)."""
    snapshot = get_or_create_snapshot(s, scenario)
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        row = LiveSession(
            code=code,
            snapshot_id=snapshot.id,
            scenario_id=scenario.id,
            cohort_id=cohort_id,
            leader_id=leader_id,
            mode=mode,
            status="lobby",
            seed=seed,
            version=1,
            decision_no=1,
        )
        try:
            with s.begin_nested():
                s.add(row)
        except IntegrityError:
            continue
        return row
    raise StoreError("could not draw a free session code")  # pragma: no cover


def by_code(s: Session, code: str, lock: bool = False) -> LiveSession:
    """The session with this code; ``lock``: held until the transaction ends (PostgreSQL
    row lock; SQLite's write transactions are serial anyway)."""
    query = select(LiveSession).where(LiveSession.code == normalise_session_code(code))
    if lock:
        query = query.with_for_update()
    row = s.scalar(query)
    if row is None:
        raise UnknownSession(normalise_session_code(code))
    return row


def version_of(s: Session, code: str) -> int | None:
    """The session's version alone (one indexed row): what a poller reads."""
    found = s.scalar(
        select(LiveSession.version).where(LiveSession.code == normalise_session_code(code))
    )
    return None if found is None else int(found)


def bump(s: Session, row: LiveSession) -> int:
    """Count a change: every door polling ``version`` sees it after this commits."""
    row.version += 1
    s.flush()
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": f"{row.code}:{row.version}"},
        )
    return row.version


def sessions(s: Session, leader_id: int | None = None) -> list[LiveSession]:
    query = select(LiveSession).order_by(LiveSession.id.desc())
    if leader_id is not None:
        query = query.where(LiveSession.leader_id == leader_id)
    return list(s.scalars(query))


# -- seats -----------------------------------------------------------------------------


def seats(s: Session, session_id: int) -> list[tuple[SessionSeat, str | None]]:
    """The seats in joining order with each participant's display name (never the code)."""
    rows = s.execute(
        select(SessionSeat, Trainee.display_name)
        .join(Trainee, Trainee.id == SessionSeat.trainee_id)
        .where(SessionSeat.session_id == session_id)
        .order_by(SessionSeat.id)
    )
    return [(seat, name) for seat, name in rows]


def seat(s: Session, session_id: int, seat_id: int) -> SessionSeat:
    found = s.get(SessionSeat, seat_id)
    if found is None or found.session_id != session_id:
        raise NotFound(f"no seat #{seat_id} in this session")
    return found


def is_member(s: Session, cohort_id: int, trainee_id: int) -> bool:
    return (
        s.scalar(
            select(func.count())
            .select_from(CohortMember)
            .where(CohortMember.cohort_id == cohort_id, CohortMember.trainee_id == trainee_id)
        )
        or 0
    ) > 0


def take_seat(s: Session, row: LiveSession, trainee: Trainee, admitted: bool) -> SessionSeat:
    """The trainee's seat, made on first join; every join gives the seat a new device
    token, so the device that signed in last holds it (the earlier one is told)."""
    device = secrets.token_hex(16)
    now = utcnow()
    found = s.scalar(
        select(SessionSeat).where(
            SessionSeat.session_id == row.id, SessionSeat.trainee_id == trainee.id
        )
    )
    if found is not None:
        found.device = device
        found.seen_at = now
        s.flush()
        return found
    created = SessionSeat(
        session_id=row.id,
        trainee_id=trainee.id,
        admitted=admitted,
        device=device,
        joined_at=now,
        seen_at=now,
    )
    try:
        with s.begin_nested():
            s.add(created)
    except IntegrityError:  # the same trainee joined from two devices at once
        again = s.scalar(
            select(SessionSeat).where(
                SessionSeat.session_id == row.id, SessionSeat.trainee_id == trainee.id
            )
        )
        if again is None:  # pragma: no cover - the conflict was something else
            raise
        again.device = device
        s.flush()
        return again
    return created


def set_role(s: Session, seat_row: SessionSeat, role: str | None) -> None:
    """Give the seat ``role`` (None: no role); the unique index refuses a held role."""
    if seat_row.role == role:
        return
    try:
        with s.begin_nested():
            seat_row.role = role
            s.flush()
    except IntegrityError:
        s.refresh(seat_row)
        raise RoleTaken(role or "") from None


def remove_seat(s: Session, seat_row: SessionSeat) -> None:
    s.delete(seat_row)
    s.flush()


# -- votes -----------------------------------------------------------------------------


def cast_vote(
    s: Session,
    row: LiveSession,
    seat_row: SessionSeat,
    scene: str,
    choice: str,
    advice: bool,
) -> None:
    """One vote per seat and decision: a second vote replaces the first (an upsert, so
    two racing votes of one seat leave one row)."""
    now = utcnow()
    values: dict[str, object] = {
        "session_id": row.id,
        "seat_id": seat_row.id,
        "decision_no": row.decision_no,
        "scene": scene,
        "choice": choice,
        "advice": advice,
        "cast_at": now,
    }
    dialect = s.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        stmt = insert(SessionVote).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[SessionVote.seat_id, SessionVote.decision_no],
            set_={
                "choice": stmt.excluded.choice,
                "advice": stmt.excluded.advice,
                "cast_at": stmt.excluded.cast_at,
            },
        )
        s.execute(stmt)
        return
    existing = s.scalar(  # pragma: no cover - other backends
        select(SessionVote).where(
            SessionVote.seat_id == seat_row.id, SessionVote.decision_no == row.decision_no
        )
    )
    if existing is None:  # pragma: no cover
        s.add(SessionVote(**values))
    else:  # pragma: no cover
        existing.choice, existing.advice, existing.cast_at = choice, advice, now


def votes(s: Session, session_id: int, decision_no: int | None = None) -> list[SessionVote]:
    query = select(SessionVote).where(SessionVote.session_id == session_id)
    if decision_no is not None:
        query = query.where(SessionVote.decision_no == decision_no)
    return list(s.scalars(query.order_by(SessionVote.decision_no, SessionVote.seat_id)))


def withdraw_vote(s: Session, session_id: int, seat_id: int, decision_no: int) -> None:
    s.execute(
        delete(SessionVote).where(
            SessionVote.session_id == session_id,
            SessionVote.seat_id == seat_id,
            SessionVote.decision_no == decision_no,
        )
    )


# -- rounds and notes ------------------------------------------------------------------


def add_round(s: Session, row: LiveSession, scene: str, choice: str, how: str) -> None:
    s.add(
        SessionRound(
            session_id=row.id,
            decision_no=row.decision_no,
            scene=scene,
            choice=choice,
            how=how,
            decided_at=utcnow(),
        )
    )
    s.flush()


def rounds(s: Session, session_id: int) -> list[SessionRound]:
    return list(
        s.scalars(
            select(SessionRound)
            .where(SessionRound.session_id == session_id)
            .order_by(SessionRound.decision_no)
        )
    )


def set_note(s: Session, session_id: int, decision_no: int, note: str) -> None:
    found = s.get(SessionNote, (session_id, decision_no))
    if not note.strip():
        if found is not None:
            s.delete(found)
        return
    if found is None:
        s.add(
            SessionNote(
                session_id=session_id, decision_no=decision_no, text=note, updated_at=utcnow()
            )
        )
    else:
        found.text, found.updated_at = note, utcnow()


def notes(s: Session, session_id: int) -> dict[int, str]:
    rows = s.scalars(select(SessionNote).where(SessionNote.session_id == session_id))
    return {n.decision_no: n.text for n in rows}


def touch_seat(s: Session, seat_id: int) -> None:
    s.execute(update(SessionSeat).where(SessionSeat.id == seat_id).values(seen_at=utcnow()))


def seat_ids(s: Session, session_id: int) -> Sequence[int]:
    return list(s.scalars(select(SessionSeat.id).where(SessionSeat.session_id == session_id)))


def seats_of_trainee(s: Session, trainee_id: int) -> list[dict[str, object]]:
    """A trainee's seats in live sessions with their votes (the AVG/GDPR export)."""
    out: list[dict[str, object]] = []
    found = s.execute(
        select(SessionSeat, LiveSession.code, LiveSession.scenario_id)
        .join(LiveSession, LiveSession.id == SessionSeat.session_id)
        .where(SessionSeat.trainee_id == trainee_id)
        .order_by(SessionSeat.id)
    )
    for seat, code, scenario_id in found:
        cast = s.scalars(
            select(SessionVote)
            .where(SessionVote.seat_id == seat.id)
            .order_by(SessionVote.decision_no)
        )
        out.append(
            {
                "session": code,
                "scenario": scenario_id,
                "role": seat.role,
                "joined_at": seat.joined_at.isoformat(),
                "votes": [
                    {
                        "decision": v.decision_no,
                        "scene": v.scene,
                        "choice": v.choice,
                        "advice": v.advice,
                        "cast_at": v.cast_at.isoformat(),
                    }
                    for v in cast
                ],
            }
        )
    return out
