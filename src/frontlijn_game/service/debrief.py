"""The debrief of one attempt as data: what happened, the score, every decision.

Built from the scenario (the attempt's snapshot) and the final state alone, by replaying
the recorded choices and draws, so a debrief of an old attempt reads exactly as it did
at the end of play. "What the best continuation would have done" comes from the path
analysis (``engine.paths.best_continuation``) when this build has it; it is slow for big
cases, so it is computed per decision in a worker and shown as it arrives.

Every decision gets the points it cost: the best total reachable before it minus the best
total reachable after it. *Which* option the best continuation takes is named only when
:func:`may_name_best` says so (the module's ``reveal_best``), so a debrief teaches without
being an answer key for the next attempt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontlijn_game.engine.scoring import Score
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.model import Choice, Curriculum, Scenario, Scene
    from frontlijn_game.store.records import AttemptRecord


@dataclass(frozen=True)
class DecisionLine:
    number: int
    scene: Scene
    choice: Choice
    offered: tuple[Choice, ...]
    before: PlayState
    balance_after: Fraction | None


@dataclass(frozen=True)
class BestLine:
    """The best continuation from the state before one decision."""

    first: Choice | None
    """Its first choice (None: the analysis found no way on)."""
    same: bool
    """The trainee took that very choice."""
    steps: tuple[Choice, ...]
    total: Fraction | None
    ending_label: str | None
    cost: Fraction | None = None
    """Points this decision cost: the best total before it minus the best after it (the
    attempt's own total after its last decision); None when one of the two is unknown."""


@dataclass(frozen=True)
class Debrief:
    scenario: Scenario
    state: PlayState
    score: Score
    ending_scene: Scene
    trace: tuple[Fraction | None, ...]
    decisions: tuple[DecisionLine, ...]

    @property
    def finished(self) -> bool:
        return self.state.status == "finished"

    def actor_name(self, actor_id: str) -> str:
        actor = self.scenario.actors.get(actor_id)
        return actor.name if actor is not None else actor_id

    def text(self, template: str) -> str:
        from frontlijn_game.scenario.interpolation import interpolate

        return interpolate(template, self.state.variables, self.scenario.language)


def build_debrief(scenario: Scenario, state: PlayState) -> Debrief:
    """Replay ``state.chosen`` with its draws from the seed: every decision and its context."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.engine.scoring import balance_trace, score

    play = Playthrough.start(scenario, state.seed, state.draws)
    trace = balance_trace(scenario, state.chosen)
    lines: list[DecisionLine] = []
    for number, choice_id in enumerate(state.chosen, start=1):
        before = play.state.copy()
        offered = tuple(play.offered())
        step = play.choose(choice_id)
        lines.append(
            DecisionLine(
                number,
                scenario.scenes[before.scene],
                step.choice,
                offered,
                before,
                trace[number - 1],
            )
        )
    scene = scenario.scenes[state.scene]
    return Debrief(
        scenario=scenario,
        state=state,
        score=score(scenario, state.chosen, scene.ending),
        ending_scene=scene,
        trace=tuple(trace),
        decisions=tuple(lines),
    )


def _field(result: Any, name: str) -> Any:
    if isinstance(result, dict):
        return result.get(name)
    return getattr(result, name, None)


def best_line(scenario: Scenario, line: DecisionLine) -> BestLine | None:
    """Ask the path analysis for the best continuation from before ``line``.

    Returns None when this build has no path analysis. The analysis answers with a
    ``RunSummary`` (``continuation``, ``total``, ``ending``); a plain RUN dict whose
    ``choices`` replay the whole attempt is understood too.
    """
    try:
        from frontlijn_game.engine.paths import best_continuation
    except ImportError:
        return None
    result = best_continuation(scenario, line.before.copy())
    if result is None:
        return BestLine(None, False, (), None, None)
    continuation = _field(result, "continuation")
    if continuation is not None:
        choices = list(continuation)
    else:
        choices = list(_field(result, "choices") or [])
        prefix = list(line.before.chosen)
        if prefix and choices[: len(prefix)] == prefix:
            choices = choices[len(prefix) :]
    steps = tuple(scenario.choices[c] for c in choices if c in scenario.choices)
    total = _field(result, "total")
    if total is None:
        score = _field(result, "score")
        total = _field(score, "total") if score is not None else None
    ending = _field(result, "ending")
    label = None
    if isinstance(ending, str) and ending in scenario.scenes:
        found = scenario.scenes[ending].ending
        label = found.label if found is not None else None
    elif ending is not None:
        label = _field(ending, "label")
    first = steps[0] if steps else None
    return BestLine(
        first,
        first is not None and first.id == line.choice.id,
        steps,
        None if total is None else Fraction(total),
        label,
    )


def _best_total_after(debrief: Debrief) -> Fraction | None:
    """The best total reachable from the attempt's last state (its own total if finished)."""
    if debrief.finished and debrief.score.total is not None:
        return debrief.score.total
    from frontlijn_game.engine.paths import best_continuation

    result = best_continuation(debrief.scenario, debrief.state.copy())
    return None if result is None else result.total


def best_lines(debrief: Debrief) -> Iterator[tuple[int, BestLine | None]]:
    """The best continuation before each decision with what the decision cost, in order.

    Slow: call from a worker. The cost of decision n needs the best total before n + 1,
    so each line is yielded once the next one is known.
    """
    from dataclasses import replace

    from frontlijn_game.service.value_tables import ensure_table

    ensure_table(debrief.scenario)
    pending: tuple[int, BestLine | None] | None = None

    def settle(after: Fraction | None) -> tuple[int, BestLine | None]:
        assert pending is not None
        number, best = pending
        if best is None or best.total is None or after is None:
            return number, best
        return number, replace(best, cost=max(Fraction(0), best.total - after))

    for line in debrief.decisions:
        best = best_line(debrief.scenario, line)
        if pending is not None:
            yield settle(None if best is None else best.total)
        pending = (line.number, best)
    if pending is not None:
        yield settle(_best_total_after(debrief) if pending[1] is not None else None)


def may_name_best(
    debrief: Debrief,
    curricula: Iterable[Curriculum],
    attempts: Iterable[AttemptRecord],
) -> bool:
    """Whether this debrief may name the best continuation's options.

    ``curricula`` are the ones the trainee follows, ``attempts`` their attempts (any
    status; the finished ones count). This attempt counts too, finished or recorded or
    not (``--no-record``). The rule itself is :func:`scenario.curriculum.best_may_be_named`.
    """
    from frontlijn_game.scenario.curriculum import AttemptResult, best_may_be_named

    results = [
        AttemptResult(a.scenario_id, a.total, a.ending_kind)
        for a in attempts
        if a.status == "finished" and a.total is not None
    ]
    ending = debrief.ending_scene.ending
    if debrief.finished and ending is not None and debrief.score.total is not None:
        results.append(AttemptResult(debrief.scenario.id, debrief.score.total, ending.kind))
    return best_may_be_named(debrief.scenario.id, curricula, results)


def per_actor(debrief: Debrief) -> Sequence[tuple[str, int, int]]:
    """(name, help, sanction) per actor in the order the case lists its actors."""
    from frontlijn_game.engine.scoring import NO_ACTOR

    rows: list[tuple[str, int, int]] = []
    parts = debrief.score.per_actor
    for actor_id in debrief.scenario.actors:
        if actor_id in parts:
            h, s = parts[actor_id]
            rows.append((debrief.actor_name(actor_id), h, s))
    for actor_id, (h, s) in parts.items():
        if actor_id not in debrief.scenario.actors and actor_id != NO_ACTOR:
            rows.append((actor_id, h, s))
    if NO_ACTOR in parts:
        from frontlijn_game.i18n import _

        h, s = parts[NO_ACTOR]
        rows.append((_("(geen betrokkene)"), h, s))
    return rows
