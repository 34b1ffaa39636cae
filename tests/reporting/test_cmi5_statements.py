"""The statements of a cmi5 AU session and the rules they are checked against."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from frontlijn_game.reporting import cmi5_statements as st
from frontlijn_game.reporting.xapi_validation import validate_statement

ACTOR = {
    "objectType": "Agent",
    "name": "Fenna de Vries",
    "account": {"homePage": "https://lms.example.org", "name": "4711"},
}
TEMPLATE = {
    "contextActivities": {"grouping": [{"objectType": "Activity", "id": "https://x.nl/au/a"}]},
    "extensions": {st.SESSION_ID: "session-1"},
}
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def ctx(mastery: str | None = "0.7") -> st.Cmi5Context:
    return st.Cmi5Context(
        ACTOR,
        "6c8a1f5e-2b3d-4c5e-8f9a-0b1c2d3e4f50",
        "https://lms.example.org/activities/a",
        TEMPLATE,
        "1|abc",
        None if mastery is None else Decimal(mastery),
    )


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def session(passed: bool, total: str) -> list[dict[str, Any]]:
    c = ctx()
    return [
        st.initialized(c, at(0)),
        st.completed(c, at(60), 60),
        st.judged(c, at(61), 60, Decimal(total), passed, {"https://x.nl/xapi/extensions/v": 1}),
        st.terminated(c, at(70), 70),
    ]


def test_defined_statements_follow_cmi5() -> None:
    statements = session(True, "85")
    for statement in statements:
        assert validate_statement(statement) == []
        assert st.cmi5_problems(statement, ctx()) == []
        assert statement["actor"] == {"objectType": "Agent", "account": ACTOR["account"]}
        assert statement["object"]["id"] == ctx().activity_id
        assert statement["context"]["extensions"][st.SESSION_ID] == "session-1"
        assert st.CATEGORY in {
            a["id"] for a in statement["context"]["contextActivities"]["category"]
        }
    initialized, completed, passed, terminated = statements
    assert "result" not in initialized
    assert completed["result"] == {"completion": True, "duration": "PT1M"}
    assert passed["result"]["score"] == {"scaled": 0.85} and passed["result"]["success"] is True
    assert "completion" not in passed["result"]
    assert passed["context"]["extensions"][st.MASTERY_SCORE] == 0.7
    assert terminated["result"] == {"duration": "PT1M10S"}
    moveon = [
        st.MOVEON_CATEGORY in {a["id"] for a in s["context"]["contextActivities"]["category"]}
        for s in statements
    ]
    assert moveon == [False, True, True, False]
    assert st.session_problems(statements) == []
    assert len({s["id"] for s in statements}) == 4
    assert [s["id"] for s in session(True, "85")] == [s["id"] for s in statements]  # stable


def test_a_failure_above_the_mastery_score_carries_no_score() -> None:
    below = st.judged(ctx(), at(1), 1, Decimal("35"), False)
    assert below["result"]["score"] == {"scaled": 0.35} and below["result"]["success"] is False
    above = st.judged(ctx(), at(1), 1, Decimal("85"), False)  # a bad ending failed the rule
    assert "score" not in above["result"]
    for statement in (below, above):
        assert st.cmi5_problems(statement, ctx()) == []


def test_the_template_is_never_overwritten_and_allowed_statements() -> None:
    game: dict[str, Any] = {
        "id": "x",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://g.nl", "name": "K7QF"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {
            "objectType": "Activity",
            "id": "https://g.nl/xapi/scenarios/a/decision-points/s",
        },
        "result": {"response": "c"},
        "context": {
            "registration": "11111111-1111-5111-8111-111111111111",
            "language": "nl-NL",
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": "https://g.nl/xapi/scenarios/a"}]
            },
            "extensions": {st.SESSION_ID: "forged", "https://g.nl/xapi/extensions/decision": 1},
        },
        "timestamp": "2026-12-03T09:00:01.000Z",
    }
    out = st.allowed(ctx(), game, "answered|1")
    assert validate_statement(out) == [] and st.cmi5_problems(out, ctx()) == []
    assert st.verb_of(out) is None and "category" not in out["context"]["contextActivities"]
    assert out["context"]["extensions"][st.SESSION_ID] == "session-1"
    assert out["context"]["registration"] == ctx().registration
    assert [a["id"] for a in out["context"]["contextActivities"]["parent"]] == [
        ctx().activity_id,
        "https://g.nl/xapi/scenarios/a",
    ]
    assert out["actor"]["account"] == ACTOR["account"]
    assert game["context"]["extensions"][st.SESSION_ID] == "forged"  # the input is untouched


def test_the_rules_catch_what_cmi5_forbids() -> None:
    c = ctx()
    completed = st.completed(c, at(1), 1)
    completed["result"]["score"] = {"scaled": 0.5}
    assert any("score" in p for p in st.cmi5_problems(completed, c))
    passed = st.judged(c, at(1), 1, Decimal("50"), True)
    assert any("below the masteryScore" in p for p in st.cmi5_problems(passed, c))
    moved = st.initialized(c, at(0))
    moved["context"]["extensions"][st.SESSION_ID] = "other"
    assert any("template" in p for p in st.cmi5_problems(moved, c))
    no_duration = st.terminated(c, at(2), 2)
    del no_duration["result"]
    assert any("duration" in p for p in st.cmi5_problems(no_duration, c))
    twice = [*session(True, "85"), st.initialized(c, at(80))]
    problems = st.session_problems(twice)
    assert "initialized occurs 2 times" in problems
    assert "the last statement is not terminated" in problems
    both = session(True, "85")
    both.insert(3, st.judged(c, at(62), 1, Decimal("20"), False))
    assert "both passed and failed" in st.session_problems(both)
