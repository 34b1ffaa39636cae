"""A playthrough: a scenario, its state and how random gotos are drawn.

Live play, ``run``, playtest and replay all go through :meth:`Playthrough.choose`,
which is the machine's one step function, so they agree exactly.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from frontlijn_game.engine.machine import DrawFn, forced_draws, machine_for, offered, seeded_draw
from frontlijn_game.engine.scoring import Score, score
from frontlijn_game.engine.shuffle import shown_order
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.interpolation import interpolate
from frontlijn_game.scenario.model import Choice, Ending, Scenario, Scene


def new_seed() -> int:
    return secrets.randbelow(2**31)


@dataclass(frozen=True, slots=True)
class Step:
    """What one decision did, for screens, recording and the debrief."""

    before: PlayState
    choice: Choice
    after: PlayState


class Playthrough:
    def __init__(self, scenario: Scenario, state: PlayState, draws: Sequence[str] = ()) -> None:
        self.scenario = scenario
        self.state = state
        self._machine = machine_for(scenario)
        self._draw: DrawFn = forced_draws(tuple(draws)) if draws else seeded_draw

    @classmethod
    def start(
        cls, scenario: Scenario, seed: int | None = None, draws: Sequence[str] = ()
    ) -> Playthrough:
        state = machine_for(scenario).start(new_seed() if seed is None else seed)
        return cls(scenario, state, draws)

    @classmethod
    def replay(
        cls, scenario: Scenario, seed: int, choices: Sequence[str], draws: Sequence[str] = ()
    ) -> Playthrough:
        """Play ``choices`` from the start; with the recorded draws the result is exact."""
        play = cls.start(scenario, seed, draws)
        for choice in choices:
            play.choose(choice)
        return play

    @property
    def scene(self) -> Scene:
        return self.scenario.scenes[self.state.scene]

    @property
    def finished(self) -> bool:
        return self.state.status == "finished"

    @property
    def ending(self) -> Ending | None:
        return self.scene.ending

    def offered(self) -> list[Choice]:
        return offered(self.scenario, self.state)

    def shown(self, shuffle: bool = True) -> list[Choice]:
        """The offered choices in the order play shows them: shuffled per decision
        (:mod:`frontlijn_game.engine.shuffle`), or in file order (``--no-shuffle``)."""
        choices = self.offered()
        if not shuffle:
            return choices
        return shown_order(choices, self.state.seed, self.state.decisions + 1)

    def choose(self, choice_id: str) -> Step:
        before = self.state
        after = self._machine.step(before, choice_id, self._draw)
        self.state = after
        return Step(before, self.scenario.choices[choice_id], after)

    def score(self) -> Score:
        return score(self.scenario, self.state.chosen, self.ending)

    def text(self, template: str) -> str:
        return interpolate(template, self.state.variables, self.scenario.language)
