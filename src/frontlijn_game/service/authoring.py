"""Authoring runs that touch the store: ``frontlijn run --trainee`` plays choices headless
and records them like the TUI does.

Each decision is committed on its own (decision row + attempt state in one transaction),
so a run that is killed, or that meets a choice that is not offered, leaves every earlier
decision stored and the failing one not at all; the attempt is then left suspended so it
can be resumed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontlijn_game.engine.playthrough import Playthrough, new_seed
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.service.database import opened_store

if TYPE_CHECKING:
    from frontlijn_game.store import Store


class RunRefused(Exception):
    """The run cannot go ahead (no open attempt, another seed); meant for the trainer."""


@dataclass(frozen=True)
class RecordedRun:
    attempt_id: int
    play: Playthrough
    status: str
    """``finished`` at an ending, else ``suspended``."""


def _resume(
    store: Store, trainee: str, scenario: Scenario, seed: int | None, draws: Sequence[str]
) -> tuple[int, Playthrough]:
    saved = store.open_attempt(trainee, scenario.id)
    if saved is None:
        raise RunRefused(f"trainee '{trainee}' has no open attempt of '{scenario.id}' to resume")
    state = PlayState.from_json(saved.state)
    if seed is not None and seed != state.seed:
        raise RunRefused(f"the open attempt #{saved.attempt.id} has seed {state.seed}, not {seed}")
    # Forced draws count from the attempt's first draw: put the recorded ones first so
    # --draws applies to the random gotos still to come.
    forced = [*state.draws, *draws] if draws else ()
    return saved.attempt.id, Playthrough(saved.scenario, state, forced)


def run_recorded(
    db_url: str | None,
    scenario: Scenario,
    choices: Sequence[str],
    draws: Sequence[str],
    seed: int | None,
    trainee: str,
    stop_after: int | None,
    resume: bool,
) -> RecordedRun:
    """Play ``choices`` for ``trainee``, recording each decision.

    With ``resume`` the trainee's open attempt of this case continues on its own
    snapshot (not on ``scenario``, which may have changed since). The attempt ends
    ``finished`` at an ending and ``suspended`` otherwise. Engine errors (a choice not
    offered, choices after the ending) propagate after the attempt is suspended; store
    and database errors come out as ``StoreError``.
    """
    with opened_store(db_url) as store:
        store.ensure_trainee(trainee)
        if resume:
            attempt_id, play = _resume(store, trainee, scenario, seed, draws)
        else:
            play = Playthrough.start(scenario, new_seed() if seed is None else seed, draws)
            attempt_id = store.start_attempt(trainee, scenario, play.state).id
        taken = 0
        try:
            for choice in choices:
                if stop_after is not None and taken >= stop_after:
                    break
                step = play.choose(choice)
                # The running score too, so `attempts` shows the verdict so far.
                store.record_decision(attempt_id, step, score=play.score())
                taken += 1
        except BaseException:
            if not play.finished:  # best effort: the original error matters more
                with contextlib.suppress(Exception):
                    store.suspend(attempt_id)
            raise
        if not play.finished:
            store.suspend(attempt_id)
        status = "finished" if play.finished else "suspended"
        return RecordedRun(attempt_id, play, status)
