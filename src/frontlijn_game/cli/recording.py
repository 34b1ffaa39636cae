"""``frontlijn run --trainee``: play choices headless and record them like the TUI does.

Each decision is committed on its own (decision row + attempt state in one transaction),
so a run that is killed, or that meets a choice that is not offered, leaves every earlier
decision stored and the failing one not at all; the attempt is then left suspended so it
can be resumed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click
from sqlalchemy.exc import DBAPIError

from frontlijn_game.cli.output import store_message
from frontlijn_game.engine.playthrough import Playthrough, new_seed
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.ui.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.cli.context import AppContext
    from frontlijn_game.store import Store


def open_store(app: AppContext) -> Store:
    """The store for ``--db``/``FRONTLIJN_DB``; a database error becomes exit 1."""
    from frontlijn_game.store import Store, StoreError

    try:
        return Store.open(app.db_url)
    except StoreError as exc:
        raise click.ClickException(store_message(exc)) from None


def _resume(
    store: Store, trainee: str, scenario: Scenario, seed: int | None, draws: Sequence[str]
) -> tuple[int, Playthrough]:
    saved = store.open_attempt(trainee, scenario.id)
    if saved is None:
        raise click.ClickException(
            _("deelnemer '{code}' heeft geen open poging van '{id}' om te hervatten").format(
                code=trainee, id=scenario.id
            )
        )
    state = PlayState.from_json(saved.state)
    if seed is not None and seed != state.seed:
        raise click.ClickException(
            _("de open poging #{id} heeft seed {seed}, niet {given}").format(
                id=saved.attempt.id, seed=state.seed, given=seed
            )
        )
    # Forced draws count from the attempt's first draw: put the recorded ones first so
    # --draws applies to the random gotos still to come.
    forced = [*state.draws, *draws] if draws else ()
    return saved.attempt.id, Playthrough(saved.scenario, state, forced)


def run_recorded(
    app: AppContext,
    scenario: Scenario,
    choices: Sequence[str],
    draws: Sequence[str],
    seed: int | None,
    trainee: str,
    stop_after: int | None,
    resume: bool,
) -> dict[str, Any]:
    """Play ``choices`` for ``trainee``, recording each decision; returns ``run``'s JSON.

    With ``resume`` the trainee's open attempt of this case continues on its own
    snapshot (not on ``scenario``, which may have changed since). The attempt ends
    ``finished`` at an ending and ``suspended`` otherwise. Engine errors (a choice not
    offered, choices after the ending) propagate after the attempt is suspended.
    """
    from frontlijn_game.cli.content import run_result
    from frontlijn_game.store import StoreError

    store = open_store(app)
    try:
        try:
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
        except StoreError as exc:
            raise click.ClickException(store_message(exc)) from None
        except DBAPIError as exc:
            raise click.ClickException(
                _("databasefout ({url}): {error}").format(
                    url=store.display_url, error=str(exc.orig).strip()
                )
            ) from None
        status = "finished" if play.finished else "suspended"
        return {**run_result(play, status), "attempt_id": attempt_id}
    finally:
        store.close()
