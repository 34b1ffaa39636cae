"""The leader's JSON door (``/api/v1/leader``) under Starlette's TestClient: nothing without
a leader's token, the growing delay on a wrong password, and a cursusleider who gets
nothing of another cohort: not its trainees, attempts, reports, exports, nor a write."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from frontlijn_game.store.leader_cohorts import assign, unassign
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store
from frontlijn_game.web.api_leader import ROUTES
from frontlijn_game.web.app import create_app
from web.conftest import CONTENT, PIN

PASSWORD = "een lang wachtwoord 42"
MINE, THEIRS = "ANNA-A1", "BERT-B1"


class LeaderApi:
    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.token: str | None = None
        self.waits: list[float] = []

        async def sleep(seconds: float) -> None:  # the delay, recorded instead of slept
            self.waits.append(seconds)

        client.app.app.state.leader_sleep = sleep  # type: ignore[attr-defined]

    def post(self, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
        headers = {} if self.token is None else {"Authorization": f"Bearer {self.token}"}
        response = self.client.post(f"/api/v1/leader/{path}", json=body or {}, headers=headers)
        assert response.status_code == status, (path, response.status_code, response.text)
        assert response.headers["cache-control"] == "no-store"
        return response.json() if "json" in response.headers["content-type"] else response

    def sign_in(self, name: str) -> dict[str, Any]:
        answer: dict[str, Any] = self.post("signin", {"name": name, "password": PASSWORD})
        self.token = answer["token"]
        return answer


@pytest.fixture
def two_cohorts(db_url: str) -> str:
    """Cohorts A and B with a trainee each who played ui-proef; anna leads A only."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.scenario.content import load_library

    scenario = load_library(CONTENT).scenarios["ui-proef"]
    with Store.open(db_url) as store:
        store.create_cohort("A", "ui-basis")
        store.create_cohort("B", "ui-basis")
        for code, cohort in ((MINE, "A"), (THEIRS, "B")):
            store.add_trainee(code, pin=PIN, cohort=cohort)
            play = Playthrough.start(scenario, seed=3)
            attempt = store.start_attempt(code, scenario, play.state)
            step = play.choose(play.offered()[0].id)
            store.record_decision(attempt.id, step, play.score(), 2.0)
        store.db.write(lambda s: add_leader(s, "baas", PASSWORD))
        store.db.write(lambda s: add_leader(s, "anna", PASSWORD, role="cursusleider"))
        store.db.write(lambda s: assign(s, "anna", "A"))
    return db_url


@pytest.fixture
def api(two_cohorts: str) -> Iterator[LeaderApi]:
    with TestClient(create_app(CONTENT, two_cohorts)) as client:
        yield LeaderApi(client)


@pytest.fixture
def anna(api: LeaderApi) -> LeaderApi:
    assert api.sign_in("anna")["leader"] == {
        "name": "anna",
        "role": "cursusleider",
        "cohorts": ["A"],
    }
    return api


def test_nothing_answers_without_a_leader_token(api: LeaderApi, two_cohorts: str) -> None:
    for path in ROUTES:
        if path == "signout":
            continue
        answer = api.post(path, {"code": THEIRS, "name": "A"}, status=401)
        assert answer["error"] == "signed_out", path
    api.token = "not-a-token"
    assert api.post("cohorts", status=401)["error"] == "signed_out"
    # a trainee's own session token opens no leader call
    trainee = api.client.post("/api/v1/signin", json={"code": MINE, "pin": PIN}).json()
    api.token = trainee["token"]
    assert api.post("trainees", status=401)["error"] == "signed_out"
    # and a leader's token signs no trainee in
    api.sign_in("anna")
    headers = {"Authorization": f"Bearer {api.token}"}
    assert api.client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_wrong_password_waits_and_says_nothing_more(api: LeaderApi) -> None:
    wrong = api.post("signin", {"name": "anna", "password": "raden maar"}, status=401)
    unknown = api.post("signin", {"name": "niemand", "password": "raden maar"}, status=401)
    assert wrong["error"] == unknown["error"] == "wrong_password"
    assert wrong["message"] == unknown["message"]
    assert api.waits == [1.0, 2.0]  # growing, waited by the door before it answered
    assert "token" not in wrong


def test_a_cursusleider_gets_nothing_of_another_cohort(anna: LeaderApi) -> None:
    assert [c["name"] for c in anna.post("cohorts")["cohorts"]] == ["A"]
    assert [t["code"] for t in anna.post("trainees")["trainees"]] == [MINE]
    assert [a["trainee"] for a in anna.post("attempts")["attempts"]] == [MINE]
    # B answers exactly as a cohort that does not exist
    theirs = anna.post("trainees", {"cohort": "B"}, status=404)
    nothing = anna.post("trainees", {"cohort": "Z"}, status=404)
    assert theirs["message"].replace("'B'", "'Z'") == nothing["message"]
    assert anna.post("attempts", {"trainee": THEIRS}, status=404)["error"] == "not_found"
    for report in ("options", "items"):
        anna.post(f"reports/{report}", {"scenario": "ui-proef", "cohort": "B"}, status=404)
        mine = anna.post(f"reports/{report}", {"scenario": "ui-proef"})
        assert THEIRS not in str(mine)
    anna.post("reports/progress", {"cohort": "B"}, status=404)
    progress = anna.post("reports/progress")
    assert [r["trainee"] for r in progress["data"]["rows"]] == [MINE]
    assert MINE in progress["text"] and THEIRS not in progress["text"]
    csv = anna.post("export/csv")
    with zipfile.ZipFile(io.BytesIO(csv.content)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    assert MINE in text and THEIRS not in text
    statements = anna.post("export/xapi", {"home_page": "https://school.nl"})["statements"]
    assert statements and all(s["actor"]["account"]["name"] == MINE for s in statements)


def test_a_cursusleider_writes_only_their_own(anna: LeaderApi, two_cohorts: str) -> None:
    for path, body in (
        ("trainees/pin", {"code": THEIRS, "pin": "1234"}),
        ("trainees/erase", {"code": THEIRS}),
        ("trainees/export", {"code": THEIRS}),
        ("trainees/add", {"code": "NIEUW-1", "cohort": "B"}),
    ):
        assert anna.post(path, body, status=404)["error"] == "not_found", path
    assert anna.post("cohorts/create", {"name": "C"}, status=403)["error"] == "not_allowed"
    assert anna.post("cohorts/enrol", {"name": "A", "codes": [THEIRS]}, status=403)
    added = anna.post("trainees/add", {"code": "ANNA-A2", "cohort": "A"})["trainee"]
    assert added["cohorts"] == ["A"]
    anna.post("trainees/pin", {"code": MINE, "pin": "97531"})
    with Store.open(two_cohorts) as store:
        codes = {t.code: t for t in store.list_trainees()}
        assert THEIRS in codes and codes[THEIRS].erased_at is None
        assert store.check_trainee_pin(MINE, "97531").trainee is not None


def test_a_beheerder_sees_and_makes_everything(api: LeaderApi) -> None:
    api.sign_in("baas")
    assert [c["name"] for c in api.post("cohorts")["cohorts"]] == ["A", "B"]
    assert api.post("cohorts/create", {"name": "C"})["cohort"]["name"] == "C"
    assert api.post("cohorts/enrol", {"name": "C", "codes": [THEIRS]})["added"] == [THEIRS]
    erased = api.post("trainees/erase", {"code": THEIRS})["erased"]
    assert erased["old_code"] == THEIRS


def test_a_cohort_taken_away_or_a_sign_out_holds_at_the_next_call(
    anna: LeaderApi, two_cohorts: str
) -> None:
    assert anna.post("cohorts")["cohorts"]
    with Store.open(two_cohorts) as store:
        store.db.write(lambda s: unassign(s, "anna", "A"))
    assert anna.post("cohorts")["cohorts"] == []
    assert anna.post("trainees")["trainees"] == []
    anna.post("signout")
    assert anna.post("cohorts", status=401)["error"] == "signed_out"


def test_trainee_codes_stay_out_of_urls_and_logs(
    anna: LeaderApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna.post("attempts", {"trainee": MINE})
    anna.post("trainees/pin", {"code": MINE, "pin": "8642"})
    anna.post("trainees/export", {"code": MINE})
    anna.post("attempts", {"trainee": THEIRS}, status=404)
    assert MINE not in caplog.text and THEIRS not in caplog.text
    # every leader call takes its codes in a JSON body: never in a path or a query
    for route in anna.client.app.app.routes:  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        if path.startswith("/api/v1/leader"):
            assert route.methods == {"POST"}, path
            assert "{" not in path, path
