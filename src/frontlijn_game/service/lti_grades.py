"""Grades back to the LMS (LTI Assignment and Grade Services) and the roster from it
(Names and Role Provisioning Services).

Grades go through an outbox in the database: :func:`queue_scores` compares each
(link, learner)'s best finished total with the best already queued or sent and queues a
score when it is better (the first finished attempt, then every better one);
:func:`send_due` posts the due rows to the platform's AGS endpoint and reschedules a
failure with a growing delay. Nothing is held in memory, so a restart loses no grade:
the next run sends what is still pending. The scores carry the time the attempt
finished, so the platform keeps the newest (and so the best) one.

A link to one case reports that case's best total (0..100). A link to a curriculum
module reports the mean of the best totals of its cases once every case has a finished
attempt.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from frontlijn_game.service.lti import Lti

if TYPE_CHECKING:
    import requests

    from frontlijn_game.scenario.content import Library
    from frontlijn_game.store.lti_grades import DueGrade

log = logging.getLogger(__name__)

MAX_TRIES = 12
"""After this many failures a grade is given up (status ``failed``; ``frontlijn lti
grades`` shows it with its last error)."""
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=6)
HOLD = timedelta(minutes=2)
"""A claimed row is left alone by other workers this long (a crash frees it after)."""
SCORE_MAX = 100.0


TIMEOUT = 20.0
"""Seconds to wait for the platform (connect, then each read): a slow LMS must not hold
a launch or the grade worker for ever."""


def http_session() -> requests.Session:
    """A requests session whose every call gives up after :data:`TIMEOUT` seconds."""
    import requests
    from requests.adapters import HTTPAdapter

    class Patient(HTTPAdapter):
        def send(self, *args: Any, **kwargs: Any) -> requests.Response:
            kwargs["timeout"] = kwargs.get("timeout") or TIMEOUT
            return super().send(*args, **kwargs)

    session = requests.Session()
    session.headers["User-Agent"] = "frontlijn-lti"
    session.mount("https://", Patient())
    session.mount("http://", Patient())
    return session


_tokens: dict[tuple[int, str], tuple[str, datetime]] = {}
_tokens_lock = threading.Lock()


def connector(lti: Lti, registration_id: int, session: requests.Session | None) -> Any:
    """pylti1p3's service connector for a registration, with the platform's access tokens
    kept per process until they expire (one token request per hour, not per grade)."""
    from pylti1p3.service_connector import ServiceConnector

    from frontlijn_game.store.models import utcnow

    record = lti.registration(registration_id)
    registration = lti.tool_registration(record)
    if registration.get_tool_private_key() is None:
        raise RuntimeError(f"the private key of registration {record.kid} is missing")

    class Connector(ServiceConnector):
        def _get_cached_access_token(self, scope_key: str) -> str | None:
            with _tokens_lock:
                found = _tokens.get((registration_id, scope_key))
            if found is None or found[1] <= utcnow():
                return None
            return found[0]

        def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
            until = utcnow() + timedelta(seconds=max(float(expires_in) - 60, 0))
            with _tokens_lock:
                _tokens[(registration_id, scope_key)] = (access_token, until)

    return Connector(registration, session or http_session())


def forget_tokens(registration_id: int) -> None:
    """Drop a registration's cached access tokens (after a failure: the platform may have
    revoked them or changed its keys; the next try asks for a fresh one)."""
    with _tokens_lock:
        for key in [k for k in _tokens if k[0] == registration_id]:
            del _tokens[key]


@dataclass(frozen=True)
class Sent:
    sent: int
    retried: int
    failed: int


def module_cases(library: Library, target: dict[str, Any]) -> list[str]:
    curriculum = library.curricula.get(str(target.get("curriculum")))
    if curriculum is None:
        return []
    for module in curriculum.modules:
        if module.id == target.get("module"):
            return list(module.scenarios)
    return []


def retry_delay(tries: int) -> timedelta:
    """30 s, 1 min, 2 min, ... up to 6 h (``tries`` failures so far, 1 or more)."""
    delay: timedelta = FIRST_RETRY * (2 ** min(max(tries - 1, 0), 20))
    return min(delay, LAST_RETRY)


def queue_scores(lti: Lti, library: Library) -> int:
    """Queue a score for every (link, learner) whose best total beats what the LMS has
    (or will get); the number queued."""
    from frontlijn_game.store import lti_grades as outbox

    def work(s: Any) -> int:
        queued = 0
        for target in outbox.grade_targets(s):
            cases = (
                [target.target["case"]]
                if "case" in target.target
                else module_cases(library, target.target)
            )
            if not cases:
                continue
            best = outbox.best_attempts(s, target.trainee_id, cases)
            if len(best) < len(cases):
                continue
            score = round(sum(b[0] for b in best.values()) / len(cases), 1)
            at = max(b[1] for b in best.values())
            if target.last_score is not None and score <= target.last_score:
                continue
            outbox.queue_grade(s, target.link_id, target.user_id, score, SCORE_MAX, at)
            queued += 1
        return queued

    return lti.store.db.write(work)


def send_due(
    lti: Lti,
    session: requests.Session | None = None,
    now: Callable[[], datetime] | None = None,
    limit: int = 50,
) -> Sent:
    """Post the due grades to the LMS; each outcome is written at once."""
    from frontlijn_game.store import lti as rows
    from frontlijn_game.store import lti_grades as outbox
    from frontlijn_game.store.models import utcnow

    clock = now or utcnow
    due = lti.store.db.write(lambda s: outbox.claim_due(s, clock(), HOLD, limit))
    sent = retried = failed = 0
    for grade in due:
        try:
            lineitem = _post(lti, grade, session)
        except Exception as exc:  # the platform's answer, a network error, a lost key
            error = f"{type(exc).__name__}: {exc}"
            forget_tokens(grade.registration_id)
            tries = grade.tries + 1
            retry_at = clock() + retry_delay(tries) if tries < MAX_TRIES else None
            log.warning("LTI grade %s not sent (try %s): %s", grade.id, tries, error)
            _settle(lti, grade.id, error, retry_at)
            if retry_at is None:
                failed += 1
            else:
                retried += 1
            continue

        def done(s: Any, lineitem: str | None = lineitem, grade: DueGrade = grade) -> None:
            outbox.settle_grade(s, grade.id, None, None)
            if lineitem is not None:
                rows.set_lineitem(s, grade.link_id, lineitem)

        lti.store.db.write(done)
        sent += 1
    return Sent(sent, retried, failed)


def _settle(lti: Lti, grade_id: int, error: str, retry_at: datetime | None) -> None:
    from frontlijn_game.store import lti_grades as outbox

    lti.store.db.write(lambda s: outbox.settle_grade(s, grade_id, error, retry_at))


def _post(lti: Lti, grade: DueGrade, session: requests.Session | None) -> str | None:
    """Send one score; the line item's URL when it had to be found or made first."""
    from pylti1p3.assignments_grades import AssignmentsGradesService, TAssignmentsGradersData
    from pylti1p3.grade import Grade
    from pylti1p3.lineitem import LineItem

    ags = dict(grade.ags)
    found = None
    if grade.lineitem_url and not ags.get("lineitem"):
        ags["lineitem"] = grade.lineitem_url
    service = AssignmentsGradesService(
        connector(lti, grade.registration_id, session), cast("TAssignmentsGradersData", ags)
    )
    score = (
        Grade()
        .set_score_given(grade.score)
        .set_score_maximum(grade.score_max)
        .set_timestamp(grade.scored_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+00:00")
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_user_id(grade.sub)
    )
    if ags.get("lineitem"):
        service.put_grade(score)
        return None
    item = (
        LineItem()
        .set_label(str(grade.target.get("case") or grade.target.get("module") or "Frontlijn"))
        .set_score_maximum(grade.score_max)
        .set_resource_id(_resource_id(grade.target))
        .set_resource_link_id(grade.resource_link_id)
    )
    made = service.find_or_create_lineitem(item, find_by="resource_link_id")
    service.put_grade(score, made)
    found = made.get_id()
    return found


def _resource_id(target: dict[str, Any]) -> str:
    if "case" in target:
        return f"case:{target['case']}"
    return f"module:{target.get('curriculum')}/{target.get('module')}"


def sync_roster(
    lti: Lti, session: requests.Session | None = None, course: int | None = None
) -> int:
    """Fill each known course's cohort from the platform's member list (NRPS): every
    learner becomes a trainee in the cohort, as on their first launch; the number added."""
    from pylti1p3.names_roles import NamesRolesProvisioningService

    from frontlijn_game.store import lti as rows

    added = 0
    for registration_id, context_row, cohort, url in lti.store.db.read(rows.contexts_with_roster):
        if course is not None and context_row != course:
            continue
        record = lti.registration(registration_id)
        service = NamesRolesProvisioningService(
            connector(lti, registration_id, session), {"context_memberships_url": url}
        )
        try:
            members = list(service.get_members())
        except Exception:
            forget_tokens(registration_id)  # a refused token: the next sync asks afresh
            raise
        for member in members:
            added += _add_member(lti, record.issuer, cohort, dict(member))
    return added


def _add_member(lti: Lti, issuer: str, cohort: str, member: dict[str, Any]) -> bool:
    """One NRPS member as a trainee in the course's cohort (instructors get no seat)."""
    from frontlijn_game.service.lti import is_instructor
    from frontlijn_game.store import lti as rows

    if member.get("status", "Active") != "Active" or not member.get("user_id"):
        return False
    teaches = is_instructor([str(r) for r in member.get("roles") or []])
    name = member.get("name") or None

    def work(s: Any) -> bool:
        person = rows.person(s, issuer, str(member["user_id"]), name, teaches)
        return not teaches and rows.join_cohort(s, cohort, person.trainee_code)

    from frontlijn_game.store.errors import AlreadyExists

    try:
        return bool(lti.store.db.write(work))
    except AlreadyExists:  # they launched at this very moment: their launch made them
        return bool(lti.store.db.write(work))


class GradeWorker:
    """A daemon thread of the web door: every ``interval`` seconds it queues better
    scores and sends what is due (the outbox makes two workers harmless)."""

    def __init__(self, lti: Lti, library: Callable[[], Library], interval: float = 15.0) -> None:
        self.lti = lti
        self.library = library
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lti-grades", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def run_once(self) -> Sent:
        queue_scores(self.lti, self.library())
        return send_due(self.lti)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.lti.registrations():
                    self.run_once()
            except Exception:  # keep the worker alive; the rows stay pending
                log.exception("LTI grade worker")
            self._wake.wait(self.interval)
            self._wake.clear()


__all__ = [
    "GradeWorker",
    "Sent",
    "module_cases",
    "queue_scores",
    "retry_delay",
    "send_due",
    "sync_roster",
]
