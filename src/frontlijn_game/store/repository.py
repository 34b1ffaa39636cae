"""Attempts, their decisions and the snapshots they are played on: functions on a Session.

Each function does one step of work inside the caller's transaction (see
:class:`frontlijn_game.store.service.Store` for the transactions themselves). The store
does not import the engine (import-linter layers): a step and a score are accepted by
their shape (:class:`StepLike`, :class:`ScoreLike`), which ``engine.playthrough.Step`` and
``engine.scoring.Score`` have.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import (
    Executable,
    Insert,
    Select,
    Update,
    bindparam,
    case,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.scenario.model import Choice, Scenario
from frontlijn_game.store.errors import (
    AttemptClosed,
    OpenAttemptExists,
    StaleAttempt,
    UnknownAttempt,
)
from frontlijn_game.store.models import (
    OPEN_STATUSES,
    Attempt,
    Decision,
    Progress,
    Snapshot,
    Trainee,
    utcnow,
)
from frontlijn_game.store.records import AttemptRecord, DecisionRecord, SavedAttempt
from frontlijn_game.store.tallies import Taken, count_decision, count_finish, first_at_scene


class StateLike(Protocol):
    """What the store reads of ``engine.state.PlayState``."""

    @property
    def scene(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def variables(self) -> Mapping[str, Any]: ...
    @property
    def chosen(self) -> Sequence[str]: ...
    @property
    def draws(self) -> Sequence[str]: ...
    def to_json(self) -> dict[str, Any]: ...


class StepLike(Protocol):
    """What the store reads of ``engine.playthrough.Step``."""

    @property
    def before(self) -> StateLike: ...
    @property
    def choice(self) -> Choice: ...
    @property
    def after(self) -> StateLike: ...


class ScoreLike(Protocol):
    """``engine.scoring.Score``: the parts are stored as ``to_json`` rounds them."""

    def to_json(self) -> dict[str, Any]: ...


# -- snapshots -------------------------------------------------------------------------

_cache_lock = threading.Lock()
_scenario_cache: OrderedDict[tuple[str, str], Scenario] = OrderedDict()
_CACHE_SIZE = 32


def scenario_of(snapshot: Snapshot) -> Scenario:
    """The case as it was played, parsed from the snapshot's text (cached per hash)."""
    key = (snapshot.scenario_id, snapshot.content_hash)
    with _cache_lock:
        cached = _scenario_cache.get(key)
        if cached is not None:
            _scenario_cache.move_to_end(key)
            return cached
    scenario = scenario_from_text(snapshot.source, f"<snapshot {snapshot.scenario_id}>")
    with _cache_lock:
        _scenario_cache[key] = scenario
        while len(_scenario_cache) > _CACHE_SIZE:
            _scenario_cache.popitem(last=False)
    return scenario


def get_or_create_snapshot(session: Session, scenario: Scenario) -> Snapshot:
    """The immutable snapshot of this exact text of the case; made on first use."""
    query = select(Snapshot).where(
        Snapshot.scenario_id == scenario.id, Snapshot.content_hash == scenario.content_hash
    )
    row = session.scalar(query)
    if row is not None:
        return row
    row = Snapshot(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        title=scenario.title,
        source=scenario.source,
        endings={sid: s.ending.kind for sid, s in scenario.scenes.items() if s.ending},
    )
    try:
        with session.begin_nested():  # another writer may have stored it just now
            session.add(row)
    except IntegrityError:
        found = session.scalar(query)
        if found is None:  # pragma: no cover - the conflict was something else
            raise
        return found
    with _cache_lock:  # the text is known to parse: it came from this scenario
        _scenario_cache[(scenario.id, scenario.content_hash)] = scenario
    return row


# -- progress summary ------------------------------------------------------------------


def _upsert_progress(
    session: Session,
    trainee_id: int,
    scenario_id: str,
    now: datetime,
    started: int = 0,
    total: float | None = None,
    attempt_id: int | None = None,
) -> None:
    """Count a started or finished attempt in ``progress``, atomically on both backends."""
    finished = 1 if attempt_id is not None else 0
    values = {
        "trainee_id": trainee_id,
        "scenario_id": scenario_id,
        "attempts": started,
        "finished": finished,
        "best_total": total,
        "best_attempt_id": attempt_id if total is not None else None,
        "updated_at": now,
    }
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        stmt = insert(Progress).values(**values)
        ex = stmt.excluded
        better = Progress.best_total.is_(None) | (ex.best_total > Progress.best_total)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Progress.trainee_id, Progress.scenario_id],
            set_={
                "attempts": Progress.attempts + ex.attempts,
                "finished": Progress.finished + ex.finished,
                "best_total": case((better, ex.best_total), else_=Progress.best_total),
                "best_attempt_id": case(
                    (better, ex.best_attempt_id), else_=Progress.best_attempt_id
                ),
                "updated_at": ex.updated_at,
            },
        )
        session.execute(stmt)
        return
    row = session.get(Progress, (trainee_id, scenario_id), with_for_update=True)
    if row is None:
        session.add(Progress(**values))
        return
    row.attempts += started
    row.finished += finished
    if total is not None and (row.best_total is None or total > row.best_total):
        row.best_total = total
        row.best_attempt_id = attempt_id
    row.updated_at = now


# -- attempts --------------------------------------------------------------------------


def find_open_attempt(session: Session, trainee_id: int, scenario_id: str) -> Attempt | None:
    return session.scalar(
        select(Attempt).where(
            Attempt.trainee_id == trainee_id,
            Attempt.scenario_id == scenario_id,
            Attempt.status.in_(OPEN_STATUSES),
        )
    )


def start_attempt(
    session: Session, trainee: Trainee, scenario: Scenario, state: StateLike
) -> Attempt:
    """A new active attempt at ``state`` (the playthrough's start); one open per case."""
    existing = find_open_attempt(session, trainee.id, scenario.id)
    if existing is not None:
        raise OpenAttemptExists(trainee.code, scenario.id, existing.id)
    snapshot = get_or_create_snapshot(session, scenario)
    now = utcnow()
    earlier = session.scalar(
        select(Attempt.id)
        .where(Attempt.trainee_id == trainee.id, Attempt.scenario_id == scenario.id)
        .limit(1)
    )
    attempt = Attempt(
        trainee_id=trainee.id,
        snapshot_id=snapshot.id,
        scenario_id=scenario.id,
        seed=state.seed,
        first_attempt=earlier is None,
        status="active",
        scene=state.scene,
        state=state.to_json(),
        draws=list(state.draws),
        decisions_count=len(state.chosen),
        started_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():  # the partial unique index decides a race
            session.add(attempt)
    except IntegrityError:
        raise OpenAttemptExists(trainee.code, scenario.id, None) from None
    _upsert_progress(session, trainee.id, scenario.id, now, started=1)
    return attempt


def _open_for_update(session: Session, attempt_id: int) -> Attempt:
    attempt = session.get(Attempt, attempt_id, with_for_update=True)
    if attempt is None:
        raise UnknownAttempt(attempt_id)
    if attempt.status not in OPEN_STATUSES:
        raise AttemptClosed(attempt_id, attempt.status)
    return attempt


_SCORE_PARTS = ("balance", "verdict", "balance_score", "outcome", "process", "total")


@functools.cache
def _hot_statements() -> tuple[Executable, Insert, Update, Executable]:
    """Statements of the decision path, built once: building them costs more than running
    them on SQLite. The UPDATE's SET clause comes from the parameter names."""
    attempts = Attempt.__table__
    lock = (
        select(
            attempts.c.status, attempts.c.decisions_count, attempts.c.scene,
            attempts.c.scenario_id, attempts.c.trainee_id, attempts.c.snapshot_id,
            attempts.c.help, attempts.c.sanction, attempts.c.first_attempt,
        )
        .where(attempts.c.id == bindparam("b_id"))
        .with_for_update()
    )  # fmt: skip
    move = update(Attempt).where(Attempt.id == bindparam("b_id"))
    endings = select(Snapshot.__table__.c.endings).where(
        Snapshot.__table__.c.id == bindparam("b_id")
    )
    return lock, insert(Decision), move, endings


def record_decision(
    session: Session,
    attempt_id: int,
    step: StepLike,
    score: ScoreLike | None = None,
    seconds: float | None = None,
    shown: Sequence[str] | None = None,
) -> DecisionRecord:
    """Store one decision and the attempt's new state together (one transaction).

    ``shown`` is the order the offered options were shown in (choice ids); it is stored
    with the decision, and the chosen option's place in it counts in the position
    tallies. None: no order was shown (``frontlijn run`` names choice ids).

    ``score`` is required when the step reaches an ending (the finished attempt keeps
    its score parts); it may be given earlier for a running score. The step must follow
    the stored state exactly, or :class:`StaleAttempt` is raised and nothing is written.
    Core statements, not the unit of work: this is the hot path of every choice.
    """
    before, after, choice = step.before, step.after, step.choice
    finished = after.status == "finished"
    if finished and score is None:
        raise ValueError("a finishing decision needs its score")
    position = None
    if shown is not None:
        shown = [str(c) for c in shown]
        if choice.id not in shown or len(set(shown)) != len(shown):
            raise ValueError(f"choice '{choice.id}' is not once in the order shown {shown}")
        position = shown.index(choice.id) + 1
    lock, add, move, endings = _hot_statements()
    conn = session.connection()
    row = conn.execute(lock, {"b_id": attempt_id}).first()
    if row is None:
        raise UnknownAttempt(attempt_id)
    status, count, scene, scenario_id, trainee_id, snapshot_id, help_, sanction, first = row
    if status not in OPEN_STATUSES:
        raise AttemptClosed(attempt_id, status)
    if count != len(before.chosen) or scene != before.scene:
        raise StaleAttempt(attempt_id, count, len(before.chosen))
    taken = Taken(
        before.scene,
        choice.id,
        choice.id not in before.chosen,
        first_at_scene(conn, attempt_id, before.scene, before.chosen, choice.id),
        position,
    )
    now = utcnow()
    record = DecisionRecord(
        attempt_id=attempt_id,
        seq=count + 1,
        scene=before.scene,
        choice=choice.id,
        help=choice.help,
        sanction=choice.sanction,
        actor=choice.actor,
        tags=tuple(choice.tags),
        variables=dict(after.variables),
        seconds=seconds,
        decided_at=now,
        shown=None if shown is None else tuple(shown),
        shown_position=position,
    )
    conn.execute(
        add,
        {
            "attempt_id": attempt_id, "seq": record.seq, "scenario_id": scenario_id,
            "scene": record.scene, "choice": record.choice, "help": record.help,
            "sanction": record.sanction, "actor": record.actor, "tags": list(record.tags),
            "variables": record.variables, "seconds": seconds, "decided_at": now,
            "shown": shown, "shown_position": position,
        },
    )  # fmt: skip
    values: dict[str, Any] = {
        "b_id": attempt_id,
        "scene": after.scene,
        "state": after.to_json(),
        "draws": list(after.draws),
        "decisions_count": record.seq,
        "updated_at": now,
        "help": help_ + choice.help,
        "sanction": sanction + choice.sanction,
        "status": "finished" if finished else "active",
    }
    if score is not None:
        parts = score.to_json()
        values.update({part: parts[part] for part in _SCORE_PARTS})
        values["help"], values["sanction"] = int(parts["help"]), int(parts["sanction"])
    if finished:
        kinds: dict[str, Any] = conn.execute(endings, {"b_id": snapshot_id}).scalar_one()
        values.update(finished_at=now, ending_id=after.scene, ending_kind=kinds.get(after.scene))
    conn.execute(move, values)
    if finished:
        total = values.get("total")
        count_finish(conn, snapshot_id, first, attempt_id, taken, total)
        _upsert_progress(session, trainee_id, scenario_id, now, total=total, attempt_id=attempt_id)
    else:
        count_decision(conn, snapshot_id, first, taken)
    return record


def suspend_attempt(session: Session, attempt_id: int) -> Attempt:
    """Mark an active attempt suspended (leaving a screen, end of a ``run``); else no-op."""
    attempt = session.get(Attempt, attempt_id, with_for_update=True)
    if attempt is None:
        raise UnknownAttempt(attempt_id)
    if attempt.status == "active":
        attempt.status = "suspended"
        attempt.updated_at = utcnow()
    return attempt


def abandon_attempt(session: Session, attempt_id: int) -> Attempt:
    attempt = _open_for_update(session, attempt_id)
    attempt.status = "abandoned"
    attempt.updated_at = utcnow()
    return attempt


def abandon_open_attempts(session: Session, trainee_id: int, scenario_id: str | None = None) -> int:
    """Abandon the trainee's open attempts (of one case, or all); returns how many."""
    stmt = (
        update(Attempt)
        .where(Attempt.trainee_id == trainee_id, Attempt.status.in_(OPEN_STATUSES))
        .values(status="abandoned", updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if scenario_id is not None:
        stmt = stmt.where(Attempt.scenario_id == scenario_id)
    result = session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


def restart_attempt(
    session: Session, trainee: Trainee, scenario: Scenario, state: StateLike
) -> Attempt:
    """Abandon the open attempt of this case (if any) and start a new one."""
    abandon_open_attempts(session, trainee.id, scenario.id)
    session.flush()
    return start_attempt(session, trainee, scenario, state)


# -- reading ---------------------------------------------------------------------------


def _attempt_query() -> Select[Attempt, str, str]:
    return (
        select(Attempt, Trainee.code, Snapshot.content_hash)
        .join(Trainee, Trainee.id == Attempt.trainee_id)
        .join(Snapshot, Snapshot.id == Attempt.snapshot_id)
    )


def attempt_record(session: Session, attempt_id: int) -> AttemptRecord:
    row = session.execute(_attempt_query().where(Attempt.id == attempt_id)).first()
    if row is None:
        raise UnknownAttempt(attempt_id)
    return AttemptRecord.of(row[0], row[1], row[2])


def list_attempts(
    session: Session,
    trainee_id: int | None = None,
    scenario_id: str | None = None,
    status: str | None = None,
) -> list[AttemptRecord]:
    query = _attempt_query().order_by(Attempt.id)
    if trainee_id is not None:
        query = query.where(Attempt.trainee_id == trainee_id)
    if scenario_id is not None:
        query = query.where(Attempt.scenario_id == scenario_id)
    if status is not None:
        query = query.where(Attempt.status == status)
    return [AttemptRecord.of(a, code, h) for a, code, h in session.execute(query)]


def list_decisions(session: Session, attempt_id: int) -> list[DecisionRecord]:
    rows = session.scalars(
        select(Decision).where(Decision.attempt_id == attempt_id).order_by(Decision.seq)
    )
    return [DecisionRecord.of(row) for row in rows]


def saved_attempt(session: Session, attempt_id: int) -> SavedAttempt:
    """The attempt as stored: its snapshot's case, its state and its choices.

    One query for the attempt, its trainee's code and its snapshot's key, one for the
    choices; the snapshot's text only when its case is not cached (the hot path of every
    scene a trainee is shown)."""
    row = session.execute(
        _attempt_query().add_columns(Snapshot.scenario_id).where(Attempt.id == attempt_id)
    ).first()
    if row is None:
        raise UnknownAttempt(attempt_id)
    attempt, code, content_hash, snapshot_scenario = row
    record = AttemptRecord.of(attempt, code, content_hash)
    choices = session.scalars(
        select(Decision.choice).where(Decision.attempt_id == attempt_id).order_by(Decision.seq)
    ).all()
    with _cache_lock:
        scenario = _scenario_cache.get((snapshot_scenario, content_hash))
    if scenario is None:
        scenario = scenario_of(session.get_one(Snapshot, attempt.snapshot_id))
    return SavedAttempt(
        attempt=record,
        scenario=scenario,
        state=dict(attempt.state),
        choices=tuple(choices),
    )
