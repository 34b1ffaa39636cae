"""The JSON shapes of the ``/api/v1`` door: the HTML pages' views as plain dicts.

Only what the HTML page for the same view shows goes out (the debrief names the best
continuation's options only when the page would), so the JSON door tells no more.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontlijn_game.service.overview import CaseView, Overview
    from frontlijn_game.store.records import AttemptRecord
    from frontlijn_game.web.app_layer import DebriefView, SceneView


def _num(value: Fraction | float | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def attempt_json(record: AttemptRecord) -> dict[str, Any]:
    return {**record.to_json(), "snapshot_id": record.snapshot_id}


def _case(case: CaseView) -> dict[str, Any]:
    return {
        "scenario": case.scenario_id,
        "title": case.title,
        "status": case.status,
        "best_total": case.best_total,
        "open_attempt": None if case.open_attempt is None else case.open_attempt.id,
        "playable": case.playable,
    }


def overview_json(overview: Overview) -> dict[str, Any]:
    return {
        "code": overview.code,
        "open_attempts": [
            {"attempt": attempt_json(a), "title": title} for a, title in overview.open_attempts
        ],
        "curricula": [
            {
                "id": c.id,
                "title": c.title,
                "modules": [
                    {
                        "id": m.id,
                        "title": m.title,
                        "open": m.open,
                        "passed": m.passed,
                        "requires": list(m.requires),
                        "min_score": m.min_score,
                        "cases": [_case(case) for case in m.cases],
                    }
                    for m in c.modules
                ],
            }
            for c in overview.curricula
        ],
        "free": [_case(case) for case in overview.free],
        "best": {sid: a.id for sid, a in overview.best.items()},
    }


def scene_json(view: SceneView) -> dict[str, Any]:
    return {
        "attempt": view.attempt_id,
        "scenario": view.scenario.id,
        "number": view.number,
        "title": view.title,
        "text": view.text,
        "consequence": view.consequence,
        "options": [{"id": choice_id, "text": text} for choice_id, text in view.options],
        "meters": [
            {
                "label": m.label,
                "value": m.value,
                "min": m.minimum,
                "max": m.maximum,
                "number": m.number,
                "change": m.change,
            }
            for m in view.meters
        ],
        "dossier": [{"text": text, "new": new} for text, new in view.dossier],
    }


def debrief_json(view: DebriefView) -> dict[str, Any]:
    d = view.debrief
    ending = d.ending_scene.ending
    decisions = []
    for line in d.decisions:
        best = view.best.get(line.number)
        entry: dict[str, Any] = {
            "number": line.number,
            "scene": line.scene.title or line.scene.id,
            "choice": {"id": line.choice.id, "text": d.text(line.choice.text)},
            "feedback": None if line.choice.feedback is None else d.text(line.choice.feedback),
            "basis": line.choice.basis,
            "balance_after": _num(line.balance_after),
            "cost": None if best is None else _num(best.cost, 1),
        }
        if view.reveal and best is not None and best.first is not None:
            entry["best"] = {
                "choice": best.first.id,
                "text": d.text(best.first.text),
                "same": best.same,
                "total": _num(best.total, 1),
                "ending": best.ending_label,
            }
        decisions.append(entry)
    return {
        "attempt": attempt_json(view.attempt),
        "scenario": d.scenario.id,
        "title": d.scenario.title,
        "score": d.score.to_json(),
        "ending": None
        if ending is None
        else {"id": d.ending_scene.id, "label": ending.label, "kind": ending.kind},
        "trace": [_num(b) for b in d.trace],
        "reveal": view.reveal,
        "decisions": decisions,
        "actors": [{"actor": actor, "help": h, "sanction": s} for actor, h, s in view.actors],
    }
