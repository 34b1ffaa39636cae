"""Trainee detail and attempt replay (see conftest's table)."""

from __future__ import annotations

from fractions import Fraction

from frontlijn_game.reporting.detail import trainee_detail
from frontlijn_game.reporting.replay import attempt_replay, with_best
from frontlijn_game.scenario.model import PassRule
from reporting.conftest import Recorded, changed_version, record


def test_trainee_detail(recorded: Recorded) -> None:
    rules = {"kruispunt": PassRule(Fraction(90), None)}
    with recorded.store.db.sessions() as s:
        detail = trainee_detail(s, "T2", rules)
        vera = trainee_detail(s, "T5")
    lines = detail.attempts
    assert [a.attempt.id for a in lines] == [recorded.ids[2], recorded.ids[1]]  # newest first
    assert [a.ending_label for a in lines] == ["Sam stapt uit", "Sam twijfelt"]
    assert [a.attempt.total for a in lines] == [95.0, 25.0]
    assert [a.attempt.verdict for a in lines] == ["in balans", "tandeloos"]
    assert [a.passed for a in lines] == [True, False]
    assert all(a.title == "Kruispunt" and a.duration_seconds is not None for a in lines)
    assert lines[0].duration_seconds >= 0  # type: ignore[operator]
    assert vera.trainee.display_name == "Vera Vertrouwelijk"
    (open_line,) = vera.attempts
    assert open_line.attempt.status == "suspended" and open_line.passed is None
    assert detail.to_json()["attempts"][0]["ending_label"] == "Sam stapt uit"
    # The first attempt's total beside the best: 25.0 before any debrief, 95.0 after.
    (case,) = detail.cases
    assert (case.scenario_id, case.attempts, case.first_total, case.best_total) == (
        "kruispunt",
        2,
        25.0,
        95.0,
    )
    assert detail.to_json()["cases"][0]["first_total"] == 25.0
    (unfinished,) = vera.cases
    assert (unfinished.first_total, unfinished.best_total) == (None, None)


def test_replay_as_played(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s:
        replay = attempt_replay(s, recorded.ids[0])
    assert replay.error is None and replay.ending_label == "Sam stapt uit"
    first, second = replay.steps
    assert first.scene_text == "Sam komt binnen. Vertrouwen: 50."
    assert first.facts == ("Sam heeft een schuld bij een oudere jongen.",)
    assert [(o.choice, o.chosen) for o in first.offered] == [("luister", True), ("dreig", False)]
    assert first.consequence == "Sam ontspant een beetje (vertrouwen 60)."
    assert first.feedback == "Eerst begrijpen wat er speelt."
    meters = {m.variable: (m.value, m.visible, m.label) for m in first.meters}
    assert meters == {"vertrouwen": (60, True, "Vertrouwen"), "gemeld": (False, False, "gemeld")}
    assert (first.balance, first.verdict, first.seconds) == (Fraction(0), "tandeloos", 2.5)
    assert first.matches_record
    assert first.best is not None and first.best.choices == ("luister", "grens")
    assert first.best.same and first.best.total == 95
    assert second.scene_text == "Vertrouwen nu 60."
    assert (second.choice, second.balance, second.verdict) == ("grens", Fraction(1, 2), "in balans")
    assert second.best is not None and second.best.ending_label == "Sam stapt uit"


def test_replay_shows_the_better_path(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s:
        replay = attempt_replay(s, recorded.ids[3], best=False)  # T3: dreig, help_aan
    assert all(step.best is None for step in replay.steps)
    full = with_best(replay)
    first, second = full.steps
    assert first.best is not None and not first.best.same and first.best.first == "luister"
    assert first.best.total == 95
    assert second.best is not None and second.best.same  # help_aan: 41.7 beats grens' 5
    assert second.best.total == Fraction(125, 3)
    assert full.to_json()["steps"][1]["best"]["total"] == 41.7


def test_replay_after_the_case_changed(recorded: Recorded) -> None:
    v2 = changed_version(recorded.scenario)
    new = record(recorded.store, "T4", v2, ("luister", "grens"))
    with recorded.store.db.sessions() as s:
        old = attempt_replay(s, recorded.ids[0], best=False)
        fresh = attempt_replay(s, new, best=False)
    assert old.steps[0].scene_text == "Sam komt binnen. Vertrouwen: 50."
    assert fresh.steps[0].scene_text == "Sam komt te laat binnen. Vertrouwen: 50."
    assert old.attempt.content_hash != fresh.attempt.content_hash


def test_replay_of_an_open_attempt(recorded: Recorded) -> None:
    with recorded.store.db.sessions() as s:
        replay = attempt_replay(s, recorded.ids[5])
    assert len(replay.steps) == 1 and replay.ending_label is None and replay.error is None


def test_replay_shows_the_order_the_trainee_saw(recorded: Recorded) -> None:
    from frontlijn_game.engine.playthrough import Playthrough

    scenario = recorded.scenario
    store = recorded.store
    store.add_trainee("gezien")
    play = Playthrough.start(scenario, 7)
    attempt = store.start_attempt("gezien", scenario, play.state)
    seen = []
    for _ in range(2):
        order = [c.id for c in reversed(play.offered())]  # as if the draw reversed them
        seen.append(order)
        step = play.choose(order[0])
        store.record_decision(attempt.id, step, score=play.score(), shown=order)
    with store.db.sessions() as s:
        replay = attempt_replay(s, attempt.id, best=False)
    assert [[o.choice for o in replayed.offered] for replayed in replay.steps] == seen
    assert all(replayed.shown_order for replayed in replay.steps)
    # A decision stored without an order (``run``, or before shuffling): file order.
    store.add_trainee("zonder")
    play = Playthrough.start(scenario, 7)
    attempt = store.start_attempt("zonder", scenario, play.state)
    store.record_decision(attempt.id, play.choose(play.offered()[-1].id), score=play.score())
    with store.db.sessions() as s:
        [replayed] = attempt_replay(s, attempt.id, best=False).steps
    assert [o.choice for o in replayed.offered] == [c.id for c in scenario.scenes["intake"].choices]
    assert not replayed.shown_order
