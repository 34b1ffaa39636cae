"""The JSON door (``/api/v1``) under Starlette's TestClient: sign-in as the HTML door
answers it, a case played to its debrief, and every forged, replayed or foreign call
refused with nothing recorded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app

CONTENT = Path(__file__).parent / "content"
CODE = "WEB-4711"  # the trainee of conftest's database, with this PIN
PIN = "2468"


class Api:
    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.token: str | None = None

    def headers(self) -> dict[str, str]:
        return {} if self.token is None else {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, status: int = 200) -> Any:
        response = self.client.get("/api/v1" + path, headers=self.headers())
        assert response.status_code == status, (path, response.status_code, response.text)
        assert response.headers["cache-control"] == "no-store"
        return response.json()

    def post(self, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
        response = self.client.post("/api/v1" + path, json=body or {}, headers=self.headers())
        assert response.status_code == status, (path, response.status_code, response.text)
        return response.json()

    def sign_in(self, code: str = CODE, pin: str = PIN) -> None:
        self.token = self.post("/signin", {"code": code, "pin": pin})["token"]


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    with TestClient(create_app(CONTENT, db_url)) as client:
        yield Api(client)


@pytest.fixture
def signed(api: Api) -> Api:
    api.sign_in()
    return api


def test_about_names_the_version(api: Api) -> None:
    assert api.get("")["api"] == 1


def test_known_and_unknown_codes_are_refused_alike(api: Api, store: Store) -> None:
    known = api.post("/signin", {"code": CODE, "pin": "1111"}, status=401)
    unknown = api.post("/signin", {"code": "NIEMAND-9", "pin": "1111"}, status=401)
    no_pin = api.post("/signin", {"code": "NOPIN-1", "pin": "1111"}, status=401)
    assert known["error"] == unknown["error"] == no_pin["error"] == "wrong_pin"
    assert known["message"] == unknown["message"] == no_pin["message"]
    assert known["message"] == "Die code of pincode klopt niet."
    assert known["seconds"] == unknown["seconds"] >= 1
    assert [t.code for t in store.list_trainees()] == ["NOPIN-1", CODE]  # nothing made


def test_a_pin_too_soon_after_a_wrong_one_is_not_checked(api: Api) -> None:
    api.post("/signin", {"code": CODE, "pin": "1111"}, status=401)
    refused = api.post("/signin", {"code": CODE, "pin": PIN}, status=429)
    assert refused["error"] == "too_soon" and refused["seconds"] >= 1


def test_sign_in_is_limited_per_client(api: Api) -> None:
    for number in range(20):
        api.post("/signin", {"code": f"X{number}", "pin": "1111"}, status=401)
    limited = api.post("/signin", {"code": CODE, "pin": PIN}, status=429)
    assert limited["error"] == "rate_limited"
    assert api.post("/trainees", {"code": "NIEUW-1", "pin": "1234"}, status=429)


def test_a_new_code_is_an_explicit_action_with_a_pin(api: Api, store: Store) -> None:
    assert (
        "pincode" in api.post("/trainees", {"code": "NIEUW-1", "pin": "12"}, status=409)["message"]
    )
    taken = api.post("/trainees", {"code": CODE.lower(), "pin": "1234"}, status=409)
    assert "bestaat al" in taken["message"]
    made = api.post("/trainees", {"code": "NIEUW-1", "pin": "1234"})
    assert made["trainee"] == {"code": "NIEUW-1", "has_pin": True}
    assert store.trainee("NIEUW-1").has_pin


def test_every_trainee_call_needs_a_live_token(api: Api) -> None:
    for path in ("/me", "/library", "/overview", "/attempts/1", "/cases/ui-kort/attempt"):
        assert api.get(path, status=401)["error"] == "signed_out"
    api.token = "made-up"
    assert api.get("/me", status=401)["error"] == "signed_out"
    api.sign_in()
    assert api.get("/me")["code"] == CODE
    api.post("/signout")
    assert api.get("/me", status=401)["error"] == "signed_out"


def test_the_library_is_the_servers_text(signed: Api) -> None:
    from frontlijn_game.scenario.content import library_from_texts, load_library

    sent = signed.get("/library")
    rebuilt = library_from_texts(
        CONTENT,
        [(s["path"], s["source"]) for s in sent["scenarios"]],
        [(c["path"], c["source"]) for c in sent["curricula"]],
    )
    local = load_library(CONTENT)
    assert rebuilt.errors == []
    assert {k: s.content_hash for k, s in rebuilt.scenarios.items()} == {
        k: s.content_hash for k, s in local.scenarios.items()
    }
    assert sorted(rebuilt.curricula) == sorted(local.curricula)


def play_to_end(api: Api, scenario_id: str = "ui-vrij") -> int:
    attempt_id = int(api.post(f"/cases/{scenario_id}/attempts", {"action": "start"})["attempt"])
    turn = api.get(f"/attempts/{attempt_id}/scene")["turn"]
    while turn is not None:
        answer = api.post(
            f"/attempts/{attempt_id}/choices", {**turn, "choice": turn["shown"][0], "seconds": 3}
        )
        turn = answer["turn"]
    return attempt_id


def test_a_case_played_to_its_debrief(signed: Api, store: Store) -> None:
    attempt_id = signed.post("/cases/ui-vrij/attempts", {"action": "start"})["attempt"]
    scene = signed.get(f"/attempts/{attempt_id}/scene")
    assert scene["number"] == 1 and scene["options"]
    assert [o["id"] for o in scene["options"]] == scene["turn"]["shown"]
    assert signed.get("/cases/ui-vrij/attempt")["attempt"]["id"] == attempt_id
    assert signed.post("/cases/ui-vrij/attempts", {"action": "resume"})["attempt"] == attempt_id
    signed.post(f"/attempts/{attempt_id}/pause")
    saved = signed.get(f"/attempts/{attempt_id}")
    assert saved["attempt"]["status"] == "suspended"
    turn = saved["turn"]
    count = 0
    while turn is not None:
        answer = signed.post(
            f"/attempts/{attempt_id}/choices", {**turn, "choice": turn["shown"][-1], "seconds": 4}
        )
        count += 1
        turn = answer["turn"]
    assert answer["finished"] and answer["attempt"]["status"] == "finished"
    decisions = store.decisions(attempt_id)
    assert len(decisions) == count
    assert all(d.seconds == 4 and d.shown is not None for d in decisions)
    debrief = signed.get(f"/attempts/{attempt_id}/debrief")
    assert debrief["score"]["total"] == store.attempt(attempt_id).total
    assert [d["number"] for d in debrief["decisions"]] == list(range(1, count + 1))
    me = signed.get("/me")
    assert [a["id"] for a in me["attempts"]] == [attempt_id]
    overview = signed.get("/overview")
    assert overview["best"] == {"ui-vrij": attempt_id}


def test_a_replayed_or_forged_choice_records_nothing(signed: Api, store: Store) -> None:
    attempt_id = signed.post("/cases/ui-proef/attempts", {"action": "start"})["attempt"]
    turn = signed.get(f"/attempts/{attempt_id}/scene")["turn"]
    other = turn["shown"][-1]
    forged = {**turn, "choice": turn["shown"][0], "token": "0" * 64}
    assert signed.post(f"/attempts/{attempt_id}/choices", forged, status=409)["error"] == "stale"
    reordered = {**turn, "choice": turn["shown"][0], "shown": list(reversed(turn["shown"]))}
    assert signed.post(f"/attempts/{attempt_id}/choices", reordered, status=409)
    unshown = {**turn, "choice": "niet-getoond"}
    assert signed.post(f"/attempts/{attempt_id}/choices", unshown, status=409)
    assert store.decisions(attempt_id) == []
    signed.post(f"/attempts/{attempt_id}/choices", {**turn, "choice": turn["shown"][0]})
    again = {**turn, "choice": other}
    assert signed.post(f"/attempts/{attempt_id}/choices", again, status=409)["error"] == "stale"
    assert [d.choice for d in store.decisions(attempt_id)] == [turn["shown"][0]]


def test_another_trainees_attempt_is_not_found(signed: Api, db_url: str) -> None:
    attempt_id = play_to_end(signed)
    with Store.open(db_url) as store:
        store.add_trainee("ANDER-2", pin="9753")
    with TestClient(create_app(CONTENT, db_url)) as client:
        other = Api(client)
        other.sign_in("ANDER-2", "9753")
        for path in ("", "/scene", "/debrief"):
            assert other.get(f"/attempts/{attempt_id}{path}", status=404)["error"] == "not_found"
        assert other.post(f"/attempts/{attempt_id}/abandon", status=404)
    assert signed.get(f"/attempts/{attempt_id}/debrief")["attempt"]["status"] == "finished"


def test_restart_and_abandon(signed: Api) -> None:
    first = signed.post("/cases/ui-proef/attempts", {"action": "start"})["attempt"]
    refused = signed.post("/cases/ui-proef/attempts", {"action": "start"}, status=409)
    assert refused["error"] == "refused"
    second = signed.post("/cases/ui-proef/attempts", {"action": "restart"})["attempt"]
    assert second != first
    assert signed.get(f"/attempts/{first}")["attempt"]["status"] == "abandoned"
    assert signed.post(f"/attempts/{second}/abandon")["attempt"]["status"] == "abandoned"
    assert signed.get("/cases/ui-proef/attempt")["attempt"] is None
    assert signed.get(f"/attempts/{second}/scene", status=409)["error"] == "stale"


def test_bad_bodies_are_refused_plainly(signed: Api) -> None:
    response = signed.client.post(
        "/api/v1/signin", content=b"[1, 2]", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["error"] == "bad_request"
    attempt_id = signed.post("/cases/ui-proef/attempts", {"action": "start"})["attempt"]
    bad = signed.post(f"/attempts/{attempt_id}/choices", {"number": "x"}, status=400)
    assert bad["error"] == "bad_request"
    assert signed.get("/cases/bestaat-niet/attempt")["attempt"] is None
    assert signed.post("/cases/bestaat-niet/attempts", status=404)["error"] == "not_found"


def test_messages_follow_accept_language(api: Api) -> None:
    response = api.client.post(
        "/api/v1/signin",
        json={"code": CODE, "pin": "1111"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 401
    assert response.json()["message"] != "Die code of pincode klopt niet."
