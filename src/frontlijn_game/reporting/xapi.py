"""xAPI 1.0.3 statements of the recorded play, and a small client for a Learning Record Store.

Per decision an ``answered`` statement (a ``choice`` interaction without a
``correctResponsesPattern``: no single answer is right; help and sanction in result
extensions); per finished attempt a ``completed`` statement (completion and duration only,
as cmi5 asks) and a ``passed`` or ``failed`` statement carrying ``score.scaled`` (the
total / 100), judged by the case's pass rule. Actors are opaque accounts: the configured
homePage and the trainee's pseudonymous code, never a name. Each attempt has one
registration UUID and every statement a UUID derived (uuid5) from the activity base and
the attempt, so exporting again gives the same ids and an LRS recognises duplicates.

Live sessions add each participant's votes (``session_xapi``). Every statement is
checked by :func:`validate_statement` (``xapi_validation``) before it
is written or sent (some LRSs accept invalid statements). :class:`LrsClient`
(``lrs_client``) posts batches with ``X-Experience-API-Version: 1.0.3`` and HTTP basic
authentication over ``urllib``; the password is read from a file by the caller and never
shown in a message.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.reporting.common import exact
from frontlijn_game.reporting.lrs_client import LrsClient, statements_endpoint
from frontlijn_game.reporting.xapi_validation import (
    ADL,
    VERBS,
    XAPI_VERSION,
    XapiError,
    is_absolute_iri,
    validate_statement,
)
from frontlijn_game.scenario.curriculum import AttemptResult, attempt_passes
from frontlijn_game.scenario.model import PassRule, Scenario
from frontlijn_game.store.leader_cohorts import CohortLimit, trainee_within
from frontlijn_game.store.models import Attempt, CohortMember, Decision, Snapshot, Trainee
from frontlijn_game.store.people import get_cohort
from frontlijn_game.store.repository import scenario_of

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://frontlijn.example/xapi/statement-ids")
"""uuid5 namespace of registrations and statement ids (never change it: ids stay stable)."""

INTERACTION = f"{ADL}/activities/cmi.interaction"
SIMULATION = f"{ADL}/activities/simulation"
LANGUAGES = {"nl": "nl-NL", "en": "en-US"}
DEFAULT_PASS_SCORE = Fraction(70)
DEFAULT_RULE = PassRule(DEFAULT_PASS_SCORE, None)


@dataclass(frozen=True)
class XapiSettings:
    home_page: str
    """The actors' account homePage (the system that knows the trainee codes); no
    default: an invented domain would mix organisations in one LRS."""
    activity_base: str | None = None
    """Base IRI of activity ids and extension keys (default: ``<homePage>/xapi``)."""
    pass_rules: Mapping[str, PassRule] = field(default_factory=dict)
    """Case id -> pass rule (its curriculum module's); other cases use ``default_rule``."""
    default_rule: PassRule | None = DEFAULT_RULE
    """The rule of a case in no curriculum; None: no passed/failed for such cases."""

    @property
    def base(self) -> str:
        return (self.activity_base or f"{self.home_page.rstrip('/')}/xapi").rstrip("/")

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    def scenario_iri(self, scenario_id: str) -> str:
        return f"{self.base}/scenarios/{scenario_id}"

    def point_iri(self, scenario_id: str, scene: str) -> str:
        return f"{self.scenario_iri(scenario_id)}/decision-points/{scene}"

    def rule_for(self, scenario_id: str) -> PassRule | None:
        return self.pass_rules.get(scenario_id, self.default_rule)

    def check(self) -> None:
        for name, value in (("homePage", self.home_page), ("activity base", self.base)):
            if not is_absolute_iri(value, web=True):
                raise XapiError(f"the {name} must be an absolute http(s) URL, got '{value}'")


# -- formatting ------------------------------------------------------------------------


def timestamp(value: datetime) -> str:
    """ISO 8601 in UTC with milliseconds: ``2026-09-01T08:00:03.120Z``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def iso_duration(seconds: float) -> str:
    """An xAPI duration (ISO 8601, at most 0.01 s precision): ``PT12M30.5S``."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360_000)
    minutes, rest = divmod(rest, 6_000)
    whole, frac = divmod(rest, 100)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if whole or frac or out == "PT":
        out += f"{whole}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return out


def registration(settings: XapiSettings, attempt_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{settings.base}|attempt|{attempt_id}"))


def statement_id(settings: XapiSettings, attempt_id: int, what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{settings.base}|attempt|{attempt_id}|{what}"))


# -- statements ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptFacts:
    """What the statements of one attempt are made of (plain values, no ORM)."""

    id: int
    trainee_code: str
    scenario: Scenario
    content_hash: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    total: float | None
    verdict: str | None
    help: int
    sanction: int
    ending_id: str | None
    ending_kind: str | None


@dataclass(frozen=True)
class DecisionFacts:
    seq: int
    scene: str
    choice: str
    help: int
    sanction: int
    seconds: float | None
    decided_at: datetime


def _actor(settings: XapiSettings, code: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": settings.home_page, "name": code}}


def _scenario_activity(settings: XapiSettings, scenario: Scenario) -> dict[str, Any]:
    lang = LANGUAGES[scenario.language]
    return {
        "objectType": "Activity",
        "id": settings.scenario_iri(scenario.id),
        "definition": {"type": SIMULATION, "name": {lang: scenario.title}},
    }


def answered(settings: XapiSettings, attempt: AttemptFacts, d: DecisionFacts) -> dict[str, Any]:
    scenario = attempt.scenario
    lang = LANGUAGES[scenario.language]
    scene = scenario.scenes.get(d.scene)
    choices = [
        {"id": c.id, "description": {lang: c.text}} for c in (scene.choices if scene else ())
    ]
    if d.choice not in {c["id"] for c in choices}:
        choices.append({"id": d.choice, "description": {lang: d.choice}})
    result: dict[str, Any] = {
        "response": d.choice,
        "extensions": {
            settings.extension("help"): d.help,
            settings.extension("sanction"): d.sanction,
        },
    }
    if d.seconds is not None:
        result["duration"] = iso_duration(d.seconds)
    return {
        "id": statement_id(settings, attempt.id, f"answered|{d.seq}"),
        "actor": _actor(settings, attempt.trainee_code),
        "verb": VERBS["answered"],
        "object": {
            "objectType": "Activity",
            "id": settings.point_iri(scenario.id, d.scene),
            "definition": {
                "type": INTERACTION,
                "name": {lang: (scene.title if scene and scene.title else d.scene)},
                "interactionType": "choice",
                "choices": choices,
            },
        },
        "result": result,
        "context": {
            "registration": registration(settings, attempt.id),
            "language": lang,
            "contextActivities": {"parent": [_scenario_activity(settings, scenario)]},
            "extensions": {
                settings.extension("decision"): d.seq,
                settings.extension("version"): attempt.content_hash,
            },
        },
        "timestamp": timestamp(d.decided_at),
    }


def finished(settings: XapiSettings, attempt: AttemptFacts) -> list[dict[str, Any]]:
    """``completed`` and ``passed``/``failed`` of a finished attempt (empty otherwise)."""
    if attempt.status != "finished" or attempt.finished_at is None:
        return []
    scenario = attempt.scenario
    seconds = (attempt.finished_at - attempt.started_at).total_seconds()
    context = {
        "registration": registration(settings, attempt.id),
        "language": LANGUAGES[scenario.language],
        "extensions": {settings.extension("version"): attempt.content_hash},
    }
    base = {
        "actor": _actor(settings, attempt.trainee_code),
        "object": _scenario_activity(settings, scenario),
        "context": context,
        "timestamp": timestamp(attempt.finished_at),
    }
    out = [
        {
            "id": statement_id(settings, attempt.id, "completed"),
            "verb": VERBS["completed"],
            "result": {"completion": True, "duration": iso_duration(seconds)},
            **base,
        }
    ]
    rule = settings.rule_for(scenario.id)
    if rule is None or attempt.total is None:
        return out
    passed = attempt_passes(
        rule, AttemptResult(scenario.id, exact(attempt.total), attempt.ending_kind)
    )
    verb = "passed" if passed else "failed"
    extensions: dict[str, Any] = {
        settings.extension("verdict"): attempt.verdict,
        settings.extension("help"): attempt.help,
        settings.extension("sanction"): attempt.sanction,
    }
    if attempt.ending_id is not None:
        extensions[settings.extension("ending")] = attempt.ending_id
        extensions[settings.extension("ending-kind")] = attempt.ending_kind
    out.append(
        {
            "id": statement_id(settings, attempt.id, verb),
            "verb": VERBS[verb],
            "result": {
                "score": {
                    "scaled": float(exact(attempt.total) / 100),
                    "raw": attempt.total,
                    "min": 0,
                    "max": 100,
                },
                "success": passed,
                "completion": True,
                "duration": iso_duration(seconds),
                "extensions": extensions,
            },
            **base,
        }
    )
    return out


def statements_of(
    settings: XapiSettings, attempt: AttemptFacts, decisions: Iterable[DecisionFacts]
) -> list[dict[str, Any]]:
    out = [answered(settings, attempt, d) for d in decisions]
    out.extend(finished(settings, attempt))
    return out


def iter_statements(
    session: Session,
    settings: XapiSettings,
    cohort: str | None = None,
    scenario_id: str | None = None,
    within: CohortLimit | None = None,
) -> Iterator[dict[str, Any]]:
    """Every statement of the recorded attempts (of a cohort / a case; ``within`` a
    cursusleider's cohorts), validated."""
    settings.check()
    query = (
        select(
            Attempt.id,
            Trainee.code,
            Attempt.snapshot_id,
            Snapshot.content_hash,
            Attempt.status,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.total,
            Attempt.verdict,
            Attempt.help,
            Attempt.sanction,
            Attempt.ending_id,
            Attempt.ending_kind,
        )
        .join(Trainee, Trainee.id == Attempt.trainee_id)
        .join(Snapshot, Snapshot.id == Attempt.snapshot_id)
        .order_by(Attempt.id)
    )
    if cohort is not None:
        cohort_id = get_cohort(session, cohort).id
        query = query.join(
            CohortMember,
            (CohortMember.trainee_id == Attempt.trainee_id) & (CohortMember.cohort_id == cohort_id),
        )
    if scenario_id is not None:
        query = query.where(Attempt.scenario_id == scenario_id)
    if within is not None:
        query = query.where(trainee_within(within, Attempt.trainee_id))
    facts: list[AttemptFacts] = []
    snapshots: dict[int, Scenario] = {}
    for aid, code, snapshot_id, content_hash, *rest in session.execute(query).all():
        scenario = snapshots.get(snapshot_id)
        if scenario is None:
            scenario = snapshots[snapshot_id] = scenario_of(session.get_one(Snapshot, snapshot_id))
        facts.append(AttemptFacts(aid, code, scenario, content_hash, *rest))
    for start in range(0, len(facts), 500):
        chunk = facts[start : start + 500]
        by_attempt: dict[int, list[DecisionFacts]] = {a.id: [] for a in chunk}
        rows = session.execute(
            select(
                Decision.attempt_id, Decision.seq, Decision.scene, Decision.choice,
                Decision.help, Decision.sanction, Decision.seconds, Decision.decided_at,
            )
            .where(Decision.attempt_id.in_(list(by_attempt)))
            .order_by(Decision.attempt_id, Decision.seq)
        )  # fmt: skip
        for aid, *rest in rows:
            by_attempt[aid].append(DecisionFacts(*rest))
        for attempt in chunk:
            for statement in statements_of(settings, attempt, by_attempt[attempt.id]):
                problems = validate_statement(statement)
                if problems:
                    raise XapiError(
                        f"statement {statement.get('id')} of attempt {attempt.id} is invalid: "
                        + "; ".join(problems)
                    )
                yield statement
    from frontlijn_game.reporting.session_xapi import session_statements

    for statement in session_statements(session, settings, cohort, scenario_id, within):
        problems = validate_statement(statement)
        if problems:
            raise XapiError(
                f"statement {statement.get('id')} of a live session is invalid: "
                + "; ".join(problems)
            )
        yield statement


def write_json(statements: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the statements as one JSON array (streamed); returns how many."""
    n = 0
    out.write("[")
    for statement in statements:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(statement, ensure_ascii=False, separators=(",", ":")))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


__all__ = [
    "DEFAULT_PASS_SCORE",
    "DEFAULT_RULE",
    "NAMESPACE",
    "XAPI_VERSION",
    "AttemptFacts",
    "DecisionFacts",
    "LrsClient",
    "XapiError",
    "XapiSettings",
    "answered",
    "finished",
    "is_absolute_iri",
    "iso_duration",
    "iter_statements",
    "registration",
    "statement_id",
    "statements_endpoint",
    "statements_of",
    "timestamp",
    "validate_statement",
    "write_json",
]
