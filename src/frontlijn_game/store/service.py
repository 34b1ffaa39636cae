"""``Store``: the one object the TUI, the leader dashboard and the commands talk to.

Every method is one short transaction (writes retried when SQLite is locked) and returns
plain records, never ORM objects. Usage with the engine::

    store = Store.open(app.db_url)                  # creates + migrates on first use
    play = Playthrough.start(scenario, seed)
    attempt = store.start_attempt(code, scenario, play.state)
    step = play.choose(choice_id)
    store.record_decision(attempt.id, step, score=play.score(), seconds=4.2)

    saved = store.open_attempt(code, scenario.id)   # after any crash
    play = Playthrough(saved.scenario, PlayState.from_json(saved.state))
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import people, pins, repository, web_sessions
from frontlijn_game.store.database import Database, open_database
from frontlijn_game.store.models import utcnow
from frontlijn_game.store.passwords import DELAY_BASE, DELAY_CAP
from frontlijn_game.store.pins import PinResult
from frontlijn_game.store.records import (
    AttemptRecord,
    CohortRecord,
    DecisionRecord,
    EraseReport,
    SavedAttempt,
    TraineeRecord,
)
from frontlijn_game.store.repository import ScoreLike, StateLike, StepLike
from frontlijn_game.store.web_sessions import WebSessionRecord


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Store:
        """The database at ``url`` (None: the default SQLite file), at the newest schema."""
        return cls(open_database(url, migrate=migrate))

    @property
    def display_url(self) -> str:
        """The URL with its password hidden: the only form fit for messages."""
        return self.db.display_url

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- trainees ----------------------------------------------------------------------

    def add_trainee(
        self,
        code: str | None = None,
        display_name: str | None = None,
        pin: str | None = None,
        note: str | None = None,
        cohort: str | None = None,
    ) -> TraineeRecord:
        def work(s: Session) -> TraineeRecord:
            trainee = people.add_trainee(s, code, display_name, pin, note)
            if cohort is not None:
                people.enrol(s, cohort, codes=[trainee.code])
            return people.trainee_record(s, trainee)

        return self.db.write(work)

    def trainee(self, code: str) -> TraineeRecord:
        return self.db.read(lambda s: people.trainee_record(s, people.get_trainee(s, code)))

    def ensure_trainee(self, code: str) -> TraineeRecord:
        """The trainee with this code, made on first use."""
        existing = self.db.read(lambda s: people.find_trainee(s, code))
        if existing is not None:
            return self.trainee(code)
        return self.db.write(lambda s: people.trainee_record(s, people.ensure_trainee(s, code)))

    def list_trainees(self, cohort: str | None = None) -> list[TraineeRecord]:
        return self.db.read(lambda s: people.list_trainees(s, cohort))

    def set_pin(self, code: str, pin: str | None) -> None:
        self.db.write(lambda s: pins.set_pin(s, code, pin))

    def check_trainee_pin(
        self,
        code: str,
        pin: str | None,
        now: datetime | None = None,
        base: float = DELAY_BASE,
        cap: float = DELAY_CAP,
    ) -> PinResult:
        """Sign in with a PIN: ``.ok`` when the trainee exists and has no PIN or this PIN.

        A wrong PIN is counted in the database, and a try sooner after it than
        ``delay_after`` allows is refused unchecked (``.too_soon``), in every process.
        """
        now = now or utcnow()
        state = self.db.read(lambda s: pins.pin_state(s, code))
        refused = pins.refuse_early(state, pin, now, base, cap)
        if refused is not None:
            return refused
        assert state is not None
        right = pins.pin_is_right(state, pin)  # scrypt, outside any transaction
        return self.db.write(
            lambda s: pins.settle_pin_check(s, state, right, now, base=base, cap=cap)
        )

    def curricula(self, code: str) -> list[str]:
        return self.db.read(lambda s: people.curricula_of(s, people.get_trainee(s, code).id))

    def export_trainee(self, code: str) -> dict[str, Any]:
        return self.db.read(lambda s: people.export_trainee(s, code))

    def erase_trainee(self, code: str) -> EraseReport:
        """Erase in one transaction, then clear the write-ahead log of the old rows."""
        report = self.db.write(lambda s: people.erase_trainee(s, code))
        if not self.db.checkpoint():
            return report.with_note(
                "another process kept reading, so the write-ahead log (the -wal file) still "
                "holds the old data: it is cleared when that process (e.g. frontlijn serve) stops"
            )
        return report

    # -- cohorts -----------------------------------------------------------------------

    def create_cohort(self, name: str, curriculum_id: str | None = None) -> CohortRecord:
        def work(s: Session) -> str:
            cohort = people.create_cohort(s, name)
            if curriculum_id is not None:
                people.enrol(s, cohort.name, curriculum_id)
            return cohort.name

        created = self.db.write(work)
        return next(c for c in self.list_cohorts() if c.name == created)

    def enrol(
        self, cohort: str, curriculum_id: str | None = None, codes: Sequence[str] = ()
    ) -> tuple[list[str], bool]:
        return self.db.write(lambda s: people.enrol(s, cohort, curriculum_id, tuple(codes)))

    def list_cohorts(self) -> list[CohortRecord]:
        return self.db.read(people.list_cohorts)

    # -- attempts ----------------------------------------------------------------------

    def start_attempt(self, code: str, scenario: Scenario, state: StateLike) -> AttemptRecord:
        """A new attempt at ``state``; :class:`OpenAttemptExists` if one is open already."""

        def work(s: Session) -> int:
            trainee = people.get_trainee(s, code)
            return repository.start_attempt(s, trainee, scenario, state).id

        return self.attempt(self.db.write(work))

    def restart_attempt(self, code: str, scenario: Scenario, state: StateLike) -> AttemptRecord:
        """Abandon the open attempt of this case, if any, and start a new one."""

        def work(s: Session) -> int:
            trainee = people.get_trainee(s, code)
            return repository.restart_attempt(s, trainee, scenario, state).id

        return self.attempt(self.db.write(work))

    def record_decision(
        self,
        attempt_id: int,
        step: StepLike,
        score: ScoreLike | None = None,
        seconds: float | None = None,
        shown: Sequence[str] | None = None,
    ) -> DecisionRecord:
        """Decision row + attempt state in one transaction (see ``repository``);
        ``shown`` is the order the options were shown in."""
        return self.db.write(
            lambda s: repository.record_decision(s, attempt_id, step, score, seconds, shown)
        )

    def suspend(self, attempt_id: int) -> AttemptRecord:
        self.db.write(lambda s: repository.suspend_attempt(s, attempt_id))
        return self.attempt(attempt_id)

    def abandon(self, attempt_id: int) -> AttemptRecord:
        self.db.write(lambda s: repository.abandon_attempt(s, attempt_id))
        return self.attempt(attempt_id)

    def open_attempt(self, code: str, scenario_id: str) -> SavedAttempt | None:
        """The trainee's open attempt of this case, ready to resume, or None."""

        def work(s: Session) -> SavedAttempt | None:
            trainee = people.get_trainee(s, code)
            attempt = repository.find_open_attempt(s, trainee.id, scenario_id)
            return None if attempt is None else repository.saved_attempt(s, attempt.id)

        return self.db.read(work)

    def load_attempt(self, attempt_id: int) -> SavedAttempt:
        """Any attempt with its snapshot's case, for resume, replay or the debrief."""
        return self.db.read(lambda s: repository.saved_attempt(s, attempt_id))

    def attempt(self, attempt_id: int) -> AttemptRecord:
        return self.db.read(lambda s: repository.attempt_record(s, attempt_id))

    def attempts(
        self,
        trainee: str | None = None,
        scenario_id: str | None = None,
        status: str | None = None,
    ) -> list[AttemptRecord]:
        def work(s: Session) -> list[AttemptRecord]:
            trainee_id = None if trainee is None else people.get_trainee(s, trainee).id
            return repository.list_attempts(s, trainee_id, scenario_id, status)

        return self.db.read(work)

    def decisions(self, attempt_id: int) -> list[DecisionRecord]:
        return self.db.read(lambda s: repository.list_decisions(s, attempt_id))

    # -- browser sessions (the HTML door) ------------------------------------------------

    def new_web_session(self, lang: str = "nl") -> WebSessionRecord:
        return self.db.write(lambda s: web_sessions.create(s, lang))

    def web_session(self, token: str) -> WebSessionRecord | None:
        """The live session of a cookie's token (a write only when it is due a touch)."""
        found, due = self.db.read(lambda s: web_sessions.look(s, token))
        if due:
            return self.db.write(lambda s: web_sessions.find(s, token))
        return found

    def sign_in_web_session(self, token: str | None, code: str) -> WebSessionRecord:
        return self.db.write(lambda s: web_sessions.sign_in(s, token, code))

    def sign_in_leader_web_session(self, token: str | None, leader_id: int) -> WebSessionRecord:
        return self.db.write(lambda s: web_sessions.sign_in_leader(s, token, leader_id))

    def update_web_session(
        self, token: str, lang: str | None = None, theme: str | None = None
    ) -> None:
        self.db.write(lambda s: web_sessions.update(s, token, lang, theme))

    def end_web_session(self, token: str) -> None:
        self.db.write(lambda s: web_sessions.end(s, token))

    def purge_web_sessions(self) -> int:
        return self.db.write(web_sessions.purge)
