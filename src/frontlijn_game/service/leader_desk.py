"""What a signed-in course leader can do from a command line: one protocol, two desks.

:class:`LeaderDesk` is what the doors call (``frontlijn trainee|cohort|attempts|report|
export``): read the leader's cohorts, trainees, attempts and reports, export them, and
write trainees and cohorts. :class:`LocalDesk` does it on a database this process opened
(the owner on the server, or a leader who signed in against it);
:class:`~frontlijn_game.service.remote_leader.RemoteDesk` does it over HTTPS to a
``frontlijn web`` server, whose ``/api/v1/leader`` door runs a :class:`LocalDesk` for the
leader of the session. Either way the same functions decide: ``service.scope`` (what a
cursusleider sees), ``service.people.PeopleAdmin`` (who may write whom), the reports of
``service.reports`` and ``service.leader``.

Reports come back as a :class:`Report`: the data (the ``--json`` shape) and the text in
the interface language, both made where the data are, so a remote leader reads the very
words a local one does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.service.admin import Operator
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.records import (
        AttemptRecord,
        CohortRecord,
        EraseReport,
        TraineeRecord,
    )
    from frontlijn_game.store.service import Store


@dataclass(frozen=True)
class Report:
    """A report as data (``--json``) and as text for people."""

    data: dict[str, Any]
    text: str


@dataclass(frozen=True)
class CsvFiles:
    """Where ``export csv`` wrote its files, and how many rows each holds."""

    attempts: Path
    decisions: Path
    attempt_rows: int
    decision_rows: int
    sessions: tuple[tuple[Path, int], ...] = ()
    """The live-session files (``reporting.session_export``) and their row counts."""


@dataclass(frozen=True)
class XapiOptions:
    """How statements name trainees and activities (see ``reporting.xapi.XapiSettings``)."""

    home_page: str
    activity_base: str | None = None
    pass_score: float = 70.0

    def to_json(self) -> dict[str, Any]:
        return {
            "home_page": self.home_page,
            "activity_base": self.activity_base,
            "pass_score": self.pass_score,
        }


@dataclass(frozen=True)
class NewTrainee:
    """A trainee to add: the code (None: a random pseudonym), and what else is known."""

    code: str | None
    display_name: str | None = None
    pin: str | None = None
    note: str | None = None
    cohort: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __repr__(self) -> str:  # a PIN is never logged
        return f"NewTrainee(code={self.code!r}, cohort={self.cohort!r}, pin='***')"


class LeaderDesk(Protocol):
    """The calls of a signed-in leader (or the owner); each answers within their scope."""

    remote: bool

    def who(self) -> LeaderScope: ...
    def cohorts(self) -> list[CohortRecord]: ...
    def trainees(self, cohort: str | None = None) -> list[TraineeRecord]: ...
    def attempts(
        self, code: str | None = None, scenario_id: str | None = None, status: str | None = None
    ) -> list[AttemptRecord]: ...
    def options(self, selection: Selection) -> Report: ...
    def items(self, selection: Selection) -> Report: ...
    def progress(self, cohort: str | None, curriculum_id: str | None = None) -> Report: ...
    def export_csv(self, folder: Path, excel: bool = False) -> CsvFiles: ...
    def xapi(
        self, options: XapiOptions, cohort: str | None, scenario_id: str | None
    ) -> AbstractContextManager[Iterator[dict[str, Any]]]: ...
    def add_trainee(self, new: NewTrainee) -> TraineeRecord: ...
    def set_pin(self, code: str, pin: str | None) -> None: ...
    def export_trainee(self, code: str) -> dict[str, Any]: ...
    def erase_trainee(self, code: str) -> EraseReport: ...
    def create_cohort(self, name: str, curriculum_id: str | None = None) -> CohortRecord: ...
    def enrol(
        self, name: str, curriculum_id: str | None, codes: Sequence[str]
    ) -> tuple[list[str], bool]: ...
    def close(self) -> None: ...


class LocalDesk:
    """A :class:`LeaderDesk` on an opened store, for ``operator`` (``service.admin``)."""

    remote = False

    def __init__(self, store: Store, library: Callable[[], Library], operator: Operator) -> None:
        from frontlijn_game.service.people import PeopleAdmin

        self.store = store
        self._library = library
        self.operator = operator
        self._admin = PeopleAdmin(store, operator)

    @property
    def scope(self) -> LeaderScope:
        """The operator's scope as the database holds it now (a role taken away holds
        at the next call; the owner's is not re-read)."""
        return self.operator.scope.refreshed(self.store)

    def who(self) -> LeaderScope:
        return self.scope

    def close(self) -> None:
        """The store is the caller's: it closes it."""

    # -- reading ---------------------------------------------------------------------------

    def cohorts(self) -> list[CohortRecord]:
        from frontlijn_game.store.people import list_cohorts

        limit = self.scope.limit
        return self.store.db.read(lambda s: list_cohorts(s, within=limit))

    def trainees(self, cohort: str | None = None) -> list[TraineeRecord]:
        from frontlijn_game.service.scope import check_cohort
        from frontlijn_game.store.people import list_trainees

        scope = self.scope

        def work(session: Any) -> list[TraineeRecord]:
            if cohort is not None:
                check_cohort(session, scope, cohort)
            return list_trainees(session, cohort, within=scope.limit)

        return self.store.db.read(work)

    def attempts(
        self, code: str | None = None, scenario_id: str | None = None, status: str | None = None
    ) -> list[AttemptRecord]:
        from frontlijn_game.service.scope import check_trainee
        from frontlijn_game.store.repository import list_attempts

        scope = self.scope

        def work(session: Any) -> list[AttemptRecord]:
            trainee_id = None if code is None else check_trainee(session, scope, code)
            return list_attempts(session, trainee_id, scenario_id, status, within=scope.limit)

        return self.store.db.read(work)

    def options(self, selection: Selection) -> Report:
        from frontlijn_game.service.report_text import options_text
        from frontlijn_game.service.reports import option_distribution

        found = option_distribution(self.store, selection, self.scope)
        return Report(found.to_json(), options_text(found))

    def items(self, selection: Selection) -> Report:
        from frontlijn_game.service.report_text import items_text
        from frontlijn_game.service.reports import item_statistics

        found = item_statistics(self.store, selection, self.scope)
        return Report(found.to_json(), items_text(found))

    def progress(self, cohort: str | None, curriculum_id: str | None = None) -> Report:
        """The progress matrix of ``cohort`` (None: every trainee the leader sees)."""
        from frontlijn_game.service.leader import LeaderData
        from frontlijn_game.service.report_text import progress_text

        data = LeaderData(self.store, self._library(), self.scope).matrix(cohort, curriculum_id)
        matrix = data.matrix
        return Report(matrix.to_json(matrix.first_totals()), progress_text(data))

    # -- out -------------------------------------------------------------------------------

    def export_csv(self, folder: Path, excel: bool = False) -> CsvFiles:
        from frontlijn_game.service.reports import export_csv

        done = export_csv(self.store, folder, self.scope, excel=excel)
        return CsvFiles(
            done.attempts, done.decisions, done.attempt_rows, done.decision_rows, done.sessions
        )

    @contextmanager
    def xapi(
        self, options: XapiOptions, cohort: str | None, scenario_id: str | None
    ) -> Iterator[Iterator[dict[str, Any]]]:
        """The statements of every attempt the leader sees, streamed in one read."""
        from fractions import Fraction

        from frontlijn_game.reporting.xapi import XapiSettings
        from frontlijn_game.scenario.model import PassRule
        from frontlijn_game.service.reports import pass_rules, xapi_statements

        settings = XapiSettings(
            home_page=options.home_page,
            activity_base=options.activity_base,
            pass_rules=pass_rules(self._library()),
            default_rule=PassRule(Fraction(repr(float(options.pass_score))), None),
        )
        with xapi_statements(self.store, settings, cohort, scenario_id, self.scope) as found:
            yield found

    # -- writing people (PeopleAdmin decides who may) ----------------------------------------

    def add_trainee(self, new: NewTrainee) -> TraineeRecord:
        return self._admin.add_trainee(new.code, new.display_name, new.pin, new.note, new.cohort)

    def set_pin(self, code: str, pin: str | None) -> None:
        self._admin.set_pin(code, pin)

    def export_trainee(self, code: str) -> dict[str, Any]:
        return self._admin.export_trainee(code)

    def erase_trainee(self, code: str) -> EraseReport:
        return self._admin.erase_trainee(code)

    def create_cohort(self, name: str, curriculum_id: str | None = None) -> CohortRecord:
        return self._admin.create_cohort(name, curriculum_id)

    def enrol(
        self, name: str, curriculum_id: str | None, codes: Sequence[str]
    ) -> tuple[list[str], bool]:
        return self._admin.enrol(name, curriculum_id, codes)


__all__ = [
    "CsvFiles",
    "LeaderDesk",
    "LocalDesk",
    "NewTrainee",
    "Report",
    "XapiOptions",
]
