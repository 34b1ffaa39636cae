"""Trainees, cohorts and enrolments; export and erasure of one trainee's data (AVG/GDPR).

Functions on a Session, run inside the caller's transaction. A trainee is known by a
pseudonymous code; display name, PIN and the leader's note are the personal data that
erasure removes, while attempts and decisions stay (under a fresh random code) so that
cohort and item statistics do not change.

Codes and look-ups are in ``codes.py`` (re-exported here), a trainee's PIN in ``pins.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.store.cmi5_models import Cmi5Learner
from frontlijn_game.store.codes import (
    CODE,
    check_code,
    code_of,
    find_trainee,
    get_cohort,
    get_trainee,
    new_code,
    normalise_code,
)
from frontlijn_game.store.errors import (
    AlreadyExists,
    CodeTaken,
    StoreError,
)
from frontlijn_game.store.models import (
    Attempt,
    Cohort,
    CohortMember,
    Decision,
    Enrolment,
    Trainee,
    WebSession,
    utcnow,
)
from frontlijn_game.store.passwords import (
    hash_secret,
)
from frontlijn_game.store.records import CohortRecord, EraseReport, TraineeRecord
from frontlijn_game.store.repository import abandon_open_attempts, list_attempts, list_decisions

if TYPE_CHECKING:
    from frontlijn_game.store.leader_cohorts import CohortLimit

EXPORT_FORMAT = "frontlijn/trainee-export@1"


# -- trainees --------------------------------------------------------------------------


def add_trainee(
    session: Session,
    code: str | None = None,
    display_name: str | None = None,
    pin: str | None = None,
    note: str | None = None,
) -> Trainee:
    """A new trainee; without a code a random pseudonym is made."""
    typed = code
    if code is not None:
        code = check_code(code)
        if find_trainee(session, code) is not None:
            raise CodeTaken(typed.strip() if typed is not None else code, code)
    for _ in range(10):
        trainee = Trainee(
            code=code or new_code(),
            display_name=(display_name or "").strip() or None,
            pin_hash=hash_secret(pin) if pin else None,
            note=note or None,
        )
        try:
            with session.begin_nested():
                session.add(trainee)
        except IntegrityError:
            if code is not None:
                raise CodeTaken(typed.strip() if typed is not None else code, code) from None
            continue  # a generated code collided: draw another
        return trainee
    raise StoreError("could not generate a free trainee code")  # pragma: no cover


def ensure_trainee(session: Session, code: str) -> Trainee:
    """Get the trainee with this code, creating it on first use (headless ``run``)."""
    found = find_trainee(session, code)
    if found is not None:
        return found
    try:
        return add_trainee(session, code)
    except AlreadyExists:  # created by another process a moment ago
        return get_trainee(session, code)


def _cohort_names(
    session: Session, trainee_ids: list[int], within: CohortLimit | None = None
) -> dict[int, tuple[str, ...]]:
    from frontlijn_game.store.leader_cohorts import cohort_within

    if not trainee_ids:
        return {}
    rows = session.execute(
        select(CohortMember.trainee_id, Cohort.name)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(CohortMember.trainee_id.in_(trainee_ids), cohort_within(within, Cohort.id))
        .order_by(Cohort.name)
    )
    names: dict[int, list[str]] = {}
    for trainee_id, name in rows:
        names.setdefault(trainee_id, []).append(name)
    return {tid: tuple(n) for tid, n in names.items()}


def count_trainees(session: Session, within: CohortLimit | None = None) -> int:
    """How many trainee codes the database holds (the cohorts screen's "everyone"), or
    ``within`` a cursusleider's cohorts."""
    from frontlijn_game.store.leader_cohorts import trainee_within

    query = select(func.count()).select_from(Trainee)
    if within is not None:
        query = query.where(trainee_within(within, Trainee.id))
    return int(session.scalar(query) or 0)


def trainee_record(
    session: Session, trainee: Trainee, within: CohortLimit | None = None
) -> TraineeRecord:
    """The trainee with the names of their cohorts (``within``: only a cursusleider's)."""
    names = _cohort_names(session, [trainee.id], within)
    return TraineeRecord.of(trainee, names.get(trainee.id, ()))


def list_trainees(
    session: Session, cohort: str | None = None, within: CohortLimit | None = None
) -> list[TraineeRecord]:
    """Every trainee (or a cohort's members); ``within``: only a cursusleider's trainees,
    each with only the names of that leader's cohorts."""
    from frontlijn_game.store.leader_cohorts import trainee_within

    query = select(Trainee).order_by(Trainee.code)
    if cohort is not None:
        cohort_id = get_cohort(session, cohort).id
        query = query.join(CohortMember, CohortMember.trainee_id == Trainee.id).where(
            CohortMember.cohort_id == cohort_id
        )
    if within is not None:
        query = query.where(trainee_within(within, Trainee.id))
    trainees = list(session.scalars(query))
    names = _cohort_names(session, [t.id for t in trainees], within)
    return [TraineeRecord.of(t, names.get(t.id, ())) for t in trainees]


# -- cohorts ---------------------------------------------------------------------------


def create_cohort(session: Session, name: str) -> Cohort:
    name = name.strip()
    if not name:
        raise StoreError("a cohort needs a name")
    cohort = Cohort(name=name)
    try:
        with session.begin_nested():
            session.add(cohort)
    except IntegrityError:
        raise AlreadyExists(f"cohort '{name}' exists already") from None
    return cohort


def enrol(
    session: Session,
    cohort_name: str,
    curriculum_id: str | None = None,
    codes: list[str] | tuple[str, ...] = (),
) -> tuple[list[str], bool]:
    """Add trainees to a cohort and/or enrol the cohort in a curriculum.

    Returns the codes newly added and whether the curriculum enrolment is new; adding a
    member or a curriculum twice is not an error.
    """
    cohort = get_cohort(session, cohort_name)
    added: list[str] = []
    for code in codes:
        trainee = get_trainee(session, code)
        if session.get(CohortMember, (cohort.id, trainee.id)) is None:
            session.add(CohortMember(cohort_id=cohort.id, trainee_id=trainee.id))
            added.append(trainee.code)
    new_enrolment = False
    if curriculum_id is not None:
        exists = session.scalar(
            select(Enrolment.id).where(
                Enrolment.cohort_id == cohort.id, Enrolment.curriculum_id == curriculum_id
            )
        )
        if exists is None:
            session.add(Enrolment(cohort_id=cohort.id, curriculum_id=curriculum_id))
            new_enrolment = True
    session.flush()
    return added, new_enrolment


def list_cohorts(session: Session, within: CohortLimit | None = None) -> list[CohortRecord]:
    """Every cohort by name, or only those a cursusleider leads (``within``)."""
    from frontlijn_game.store.leader_cohorts import cohort_within

    counted = select(CohortMember.cohort_id, func.count()).group_by(CohortMember.cohort_id)
    members = {cohort_id: n for cohort_id, n in session.execute(counted)}
    curricula: dict[int, list[str]] = {}
    for cohort_id, curriculum in session.execute(
        select(Enrolment.cohort_id, Enrolment.curriculum_id)
        .where(Enrolment.cohort_id.is_not(None))
        .order_by(Enrolment.curriculum_id)
    ):
        if cohort_id is not None:
            curricula.setdefault(cohort_id, []).append(curriculum)
    return [
        CohortRecord(
            id=c.id,
            name=c.name,
            members=members.get(c.id, 0),
            curricula=tuple(curricula.get(c.id, ())),
            created_at=c.created_at,
        )
        for c in session.scalars(
            select(Cohort).where(cohort_within(within, Cohort.id)).order_by(Cohort.name)
        )
    ]


def curricula_of(session: Session, trainee_id: int, within: CohortLimit | None = None) -> list[str]:
    """Curriculum ids the trainee follows, directly or through a cohort (``within``:
    through a cursusleider's cohorts only)."""
    from frontlijn_game.store.leader_cohorts import cohort_within

    own = select(Enrolment.curriculum_id).where(Enrolment.trainee_id == trainee_id)
    via = (
        select(Enrolment.curriculum_id)
        .join(CohortMember, CohortMember.cohort_id == Enrolment.cohort_id)
        .where(CohortMember.trainee_id == trainee_id, cohort_within(within, Enrolment.cohort_id))
    )
    return sorted(set(session.scalars(own.union(via))))


# -- AVG / GDPR ------------------------------------------------------------------------


def export_trainee(session: Session, code: str) -> dict[str, Any]:
    """Everything stored about one trainee, as one JSON-ready object.

    The PIN is reported as set or not (its hash is a secret of the game, not data about
    the person), with the wrong PINs since the last right one; snapshots are named by case
    id and content hash, not copied.
    """
    trainee = get_trainee(session, code)
    record = trainee_record(session, trainee)
    attempts = []
    for attempt in list_attempts(session, trainee_id=trainee.id):
        data = attempt.to_json()
        data["decisions"] = [d.to_json() for d in list_decisions(session, attempt.id)]
        attempts.append(data)
    last_failure = trainee.last_pin_failure_at
    return {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "trainee": {
            **record.to_json(),
            "note": trainee.note,
            "failed_pins": trainee.pin_failures,
            "last_failed_pin": None if last_failure is None else last_failure.isoformat(),
        },
        "curricula": curricula_of(session, trainee.id),
        "attempts": attempts,
        "sessions": _live_seats(session, trainee.id),
    }


def forget_lms_identities(session: Session, trainee_id: int) -> int:
    """Drop the LMS identities (issuer + ``sub``, personal data) of a trainee."""
    from frontlijn_game.store.lti_models import LtiUser

    result = session.execute(delete(LtiUser).where(LtiUser.trainee_id == trainee_id))
    return int(getattr(result, "rowcount", 0) or 0)


def _live_seats(session: Session, trainee_id: int) -> list[dict[str, Any]]:
    from frontlijn_game.store.live_sessions import seats_of_trainee

    return seats_of_trainee(session, trainee_id)


def erase_trainee(session: Session, code: str) -> EraseReport:
    """Remove a trainee's personal data and pseudonymise the rest; say what was done."""
    trainee = get_trainee(session, code)
    old = trainee.code
    done: list[str] = []
    if trainee.display_name is not None:
        done.append("removed the display name")
    if trainee.pin_hash is not None:
        done.append("removed the PIN")
    if trainee.note:
        done.append("removed the leader's note")
    if trainee.pin_failures or trainee.last_pin_failure_at is not None:
        done.append("removed the count of wrong PINs")
    trainee.display_name = None
    trainee.pin_hash, trainee.pin_failures, trainee.last_pin_failure_at = None, 0, None
    trainee.note = None
    closed = abandon_open_attempts(session, trainee.id)
    signed_out = session.execute(delete(WebSession).where(WebSession.trainee_id == trainee.id))
    if getattr(signed_out, "rowcount", 0):
        done.append("signed out of the web door")
    lms = session.execute(delete(Cmi5Learner).where(Cmi5Learner.trainee_id == trainee.id))
    if getattr(lms, "rowcount", 0):
        done.append("removed the link to the LMS account and its cmi5 sessions")
    if closed:
        done.append(f"closed {closed} open attempt(s) as abandoned")
    if forget_lms_identities(session, trainee.id):
        done.append("removed the link to their learning platform account (LTI)")
    while True:
        new = new_code("X-")
        if find_trainee(session, new) is None:
            break
    trainee.code = new
    trainee.erased_at = utcnow()
    attempts = session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.trainee_id == trainee.id)
    )
    decisions = session.scalar(
        select(func.count())
        .select_from(Decision)
        .join(Attempt, Attempt.id == Decision.attempt_id)
        .where(Attempt.trainee_id == trainee.id)
    )
    done.append(f"replaced the code '{old}' by the random pseudonym '{new}'")
    done.append(
        f"kept {attempts} attempt(s) and {decisions} decision(s) under the pseudonym, "
        "so cohort statistics stay as they were"
    )
    session.flush()
    return EraseReport(old_code=old, new_code=new, done=tuple(done))


__all__ = [
    "CODE",
    "add_trainee",
    "check_code",
    "code_of",
    "count_trainees",
    "create_cohort",
    "curricula_of",
    "enrol",
    "ensure_trainee",
    "erase_trainee",
    "export_trainee",
    "find_trainee",
    "get_cohort",
    "get_trainee",
    "list_cohorts",
    "list_trainees",
    "new_code",
    "normalise_code",
    "trainee_record",
]
