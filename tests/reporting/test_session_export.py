"""Live sessions in the exports: CSV files beside the attempts, xAPI votes that validate."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontlijn_game.reporting.csv_export import export_csv
from frontlijn_game.reporting.xapi import XapiSettings, iter_statements
from frontlijn_game.reporting.xapi_validation import validate_statement
from frontlijn_game.service import sessions as live
from frontlijn_game.store.service import Store
from service.sessionhelp import LEADER, populate

SETTINGS = XapiSettings(home_page="https://oefenen.example.nl")


@pytest.fixture
def played(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """A casusoverleg of cohort ``klas`` played to its end, with a note and a nabespreking."""
    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:
        scenario = populate(store)
        code = live.open_session(store, scenario, LEADER, "klas", "casusoverleg").code
        t = {c: live.join(store, code, c) for c in ("P1", "P2", "P3")}
        live.assign_role(store, code, LEADER, t["P1"].seat_id, "wijkagent")
        live.start(store, code, LEADER)
        live.vote(store, t["P1"], 1, "deel_verzuim")
        live.vote(store, t["P2"], 1, "deel_verzuim")
        live.vote(store, t["P3"], 1, "zwijg")
        live.note(store, code, LEADER, 1, '=HYPERLINK("x")')
        live.advance(store, code, LEADER, 1)
        live.vote(store, t["P1"], 2, "gesprek")
        live.vote(store, t["P2"], 2, "afwachten")
        live.advance(store, code, LEADER, 2)
        live.end(store, code, LEADER)
        live.save_review(store, code, LEADER, "Goed gedeeld", "-te laat", "@iedereen")
        yield store, code


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_has_the_session_its_votes_and_rounds(
    played: tuple[Store, str], tmp_path: Path
) -> None:
    store, code = played
    report = export_csv(store.db.engine, tmp_path / "out")
    names = {p.name: n for p, n in report.sessions}
    assert names == {"sessions.csv": 1, "session_votes.csv": 5, "session_rounds.csv": 2}
    (session,) = rows(tmp_path / "out" / "sessions.csv")
    assert session["session"] == code and session["cohort"] == "klas"
    assert session["decisions"] == "2" and session["participants"] == "3"
    assert session["went_well"] == "Goed gedeeld"
    assert session["gaps"] == "'-te laat" and session["agreements"] == "'@iedereen"
    attempts = {r["attempt_id"]: r for r in rows(tmp_path / "out" / "attempts.csv")}
    assert attempts[session["attempt_id"]]["trainee"] == f"GROEP-{code}"
    votes = rows(tmp_path / "out" / "session_votes.csv")
    advice = [v for v in votes if v["advice"] == "1"]
    assert [(v["trainee"], v["choice"]) for v in advice] == [("P2", "afwachten")]
    assert {v["group_choice"] for v in votes if v["decision_no"] == "1"} == {"deel_verzuim"}
    first, second = rows(tmp_path / "out" / "session_rounds.csv")
    assert first["note"] == '\'=HYPERLINK("x")' and second["how"] == "decider"


def test_xapi_has_every_vote_valid_in_the_group_registration(played: tuple[Store, str]) -> None:
    store, code = played
    statements = store.db.read(lambda s: list(iter_statements(s, SETTINGS)))
    votes = [s for s in statements if "grouping" in s["context"].get("contextActivities", {})]
    assert len(votes) == 5
    assert all(validate_statement(s) == [] for s in statements)
    group = [s for s in statements if s["actor"]["account"]["name"] == f"GROEP-{code}"]
    assert {s["context"]["registration"] for s in group} == {votes[0]["context"]["registration"]}
    assert votes[0]["context"]["contextActivities"]["grouping"][0]["id"].endswith(
        f"/sessions/{code}"
    )
    assert len({s["id"] for s in statements}) == len(statements)
    # a cohort's export brings its sessions' group path along
    klas = store.db.read(lambda s: list(iter_statements(s, SETTINGS, cohort="klas")))
    assert any(s["actor"]["account"]["name"] == f"GROEP-{code}" for s in klas)
    assert len([s for s in klas if "grouping" in s["context"].get("contextActivities", {})]) == 5


def test_a_cursusleiders_csv_has_only_their_cohorts_sessions(
    played: tuple[Store, str], tmp_path: Path
) -> None:
    from frontlijn_game.store.leader_cohorts import CohortLimit, assign
    from frontlijn_game.store.leaders import add_leader, get_leader

    store, code = played
    store.db.write(lambda s: add_leader(s, "bert", "nog-een-geheim-wachtwoord", "cursusleider"))
    store.db.write(lambda s: add_leader(s, "cees", "weer-een-ander-geheim", "cursusleider"))
    store.db.write(lambda s: assign(s, "bert", "klas"))
    bert = store.db.read(lambda s: get_leader(s, "bert").id)
    cees = store.db.read(lambda s: get_leader(s, "cees").id)
    mine = export_csv(store.db.engine, tmp_path / "bert", within=CohortLimit(bert))
    assert {p.name: n for p, n in mine.sessions} == {
        "sessions.csv": 1, "session_votes.csv": 5, "session_rounds.csv": 2,
    }  # fmt: skip
    other = export_csv(store.db.engine, tmp_path / "cees", within=CohortLimit(cees))
    assert {p.name: n for p, n in other.sessions} == {
        "sessions.csv": 0, "session_votes.csv": 0, "session_rounds.csv": 0,
    }  # fmt: skip
    assert code not in (tmp_path / "cees" / "sessions.csv").read_text()

    def votes_for(limit: CohortLimit) -> list[dict[str, object]]:
        found = store.db.read(lambda s: list(iter_statements(s, SETTINGS, within=limit)))
        return [s for s in found if "grouping" in s["context"].get("contextActivities", {})]

    assert len(votes_for(CohortLimit(bert))) == 5 and votes_for(CohortLimit(cees)) == []
