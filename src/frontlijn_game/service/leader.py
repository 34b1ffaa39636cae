"""The leader screens' one door to the data: the reporting layer plus a few cohort writes.

Every method blocks (the database, path analysis), so screens call them only from thread
workers and post the result back as a message. The queries themselves live in
``frontlijn_game.reporting`` (matrix, trainee detail, replay, option distribution, item
statistics, CSV); this module picks the curriculum and the pass rules from the case
library and words the store's errors for a course leader. Nothing here touches Textual.

Every method answers within the leader's :class:`~frontlijn_game.service.scope.LeaderScope`:
a *cursusleider* gets their own cohorts and those cohorts' trainees only (the limit goes
into the SQL), and what lies outside answers as unknown; making cohorts is a beheerder's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _
from frontlijn_game.service.errors import LeaderDataError

if TYPE_CHECKING:
    from frontlijn_game.reporting.detail import TraineeDetail
    from frontlijn_game.reporting.items import ItemStatistics
    from frontlijn_game.reporting.matrix import ProgressMatrix
    from frontlijn_game.reporting.options import OptionDistribution
    from frontlijn_game.reporting.replay import AttemptReplay, BestContinuation, ReplayStep
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import Curriculum, PassRule
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.records import CohortRecord
    from frontlijn_game.store.service import Store


ALL = "*"
"""The cohort key of "every trainee"."""


@dataclass(frozen=True)
class MatrixData:
    matrix: ProgressMatrix
    cohort: str | None
    curriculum_id: str | None
    curricula: tuple[str, ...]
    """Curricula the cohort is enrolled in (the matrix shows ``curriculum_id``)."""
    missing_curriculum: str | None = None
    """An enrolled curriculum the case library does not have (columns: cases played)."""
    titles: dict[str, str] | None = None
    """Case id -> title, for the cases of the columns."""
    limited: bool = False
    """Every trainee of a cursusleider's cohorts (``cohort`` None), not of the database."""
    module_titles: dict[str, str] | None = None
    """Module id -> title (the id when the module has none), for the row under the cursor."""


@dataclass(frozen=True)
class EnrolResult:
    added: tuple[str, ...]
    created: tuple[str, ...]
    already: int
    enrolled: bool


class LeaderData:
    """What one signed-in leader (``scope``) may see and do, for the leader screens."""

    def __init__(self, store: Store, library: Library, scope: LeaderScope) -> None:
        self.store = store
        self.library = library
        self.scope = scope
        """Who signed in (the session's); each call works with :meth:`current`."""

    def current(self) -> LeaderScope:
        """The leader's scope as the database holds it now: a role taken away or an
        account removed while signed in holds from the next call (a removed account
        answers ``UnknownLeader``). One small read; the owner's scope is not re-read."""
        if self.scope.leader_id is None:
            return self.scope
        return self.scope.refreshed(self.store)

    # -- cohorts ---------------------------------------------------------------------------

    def cohorts(self) -> list[CohortRecord]:
        """The cohorts the leader may see (every one for a beheerder), by name."""
        from frontlijn_game.store.people import list_cohorts

        limit = self.current().limit
        return self.store.db.read(lambda s: list_cohorts(s, within=limit))

    def trainee_count(self) -> int:
        """How many trainees the leader's "alle cursisten" holds."""
        from frontlijn_game.store.people import count_trainees

        limit = self.current().limit
        return self.store.db.read(lambda s: count_trainees(s, within=limit))

    def curricula(self) -> list[Curriculum]:
        return sorted(self.library.curricula.values(), key=lambda c: c.title.casefold())

    def create_cohort(self, name: str, curriculum_id: str | None) -> CohortRecord:
        self.current().require_beheerder(_("een cohort maken"))
        name = name.strip()
        if not name:
            raise LeaderDataError(_("Geef het cohort een naam."))
        self._known_curriculum(curriculum_id)
        from frontlijn_game.store.errors import AlreadyExists

        try:
            return self.store.create_cohort(name, curriculum_id)
        except AlreadyExists:
            raise LeaderDataError(_("Cohort {name} bestaat al.").format(name=name)) from None

    def enrol(
        self, cohort: str, codes: Sequence[str], curriculum_id: str | None = None
    ) -> EnrolResult:
        """Add trainee codes to a cohort (unknown codes are made) and/or enrol it in a
        curriculum, in one transaction.

        A cursusleider works in their own cohorts only, and may add a code that is new or
        already one of their trainees: taking in someone else's trainee would show them
        that trainee's history, so that is a beheerder's move.
        """
        from frontlijn_game.service.scope import check_cohort
        from frontlijn_game.store import people
        from frontlijn_game.store.leader_cohorts import trainee_visible

        self._known_curriculum(curriculum_id)
        wanted: list[str] = []
        for code in codes:
            code = code.strip()
            if not code:
                continue
            if not people.CODE.match(code):
                raise LeaderDataError(
                    _(
                        "'{code}' is geen bruikbare code: gebruik letters, cijfers, '.', '_' "
                        "of '-'."
                    ).format(code=code)
                )
            if code not in wanted:
                wanted.append(code)

        scope = self.current()

        def work(session: Any) -> EnrolResult:
            check_cohort(session, scope, cohort)
            created = []
            for code in wanted:
                found = people.find_trainee(session, code)
                if found is None:
                    people.add_trainee(session, code)
                    created.append(code)
                elif not trainee_visible(session, scope.limit, found.id):
                    raise LeaderDataError(
                        _(
                            "Code {code} is al in gebruik buiten jouw cohorten; alleen een "
                            "beheerder kan die code aan dit cohort toevoegen."
                        ).format(code=code)
                    )
            added, enrolled = people.enrol(session, cohort, curriculum_id, tuple(wanted))
            return EnrolResult(tuple(added), tuple(created), len(wanted) - len(added), enrolled)

        return self.store.db.write(work)

    def _known_curriculum(self, curriculum_id: str | None) -> None:
        if curriculum_id is not None and curriculum_id not in self.library.curricula:
            raise LeaderDataError(_("Onbekend curriculum: {id}").format(id=curriculum_id))

    # -- matrix ----------------------------------------------------------------------------

    def matrix(self, cohort: str | None, curriculum_id: str | None = None) -> MatrixData:
        """The progress matrix of ``cohort`` (None: every trainee).

        The columns follow ``curriculum_id``, else the cohort's first enrolled curriculum
        that the library has; without one, the cases the trainees played.
        """
        from frontlijn_game.reporting.matrix import cohort_curricula, progress_matrix
        from frontlijn_game.service.scope import check_cohort

        scope = self.current()

        def work(session: Any) -> MatrixData:
            if cohort is not None:  # its own join keeps the rows in scope
                check_cohort(session, scope, cohort)
            within = scope.limit if cohort is None else None
            enrolled = tuple(cohort_curricula(session, cohort)) if cohort is not None else ()
            chosen = curriculum_id
            missing = None
            if chosen is None:
                known = [c for c in enrolled if c in self.library.curricula]
                chosen = known[0] if known else None
                if chosen is None and enrolled:
                    missing = enrolled[0]
            curriculum = self.library.curricula.get(chosen) if chosen is not None else None
            if chosen is not None and curriculum is None:
                missing, chosen = chosen, None
            matrix = progress_matrix(session, cohort, curriculum, within=within)
            titles = {}
            for column in matrix.columns:
                found = self.library.scenarios.get(column.scenario_id)
                titles[column.scenario_id] = found.title if found else column.scenario_id
            modules = {m.id: m.title or m.id for m in curriculum.modules} if curriculum else {}
            return MatrixData(
                matrix,
                cohort,
                chosen,
                enrolled,
                missing,
                titles,
                limited=within is not None,
                module_titles=modules,
            )

        return self.store.db.read(work)

    @staticmethod
    def write_csv(matrix: ProgressMatrix, path: str | Path, excel: bool = False) -> Path:
        """Write ``matrix`` as CSV to a new file (an existing file is never overwritten)."""
        from frontlijn_game.reporting.matrix import write_matrix_csv

        target = Path(path).expanduser()
        if target.exists():
            raise LeaderDataError(_("{path} bestaat al; kies een andere naam.").format(path=target))
        try:  # the chosen folder (the default one too) is made when it is missing
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LeaderDataError(
                _("Map {path} kan niet gemaakt worden: {error}").format(
                    path=target.parent, error=exc.strerror or exc
                )
            ) from None
        encoding = "utf-8-sig" if excel else "utf-8"
        try:
            with target.open("x", encoding=encoding, newline="") as out:
                write_matrix_csv(matrix, out, excel=excel)
        except OSError as exc:
            raise LeaderDataError(
                _("Kan {path} niet schrijven: {error}").format(path=target, error=exc.strerror)
            ) from None
        return target

    # -- one trainee -----------------------------------------------------------------------

    def pass_rules(self, curricula: Sequence[str]) -> dict[str, PassRule]:
        """Case id -> the pass rule of its (first) module in these curricula."""
        rules: dict[str, PassRule] = {}
        for cid in curricula:
            curriculum = self.library.curricula.get(cid)
            if curriculum is None:
                continue
            for module in curriculum.modules:
                for sid in module.scenarios:
                    rules.setdefault(sid, module.pass_rule)
        return rules

    def trainee_code(self, trainee_id: int) -> str | None:
        """The code of trainee ``trainee_id`` if the leader may see them (None: unknown,
        erased or outside the scope, alike), for a door that names trainees by id (a
        code is a trainee's key: never in a URL)."""
        from frontlijn_game.store.leader_cohorts import trainee_visible
        from frontlijn_game.store.people import code_of

        limit = self.scope.limit

        def work(session: Any) -> str | None:
            if not trainee_visible(session, limit, trainee_id):
                return None
            return code_of(session, trainee_id)

        return self.store.db.read(work)

    def trainee_id(self, code: str) -> int | None:
        """The id of trainee ``code`` if the leader may see them, else None."""
        from frontlijn_game.store.leader_cohorts import trainee_visible
        from frontlijn_game.store.people import find_trainee

        limit = self.scope.limit

        def work(session: Any) -> int | None:
            found = find_trainee(session, code)
            if found is None or not trainee_visible(session, limit, found.id):
                return None
            return int(found.id)

        return self.store.db.read(work)

    def trainee(self, code: str) -> TraineeDetail:
        from frontlijn_game.reporting.detail import trainee_detail
        from frontlijn_game.service.scope import check_trainee
        from frontlijn_game.store.people import curricula_of

        scope = self.current()

        def work(session: Any) -> TraineeDetail:
            trainee_id = check_trainee(session, scope, code)
            rules = self.pass_rules(curricula_of(session, trainee_id, scope.limit))
            return trainee_detail(session, code, rules, within=scope.limit)

        return self.store.db.read(work)

    # -- replay ----------------------------------------------------------------------------

    def replay(self, attempt_id: int) -> AttemptReplay:
        """The attempt step by step on its own snapshot (best continuations left out:
        :meth:`best` computes them one step at a time)."""
        from frontlijn_game.reporting.replay import attempt_replay
        from frontlijn_game.service.scope import check_attempt

        scope = self.current()

        def work(session: Any) -> AttemptReplay:
            check_attempt(session, scope, attempt_id)
            return attempt_replay(session, attempt_id, best=False)

        return self.store.db.read(work)

    @staticmethod
    def best(replay: AttemptReplay, step: ReplayStep) -> BestContinuation:
        from frontlijn_game.reporting.replay import best_at

        return best_at(replay.scenario, step.before, step.choice)

    # -- option distribution ---------------------------------------------------------------

    def options(
        self,
        scenario_id: str,
        cohort: str | None,
        *,
        first_only: bool = False,
        all_versions: bool = False,
    ) -> OptionDistribution:
        from frontlijn_game.reporting.common import Selection
        from frontlijn_game.service import reports

        selection = Selection(
            scenario_id, cohort=cohort, first_only=first_only, all_versions=all_versions
        )
        return reports.option_distribution(self.store, selection, self.current())

    # -- item statistics -------------------------------------------------------------------

    def items(
        self,
        scenario_id: str,
        cohort: str | None,
        *,
        first_only: bool = False,
        all_versions: bool = False,
    ) -> ItemStatistics:
        """Item statistics and the case summary (replays every finished attempt: seconds
        on a big case)."""
        from frontlijn_game.reporting.common import Selection
        from frontlijn_game.service import reports

        selection = Selection(
            scenario_id, cohort=cohort, first_only=first_only, all_versions=all_versions
        )
        return reports.item_statistics(self.store, selection, self.current())


def options_available() -> bool:
    """The reporting layer has the option distribution (``reporting/options.py``)."""
    import importlib.util

    return importlib.util.find_spec("frontlijn_game.reporting.options") is not None


__all__ = [
    "ALL",
    "EnrolResult",
    "LeaderData",
    "MatrixData",
    "options_available",
]
