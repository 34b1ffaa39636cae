"""Trainees, PINs, cohorts; export and erase of one trainee's data (AVG/GDPR)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import (
    AlreadyExists,
    Store,
    StoreError,
    UnknownCohort,
    UnknownTrainee,
    pins,
)
from frontlijn_game.store.errors import BadCode, CodeTaken
from frontlijn_game.store.models import Attempt, Decision, Trainee, utcnow
from frontlijn_game.store.passwords import delay_after, hash_secret, verify_secret
from frontlijn_game.store.pins import PinResult


def test_pin_hashes_are_salted_scrypt() -> None:
    one, two = hash_secret("1234"), hash_secret("1234")
    assert one != two and one.startswith("scrypt$")
    assert verify_secret("1234", one) and not verify_secret("4321", one)
    assert not verify_secret("1234", "garbage")


# -- wrong PINs: a growing delay kept in the database ----------------------------------


def failures_of(store: Store, code: str) -> int:
    with store.db.sessions() as s:
        row = s.scalar(select(Trainee).where(Trainee.code == code))
        assert row is not None
        return row.pin_failures


def test_a_try_before_the_delay_is_over_is_refused_unchecked(store: Store) -> None:
    store.add_trainee("T1", pin="2468")
    t0 = utcnow()
    wrong = store.check_trainee_pin("T1", "0000", now=t0)
    assert wrong == PinResult(None, 1, wait=1.0)
    # Right at once: refused without a look at the PIN, and not counted.
    early = store.check_trainee_pin("T1", "2468", now=t0 + timedelta(seconds=0.25))
    assert not early.ok and early.too_soon and early.failures == 1
    assert early.wait == pytest.approx(0.75)
    assert failures_of(store, "T1") == 1
    # Once the delay is over, the right PIN gets in and the count starts again.
    right = store.check_trainee_pin("T1", "2468", now=t0 + timedelta(seconds=1))
    assert right.ok and right.trainee is not None and right.trainee.code == "T1"
    assert right.failures == 0 and failures_of(store, "T1") == 0
    again = store.check_trainee_pin("T1", "1111", now=t0 + timedelta(seconds=1))
    assert again.failures == 1 and again.wait == 1.0


def test_a_try_counted_elsewhere_during_the_check_wins(store: Store) -> None:
    """The PIN is checked outside any transaction; a wrong try counted by another tab in
    the meantime makes this one too soon, and a PIN changed meanwhile refuses it."""
    store.add_trainee("T1", pin="2468")
    t0 = utcnow()
    state = store.db.read(lambda s: pins.pin_state(s, "T1"))
    assert state is not None and state.failures == 0
    checked = state  # narrowed, for the lambda below
    assert not store.check_trainee_pin("T1", "0000", now=t0).ok  # another tab, meanwhile
    late = store.db.write(lambda s: pins.settle_pin_check(s, checked, True, t0))
    assert not late.ok and late.too_soon and failures_of(store, "T1") == 1
    store.set_pin("T1", "1357")  # the leader gives a new PIN while a check runs
    state = store.db.read(lambda s: pins.pin_state(s, "T1"))
    assert state is not None
    store.set_pin("T1", "9753")
    changed = store.db.write(lambda s: pins.settle_pin_check(s, checked, True, t0))
    assert not changed.ok and not changed.too_soon and failures_of(store, "T1") == 0


def test_the_delay_grows_to_its_cap(store: Store) -> None:
    store.add_trainee("T1", pin="2468")
    now = utcnow()
    waits = []
    for _ in range(5):
        result = store.check_trainee_pin("T1", "0000", now=now, base=10, cap=45)
        assert not result.too_soon
        waits.append(result.wait)
        now += timedelta(seconds=result.wait)
    assert waits == [10, 20, 40, 45, 45] == [delay_after(n, 10, 45) for n in range(1, 6)]
    early = store.check_trainee_pin("T1", "2468", now=now - timedelta(seconds=1), base=10, cap=45)
    assert early.too_soon and early.wait == 1 and early.failures == 5
    assert store.check_trainee_pin("T1", "2468", now=now, base=10, cap=45).ok


def test_the_count_holds_for_another_process(store: Store, db_url: str) -> None:
    """Every browser tab is a process: a second Store on the same database must wait too."""
    store.add_trainee("T1", pin="2468")
    t0 = utcnow()
    assert not store.check_trainee_pin("T1", "0000", now=t0).ok
    assert not store.check_trainee_pin("T1", "0000", now=t0 + timedelta(seconds=1)).ok
    with Store.open(db_url) as other:  # its own engine and connections
        early = other.check_trainee_pin("T1", "2468", now=t0 + timedelta(seconds=2))
        assert early.too_soon and early.failures == 2 and early.wait == 1
        assert other.check_trainee_pin("T1", "2468", now=t0 + timedelta(seconds=3)).ok
    assert failures_of(store, "T1") == 0


def test_a_new_pin_clears_the_wait(store: Store) -> None:
    store.add_trainee("T1", pin="2468")
    store.add_trainee("T2")  # no PIN: nothing to guess, never a wait
    t0 = utcnow()
    for n in range(4):
        store.check_trainee_pin("T1", "0000", now=t0 + timedelta(seconds=2**n - 1))
    assert store.check_trainee_pin("T1", "2468", now=t0 + timedelta(seconds=8)).too_soon
    store.set_pin("T1", "1357")  # the course leader: `frontlijn trainee pin T1`
    assert failures_of(store, "T1") == 0
    assert store.check_trainee_pin("T1", "1357", now=t0 + timedelta(seconds=8)).ok
    assert store.check_trainee_pin("T2", None, now=t0).ok
    assert store.check_trainee_pin("T2", "0000", now=t0).ok


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

    assert store.check_trainee_pin("T1", "2468").ok
    assert not store.check_trainee_pin("T1", "0000").ok
    assert store.check_trainee_pin("T2", None).ok  # no PIN set
    assert store.check_trainee_pin("T2", "9999").ok  # ... whatever is typed
    unknown = store.check_trainee_pin("nobody", "1")
    assert not unknown.ok and unknown.failures == 0 and not unknown.too_soon
    store.set_pin("T2", "1357")
    assert store.check_trainee_pin("T2", "1357").ok and not store.check_trainee_pin("T2", None).ok

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

    wrong_at = utcnow() - timedelta(hours=1)
    assert not store.check_trainee_pin("T1", "0000", now=wrong_at).ok
    data = store.export_trainee("T1")
    json.dumps(data)  # JSON-ready as it is
    assert data["trainee"]["failed_pins"] == 1
    assert data["trainee"]["last_failed_pin"] == wrong_at.isoformat()
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
        "wrong PINs",
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
        assert row.pin_failures == 0 and row.last_pin_failure_at is None
        assert s.scalar(select(func.count()).select_from(Attempt)) == 2
        assert s.scalar(select(func.count()).select_from(Decision)) == len(play.state.chosen)
    assert [a.status for a in store.attempts(report.new_code)] == ["finished", "abandoned"]
    assert "Anna" not in json.dumps(store.export_trainee(report.new_code))


# -- codes ignore case ------------------------------------------------------------------


def test_codes_ignore_case(store: Store) -> None:
    store.add_trainee("jw-4821", pin="2468")
    assert store.trainee("JW-4821").code == "JW-4821"
    assert store.check_trainee_pin("Jw-4821", "2468").ok
    with pytest.raises(CodeTaken, match="'jW-4821' is the same code as 'JW-4821'"):
        store.add_trainee("jW-4821")


def test_a_code_outside_the_rule_is_refused_not_changed(store: Store) -> None:
    with pytest.raises(BadCode, match="not a usable trainee code"):
        store.add_trainee("jan de 🙂")
    assert store.list_trainees() == []


def _rename(store: Store, old: str, new: str) -> None:
    """Write a code as an older frontlijn could (it did not normalise)."""
    with store.db.engine.begin() as conn:
        conn.execute(update(Trainee).where(Trainee.code == old).values(code=new))


def test_the_migration_normalises_codes_in_use(store: Store) -> None:
    from frontlijn_game.store.migrate import downgrade

    store.add_trainee("EEN")
    downgrade(store.db.engine, "0003")
    _rename(store, "EEN", "een")
    store.db.upgrade()
    assert [t.code for t in store.list_trainees()] == ["EEN"]


def test_the_migration_refuses_codes_that_differ_only_in_case(store: Store) -> None:
    from frontlijn_game.store.errors import MigrationError
    from frontlijn_game.store.migrate import downgrade

    store.add_trainee("T001")
    store.add_trainee("T002")
    downgrade(store.db.engine, "0003")
    _rename(store, "T002", "t001")
    with pytest.raises(MigrationError, match=r"T001 = t001\. Nothing was changed"):
        store.db.upgrade()
    with store.db.engine.connect() as conn:
        codes = sorted(row[0] for row in conn.execute(select(Trainee.code)))
    assert codes == ["T001", "t001"]
