"""One ``transitions`` machine per scenario; playthroughs are its models.

Scenes are states and each choice is a trigger ``choose__<id>`` (namespaced, and never
bound onto a model, so a choice id cannot shadow anything). ``transitions`` evaluates
conditions before ``after`` callbacks, so the order of a step (DESIGN.md) is done in plain
code before the trigger: record the choice, apply effects and resolve the goto on a
*pending* state; each transition's condition only asks whether the pending scene is its
destination, so the machine moves exactly where the step says; after the trigger the new
scene is entered. No name from YAML ever reaches ``transitions`` as a callback (there are
no callbacks at all besides the engine-built conditions), which also keeps a step cheap:
playtest and path search run it tens of thousands of times a second.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from transitions import Machine

from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.state import PlayState
from frontlijn_game.i18n import _
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
                    _(
                        "trekking {n} '{scene}' is hier geen mogelijke uitkomst; mogelijk: {options}"
                    ).format(n=k + 1, scene=scene, options=", ".join(dict.fromkeys(options)))
                )
            return scene
        return fallback(state, goto)

    return draw


def _truth(expr: Expr, state: PlayState) -> bool:
    try:
        return bool(expr.evaluate(state.variables, state.visited, state.chosen))
    except ExprRuntimeError as exc:
        raise EngineError(
            _("in scène '{scene}' kan '{expression}' niet uitgerekend worden: {error}").format(
                scene=state.scene, expression=expr.text, error=exc
            )
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


class NoChoiceOffered(EngineError):
    """The step entered a scene where every guard is false; ``state`` is that dead end."""

    def __init__(self, state: PlayState) -> None:
        self.scene = state.scene
        self.state = state
        super().__init__(
            _(
                "in scène '{scene}' wordt geen keuze aangeboden: elke voorwaarde daar is onwaar"
            ).format(scene=state.scene)
        )


class _Model:
    """A playthrough as the machine sees it: ``scene`` is the machine's state attribute."""

    __slots__ = ("pending", "scene")

    def __init__(self, scene: str, pending: PlayState) -> None:
        self.scene = scene
        self.pending = pending


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
        return self.step_offered(state, choice_id, draw)[0]

    def step_offered(
        self, state: PlayState, choice_id: str, draw: DrawFn = seeded_draw
    ) -> tuple[PlayState, list[Choice]]:
        """:meth:`step`, also returning the choices offered in the new state.

        The step computes them anyway (a scene without an offered choice is an error), so
        tools that pick the next choice (playtest, path search) need not evaluate the
        guards twice. Entering a scene evaluates every guard there, so checking only the
        taken choice's guard here is the same as checking the whole offered list.
        """
        scenario = self.scenario
        if state.status == "finished":
            raise AlreadyFinished(state.scene, choice_id)
        choice = scenario.choices.get(choice_id)
        if (
            choice is None
            or choice.scene != state.scene
            or (choice.when is not None and not _truth(choice.when, state))
        ):
            raise ChoiceNotOffered(state.scene, choice_id, [c.id for c in offered(scenario, state)])
        return self._take(state, choice, draw, True)

    def successor(
        self, state: PlayState, choice: Choice, draw: DrawFn
    ) -> tuple[PlayState, list[Choice]]:
        """:meth:`step_offered` for a search that took ``choice`` from ``offered(state)``.

        The very same step, minus re-checking that the choice is offered and minus moving
        a throw-away model through the ``transitions`` machine: that move only follows the
        pending scene the step computed, so it changes nothing, and it is most of the cost
        of a step. Path analysis calls this once per state and choice.
        """
        return self._take(state, choice, draw, False)

    def _take(
        self, state: PlayState, choice: Choice, draw: DrawFn, move: bool
    ) -> tuple[PlayState, list[Choice]]:
        """The order of a step (DESIGN.md), from the decision cap to entering the scene."""
        if len(state.chosen) >= MAX_DECISIONS:
            raise EngineError(
                _("de poging stopte na {n} beslissingen (een lus zonder einde?)").format(
                    n=MAX_DECISIONS
                )
            )
        scenario = self.scenario
        pending = state.copy()
        pending.chosen.append(choice.id)
        if choice.effects:
            apply_effects(scenario, choice, pending.variables)
        pending.scene = resolve_goto(choice, pending, draw)
        if move and not self._events[choice.id].trigger(
            _Model(state.scene, pending)
        ):  # pragma: no cover - conditions cover all targets
            raise EngineError(
                _("keuze '{choice}' leidde nergens heen vanuit scène '{scene}'").format(
                    choice=choice.id, scene=state.scene
                )
            )
        enter(scenario, pending, pending.scene)
        return pending, self._check_offered(pending)

    def _check_offered(self, state: PlayState) -> list[Choice]:
        if state.status != "active":
            return []
        choices = offered(self.scenario, state)
        if not choices:
            raise NoChoiceOffered(state)
        return choices


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
