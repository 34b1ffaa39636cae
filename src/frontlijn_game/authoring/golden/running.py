"""Replaying each case through the real engine and comparing what came out with ``expect``."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from frontlijn_game.authoring.golden.model import Bound, GoldenCase, TestFile, number_text
from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.i18n import _
from frontlijn_game.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation that did not hold: what was expected and what came out."""

    key: str
    expected: str
    got: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "expected": self.expected, "got": self.got}


@dataclass
class CaseResult:
    case: GoldenCase
    failures: list[Mismatch] = field(default_factory=list)
    error: str | None = None
    """Why the path could not be played (a choice not offered, a bad draw...)."""
    result: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "line": self.case.loc.line,
            "ok": self.ok,
            "error": self.error,
            "failures": [f.to_json() for f in self.failures],
            "result": self.result,
        }


@dataclass
class FileResult:
    test_file: TestFile
    cases: list[CaseResult]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.cases)


def _result(play: Playthrough) -> dict[str, Any]:
    """What a case produced, in ``frontlijn run --json`` shape (rounded as printed there)."""
    score = play.score().to_json()
    ending = play.ending
    return {
        "status": "finished" if play.finished else "open",
        "scene": play.state.scene,
        "ending": play.state.scene if ending is not None else None,
        "ending_kind": ending.kind if ending is not None else None,
        "choices": list(play.state.chosen),
        "draws": list(play.state.draws),
        "decisions": play.state.decisions,
        **{k: score[k] for k in ("help", "sanction", "balance", "verdict", "balance_score")},
        **{k: score[k] for k in ("outcome", "process", "total")},
        "variables": dict(play.state.variables),
    }


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def _check(case: GoldenCase, scenario: Scenario, got: dict[str, Any]) -> list[Mismatch]:
    exp = case.expect
    out: list[Mismatch] = []
    at = got["ending"] or _("{scene} (open)").format(scene=got["scene"])
    if exp.ending is not None and got["ending"] != exp.ending:
        out.append(Mismatch("ending", exp.ending, at))
    if exp.status is not None and got["status"] != exp.status:
        out.append(
            Mismatch(
                "status",
                exp.status,
                _("{status} in scène '{scene}'").format(status=got["status"], scene=got["scene"]),
            )
        )
    if exp.ending_kind is not None and got["ending_kind"] != exp.ending_kind:
        out.append(Mismatch("ending_kind", exp.ending_kind, f"{_shown(got['ending_kind'])} ({at})"))
    if exp.verdict is not None and got["verdict"] != exp.verdict:
        out.append(Mismatch("verdict", exp.verdict, got["verdict"]))
    for key, bound in exp.bounds.items():
        value = got[key]
        if value is None or not bound.holds(Fraction(str(value))):
            out.append(Mismatch(key, bound.describe(), _shown(value)))
    for key, want in exp.variables.items():
        value = got["variables"][key]
        if isinstance(want, Bound):
            if isinstance(value, bool) or not isinstance(value, int | float):
                holds = False
            else:
                holds = want.holds(Fraction(str(value)))
            if not holds:
                out.append(Mismatch(f"variables.{key}", want.describe(), _shown(value)))
        elif value != want or type(value) is not type(want):
            out.append(Mismatch(f"variables.{key}", _shown(want), _shown(value)))
    used = len(got["draws"])
    if used < len(case.draws):
        left = ", ".join(case.draws[used:])
        out.append(
            Mismatch(
                "draws",
                _("{n} willekeurige goto('s) op het pad").format(n=len(case.draws)),
                _("{used}; nooit gebruikt: {left}").format(used=used, left=left),
            )
        )
    return out


def run_case(scenario: Scenario, case: GoldenCase) -> CaseResult:
    """Replay one case through the engine and compare with what it expects.

    This is :meth:`Playthrough.replay` taken one step at a time, so that a path which
    breaks says at which step, in which scene and what was offered there.
    """
    outcome = CaseResult(case)
    try:
        play = Playthrough.start(scenario, case.seed, case.draws)
    except EngineError as exc:
        outcome.error = _("de casus kan niet beginnen: {error}").format(error=exc)
        return outcome
    for step, cid in enumerate(case.choices, start=1):
        try:
            play.choose(cid)
        except ChoiceNotOffered as exc:
            scene = scenario.scenes[exc.scene]
            title = f' ("{scene.title}")' if scene.title else ""
            offered = ", ".join(exc.offered) or _("(geen)")
            outcome.error = _(
                "stap {step}: keuze '{choice}' wordt niet aangeboden in scène '{scene}'{title}; "
                "aangeboden: {offered}"
            ).format(step=step, choice=cid, scene=exc.scene, title=title, offered=offered)
            break
        except AlreadyFinished as exc:
            outcome.error = _(
                "stap {step}: keuze '{choice}' komt na het einde '{scene}'; het pad is langer "
                "dan de poging"
            ).format(step=step, choice=cid, scene=exc.scene)
            break
        except EngineError as exc:
            outcome.error = _("stap {step} ('{choice}'): {error}").format(
                step=step, choice=cid, error=exc
            )
            break
    outcome.result = _result(play)
    if outcome.error is None:
        outcome.failures = _check(case, scenario, outcome.result)
    return outcome


def run_file(test_file: TestFile) -> FileResult:
    return FileResult(test_file, [run_case(test_file.scenario, c) for c in test_file.cases])
