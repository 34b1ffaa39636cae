"""Attempt replay: one attempt rebuilt decision by decision, for the leader's replay.

``attempt_replay`` replays the attempt on the snapshot it was played on (never the
current file): the scene as the trainee saw it, the options offered at that point, the
one chosen, its consequence and feedback, the meters after it, and what the best
continuation from that very state would have done (the engine's path analysis;
``best=False`` leaves it out, and :func:`best_at` computes it for one step, e.g. in a
worker while the screen is already shown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import forced_draws, machine_for, offered
from frontlijn_game.engine.paths import best_continuation
from frontlijn_game.engine.scoring import balance_trace, verdict
from frontlijn_game.engine.state import PlayState
from frontlijn_game.reporting.common import iso, round_half_up
from frontlijn_game.scenario.interpolation import interpolate
from frontlijn_game.scenario.model import Choice, Scenario
from frontlijn_game.store.models import Attempt, Decision, Snapshot
from frontlijn_game.store.records import AttemptRecord
from frontlijn_game.store.repository import attempt_record, scenario_of


@dataclass(frozen=True)
class Meter:
    variable: str
    label: str
    value: Any
    visible: bool
    """Shown to the trainee as a meter during play (``visible: true``)."""
    minimum: int | float | None = None
    maximum: int | float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "label": self.label,
            "value": self.value,
            "visible": self.visible,
            "min": self.minimum,
            "max": self.maximum,
        }


@dataclass(frozen=True)
class Option:
    choice: str
    text: str
    help: int
    sanction: int
    actor: str | None
    chosen: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "choice": self.choice,
            "text": self.text,
            "help": self.help,
            "sanction": self.sanction,
            "actor": self.actor,
            "chosen": self.chosen,
        }


@dataclass(frozen=True)
class BestContinuation:
    """What the best path from the state before a decision would have done."""

    choices: tuple[str, ...]
    """Its choices from that state on (the first is the best option there)."""
    texts: tuple[str, ...]
    draws: tuple[str, ...]
    """The (luckiest) outcomes of random gotos it assumes."""
    total: Fraction | None
    ending: str | None
    ending_label: str | None
    same: bool
    """The trainee took its first choice."""

    @property
    def first(self) -> str | None:
        return self.choices[0] if self.choices else None

    def to_json(self) -> dict[str, Any]:
        return {
            "choices": list(self.choices),
            "texts": list(self.texts),
            "draws": list(self.draws),
            "total": round_half_up(self.total, 1),
            "ending": self.ending,
            "ending_label": self.ending_label,
            "same": self.same,
        }


@dataclass(frozen=True)
class ReplayStep:
    seq: int
    scene: str
    scene_title: str | None
    scene_text: str
    """The scene's text as shown: interpolated with the variables when it was entered."""
    facts: tuple[str, ...]
    """Texts of the dossier facts revealed by this scene the first time it was entered."""
    offered: tuple[Option, ...]
    choice: str
    choice_text: str
    help: int
    sanction: int
    consequence: str | None
    feedback: str | None
    meters: tuple[Meter, ...]
    """Every variable after the decision (``visible`` marks the trainee's meters)."""
    help_so_far: int
    sanction_so_far: int
    balance: Fraction | None
    """Sanction / (help + sanction) after the decision."""
    verdict: str
    seconds: float | None
    decided_at: datetime | None
    matches_record: bool
    """The replayed variables equal the ones stored with the decision."""
    before: PlayState
    best: BestContinuation | None = None
    shown_order: bool = False
    """``offered`` is in the order the trainee saw (False: file order, none stored)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "scene": self.scene,
            "scene_title": self.scene_title,
            "scene_text": self.scene_text,
            "facts": list(self.facts),
            "offered": [o.to_json() for o in self.offered],
            "shown_order": self.shown_order,
            "choice": self.choice,
            "choice_text": self.choice_text,
            "help": self.help,
            "sanction": self.sanction,
            "consequence": self.consequence,
            "feedback": self.feedback,
            "meters": [m.to_json() for m in self.meters],
            "help_so_far": self.help_so_far,
            "sanction_so_far": self.sanction_so_far,
            "balance": round_half_up(self.balance, 2),
            "verdict": self.verdict,
            "seconds": self.seconds,
            "decided_at": iso(self.decided_at),
            "matches_record": self.matches_record,
            "best": None if self.best is None else self.best.to_json(),
        }


@dataclass(frozen=True)
class AttemptReplay:
    attempt: AttemptRecord
    scenario: Scenario
    """The case as parsed from the attempt's snapshot."""
    steps: tuple[ReplayStep, ...]
    ending_label: str | None
    ending_text: str | None
    error: str | None = None
    """Why the replay stopped early (a snapshot the engine can no longer play)."""

    @property
    def title(self) -> str:
        return self.scenario.title

    def step(self, seq: int) -> ReplayStep:
        return self.steps[seq - 1]

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt": self.attempt.to_json(),
            "title": self.title,
            "ending_label": self.ending_label,
            "ending_text": self.ending_text,
            "error": self.error,
            "steps": [s.to_json() for s in self.steps],
        }


def best_at(scenario: Scenario, before: PlayState, chosen: str | None = None) -> BestContinuation:
    """The best continuation from ``before`` (compare with the ``chosen`` choice id)."""
    run = best_continuation(scenario, before.copy())
    if run is None:
        return BestContinuation((), (), (), None, None, None, False)
    choices = tuple(run.continuation)
    texts = tuple(scenario.choices[c].text for c in choices if c in scenario.choices)
    ending = scenario.scenes.get(run.ending)
    label = ending.ending.label if ending is not None and ending.ending is not None else None
    return BestContinuation(
        choices=choices,
        texts=texts,
        draws=tuple(run.continuation_draws),
        total=run.total,
        ending=run.ending,
        ending_label=label,
        same=bool(choices) and choices[0] == chosen,
    )


def _meters(scenario: Scenario, variables: Mapping[str, Any]) -> tuple[Meter, ...]:
    return tuple(
        Meter(vid, var.label, variables.get(vid), var.visible, var.min, var.max)
        for vid, var in scenario.variables.items()
    )


def in_shown_order(options: list[Choice], shown: Sequence[str] | None) -> list[Choice]:
    """The offered options in the order the trainee saw them (stored with the decision);
    file order when none was stored. An option the snapshot offers but the stored order
    lacks (cannot happen for rows the app wrote) goes last rather than vanish."""
    if not shown:
        return options
    place = {cid: i for i, cid in enumerate(shown)}
    return sorted(options, key=lambda c: place.get(c.id, len(place)))


def attempt_replay(session: Session, attempt_id: int, best: bool = True) -> AttemptReplay:
    """Attempt ``attempt_id`` step by step on its own snapshot (see the module docstring)."""
    record = attempt_record(session, attempt_id)
    attempt = session.get_one(Attempt, attempt_id)
    scenario = scenario_of(session.get_one(Snapshot, attempt.snapshot_id))
    decisions = session.execute(
        select(
            Decision.seq,
            Decision.choice,
            Decision.variables,
            Decision.seconds,
            Decision.decided_at,
            Decision.shown,
        )
        .where(Decision.attempt_id == attempt_id)
        .order_by(Decision.seq)
    ).all()
    language = scenario.language
    machine = machine_for(scenario)
    draw = forced_draws(tuple(attempt.draws))
    chosen = [row[1] for row in decisions]
    trace = balance_trace(scenario, chosen) if all(c in scenario.choices for c in chosen) else []
    steps: list[ReplayStep] = []
    error = None
    state = machine.start(attempt.seed)
    seen_scenes: set[str] = set()
    h = s = 0
    for index, (seq, choice_id, variables, seconds, decided_at, shown) in enumerate(decisions):
        scene = scenario.scenes.get(state.scene)
        if scene is None or choice_id not in scenario.choices:
            error = f"decision {seq}: '{choice_id}' is not in this version of the case"
            break
        before = state
        options = in_shown_order(offered(scenario, before), shown)
        try:
            state = machine.step(before, choice_id, draw)
        except EngineError as exc:
            error = f"decision {seq}: {exc}"
            break
        choice = scenario.choices[choice_id]
        h += choice.help
        s += choice.sanction
        first_visit = scene.id not in seen_scenes
        seen_scenes.add(scene.id)
        facts = tuple(scenario.facts[f].text for f in scene.reveal) if first_visit else ()
        balance = trace[index] if index < len(trace) else None
        steps.append(
            ReplayStep(
                seq=seq,
                scene=scene.id,
                scene_title=scene.title,
                scene_text=interpolate(scene.text, before.variables, language),
                facts=facts,
                offered=tuple(
                    Option(o.id, o.text, o.help, o.sanction, o.actor, o.id == choice_id)
                    for o in options
                ),
                choice=choice_id,
                choice_text=choice.text,
                help=choice.help,
                sanction=choice.sanction,
                consequence=None
                if choice.consequence is None
                else interpolate(choice.consequence, state.variables, language),
                feedback=choice.feedback,
                meters=_meters(scenario, state.variables),
                help_so_far=h,
                sanction_so_far=s,
                balance=balance,
                verdict=verdict(balance, scenario.scoring),
                seconds=seconds,
                decided_at=decided_at,
                matches_record=dict(variables) == dict(state.variables),
                before=before,
                best=best_at(scenario, before, choice_id) if best else None,
                shown_order=bool(shown),
            )
        )
    end_scene = scenario.scenes.get(state.scene)
    ending = end_scene.ending if end_scene is not None and error is None else None
    return AttemptReplay(
        attempt=record,
        scenario=scenario,
        steps=tuple(steps),
        ending_label=None if ending is None else ending.label,
        ending_text=None
        if ending is None or end_scene is None
        else interpolate(end_scene.text, state.variables, language),
        error=error,
    )


def with_best(replay: AttemptReplay) -> AttemptReplay:
    """The replay with every step's best continuation filled in."""
    steps = tuple(
        step
        if step.best is not None
        else replace(step, best=best_at(replay.scenario, step.before, step.choice))
        for step in replay.steps
    )
    return replace(replay, steps=steps)


__all__ = [
    "AttemptReplay",
    "BestContinuation",
    "Meter",
    "Option",
    "ReplayStep",
    "attempt_replay",
    "best_at",
    "with_best",
]
