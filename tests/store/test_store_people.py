"""Trainees, PINs, cohorts; export and erase of one trainee's data (AVG/GDPR)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import AlreadyExists, Store, StoreError, UnknownCohort, UnknownTrainee
from frontlijn_game.store.models import Attempt, Decision, Trainee
from frontlijn_game.store.passwords import hash_secret, verify_secret


def test_pin_hashes_are_salted_scrypt() -> None:
    one, two = hash_secret("1234"), hash_secret("1234")
    assert one != two and one.startswith("scrypt$")
    assert verify_secret("1234", one) and not verify_secret("4321", one)
    assert not verify_secret("1234", "garbage")


def test_trainees_and_cohorts(store: Store) -> None:
    generated = store.add_trainee()
    assert len(generated.code) == 9 and generated.code[4] == "-"
    store.create_cohort("groep-a", curriculum_id="basis")
    store.add_trainee("T1", display_name="Anna", pin="2468", cohort="groep-a")
    store.add_trainee("T2")
    with pytest.raises(AlreadyExists):
        store.add_trainee("T1")
    with pytest.raises(AlreadyExists):
        store.create_cohort("groep-a")
    with pytest.raises(StoreError, match="usable"):
        store.add_trainee("bad code!")

    assert store.check_pin("T1", "2468") and not store.check_pin("T1", "0000")
    assert store.check_pin("T2", None)  # no PIN set
    assert not store.check_pin("nobody", "1")
    store.set_pin("T2", "1357")
    assert not store.check_pin("T2", None) and store.check_pin("T2", "1357")

    added, new = store.enrol("groep-a", "verdieping", ["T1", "T2"])
    assert added == ["T2"] and new
    assert store.enrol("groep-a", "verdieping") == ([], False)
    with pytest.raises(UnknownCohort):
        store.enrol("groep-b", codes=["T1"])
    with pytest.raises(UnknownTrainee):
        store.enrol("groep-a", codes=["nobody"])

    [cohort] = store.list_cohorts()
    assert (cohort.name, cohort.members, cohort.curricula) == (
        "groep-a",
        2,
        ("basis", "verdieping"),
    )
    assert [t.code for t in store.list_trainees("groep-a")] == ["T1", "T2"]
    assert store.trainee("T1").cohorts == ("groep-a",)
    assert store.curricula("T1") == ["basis", "verdieping"]
    assert store.ensure_trainee("T9").code == "T9"


def test_export_then_erase(store: Store, loop: Scenario) -> None:
    store.create_cohort("groep-a")
    store.add_trainee(
        "T1", display_name="Anna de Vries", pin="2468", note="belt vaak af", cohort="groep-a"
    )
    play = Playthrough.start(loop, 3)
    finished = store.start_attempt("T1", loop, play.state)
    for choice in ("luister", "waarschuw", "waarschuw", "waarschuw"):
        if play.state.scene == "gang":
            store.record_decision(finished.id, play.choose("terug"))
        store.record_decision(finished.id, play.choose(choice))
    store.record_decision(finished.id, play.choose("afronden"), score=play.score())
    other = Playthrough.start(loop, 4)
    store.start_attempt("T1", loop, other.state)  # open, the case again

    data = store.export_trainee("T1")
    json.dumps(data)  # JSON-ready as it is
    assert data["format"] == "frontlijn/trainee-export@1"
    assert data["trainee"]["display_name"] == "Anna de Vries"
    assert data["trainee"]["note"] == "belt vaak af"
    assert data["trainee"]["pin"] is True and "scrypt" not in json.dumps(data)
    assert data["trainee"]["cohorts"] == ["groep-a"]
    assert [a["status"] for a in data["attempts"]] == ["finished", "active"]
    assert [d["choice"] for d in data["attempts"][0]["decisions"]] == play.state.chosen

    report = store.erase_trainee("T1")
    assert report.old_code == "T1" and report.new_code.startswith("X-")
    text = "\n".join(report.done)
    for expected in (
        "display name",
        "PIN",
        "note",
        "1 open attempt",
        "pseudonym",
        f"{len(play.state.chosen)} decision",
    ):
        assert expected in text, expected
    with pytest.raises(UnknownTrainee):
        store.trainee("T1")

    erased = store.trainee(report.new_code)
    assert erased.display_name is None and not erased.has_pin and erased.erased_at
    assert erased.cohorts == ("groep-a",)  # cohort statistics survive
    with store.db.sessions() as s:
        row = s.scalar(select(Trainee).where(Trainee.code == report.new_code))
        assert row is not None and row.note is None and row.pin_hash is None
        assert s.scalar(select(func.count()).select_from(Attempt)) == 2
        assert s.scalar(select(func.count()).select_from(Decision)) == len(play.state.chosen)
    assert [a.status for a in store.attempts(report.new_code)] == ["finished", "abandoned"]
    assert "Anna" not in json.dumps(store.export_trainee(report.new_code))
