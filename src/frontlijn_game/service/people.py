"""Writing trainees and cohorts, for whoever runs the database or a leader who signed in.

Reading them (lists of trainees, cohorts, attempts within a leader's scope) is
``service.leader_desk``'s. Writing people goes through :func:`administer`:
it opens the database, decides who is running this (:func:`service.admin.authorise`: the
owner, or a leader who signs in) and only then hands out a :class:`PeopleAdmin`, whose
every method is one transaction of its own. A refused operator changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _
from frontlijn_game.service.admin import AskLogin, Operator, authorise
from frontlijn_game.service.database import opened_store

if TYPE_CHECKING:
    from frontlijn_game.service.leader_auth import LoginGate
    from frontlijn_game.store.records import (
        CohortRecord,
        EraseReport,
        TraineeRecord,
    )
    from frontlijn_game.store.service import Store


@dataclass
class PeopleAdmin:
    """The writing operations, for an operator :func:`administer` let in.

    The owner and a *beheerder* may touch everyone; a *cursusleider* only the trainees
    of their own cohorts (anyone else answers as unknown, ``service.scope``), and may not
    make cohorts, enrol or rebuild.
    """

    store: Store
    operator: Operator

    def _visible_trainee(self, code: str) -> None:
        from frontlijn_game.service.scope import check_trainee

        scope = self.operator.scope
        if not scope.sees_all:
            self.store.db.read(lambda s: check_trainee(s, scope, code))

    def add_trainee(
        self,
        code: str | None,
        display_name: str | None = None,
        pin: str | None = None,
        note: str | None = None,
        cohort: str | None = None,
    ) -> TraineeRecord:
        """A new trainee; a cursusleider adds one only into a cohort of their own."""
        from frontlijn_game.service.scope import check_cohort

        scope = self.operator.scope
        if not scope.sees_all:
            if cohort is None:
                scope.require_beheerder(_("een deelnemer buiten je cohorten toevoegen"))
            else:
                self.store.db.read(lambda s: check_cohort(s, scope, cohort))
        return self.store.add_trainee(code, display_name, pin, note, cohort)

    def set_pin(self, code: str, pin: str | None) -> None:
        """A new PIN (None: none); the count of wrong PINs starts again at zero."""
        self._visible_trainee(code)
        self.store.set_pin(code, pin)

    def export_trainee(self, code: str) -> dict[str, Any]:
        """Everything kept about ``code`` (a subject access request)."""
        self._visible_trainee(code)
        return self.store.export_trainee(code)

    def erase_trainee(self, code: str) -> EraseReport:
        self._visible_trainee(code)
        return self.store.erase_trainee(code)

    def create_cohort(self, name: str, curriculum_id: str | None = None) -> CohortRecord:
        self.operator.scope.require_beheerder(_("een cohort maken"))
        return self.store.create_cohort(name, curriculum_id)

    def enrol(
        self, name: str, curriculum_id: str | None, codes: Sequence[str]
    ) -> tuple[list[str], bool]:
        """(codes newly added, whether the curriculum enrolment is new)."""
        self.operator.scope.require_beheerder(_("deelnemers inschrijven"))
        return self.store.enrol(name, curriculum_id, codes)

    def rebuild_summaries(self) -> None:
        """Recount first attempts and option tallies in one transaction (all or nothing)."""
        from frontlijn_game.store.tallies import rebuild_option_tallies

        self.operator.scope.require_beheerder(_("de samenvattingen opnieuw berekenen"))
        self.store.db.write(lambda s: rebuild_option_tallies(s.connection()))


@contextmanager
def administer(
    url: str | None, ask: AskLogin, gate: LoginGate | None = None
) -> Iterator[PeopleAdmin]:
    """The database at ``url`` for writing people, once the operator is let in."""
    with opened_store(url) as store:
        yield PeopleAdmin(store, authorise(store, ask, gate))


__all__ = ["PeopleAdmin", "administer"]
