"""The xAPI 1.0.3 rules a statement is checked against before it is written or sent.

Some LRSs accept invalid statements, so every statement is checked here first: the
required properties, IRIs, UUIDs, timestamps, durations, language maps, and cmi5's rule
that ``completed`` carries no score or success. Also the vocabulary the statements and
the checks share, and the one error the export and the LRS client raise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi"
VERBS = {
    name: {"id": f"{ADL}/verbs/{name}", "display": {"en-US": name}}
    for name in ("answered", "completed", "passed", "failed")
}


class XapiError(Exception):
    """A statement is invalid, or the LRS refused or could not be reached."""


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
_DURATION = re.compile(r"^P(?:\d+D)?T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INTERACTION_TYPES = {
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
    "sequencing", "likert", "numeric", "other",
}  # fmt: skip


def is_absolute_iri(value: Any, web: bool = False) -> bool:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    if web:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return bool(_SCHEME.match(value))


def _lang_map(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict) or not value:
        problems.append(f"{where} must be a non-empty language map")
        return
    for key, text in value.items():
        if not isinstance(key, str) or not _LANG.match(key) or not isinstance(text, str):
            problems.append(f"{where} has a bad entry {key!r}")


def _extensions(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where} must be an object")
        return
    for key in value:
        if not is_absolute_iri(key):
            problems.append(f"{where} key {key!r} is not an absolute IRI")


def validate_statement(st: Mapping[str, Any]) -> list[str]:
    """What is wrong with one statement against xAPI 1.0.3 (and cmi5's rule that
    ``completed`` carries no score or success); empty when nothing is."""
    p: list[str] = []
    allowed = {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "version",
        "attachments",
        "authority",
        "stored",
    }
    for key in st:
        if key not in allowed:
            p.append(f"unknown property '{key}'")
    if not isinstance(st.get("id"), str) or not _UUID.match(st["id"]):
        p.append("id must be a lower-case UUID")
    actor = st.get("actor")
    account = actor.get("account") if isinstance(actor, dict) else None
    if not isinstance(account, dict):
        p.append("actor must be an Agent with an account")
    else:
        if actor.get("objectType", "Agent") != "Agent":  # type: ignore[union-attr]
            p.append("actor.objectType must be Agent")
        if not is_absolute_iri(account.get("homePage"), web=True):
            p.append("actor.account.homePage must be an absolute URL")
        if not isinstance(account.get("name"), str) or not account["name"]:
            p.append("actor.account.name must be a non-empty string")
        if set(actor) - {"objectType", "account"}:  # type: ignore[arg-type]
            p.append("actor carries more than an opaque account (a name?)")
    verb = st.get("verb")
    if not isinstance(verb, dict) or not is_absolute_iri(verb.get("id")):
        p.append("verb.id must be an absolute IRI")
    else:
        _lang_map(verb.get("display"), "verb.display", p)
    obj = st.get("object")
    if not isinstance(obj, dict) or obj.get("objectType", "Activity") != "Activity":
        p.append("object must be an Activity")
    else:
        if not is_absolute_iri(obj.get("id")):
            p.append("object.id must be an absolute IRI")
        definition = obj.get("definition")
        if definition is not None:
            if not is_absolute_iri(definition.get("type")):
                p.append("object.definition.type must be an absolute IRI")
            _lang_map(definition.get("name"), "object.definition.name", p)
            kind = definition.get("interactionType")
            if kind is not None and kind not in _INTERACTION_TYPES:
                p.append(f"unknown interactionType '{kind}'")
            if "correctResponsesPattern" in definition:
                p.append("no correctResponsesPattern: no single answer is right")
            choices = definition.get("choices")
            if choices is not None:
                ids = [c.get("id") for c in choices if isinstance(c, dict)]
                if len(ids) != len(choices) or not all(isinstance(i, str) and i for i in ids):
                    p.append("every interaction component needs an id")
                elif len(set(ids)) != len(ids):
                    p.append("interaction component ids must be unique")
                for c in choices:
                    if isinstance(c, dict) and "description" in c:
                        _lang_map(c["description"], "choice description", p)
    result = st.get("result")
    if result is not None:
        if not isinstance(result, dict):
            p.append("result must be an object")
        else:
            score = result.get("score")
            if score is not None:
                scaled = score.get("scaled")
                if scaled is not None and (
                    not isinstance(scaled, int | float) or not -1 <= scaled <= 1
                ):
                    p.append("result.score.scaled must lie in [-1, 1]")
                lo, hi, raw = score.get("min"), score.get("max"), score.get("raw")
                if lo is not None and hi is not None and not lo < hi:
                    p.append("result.score.min must be below max")
                if raw is not None and (
                    (lo is not None and raw < lo) or (hi is not None and raw > hi)
                ):
                    p.append("result.score.raw must lie between min and max")
            for key in ("success", "completion"):
                if key in result and not isinstance(result[key], bool):
                    p.append(f"result.{key} must be a boolean")
            if "duration" in result and not (
                isinstance(result["duration"], str) and _DURATION.match(result["duration"])
            ):
                p.append("result.duration must be an ISO 8601 duration")
            if "extensions" in result:
                _extensions(result["extensions"], "result.extensions", p)
            verb_id = verb.get("id") if isinstance(verb, dict) else None
            if verb_id == VERBS["completed"]["id"] and ("score" in result or "success" in result):
                p.append("completed carries no score or success (cmi5): use passed/failed")
    context = st.get("context")
    if context is not None:
        reg = context.get("registration")
        if reg is not None and (not isinstance(reg, str) or not _UUID.match(reg)):
            p.append("context.registration must be a UUID")
        lang = context.get("language")
        if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
            p.append("context.language must be a language tag")
        if "extensions" in context:
            _extensions(context["extensions"], "context.extensions", p)
        activities = context.get("contextActivities")
        if activities is not None:
            for key, items in activities.items():
                if key not in ("parent", "grouping", "category", "other"):
                    p.append(f"unknown contextActivities key '{key}'")
                for item in items if isinstance(items, list) else [items]:
                    if not isinstance(item, dict) or not is_absolute_iri(item.get("id")):
                        p.append(f"contextActivities.{key} needs activities with IRIs")
    ts = st.get("timestamp")
    if not isinstance(ts, str) or not _TIMESTAMP.match(ts):
        p.append("timestamp must be ISO 8601 UTC with milliseconds")
    return p


# -- LRS client ------------------------------------------------------------------------
