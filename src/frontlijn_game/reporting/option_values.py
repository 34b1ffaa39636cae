"""What each option of a decision is worth: the best total reachable through it, and
the attempts replayed to find, per decision, the best options there.

The values are memoised per *future* (:class:`~frontlijn_game.engine.paths.Futures`:
the scene, the variables and facts a later step can still read, the scoring part), not
per path, so thousands of attempts that took different routes to one future share it.
``items.statistics_of`` turns them into facility and discrimination.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.machine import (
    DrawFn,
    ScenarioMachine,
    forced_draws,
    machine_for,
    offered,
)
from frontlijn_game.engine.paths import FutureKey, Futures, ScorePart, best_continuation
from frontlijn_game.engine.state import PlayState
from frontlijn_game.reporting.common import AttemptRow
from frontlijn_game.scenario.model import Choice, GotoRandom, Scenario


@dataclass(eq=False, slots=True)
class Future:
    """What every state with one :class:`Futures` key shares, found from the first one.

    ``state`` and ``part`` are that first state and its scoring part; ``steps`` are
    filled in as replays take them: ``(choice, drawn scene or None)`` -> the next future,
    or None when that step fails.
    """

    state: PlayState
    part: ScorePart
    offered: dict[str, Choice]
    values: dict[str, Fraction | None]
    best: frozenset[str]
    steps: dict[tuple[str, str | None], Future | None] = field(default_factory=dict)


class OptionValues:
    """The best total reachable through each offered option of a state (memoised).

    Memoised on the state's :class:`Futures` key: every state with that key offers the
    same options, steps to the same futures and reaches the same best totals through
    them. Only a state within reach of the engine's decision cap adds its number of
    decisions to the key.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.machine = machine_for(scenario)
        self.futures = Futures(scenario)
        self.memo: dict[tuple[FutureKey, int], Future] = {}
        self._start: Future | EngineError | None = None

    def __call__(
        self, state: PlayState, part: ScorePart | None = None
    ) -> dict[str, Fraction | None]:
        """The values of ``state``'s options; ``part`` is its scoring part if known."""
        return self.future(state, part).values

    def future(self, state: PlayState, part: ScorePart | None = None) -> Future:
        """The future of ``state`` (``part``: its scoring part, if the caller has it)."""
        if part is None:
            part = self.futures.part(state.chosen)
        depth = len(state.chosen)
        # Every option's best continuation starts one decision deeper.
        key = (self.futures.key(state, part), -1 if depth < self.futures.depth_free else depth)
        found = self.memo.get(key)
        if found is None:
            values = self._values(state)
            found = self.memo[key] = Future(
                state,
                part,
                {c.id: c for c in offered(self.scenario, state)},
                values,
                frozenset(best_options(values)),
            )
        return found

    def start(self, seed: int) -> Future:
        """The future of a new attempt (the same for every seed: draws come later)."""
        if self._start is None:
            try:
                self._start = self.future(self.machine.start(seed))
            except EngineError as exc:
                self._start = exc
        if isinstance(self._start, EngineError):
            raise self._start
        return self._start

    def step(self, future: Future, choice: Choice, outcome: str | None) -> Future | None:
        """The future after taking ``choice`` (offered there) and drawing ``outcome``.

        Stepped once, from the future's first state; None when the step fails. Only for
        futures away from the decision cap (their key holds no depth).
        """
        label = (choice.id, outcome)
        if label in future.steps:
            return future.steps[label]
        try:
            after, _ = self.machine.successor(future.state, choice, _fixed(outcome))
        except EngineError:
            found = None
        else:
            found = self.future(after, self.futures.advance(future.part, choice.id))
        future.steps[label] = found
        return found

    def _values(self, state: PlayState) -> dict[str, Fraction | None]:
        values: dict[str, Fraction | None] = {}
        for choice in offered(self.scenario, state):
            goto = choice.goto
            outcomes = (
                sorted({o.scene for o in goto.options}) if isinstance(goto, GotoRandom) else [None]
            )
            best: Fraction | None = None
            for outcome in outcomes:
                try:
                    # ``step`` minus re-checking the guard: ``choice`` is offered here.
                    after, _ = self.machine.successor(state, choice, _fixed(outcome))
                except EngineError:
                    continue
                run = best_continuation(self.scenario, after)
                if run is not None and (best is None or run.total > best):
                    best = run.total
            values[choice.id] = best
        return values


def _fixed(outcome: str | None) -> DrawFn:
    """A draw function that always lands on ``outcome`` (a random goto's target)."""

    def draw(state: PlayState, goto: GotoRandom) -> str:
        assert outcome is not None
        return outcome

    return draw


Seen = list[tuple[str, str, frozenset[str]]]
"""Per decision of one attempt: the scene, the choice taken and the best options there."""


class Unusual(Exception):
    """The quick replay cannot follow this attempt: replay it state by state."""


def replay_quick(valuer: OptionValues, row: AttemptRow) -> Seen:
    """The decisions of ``row``, walked along the futures (see :meth:`OptionValues.step`).

    Raises :class:`EngineError` where :meth:`ScenarioMachine.step` would (the attempt is
    skipped) and :class:`Unusual` near the decision cap or when the recorded draws run
    out (a seeded draw would follow).
    """
    future = valuer.start(row.seed)
    draws = row.draws
    drawn = 0
    limit = valuer.futures.depth_free - 1
    seen: Seen = []
    for depth, cid in enumerate(row.chosen):
        # Both this state and the future's first state step to a key without a depth.
        if depth >= limit or len(future.state.chosen) >= limit:
            raise Unusual
        seen.append((future.state.scene, cid, future.best))
        choice = future.offered.get(cid)
        if choice is None:  # also after the ending: nothing is offered there
            raise ChoiceNotOffered(future.state.scene, cid, list(future.offered))
        outcome = None
        goto = choice.goto
        if isinstance(goto, GotoRandom):
            if drawn >= len(draws):
                raise Unusual
            outcome = draws[drawn]
            drawn += 1
            if all(o.scene != outcome for o in goto.options):
                raise EngineError(f"draw {drawn} '{outcome}' is not a possible outcome here")
        found = valuer.step(future, choice, outcome)
        if found is None:
            raise EngineError(f"choice '{cid}' fails in scene '{future.state.scene}'")
        future = found
    return seen


def replay_states(valuer: OptionValues, row: AttemptRow) -> Seen:
    """The decisions of ``row``, replayed state by state (as ``step`` would)."""
    machine = valuer.machine
    futures = valuer.futures
    draw = forced_draws(row.draws)
    seen: Seen = []
    state = machine.start(row.seed)
    choices = offered(valuer.scenario, state)
    part = futures.zero
    for cid in row.chosen:
        seen.append((state.scene, cid, valuer.future(state, part).best))
        state, choices = _replay_step(machine, state, choices, cid, draw)
        part = futures.advance(part, cid)
    return seen


def _replay_step(
    machine: ScenarioMachine, state: PlayState, choices: list[Choice], cid: str, draw: DrawFn
) -> tuple[PlayState, list[Choice]]:
    """``machine.step_offered(state, cid, draw)`` given ``choices``, the offered ones.

    The same checks (a finished state, a choice not offered there) and the same step,
    without moving a model through the ``transitions`` machine (which changes nothing).
    """
    if state.status == "finished":
        raise AlreadyFinished(state.scene, cid)
    choice = next((c for c in choices if c.id == cid), None)
    if choice is None:
        raise ChoiceNotOffered(state.scene, cid, [c.id for c in choices])
    return machine.successor(state, choice, draw)


def best_options(values: dict[str, Fraction | None]) -> set[str]:
    known = [v for v in values.values() if v is not None]
    if not known:
        return set()
    top = max(known)
    return {c for c, v in values.items() if v == top}


__all__ = [
    "Future",
    "OptionValues",
    "Seen",
    "Unusual",
    "best_options",
    "replay_quick",
    "replay_states",
]
