"""Attempts and decisions: one transaction per decision, one open attempt per case."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from frontlijn_game.engine.errors import ChoiceNotOffered
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import (
    AttemptClosed,
    OpenAttemptExists,
    StaleAttempt,
    Store,
    UnknownTrainee,
)
from frontlijn_game.store.models import Attempt, Decision, Progress


def next_choice(play: Playthrough, i: int) -> str:
    """A fixed policy that loops: listen, listen, warn; 'terug' in the corridor."""
    if play.state.scene == "gang":
        return "terug"
    return "waarschuw" if i % 3 == 2 else "luister"


def play_and_record(store: Store, attempt_id: int, play: Playthrough, n: int) -> None:
    for i in range(n):
        step = play.choose(next_choice(play, i))
        store.record_decision(attempt_id, step, score=play.score(), seconds=1.5)


def test_decisions_and_finish_are_recorded_with_the_score(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    play = Playthrough.start(loop, seed=11)
    attempt = store.start_attempt("T1", loop, play.state)
    assert attempt.status == "active" and attempt.scene == "balie" and attempt.seed == 11

    play_and_record(store, attempt.id, play, 6)
    if play.state.scene == "gang":
        store.record_decision(attempt.id, play.choose("terug"), score=play.score())
    step = play.choose("afronden")
    store.record_decision(attempt.id, step, score=play.score(), seconds=0.25)

    record = store.attempt(attempt.id)
    expected = play.score().to_json()
    assert record.status == "finished" and record.finished_at is not None
    assert (record.ending_id, record.ending_kind) == ("einde", "good")
    assert record.decisions == len(play.state.chosen)
    for part in (
        "help",
        "sanction",
        "balance",
        "verdict",
        "balance_score",
        "outcome",
        "process",
        "total",
    ):
        assert getattr(record, part) == expected[part], part

    decisions = store.decisions(attempt.id)
    assert [d.seq for d in decisions] == list(range(1, len(play.state.chosen) + 1))
    assert [d.choice for d in decisions] == play.state.chosen
    assert decisions[-1].variables == play.state.variables
    assert decisions[-1].seconds == 0.25
    assert decisions[0].scene == "balie" and decisions[0].help == 1

    with store.db.sessions() as s:
        progress = s.get_one(Progress, (store.trainee("T1").id, "loop"))
        assert (progress.attempts, progress.finished) == (1, 1)
        assert progress.best_total == record.total
        assert progress.best_attempt_id == attempt.id

    with pytest.raises(AttemptClosed):
        store.abandon(attempt.id)


def test_a_second_open_attempt_is_refused(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    first = store.start_attempt("T1", loop, Playthrough.start(loop, 1).state)
    with pytest.raises(OpenAttemptExists) as err:
        store.start_attempt("T1", loop, Playthrough.start(loop, 2).state)
    assert err.value.attempt_id == first.id
    store.suspend(first.id)
    with pytest.raises(OpenAttemptExists):
        store.start_attempt("T1", loop, Playthrough.start(loop, 2).state)

    # The database itself refuses it, whatever the code above does.
    with store.db.sessions() as s, pytest.raises(IntegrityError):
        row = s.get_one(Attempt, first.id)
        s.add(
            Attempt(
                trainee_id=row.trainee_id,
                snapshot_id=row.snapshot_id,
                scenario_id="loop",
                seed=3,
                status="active",
                scene="balie",
                state=row.state,
                draws=[],
            )
        )
        s.commit()

    # Another trainee, or the same trainee after abandoning, may start.
    store.add_trainee("T2")
    store.start_attempt("T2", loop, Playthrough.start(loop, 4).state)
    store.abandon(first.id)
    again = store.start_attempt("T1", loop, Playthrough.start(loop, 5).state)
    assert again.status == "active"


def test_restart_abandons_the_open_attempt(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    play = Playthrough.start(loop, 1)
    first = store.start_attempt("T1", loop, play.state)
    play_and_record(store, first.id, play, 2)
    second = store.restart_attempt("T1", loop, Playthrough.start(loop, 9).state)
    assert store.attempt(first.id).status == "abandoned"
    assert store.attempt(first.id).decisions == 2
    assert second.status == "active" and second.seed == 9
    assert [a.id for a in store.attempts("T1", status="active")] == [second.id]
    assert store.open_attempt("T1", "loop").attempt.id == second.id  # type: ignore[union-attr]


def test_suspend_and_resume_restore_the_stored_state(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    play = Playthrough.start(loop, 21)
    attempt = store.start_attempt("T1", loop, play.state)
    play_and_record(store, attempt.id, play, 7)
    assert store.suspend(attempt.id).status == "suspended"

    saved = store.open_attempt("T1", "loop")
    assert saved is not None and saved.attempt.status == "suspended"
    resumed = Playthrough(saved.scenario, PlayState.from_json(saved.state))
    assert resumed.state == play.state
    assert list(saved.choices) == play.state.chosen
    # Same RNG: the resumed playthrough goes on exactly like the uninterrupted one.
    for i in range(7, 15):
        choice = next_choice(play, i)
        expected = play.choose(choice)
        step = resumed.choose(choice)
        assert step.after == expected.after
        store.record_decision(attempt.id, step)
    assert store.attempt(attempt.id).status == "active"
    assert store.attempt(attempt.id).decisions == 15


def test_a_stale_or_wrong_decision_writes_nothing(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    play = Playthrough.start(loop, 5)
    attempt = store.start_attempt("T1", loop, play.state)
    first = play.choose("luister")
    store.record_decision(attempt.id, first)
    with pytest.raises(StaleAttempt):  # the same step again: it no longer follows the state
        store.record_decision(attempt.id, first)
    with pytest.raises(ChoiceNotOffered):
        play.choose("bestaat_niet")
    with pytest.raises(ValueError, match="score"):  # a finish must bring its score
        finisher = Playthrough(loop, PlayState.from_json(store.load_attempt(attempt.id).state))
        while finisher.state.scene != "balie" or int(finisher.state.variables["rondes"]) < 3:
            finisher.choose("terug" if finisher.state.scene == "gang" else "waarschuw")
        store.record_decision(attempt.id, finisher.choose("afronden"))
    with store.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 1
        assert s.get_one(Attempt, attempt.id).decisions_count == 1
    with pytest.raises(UnknownTrainee):
        store.start_attempt("nobody", loop, play.state)


def test_attempt_listing_filters(store: Store, loop: Scenario) -> None:
    for code in ("A", "B"):
        store.add_trainee(code)
        store.start_attempt(code, loop, Playthrough.start(loop, 1).state)
    assert [a.trainee_code for a in store.attempts()] == ["A", "B"]
    assert [a.trainee_code for a in store.attempts("B")] == ["B"]
    assert store.attempts(scenario_id="other") == []
    with store.db.sessions() as s:
        assert s.execute(text("SELECT COUNT(*) FROM progress")).scalar() == 2
