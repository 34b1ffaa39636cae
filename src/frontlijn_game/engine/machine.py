"""One ``transitions`` machine per scenario; playthroughs are its models.

Scenes are states and each choice is a trigger ``choose__<id>`` (namespaced, and never
bound onto a model, so a choice id cannot shadow anything). ``transitions`` evaluates
conditions before ``after`` callbacks, so the order of a step (DESIGN.md) is done in the
machine-level ``prepare_event``: record the choice, apply effects and resolve the goto on
that *pending* state; each transition's condition only asks whether the pending scene is
its destination; ``after_state_change`` enters the scene. Every callback is a callable
built here; no name from YAML ever reaches ``transitions`` as a callback.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from transitions import Machine

from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.expressions import Expr, ExprRuntimeError
from frontlijn_game.scenario.model import (
    Choice,
    GotoCond,
    GotoRandom,
    GotoScene,
    Scenario,
    Value,
    goto_targets,
)

MAX_DECISIONS = 1000
TRIGGER_PREFIX = "choose__"

DrawFn = Callable[[PlayState, GotoRandom], str]


def seeded_draw(state: PlayState, goto: GotoRandom) -> str:
    """Draw number k of a playthrough comes from ``Random(f"{seed}/{k}")``: exact on resume."""
    k = len(state.draws)
    pick = random.Random(f"{state.seed}/{k}").randrange(goto.total_weight)
    for option in goto.options:
        if pick < option.weight:
            return option.scene
        pick -= option.weight
    raise AssertionError("weights exhausted")  # pragma: no cover


def forced_draws(forced: Sequence[str], fallback: DrawFn = seeded_draw) -> DrawFn:
    """Take the k-th random outcome from ``forced`` while it lasts, then the seeded RNG."""

    def draw(state: PlayState, goto: GotoRandom) -> str:
        k = len(state.draws)
        if k < len(forced):
            scene = forced[k]
            options = [o.scene for o in goto.options]
            if scene not in options:
                raise EngineError(
                    f"draw {k + 1} '{scene}' is not a possible outcome here; "
                    f"possible: {', '.join(dict.fromkeys(options))}"
                )
            return scene
        return fallback(state, goto)

    return draw


def _truth(expr: Expr, state: PlayState) -> bool:
    try:
        return bool(expr.evaluate(state.variables, state.visited, state.chosen))
    except ExprRuntimeError as exc:
        raise EngineError(
            f"in scene '{state.scene}', '{expr.text}' cannot be evaluated: {exc}"
        ) from exc


def offered(scenario: Scenario, state: PlayState) -> list[Choice]:
    """The choices of the current scene whose guard holds, in file order."""
    if state.status == "finished":
        return []
    return [
        c for c in scenario.scenes[state.scene].choices if c.when is None or _truth(c.when, state)
    ]


def apply_effects(scenario: Scenario, choice: Choice, variables: dict[str, Value]) -> None:
    for effect in choice.effects:
        if effect.op == "set":
            variables[effect.variable] = effect.value
            continue
        var = scenario.variables[effect.variable]
        current = variables[effect.variable]
        assert isinstance(current, int | float) and isinstance(effect.value, int | float)
        value = current + effect.value
        if var.min is not None and value < var.min:
            value = var.min
        if var.max is not None and value > var.max:
            value = var.max
        variables[effect.variable] = value


def resolve_goto(choice: Choice, pending: PlayState, draw: DrawFn) -> str:
    goto = choice.goto
    if isinstance(goto, GotoScene):
        return goto.scene
    if isinstance(goto, GotoCond):
        for branch in goto.branches:
            if branch.when is None or _truth(branch.when, pending):
                return branch.scene
        raise AssertionError("conditional goto without default")  # pragma: no cover
    scene = draw(pending, goto)
    pending.draws.append(scene)
    return scene


def enter(scenario: Scenario, state: PlayState, scene_id: str) -> None:
    """Entering a scene marks it visited and reveals its facts (again: no change)."""
    state.scene = scene_id
    if scene_id not in state.visited:
        state.visited.append(scene_id)
    scene = scenario.scenes[scene_id]
    for fact in scene.reveal:
        if fact not in state.revealed:
            state.revealed.append(fact)
    if scene.ending is not None:
        state.status = "finished"


class _Model:
    """A playthrough as the machine sees it: ``scene`` is the machine's state attribute."""

    __slots__ = ("draw", "pending", "scene", "state")

    def __init__(self, state: PlayState, draw: DrawFn) -> None:
        self.state = state
        self.scene = state.scene
        self.draw = draw
        self.pending: PlayState | None = None


class ScenarioMachine:
    """The compiled form of one scenario; build once, step any number of playthroughs."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.machine = Machine(
            model=None,
            states=list(scenario.scenes),
            initial=scenario.start,
            auto_transitions=False,
            send_event=True,
            model_attribute="scene",
            prepare_event=[self._prepare],
            after_state_change=[self._after],
        )
        for choice in scenario.choices.values():
            for target in goto_targets(choice.goto):
                self.machine.add_transition(
                    TRIGGER_PREFIX + choice.id,
                    choice.scene,
                    target,
                    conditions=[_pending_is(target)],
                )
        self._events = {cid: self.machine.events[TRIGGER_PREFIX + cid] for cid in scenario.choices}

    def start(self, seed: int) -> PlayState:
        state = PlayState(
            scene=self.scenario.start, variables=self.scenario.initial_variables(), seed=seed
        )
        enter(self.scenario, state, self.scenario.start)
        self._check_offered(state)
        return state

    def step(self, state: PlayState, choice_id: str, draw: DrawFn = seeded_draw) -> PlayState:
        """Take one decision; returns the new state and leaves ``state`` untouched."""
        if state.status == "finished":
            raise AlreadyFinished(state.scene, choice_id)
        choices = offered(self.scenario, state)
        if not any(c.id == choice_id for c in choices):
            raise ChoiceNotOffered(state.scene, choice_id, [c.id for c in choices])
        if state.decisions >= MAX_DECISIONS:
            raise EngineError(
                f"the attempt stopped after {MAX_DECISIONS} decisions (a loop without end?)"
            )
        model = _Model(state, draw)
        if not self._events[choice_id].trigger(
            model
        ):  # pragma: no cover - conditions cover all targets
            raise EngineError(f"choice '{choice_id}' led nowhere from scene '{state.scene}'")
        self._check_offered(model.state)
        return model.state

    def _prepare(self, event: Any) -> None:
        model: _Model = event.model
        choice = self.scenario.choices[event.event.name[len(TRIGGER_PREFIX) :]]
        pending = model.state.copy()
        pending.chosen.append(choice.id)
        apply_effects(self.scenario, choice, pending.variables)
        model.pending = pending
        model.pending.scene = resolve_goto(choice, pending, model.draw)

    def _after(self, event: Any) -> None:
        model: _Model = event.model
        assert model.pending is not None
        enter(self.scenario, model.pending, model.pending.scene)
        model.state = model.pending

    def _check_offered(self, state: PlayState) -> None:
        if state.status == "active" and not offered(self.scenario, state):
            raise EngineError(
                f"no choice is offered in scene '{state.scene}': every guard there is false"
            )


def _pending_is(target: str) -> Callable[[Any], bool]:
    def condition(event: Any) -> bool:
        pending: PlayState | None = event.model.pending
        return pending is not None and pending.scene == target

    return condition


_machines: WeakKeyDictionary[Scenario, ScenarioMachine] = WeakKeyDictionary()


def machine_for(scenario: Scenario) -> ScenarioMachine:
    """The one machine of a scenario, built on first use."""
    found = _machines.get(scenario)
    if found is None:
        found = _machines[scenario] = ScenarioMachine(scenario)
    return found
