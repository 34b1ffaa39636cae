"""What the home and results screens show, computed from the library and the attempts.

Pure data (no Textual, no database): built in a worker thread, then rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontlijn_game.service.trainee import best_per_case

if TYPE_CHECKING:
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import Curriculum
    from frontlijn_game.store.records import AttemptRecord


@dataclass(frozen=True)
class CaseView:
    scenario_id: str
    title: str
    status: str
    """new, open, passed, not_passed (in a module) or finished (free play)."""
    best_total: float | None
    open_attempt: AttemptRecord | None
    playable: bool = True


@dataclass(frozen=True)
class ModuleView:
    id: str
    title: str
    open: bool
    passed: bool
    requires: tuple[str, ...]
    """Titles of the modules this one waits for."""
    min_score: float
    cases: tuple[CaseView, ...]


@dataclass(frozen=True)
class CurriculumView:
    id: str
    title: str
    modules: tuple[ModuleView, ...]

    @property
    def passed_modules(self) -> int:
        return sum(1 for m in self.modules if m.passed)


@dataclass
class Overview:
    code: str
    open_attempts: list[tuple[AttemptRecord, str]] = field(default_factory=list)
    curricula: list[CurriculumView] = field(default_factory=list)
    free: list[CaseView] = field(default_factory=list)
    attempts: list[AttemptRecord] = field(default_factory=list)
    best: dict[str, AttemptRecord] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def title(self, scenario_id: str) -> str:
        return self.titles.get(scenario_id, scenario_id)


def _curricula_for(library: Library, enrolled: Sequence[str]) -> list[Curriculum]:
    """The curricula the trainee follows; every curriculum when enrolled in none."""
    chosen = [library.curricula[c] for c in enrolled if c in library.curricula]
    return chosen or sorted(library.curricula.values(), key=lambda c: c.title)


def build_overview(
    code: str, library: Library, attempts: Sequence[AttemptRecord], enrolled: Sequence[str] = ()
) -> Overview:
    from frontlijn_game.scenario.curriculum import AttemptResult, attempt_passes, curriculum_status

    titles = {sid: s.title for sid, s in library.scenarios.items()}
    finished = [
        AttemptResult(a.scenario_id, a.total, a.ending_kind)
        for a in attempts
        if a.status == "finished" and a.total is not None
    ]
    open_by_case = {a.scenario_id: a for a in attempts if a.open}
    best = best_per_case(attempts)
    overview = Overview(code=code, attempts=list(attempts), best=best, titles=titles)
    overview.open_attempts = sorted(
        ((a, titles.get(a.scenario_id, a.scenario_id)) for a in open_by_case.values()),
        key=lambda pair: pair[0].updated_at,
        reverse=True,
    )

    def best_total(sid: str) -> float | None:
        found = best.get(sid)
        return None if found is None else found.total

    in_curriculum: set[str] = set()
    for curriculum in _curricula_for(library, enrolled):
        modules: list[ModuleView] = []
        module_titles = {m.id: m.title or m.id for m in curriculum.modules}
        for status in curriculum_status(curriculum, finished):
            module = status.module
            cases: list[CaseView] = []
            for sid in module.scenarios:
                in_curriculum.add(sid)
                if sid in open_by_case:
                    case_status = "open"
                elif any(
                    attempt_passes(module.pass_rule, a) for a in finished if a.scenario_id == sid
                ):
                    case_status = "passed"
                elif any(a.scenario_id == sid for a in finished):
                    case_status = "not_passed"
                else:
                    case_status = "new"
                cases.append(
                    CaseView(
                        sid,
                        titles.get(sid, sid),
                        case_status,
                        best_total(sid),
                        open_by_case.get(sid),
                        playable=status.open and sid in library.scenarios,
                    )
                )
            modules.append(
                ModuleView(
                    module.id,
                    module.title or module.id,
                    status.open,
                    status.passed,
                    tuple(module_titles.get(r, r) for r in module.requires),
                    float(module.pass_rule.min_score),
                    tuple(cases),
                )
            )
        overview.curricula.append(CurriculumView(curriculum.id, curriculum.title, tuple(modules)))

    for sid, scenario in sorted(library.scenarios.items(), key=lambda kv: kv[1].title):
        if sid in in_curriculum:
            continue
        if sid in open_by_case:
            status_name = "open"
        elif sid in best:
            status_name = "finished"
        else:
            status_name = "new"
        overview.free.append(
            CaseView(sid, scenario.title, status_name, best_total(sid), open_by_case.get(sid))
        )
    return overview
