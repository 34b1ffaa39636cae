"""Live sessions through the service API: every action, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from frontlijn_game.service import sessions as live
from frontlijn_game.service.session_views import (
    NeedsPick,
    NotFacilitator,
    NotNow,
    SeatTakenOver,
    SessionError,
    StaleDecision,
    Ticket,
    UnknownSessionCode,
)
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from service.sessionhelp import LEADER, Live, populate
from store.store_backends import db_url, pg_admin

__all__ = ["db_url", "pg_admin"]


@pytest.fixture
def env(db_url: str) -> Iterator[Live]:
    with Store.open(db_url) as store:
        yield Live(store, populate(store))


def opened(env: Live, mode: str = "casusoverleg") -> tuple[str, dict[str, Ticket]]:
    head = live.open_session(env.store, env.scenario, LEADER, cohort="klas", mode=mode)
    tickets = {code: live.join(env.store, head.code, code) for code in ("P1", "P2", "P3")}
    return head.code, tickets


def test_open_prints_a_short_code_and_waits_in_the_lobby(env: Live) -> None:
    head = live.open_session(env.store, env.scenario, LEADER, mode="casusoverleg")
    assert len(head.code) == 6 and head.code.isalnum() and head.status == "lobby"
    assert [r.id for r in head.roles] == ["wijkagent", "leerplicht", "reclassering"]
    assert live.console(env.store, head.code, LEADER).scene is None


def test_only_a_leader_opens_and_only_the_opener_leads(env: Live) -> None:
    with pytest.raises(NotFacilitator):
        live.open_session(env.store, env.scenario, "niemand")
    code, _t = opened(env)
    env.store.db.write(lambda s: add_leader(s, "bert", "nog-een-geheim-wachtwoord", "cursusleider"))
    with pytest.raises(NotFacilitator):
        live.start(env.store, code, "bert")
    env.store.db.write(lambda s: add_leader(s, "chef", "het-geheim-van-de-chef", "beheerder"))
    live.start(env.store, code, "chef")  # a beheerder may take a session over
    with pytest.raises(UnknownSessionCode):
        live.console(env.store, "ZZZZZZ", LEADER)


def test_klassikaal_needs_no_roles_but_casusoverleg_does(env: Live, make_scenario: object) -> None:
    from helpers import FIXTURES, scenario_from_yaml

    mini = scenario_from_yaml((FIXTURES / "mini.yaml").read_text())
    with pytest.raises(SessionError):
        live.open_session(env.store, mini, LEADER, mode="casusoverleg")
    with pytest.raises(SessionError):
        live.open_session(env.store, mini, LEADER, mode="plenair")
    assert live.open_session(env.store, mini, LEADER).mode == "klassikaal"


def test_seats_show_display_names_and_outsiders_wait_to_be_admitted(env: Live) -> None:
    code, _tickets = opened(env)
    outsider = live.join(env.store, code, "P4")
    seats = live.console(env.store, code, LEADER).seats
    assert [s.name for s in seats] == ["Ayla", "Bram", "Chris", "Dewi"]
    assert not any("P1" in s.name for s in seats)
    assert [s.admitted for s in seats] == [True, True, True, False]
    live.start(env.store, code, LEADER)
    with pytest.raises(NotNow):
        live.vote(env.store, outsider, 1, "zwijg")
    live.admit(env.store, code, LEADER, outsider.seat_id)
    live.vote(env.store, outsider, 1, "zwijg")
    assert live.console(env.store, code, LEADER).seats[3].voted


def test_rejoin_returns_the_same_seat_and_the_new_device_takes_it_over(env: Live) -> None:
    code, tickets = opened(env)
    again = live.join(env.store, code, "p1")  # codes ignore case
    assert again.seat_id == tickets["P1"].seat_id and again.device != tickets["P1"].device
    with pytest.raises(SeatTakenOver):
        live.view(env.store, tickets["P1"])
    assert live.view(env.store, again).name == "Ayla"
    assert len(live.console(env.store, code, LEADER).seats) == 3


def test_roles_are_assigned_or_picked_and_a_held_role_is_refused(env: Live) -> None:
    code, t = opened(env)
    live.assign_role(env.store, code, LEADER, t["P1"].seat_id, "wijkagent")
    live.pick_role(env.store, t["P2"], "leerplicht")
    with pytest.raises(SessionError, match="bezet"):
        live.pick_role(env.store, t["P3"], "wijkagent")
    with pytest.raises(SessionError):
        live.pick_role(env.store, t["P3"], "burgemeester")
    live.pick_role(env.store, t["P3"], "reclassering")
    roles = [s.role for s in live.console(env.store, code, LEADER).seats]
    assert roles == ["wijkagent", "leerplicht", "reclassering"]
    assert live.view(env.store, t["P1"]).role is not None


def _cast(env: Live, code: str, t: dict[str, Ticket]) -> None:
    live.assign_role(env.store, code, LEADER, t["P1"].seat_id, "wijkagent")
    live.assign_role(env.store, code, LEADER, t["P2"].seat_id, "leerplicht")
    live.assign_role(env.store, code, LEADER, t["P3"].seat_id, "reclassering")


def test_role_private_facts_show_only_to_their_roles_until_shared(env: Live) -> None:
    code, t = opened(env)
    _cast(env, code, t)
    live.start(env.store, code, LEADER)
    dossier = {c: {f.id: f.private for f in live.view(env.store, t[c]).facts} for c in t}
    assert dossier["P1"] == {"school": False, "melding": True}
    assert dossier["P2"] == {"school": False, "verzuim": True}
    assert dossier["P3"] == {"school": False, "broer": True}
    assert {f.id for f in live.console(env.store, code, LEADER).facts} == {
        "school", "verzuim", "melding", "broer",
    }  # fmt: skip
    for c in t:
        live.vote(env.store, t[c], 1, "deel_verzuim")
    live.advance(env.store, code, LEADER, 1)
    p1 = {f.id: f.private for f in live.view(env.store, t["P1"]).facts}
    assert p1 == {"school": False, "verzuim": False, "melding": True}


def test_votes_are_hidden_until_revealed_and_a_changed_vote_replaces_the_first(env: Live) -> None:
    code, t = opened(env)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P1"], 1, "zwijg")
    live.vote(env.store, t["P1"], 1, "deel_verzuim")
    live.vote(env.store, t["P2"], 1, "deel_verzuim")
    counts = {o.id: o.votes for o in live.console(env.store, code, LEADER).options}
    assert counts == {"deel_verzuim": 2, "deel_alles": 0, "zwijg": 0}
    seen = live.view(env.store, t["P3"])
    assert all(o.votes is None for o in seen.options) and seen.may_vote
    assert live.view(env.store, t["P1"]).my_vote == "deel_verzuim"
    live.reveal(env.store, code, LEADER)
    seen = live.view(env.store, t["P3"])
    assert {o.id: o.votes for o in seen.options}["deel_verzuim"] == 2 and not seen.may_vote
    with pytest.raises(StaleDecision):
        live.vote(env.store, t["P3"], 1, "zwijg")


def test_advance_takes_the_majority_and_a_vote_after_it_is_refused(env: Live) -> None:
    code, t = opened(env)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P1"], 1, "zwijg")
    live.vote(env.store, t["P2"], 1, "deel_verzuim")
    live.vote(env.store, t["P3"], 1, "deel_verzuim")
    done = live.advance(env.store, code, LEADER, 1)
    assert (done.choice, done.how) == ("deel_verzuim", "majority")
    assert done.consequence == "Het verzuim is nu bij iedereen bekend."
    with pytest.raises(StaleDecision):
        live.vote(env.store, t["P1"], 1, "zwijg")
    with pytest.raises(StaleDecision):
        live.advance(env.store, code, LEADER, 1)  # a second click of the same advance
    seen = live.view(env.store, t["P1"])
    assert seen.header.decision_no == 2 and seen.last_round == done
    assert seen.scene is not None and seen.scene.id == "besluit"


def test_a_tie_or_no_votes_is_the_facilitators_pick_and_an_override_is_marked(env: Live) -> None:
    code, t = opened(env, mode="klassikaal")
    live.start(env.store, code, LEADER)
    with pytest.raises(NeedsPick):
        live.advance(env.store, code, LEADER, 1)
    live.vote(env.store, t["P1"], 1, "zwijg")
    live.vote(env.store, t["P2"], 1, "deel_verzuim")
    with pytest.raises(NeedsPick) as tie:
        live.advance(env.store, code, LEADER, 1)
    assert set(tie.value.tied) == {"zwijg", "deel_verzuim"}
    assert live.advance(env.store, code, LEADER, 1, "zwijg").how == "tie"
    live.vote(env.store, t["P1"], 2, "gesprek")
    # klassikaal: decided_by is ignored, everyone votes
    assert live.console(env.store, code, LEADER).majority == "gesprek"
    done = live.advance(env.store, code, LEADER, 2, "afwachten")
    assert done.how == "override"
    with pytest.raises(SessionError):
        live.advance(env.store, code, LEADER, 3, "zwijg")


def test_in_a_decided_scene_the_role_decides_and_the_others_advise(env: Live) -> None:
    code, t = opened(env)
    _cast(env, code, t)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P1"], 1, "deel_verzuim")
    live.advance(env.store, code, LEADER, 1)
    agent, other = live.view(env.store, t["P1"]), live.view(env.store, t["P2"])
    assert agent.deciding and not agent.advises and other.advises and not other.deciding
    live.vote(env.store, t["P2"], 2, "proces_verbaal")
    live.vote(env.store, t["P3"], 2, "proces_verbaal")
    with pytest.raises(NeedsPick):  # two advise, the decider has not chosen
        live.advance(env.store, code, LEADER, 2)
    live.vote(env.store, t["P1"], 2, "gesprek")
    board = live.console(env.store, code, LEADER)
    assert board.decider_vote == "gesprek" and board.majority == "gesprek"
    assert {o.id: o.advice for o in board.options}["proces_verbaal"] == 2
    done = live.advance(env.store, code, LEADER, 2)
    assert (done.choice, done.how) == ("gesprek", "decider")
    head = live.view(env.store, t["P2"]).header
    assert head.finished and live.view(env.store, t["P2"]).scene.ending_kind == "good"  # type: ignore[union-attr]


def test_pause_holds_votes_and_advances(env: Live) -> None:
    code, t = opened(env)
    with pytest.raises(NotNow):
        live.vote(env.store, t["P1"], 1, "zwijg")  # still in the lobby
    live.start(env.store, code, LEADER)
    live.pause(env.store, code, LEADER)
    assert live.view(env.store, t["P1"]).header.paused
    with pytest.raises(NotNow):
        live.vote(env.store, t["P1"], 1, "zwijg")
    with pytest.raises(NotNow):
        live.advance(env.store, code, LEADER, 1, "zwijg")
    live.pause(env.store, code, LEADER, paused=False)
    live.vote(env.store, t["P1"], 1, "zwijg")


def test_notes_the_end_and_the_nabespreking_are_kept(env: Live) -> None:
    code, t = opened(env)
    live.start(env.store, code, LEADER)
    live.note(env.store, code, LEADER, 1, "Bram aarzelde bij het delen.")
    assert live.console(env.store, code, LEADER).notes == {1: "Bram aarzelde bij het delen."}
    assert "Bram aarzelde" not in repr(live.view(env.store, t["P1"]))
    live.note(env.store, code, LEADER, 1, "")
    assert live.console(env.store, code, LEADER).notes == {}
    assert live.end(env.store, code, LEADER).status == "ended"
    with pytest.raises(NotNow):
        live.vote(env.store, t["P1"], 1, "zwijg")
    with pytest.raises(NotNow):
        live.join(env.store, code, "P4")
    review = live.save_review(env.store, code, LEADER, "Goed gedeeld", "Te laat", "Vaker oefenen")
    assert live.console(env.store, code, LEADER).review == review
    assert [s.code for s in live.list_sessions(env.store, LEADER)] == [code]


def test_version_grows_with_every_action_and_poll_reads_only_on_change(env: Live) -> None:
    code, t = opened(env)
    before = live.version(env.store, code)
    unchanged = live.poll(env.store, t["P1"], before)
    assert unchanged.view is None and unchanged.version == before
    live.start(env.store, code, LEADER)
    changed = live.poll(env.store, t["P1"], before)
    assert changed.version > before and changed.view is not None
    assert changed.view.scene is not None and changed.view.scene.id == "overleg"


def test_the_group_attempt_is_an_ordinary_scored_attempt(env: Live) -> None:
    code, t = opened(env)
    _cast(env, code, t)
    live.start(env.store, code, LEADER)
    live.advance(env.store, code, LEADER, 1, "deel_verzuim")
    live.advance(env.store, code, LEADER, 2, "gesprek")
    attempts = env.store.attempts(f"GROEP-{code}")
    assert [a.status for a in attempts] == ["finished"]
    assert attempts[0].ending_id == "goed" and attempts[0].total is not None
    from frontlijn_game.engine.playthrough import Playthrough

    solo = Playthrough.replay(env.scenario, 1, ["deel_verzuim", "gesprek"])
    assert attempts[0].total == solo.score().to_json()["total"]


def test_group_debrief_scores_the_path_per_role_and_per_participant(env: Live) -> None:
    from frontlijn_game.service.session_debrief import group_debrief

    code, t = opened(env)
    _cast(env, code, t)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P1"], 1, "deel_verzuim")
    live.vote(env.store, t["P2"], 1, "deel_verzuim")
    live.vote(env.store, t["P3"], 1, "deel_alles")
    live.advance(env.store, code, LEADER, 1)
    live.vote(env.store, t["P1"], 2, "gesprek")
    live.vote(env.store, t["P2"], 2, "proces_verbaal")
    live.advance(env.store, code, LEADER, 2)
    report = group_debrief(env.store, code, LEADER)
    assert report.finished and report.ending_kind == "good"
    attempt = env.store.attempts(f"GROEP-{code}")[0]
    assert report.score["total"] == attempt.total
    first, second = report.decisions
    assert first.split and first.votes == {"deel_verzuim": 2, "deel_alles": 1}
    assert first.best == "deel_verzuim" and first.cost == 0.0
    assert second.decided_by == "wijkagent" and second.how == "decider"
    assert second.advice == {"proces_verbaal": 1} and not second.split
    roles = {r.role: r for r in report.roles}
    assert (roles["wijkagent"].help, roles["wijkagent"].sanction) == (1, 1)
    assert (roles["groep"].help, roles["groep"].sanction) == (1, 0)
    assert roles["leerplicht"].voted_sanction == 2
    people = {p.name: p for p in report.participants}
    assert (people["Ayla"].matched, people["Ayla"].voted) == (2, 2)
    assert (people["Chris"].matched, people["Chris"].voted) == (0, 1)
    assert people["Bram"].votes[1].advice


def test_two_votes_of_one_seat_racing_leave_one_vote(env: Live) -> None:
    import threading

    code, t = opened(env)
    live.start(env.store, code, LEADER)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def cast(choice: str) -> None:
        barrier.wait()
        try:
            live.vote(env.store, t["P1"], 1, choice)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=cast, args=("zwijg" if i % 2 else "deel_verzuim",))
        for i in range(8)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    counts = {o.id: o.votes for o in live.console(env.store, code, LEADER).options}
    assert sum(v or 0 for v in counts.values()) == 1


def test_a_vote_racing_the_advance_counts_once_or_is_refused(env: Live) -> None:
    import threading

    code, t = opened(env)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P1"], 1, "zwijg")
    live.vote(env.store, t["P2"], 1, "zwijg")
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def late_vote() -> None:
        barrier.wait()
        try:
            live.vote(env.store, t["P3"], 1, "deel_alles")
            outcome.append("counted")
        except StaleDecision:
            outcome.append("refused")

    th = threading.Thread(target=late_vote)
    th.start()
    barrier.wait()
    done = live.advance(env.store, code, LEADER, 1)
    th.join()
    assert done.choice == "zwijg"
    from frontlijn_game.service.session_debrief import group_debrief

    first = group_debrief(env.store, code, LEADER, best=False).decisions[0]
    if outcome == ["counted"]:
        assert first.votes == {"zwijg": 2, "deel_alles": 1}
    else:
        assert outcome == ["refused"] and first.votes == {"zwijg": 2}
    with pytest.raises(StaleDecision):
        live.vote(env.store, t["P3"], 1, "deel_alles")


def test_a_cursusleider_opens_sessions_only_for_their_own_cohorts(env: Live) -> None:
    from frontlijn_game.store.leader_cohorts import assign

    env.store.db.write(lambda s: add_leader(s, "bert", "nog-een-geheim-wachtwoord", "cursusleider"))
    env.store.create_cohort("andere")
    env.store.db.write(lambda s: assign(s, "bert", "klas"))
    with pytest.raises(SessionError, match="cohort"):
        live.open_session(env.store, env.scenario, "bert")  # no cohort: refused
    with pytest.raises(SessionError, match="Onbekend cohort"):
        live.open_session(env.store, env.scenario, "bert", cohort="andere")
    code = live.open_session(env.store, env.scenario, "bert", cohort="klas").code
    assert [s.code for s in live.list_sessions(env.store, "bert")] == [code]
    assert code in [s.code for s in live.list_sessions(env.store, LEADER)]  # a beheerder


def test_participants_share_one_build_of_the_view_per_version(
    env: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontlijn_game.service import session_shared

    code, t = opened(env)
    live.start(env.store, code, LEADER)
    builds: list[int] = []
    real = session_shared._build

    def counted(s: Any, loaded: Any) -> Any:
        builds.append(1)
        return real(s, loaded)

    monkeypatch.setattr(session_shared, "_build", counted)
    seen = [live.view(env.store, ticket) for ticket in t.values()]
    assert len(builds) == 1 and {v.name for v in seen} == {"Ayla", "Bram", "Chris"}
    live.vote(env.store, t["P1"], 1, "zwijg")  # a new version: built again, once
    seen = [live.view(env.store, ticket) for ticket in t.values()]
    assert len(builds) == 2 and [v.my_vote for v in seen] == ["zwijg", None, None]


def test_a_trainees_data_export_holds_their_seats_and_votes(env: Live) -> None:
    code, t = opened(env)
    live.start(env.store, code, LEADER)
    live.vote(env.store, t["P2"], 1, "zwijg")
    (seat,) = env.store.export_trainee("P2")["sessions"]
    assert seat["session"] == code and [v["choice"] for v in seat["votes"]] == ["zwijg"]
