"""Random playthroughs through the real step function, reproducible per seed.

One ``random.Random(seed)`` stream drives everything: before each run it gives the run's
own playthrough seed (which the engine's random gotos draw from, exactly as in live
play), then it picks uniformly among the offered choices at every decision. The same
seed therefore gives the same result, whatever the machine (timing aside).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS, NoChoiceOffered, machine_for, offered
from frontlijn_game.engine.paths import ScoreCache
from frontlijn_game.engine.scoring import VERDICTS, round_half_up
from frontlijn_game.i18n import _
from frontlijn_game.scenario.model import ENDING_KINDS, Scenario

__all__ = ["DEFAULT_RUNS", "HISTOGRAM_BINS", "PlaytestResult", "playtest"]

DEFAULT_RUNS = 1000
HISTOGRAM_BINS = 10
SEED_BITS = 31

Progress = Callable[[int, int], None]
"""Called now and then with (runs done, runs asked)."""


@dataclass
class PlaytestResult:
    """Counts of many random playthroughs; ``to_json`` is ``frontlijn playtest --json``."""

    scenario: str
    runs: int
    seed: int
    max_steps: int
    endings: dict[str, int]
    scenes: dict[str, int]
    choices: dict[str, int]
    kinds: dict[str, int]
    verdicts: dict[str, int]
    totals: list[Fraction] = field(default_factory=list)
    balances: list[Fraction] = field(default_factory=list)
    steps: int = 0
    finished: int = 0
    stopped: int = 0
    errors: dict[tuple[str, str], int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds if self.seconds > 0 else 0.0

    @property
    def runs_per_second(self) -> float:
        return self.runs / self.seconds if self.seconds > 0 else 0.0

    def histogram(self) -> list[tuple[int, int, int]]:
        """(from, to, count) per tenth of 0..100; 100 falls in the last bin."""
        width = 100 // HISTOGRAM_BINS
        counts = [0] * HISTOGRAM_BINS
        for total in self.totals:
            counts[min(int(total // width), HISTOGRAM_BINS - 1)] += 1
        return [(i * width, (i + 1) * width, n) for i, n in enumerate(counts)]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "max_steps": self.max_steps,
            "endings": dict(self.endings),
            "scenes": dict(self.scenes),
            "choices": dict(self.choices),
            "total": _spread(self.totals, 1),
            "steps_per_second": round(self.steps_per_second, 1),
            "runs_per_second": round(self.runs_per_second, 1),
            "steps": self.steps,
            "status": {"finished": self.finished, "stopped": self.stopped, "error": self.failed},
            "ending_kinds": dict(self.kinds),
            "verdicts": dict(self.verdicts),
            "balance": _spread(self.balances, 2),
            "histogram": [{"from": a, "to": b, "count": n} for a, b, n in self.histogram()],
            "errors": [
                {"scene": scene, "message": message, "count": count}
                for (scene, message), count in sorted(
                    self.errors.items(), key=lambda item: (-item[1], item[0])
                )
            ],
        }


def _spread(values: list[Fraction], digits: int) -> dict[str, float | None]:
    if not values:
        return {"min": None, "median": None, "max": None}
    return {
        "min": round_half_up(min(values), digits),
        "median": round_half_up(Fraction(statistics.median(values)), digits),
        "max": round_half_up(max(values), digits),
    }


def playtest(
    scenario: Scenario,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    max_steps: int = MAX_DECISIONS,
    progress: Progress | None = None,
) -> PlaytestResult:
    """Play ``runs`` random playthroughs; a run stops at an ending, an engine error or
    after ``max_steps`` decisions (counted as ``stopped``)."""
    if runs < 0 or max_steps < 1:
        raise ValueError(_("runs moet >= 0 zijn en max_steps >= 1"))
    machine = machine_for(scenario)
    scores = ScoreCache(scenario)
    step = machine.step_offered
    rng = random.Random(seed)
    pick = rng.choice
    new_seed = rng.getrandbits
    endings = dict.fromkeys(scenario.endings, 0)
    visits = dict.fromkeys(scenario.scenes, 0)
    picks = dict.fromkeys(scenario.choices, 0)
    result = PlaytestResult(
        scenario=scenario.id,
        runs=runs,
        seed=seed,
        max_steps=max_steps,
        endings=endings,
        scenes=visits,
        choices=picks,
        kinds=dict.fromkeys(ENDING_KINDS, 0),
        verdicts=dict.fromkeys(VERDICTS, 0),
    )
    errors = result.errors
    began = time.perf_counter()
    steps = 0
    for run in range(runs):
        if progress is not None and not run & 255:
            progress(run, runs)
        try:
            state = machine.start(new_seed(SEED_BITS))
            choices = offered(scenario, state)
        except EngineError as exc:
            key = (scenario.start, str(exc))
            errors[key] = errors.get(key, 0) + 1
            continue
        visits[state.scene] += 1
        taken = 0
        while state.status == "active":
            if taken >= max_steps:
                result.stopped += 1
                break
            choice = pick(choices).id
            try:
                state, choices = step(state, choice)
            except NoChoiceOffered as exc:
                key = (exc.scene, str(exc))
                errors[key] = errors.get(key, 0) + 1
                break
            except EngineError as exc:
                key = (state.scene, str(exc))
                errors[key] = errors.get(key, 0) + 1
                break
            taken += 1
            picks[choice] += 1
            visits[state.scene] += 1
        steps += taken
        if state.status == "finished":
            result.finished += 1
            endings[state.scene] += 1
            ending = scenario.scenes[state.scene].ending
            assert ending is not None
            result.kinds[ending.kind] += 1
            final = scores.of(state.chosen, state.scene)
            result.totals.append(final.total)
            result.verdicts[final.verdict] += 1
            if final.balance is not None:
                result.balances.append(final.balance)
    result.seconds = time.perf_counter() - began
    result.steps = steps
    if progress is not None:
        progress(runs, runs)
    return result
