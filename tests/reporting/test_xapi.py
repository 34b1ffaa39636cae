"""xAPI statements: shape, our own validation, Ralph's models and a Ralph LRS round trip."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.reporting.xapi import (
    LrsClient,
    XapiError,
    XapiSettings,
    iso_duration,
    statements_endpoint,
    timestamp,
    validate_statement,
    write_json,
)
from frontlijn_game.reporting.xapi_export import iter_statements
from reporting.conftest import Recorded
from reporting.ralph import ralph_lrs, validate_with_ralph

SHARED = Path(__file__).parent / "fixtures" / "xapi"  # copies of ../shared/xapi/*_minimal.json
SETTINGS = XapiSettings(home_page="https://oefenen.example.nl")


def statements(rec: Recorded, settings: XapiSettings = SETTINGS) -> list[dict[str, Any]]:
    with rec.store.db.sessions() as s:
        return list(iter_statements(s, settings))


def by_verb(found: list[dict[str, Any]], verb: str) -> list[dict[str, Any]]:
    return [st for st in found if st["verb"]["display"]["en-US"] == verb]


def test_formats() -> None:
    moment = datetime(2026, 9, 1, 8, 0, 3, 120456, tzinfo=UTC)
    assert timestamp(moment) == "2026-09-01T08:00:03.120Z"
    assert timestamp(datetime(2026, 9, 1, 8, 0, 3)) == "2026-09-01T08:00:03.000Z"
    assert iso_duration(750) == "PT12M30S"
    assert iso_duration(2.5) == "PT2.5S"
    assert iso_duration(3725.257) == "PT1H2M5.26S"
    assert iso_duration(0) == "PT0S"
    assert statements_endpoint("http://h/xAPI/") == "http://h/xAPI/statements"
    assert statements_endpoint("http://h/xAPI/statements") == "http://h/xAPI/statements"


def test_the_reference_statements_pass_our_validation() -> None:
    answered = json.loads((SHARED / "answered_minimal.json").read_text(encoding="utf-8"))
    assert validate_statement(answered) == []
    # Valid xAPI, but it puts the score on `completed`, which cmi5 (and this export)
    # keeps for passed/failed: that is the one thing our check says about it.
    completed = json.loads((SHARED / "completed_minimal.json").read_text(encoding="utf-8"))
    (problem,) = validate_statement(completed)
    assert "cmi5" in problem


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s["result"]["score"].update(scaled=1.5), "scaled"),
        (lambda s: s.update(timestamp="2026-09-01T08:00:03Z"), "milliseconds"),
        (lambda s: s["actor"].update(name="Vera"), "opaque account"),
        (lambda s: s.update(id="not-a-uuid"), "UUID"),
        (lambda s: s["context"].update(registration="x"), "registration"),
        (lambda s: s["result"].update(duration="12 minutes"), "duration"),
        (lambda s: s["object"].update(id="scenario Z"), "object.id"),
    ],
)
def test_our_validation_rejects(change: Any, problem: str) -> None:
    statement = {
        "id": "7d2e4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://x.nl", "name": "t"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
        "object": {"objectType": "Activity", "id": "https://x.nl/xapi/scenarios/z"},
        "result": {"score": {"scaled": 0.5}, "success": True, "duration": "PT1S"},
        "context": {"registration": "6c0e5b0e-2f7a-4b8f-9d4e-1a2b3c4d5e6f"},
        "timestamp": "2026-09-01T08:00:03.000Z",
    }
    assert validate_statement(statement) == []
    bad = copy.deepcopy(statement)
    change(bad)
    assert any(problem in p for p in validate_statement(bad)), validate_statement(bad)


def test_statements_of_the_recorded_attempts(recorded: Recorded) -> None:
    found = statements(recorded)
    assert len(by_verb(found, "answered")) == 11  # 2 + 2 + 2 + 2 + 2 + 1 decisions
    assert len(by_verb(found, "completed")) == 5
    assert len(by_verb(found, "passed")) == 2 and len(by_verb(found, "failed")) == 3
    assert all(validate_statement(st) == [] for st in found)
    first = found[0]
    assert first["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://oefenen.example.nl", "name": "T1"},
    }
    assert first["object"]["id"] == (
        "https://oefenen.example.nl/xapi/scenarios/kruispunt/decision-points/intake"
    )
    definition = first["object"]["definition"]
    assert definition["interactionType"] == "choice"
    assert "correctResponsesPattern" not in definition
    assert [c["id"] for c in definition["choices"]] == ["luister", "dreig"]
    assert first["result"] == {
        "response": "luister",
        "extensions": {
            "https://oefenen.example.nl/xapi/extensions/help": 1,
            "https://oefenen.example.nl/xapi/extensions/sanction": 0,
        },
        "duration": "PT2.5S",
    }
    assert first["context"]["contextActivities"]["parent"][0]["id"].endswith("/kruispunt")
    completed = by_verb(found, "completed")[0]
    assert set(completed["result"]) == {"completion", "duration"}
    scores = {st["actor"]["account"]["name"] + st["verb"]["display"]["en-US"]: st["result"]["score"]["scaled"]
              for st in found if "score" in st.get("result", {})}  # fmt: skip
    assert scores["T1passed"] == 0.95 and scores["T3failed"] == 0.417 and scores["T4failed"] == 0.05
    # One registration per attempt, shared by all its statements.
    registrations = {st["context"]["registration"] for st in found}
    assert len(registrations) == 6
    text = json.dumps(found)
    assert "Vera" not in text  # display names never leave the database


def test_exports_are_stable_and_configurable(recorded: Recorded) -> None:
    assert statements(recorded) == statements(recorded)
    other = XapiSettings(home_page="https://a.example", activity_base="https://b.example/frontlijn")
    found = statements(recorded, other)
    assert found[0]["actor"]["account"]["homePage"] == "https://a.example"
    assert found[0]["object"]["id"].startswith("https://b.example/frontlijn/scenarios/")
    assert found[0]["id"] != statements(recorded)[0]["id"]
    with pytest.raises(XapiError):
        statements(recorded, XapiSettings(home_page="not a url"))


def test_write_json(recorded: Recorded, tmp_path: Path) -> None:
    import io

    out = io.StringIO()
    with recorded.store.db.sessions() as s:
        n = write_json(iter_statements(s, SETTINGS, cohort="A"), out)
    data = json.loads(out.getvalue())
    assert n == len(data) == 20  # T1-T4, five attempts: 10 answered, 5 completed, 5 judged
    empty = io.StringIO()
    assert write_json([], empty) == 0 and json.loads(empty.getvalue()) == []


# -- with Ralph (services) -------------------------------------------------------------


def test_ralph_accepts_every_statement(recorded: Recorded) -> None:
    found = statements(recorded)
    assert validate_with_ralph(found) == []
    bad = copy.deepcopy(found[0])
    bad["timestamp"] = "yesterday"
    assert len(validate_with_ralph([bad])) == 1  # the check itself can fail


def test_round_trip_through_a_ralph_lrs(recorded: Recorded, tmp_path: Path) -> None:
    found = statements(recorded)
    with ralph_lrs(tmp_path / "lrs") as lrs:
        client = LrsClient(lrs.url, lrs.user, lrs.password, batch=len(found))
        assert client.send(found) == len(found)
        for original in (found[0], by_verb(found, "passed")[0], by_verb(found, "completed")[-1]):
            back = client.get(original["id"])
            for key in ("id", "verb", "object", "result", "actor"):
                assert back[key] == original[key], key
            assert back["context"]["registration"] == original["context"]["registration"]
        wrong = LrsClient(lrs.url, lrs.user, "wrong-password")
        with pytest.raises(XapiError) as err:
            wrong.get(found[0]["id"])
        assert "wrong-password" not in str(err.value) and lrs.password not in str(err.value)
