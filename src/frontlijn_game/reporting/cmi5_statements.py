"""The statements of one cmi5 AU session, and the cmi5 rules they are checked against.

"cmi5 defined" statements (initialized, completed, passed, failed, terminated) have the
AU's ``activityId`` as object, the LMS's ``contextTemplate`` as the base of their
context (never overwritten: it holds the session id and the publisher id), the
launch's registration, and the cmi5 category activity (plus the moveOn category when
the result carries success or completion). The game's own ``answered`` statements
(:func:`frontlijn_game.reporting.xapi.answered`) go in as "cmi5 allowed": the same
context template and registration, no cmi5 category, the AU as a parent activity.

Result rules (cmi5 9.5): score and success only in passed/failed, completion only in
completed, duration in completed, passed, failed and terminated; a passed statement's
scaled score is at least the masteryScore, a failed one's below it (a failure for
another reason, the ending's kind, carries no score). :func:`cmi5_problems` checks one
statement, :func:`session_problems` the order and "once each" rules of a session.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from frontlijn_game.reporting.xapi import iso_duration, timestamp
from frontlijn_game.reporting.xapi_validation import ADL

CMI5 = "https://w3id.org/xapi/cmi5"
CATEGORY = f"{CMI5}/context/categories/cmi5"
MOVEON_CATEGORY = f"{CMI5}/context/categories/moveon"
SESSION_ID = f"{CMI5}/context/extensions/sessionid"
MASTERY_SCORE = f"{CMI5}/context/extensions/masteryscore"
DEFINED_VERBS = {
    "initialized": f"{ADL}/verbs/initialized",
    "completed": f"{ADL}/verbs/completed",
    "passed": f"{ADL}/verbs/passed",
    "failed": f"{ADL}/verbs/failed",
    "terminated": f"{ADL}/verbs/terminated",
}
VERB_OF_ID = {v: k for k, v in DEFINED_VERBS.items()}
NAMESPACE = uuid.UUID("0d6f3a52-4f0e-5d7c-9a2e-2f8c2c7b6a11")
"""uuid5 namespace of the statement ids of a session (never change it)."""


@dataclass(frozen=True)
class Cmi5Context:
    """What every statement of one AU session shares (from the launch and LaunchData)."""

    actor: Mapping[str, Any]
    registration: str
    activity_id: str
    context_template: Mapping[str, Any]
    session_key: str
    """Our own key of the session (the row id with the fetch digest): ids derive from it."""
    mastery_score: Decimal | None = None

    @property
    def session_id(self) -> str | None:
        value = (self.context_template.get("extensions") or {}).get(SESSION_ID)
        return value if isinstance(value, str) else None

    def statement_id(self, what: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.session_key}|{what}"))


def opaque_actor(actor: Mapping[str, Any]) -> dict[str, Any]:
    """The launch's actor with its account only: the LRS identifies an Agent by that
    (inverse functional identifier), and a name the LMS sent is not repeated."""
    account = actor["account"]
    return {
        "objectType": "Agent",
        "account": {"homePage": account["homePage"], "name": account["name"]},
    }


def _context(ctx: Cmi5Context, categories: Sequence[str], extra_ext: Mapping[str, Any]) -> Any:
    context: dict[str, Any] = copy.deepcopy(dict(ctx.context_template))
    context["registration"] = ctx.registration
    activities = context.setdefault("contextActivities", {})
    category = activities.setdefault("category", [])
    for iri in categories:
        if not any(isinstance(a, dict) and a.get("id") == iri for a in category):
            category.append({"objectType": "Activity", "id": iri})
    if not category:
        activities.pop("category")
    extensions = context.setdefault("extensions", {})
    for key, value in extra_ext.items():
        extensions.setdefault(key, value)
    return context


def defined(
    ctx: Cmi5Context,
    verb: str,
    at: datetime,
    result: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A cmi5 defined statement of ``verb`` at ``at``."""
    result = dict(result or {})
    categories = [CATEGORY]
    if "success" in result or "completion" in result:
        categories.append(MOVEON_CATEGORY)
    extra: dict[str, Any] = {}
    if verb in ("passed", "failed") and ctx.mastery_score is not None:
        extra[MASTERY_SCORE] = float(ctx.mastery_score)
    statement: dict[str, Any] = {
        "id": ctx.statement_id(verb),
        "actor": opaque_actor(ctx.actor),
        "verb": {"id": DEFINED_VERBS[verb], "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": ctx.activity_id},
        "context": _context(ctx, categories, extra),
        "timestamp": timestamp(at),
    }
    if result:
        statement["result"] = result
    return statement


def initialized(ctx: Cmi5Context, at: datetime) -> dict[str, Any]:
    return defined(ctx, "initialized", at)


def completed(ctx: Cmi5Context, at: datetime, seconds: float) -> dict[str, Any]:
    return defined(ctx, "completed", at, {"completion": True, "duration": iso_duration(seconds)})


def judged(
    ctx: Cmi5Context,
    at: datetime,
    seconds: float,
    total: Decimal,
    passed: bool,
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``passed`` or ``failed`` with the scaled score total / 100 (cmi5 wants a ``raw``
    score to be an integer; a total has one decimal, so only ``scaled`` is given).
    A failure with a scaled score at or above the masteryScore (the ending's kind failed
    the pass rule) carries no score, as cmi5 9.3.5 asks."""
    scaled = total / 100
    result: dict[str, Any] = {"success": passed, "duration": iso_duration(seconds)}
    if passed or ctx.mastery_score is None or scaled < ctx.mastery_score:
        result["score"] = {"scaled": float(scaled)}
    if extensions:
        result["extensions"] = dict(extensions)
    return defined(ctx, "passed" if passed else "failed", at, result)


def terminated(ctx: Cmi5Context, at: datetime, seconds: float) -> dict[str, Any]:
    return defined(ctx, "terminated", at, {"duration": iso_duration(seconds)})


def allowed(ctx: Cmi5Context, statement: Mapping[str, Any], what: str) -> dict[str, Any]:
    """One of the game's statements as "cmi5 allowed": the launch's actor, registration
    and context template, the AU as a parent activity, a session-derived id."""
    out = copy.deepcopy(dict(statement))
    own = out.get("context", {})
    context = _context(ctx, (), own.get("extensions", {}))
    activities = context["contextActivities"]
    for key, items in own.get("contextActivities", {}).items():
        activities.setdefault(key, []).extend(items)
    parents = activities.setdefault("parent", [])
    parents.insert(0, {"objectType": "Activity", "id": ctx.activity_id})
    if "language" in own:
        context.setdefault("language", own["language"])
    out["context"] = context
    out["actor"] = opaque_actor(ctx.actor)
    out["id"] = ctx.statement_id(what)
    return out


# -- the rules -------------------------------------------------------------------------


def _categories(statement: Mapping[str, Any]) -> set[str]:
    items = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    return {str(a.get("id")) for a in items if isinstance(a, dict)}


def verb_of(statement: Mapping[str, Any]) -> str | None:
    """The cmi5 verb of a cmi5 defined statement (None: a cmi5 allowed one)."""
    if CATEGORY not in _categories(statement):
        return None
    return VERB_OF_ID.get(statement.get("verb", {}).get("id", ""))


def cmi5_problems(statement: Mapping[str, Any], ctx: Cmi5Context) -> list[str]:
    """What breaks cmi5 (sections 9.2-9.7) in one statement of the session ``ctx``."""
    p: list[str] = []
    context = statement.get("context", {})
    if context.get("registration") != ctx.registration:
        p.append("context.registration is not the launch's registration")
    if statement.get("actor", {}).get("account") != opaque_actor(ctx.actor)["account"]:
        p.append("actor is not the launch's actor")
    for key, value in (ctx.context_template.get("extensions") or {}).items():
        if context.get("extensions", {}).get(key) != value:
            p.append(f"context template extension {key} is missing or changed")
    template_activities = ctx.context_template.get("contextActivities") or {}
    for key, items in template_activities.items():
        have = context.get("contextActivities", {}).get(key, [])
        for item in items:
            if item not in have:
                p.append(f"context template activity {item.get('id')} missing in {key}")
    verb = verb_of(statement)
    result = statement.get("result", {})
    categories = _categories(statement)
    if verb is None:
        if MOVEON_CATEGORY in categories:
            p.append("a cmi5 allowed statement carries the moveon category")
        return p
    if statement.get("object", {}).get("id") != ctx.activity_id:
        p.append("the object of a cmi5 defined statement must be the launch's activityId")
    if ("score" in result or "success" in result) and verb not in ("passed", "failed"):
        p.append(f"{verb} carries a score or success")
    if "completion" in result and verb != "completed":
        p.append(f"{verb} carries completion")
    if verb in ("completed", "passed", "failed", "terminated") and "duration" not in result:
        p.append(f"{verb} carries no duration")
    if verb == "passed" and result.get("success") is not True:
        p.append("passed needs success true")
    if verb == "failed" and result.get("success") is not False:
        p.append("failed needs success false")
    if verb == "completed" and result.get("completion") is not True:
        p.append("completed needs completion true")
    scaled = result.get("score", {}).get("scaled")
    if scaled is not None and ctx.mastery_score is not None:
        if verb == "passed" and Decimal(str(scaled)) < ctx.mastery_score:
            p.append("passed with a scaled score below the masteryScore")
        if verb == "failed" and Decimal(str(scaled)) >= ctx.mastery_score:
            p.append("failed with a scaled score at or above the masteryScore")
    wants_moveon = "success" in result or "completion" in result
    if wants_moveon != (MOVEON_CATEGORY in categories):
        p.append("the moveon category belongs exactly to results with success or completion")
    if verb in ("passed", "failed") and ctx.mastery_score is not None and scaled is not None:
        mastery = context.get("extensions", {}).get(MASTERY_SCORE)
        if mastery is None or Decimal(str(mastery)) != ctx.mastery_score:
            p.append(f"{verb} judged by the masteryScore must carry it in context.extensions")
    return p


def session_problems(statements: Sequence[Mapping[str, Any]]) -> list[str]:
    """The order rules of one AU session (cmi5 9.3), ordered by timestamp: initialized
    first, terminated last, no cmi5 verb twice, at most one of passed and failed."""
    ordered = sorted(statements, key=lambda s: str(s.get("timestamp", "")))
    verbs = [verb_of(s) for s in ordered]
    p: list[str] = []
    if not verbs or verbs[0] != "initialized":
        p.append("the first statement is not initialized")
    if verbs and verbs[-1] != "terminated":
        p.append("the last statement is not terminated")
    named = [v for v in verbs if v is not None]
    for verb in set(named):
        if named.count(verb) > 1:
            p.append(f"{verb} occurs {named.count(verb)} times")
    if "passed" in named and "failed" in named:
        p.append("both passed and failed")
    return p


__all__ = [
    "CATEGORY",
    "DEFINED_VERBS",
    "MASTERY_SCORE",
    "MOVEON_CATEGORY",
    "SESSION_ID",
    "Cmi5Context",
    "allowed",
    "cmi5_problems",
    "completed",
    "defined",
    "initialized",
    "judged",
    "opaque_actor",
    "session_problems",
    "terminated",
    "verb_of",
]
