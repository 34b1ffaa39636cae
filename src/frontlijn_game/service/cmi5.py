"""A cmi5 launch from an LMS: the AU side of cmi5, for the web door.

:func:`launch` takes the launch parameters (endpoint, fetch, actor, registration,
activityId), POSTs the fetch URL exactly once (a fetch URL already seen is refused
without calling it again), reads ``LMS.LaunchData`` and the learner's
``cmi5LearnerPreferences``, maps the LMS account to a trainee (no code, no PIN shown),
signs the browser in, starts or resumes the case and queues ``initialized`` -- all in one
write transaction. What the learner then does is reported by
:mod:`frontlijn_game.service.cmi5_play`; statements go through the outbox
(:mod:`frontlijn_game.service.cmi5_outbox`), which retries what failed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from frontlijn_game.i18n import _
from frontlijn_game.reporting import cmi5_statements as st
from frontlijn_game.reporting.cmi5_client import Cmi5Lrs, FetchRefused, fetch_token
from frontlijn_game.reporting.xapi_validation import XapiError, is_absolute_iri
from frontlijn_game.service.cmi5_outbox import flush
from frontlijn_game.service.trainee import ProgressError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.scenario.content import Library
    from frontlijn_game.store.cmi5 import SessionRecord
    from frontlijn_game.store.service import Store
    from frontlijn_game.store.web_sessions import WebSessionRecord

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MODES = ("Normal", "Browse", "Review")


class LaunchError(ProgressError):
    """The launch cannot go on; the message is for the learner, ``kind`` for the page."""

    def __init__(self, message: str, kind: str = "bad-launch") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class LaunchRequest:
    scenario_id: str
    endpoint: str
    fetch: str
    actor: dict[str, Any]
    registration: str
    activity_id: str


@dataclass(frozen=True)
class Launched:
    web_session: WebSessionRecord
    session_id: int
    path: str
    """Where the browser goes now: the scene, or (Review) the last debrief."""
    launch_mode: str


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def trusted_origins(setting: str | None) -> frozenset[str]:
    """The LMS addresses allowed to launch (``FRONTLIJN_CMI5_ORIGINS``, comma-separated)."""
    return frozenset(origin(item) for item in (setting or "").split(",") if item.strip())


def parse_launch(
    scenario_id: str, query: Mapping[str, str], trusted: Collection[str]
) -> LaunchRequest:
    """The five cmi5 launch parameters (cmi5 8.1), checked; LaunchError names what is off.

    The fetch URL and the endpoint must lie at an LMS the administrator named
    (``trusted``): the server POSTs to the one and sends to the other, and the LMS there
    vouches for the actor, so an unknown site could otherwise pose as any learner or
    make the server call addresses of its choosing."""
    missing = [
        k for k in ("endpoint", "fetch", "actor", "registration", "activityId") if not query.get(k)
    ]
    if missing:
        raise LaunchError(
            _("Deze link komt niet van een cmi5-leeromgeving: {names} ontbreekt.").format(
                names=", ".join(missing)
            )
        )
    try:
        actor = json.loads(query["actor"])
    except ValueError:
        actor = None
    account = actor.get("account") if isinstance(actor, dict) else None
    ok = (
        isinstance(account, dict)
        and is_absolute_iri(account.get("homePage"), web=True)
        and isinstance(account.get("name"), str)
        and bool(account["name"])
        and actor.get("objectType", "Agent") == "Agent"
    )
    if not ok:
        raise LaunchError(_("De leeromgeving gaf geen geldige deelnemer (actor met account) mee."))
    for name, value in (("endpoint", query["endpoint"]), ("fetch", query["fetch"])):
        if not is_absolute_iri(value, web=True):
            raise LaunchError(_("De parameter {name} is geen webadres.").format(name=name))
    for name in ("fetch", "endpoint"):
        if origin(query[name]) not in trusted:
            raise LaunchError(
                _(
                    "Deze leeromgeving ({origin}) is niet bekend bij frontlijn. De beheerder "
                    "zet haar adres in FRONTLIJN_CMI5_ORIGINS."
                ).format(origin=origin(query[name])),
                "untrusted",
            )
    if not _UUID.match(query["registration"]):
        raise LaunchError(_("De parameter registration is geen UUID."))
    if not is_absolute_iri(query["activityId"]) or len(query["activityId"]) > 1000:
        raise LaunchError(_("De parameter activityId is geen IRI."))
    return LaunchRequest(
        scenario_id,
        query["endpoint"],
        query["fetch"],
        dict(actor),
        query["registration"].lower(),
        query["activityId"],
    )


def language_of(preferences: Mapping[str, Any] | None, default: str) -> str:
    """The first of the learner's languages (cmi5 11.1) that the game speaks."""
    listed = (preferences or {}).get("languagePreference")
    if isinstance(listed, str):
        for tag in listed.split(","):
            primary = tag.strip().split("-")[0].lower()
            if primary in ("nl", "en"):
                return primary
    return default if default in ("nl", "en") else "nl"


def mastery_of(data: Mapping[str, Any]) -> Decimal | None:
    value = data.get("masteryScore")
    if value is None or isinstance(value, bool):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        return None
    return score if 0 <= score <= 1 else None


def session_of(web_token: str | None, store: Store) -> SessionRecord | None:
    """The open AU session of a browser session (None: not launched from an LMS)."""
    from frontlijn_game.store import cmi5 as rows

    if not web_token:
        return None
    return store.db.read(lambda s: rows.session_by_web(s, digest(web_token)))


def used_by(fetch: str, web_token: str | None, store: Store) -> SessionRecord | None:
    """The session this browser already opened with ``fetch`` (a reload of the launch)."""
    from frontlijn_game.store import cmi5 as rows

    found = store.db.read(lambda s: rows.session_by_fetch(s, digest(fetch)))
    if found is None or not web_token:
        return None
    current = session_of(web_token, store)
    return found if current is not None and current.id == found.id else None


def context_of(record: SessionRecord) -> st.Cmi5Context:
    template = record.launch_data.get("contextTemplate")
    return st.Cmi5Context(
        record.actor,
        record.registration,
        record.activity_id,
        template if isinstance(template, dict) else {},
        f"{record.id}|{record.fetch_digest}",
        mastery_of(record.launch_data),
    )


def next_time(s: Session, session_id: int, now: datetime) -> datetime:
    """``now``, or a millisecond after the session's last statement: cmi5 orders a
    session's statements by timestamp, so each one gets its own."""
    from frontlijn_game.store import cmi5 as rows

    last = rows.last_timestamp(s, session_id)
    if last is None:
        return now
    before = datetime.strptime(last, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=now.tzinfo)
    return max(now, before + timedelta(milliseconds=1))


def launch(
    store: Store, library: Library, request: LaunchRequest, old_token: str | None, base: str
) -> Launched:
    """Everything a launch does (see the module's docstring); ``base`` is the web door's
    public address, the base of the game's own activity ids."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.store import cmi5 as rows
    from frontlijn_game.store import repository, web_sessions
    from frontlijn_game.store.models import utcnow
    from frontlijn_game.store.people import get_trainee

    scenario = library.scenarios.get(request.scenario_id)
    if scenario is None:
        raise LaunchError(
            _("Casus '{ref}' niet gevonden.").format(ref=request.scenario_id), "unknown"
        )
    fetch_key = digest(request.fetch)
    if store.db.read(lambda s: rows.session_by_fetch(s, fetch_key)) is not None:
        raise LaunchError(_used(), "used")
    try:
        token = fetch_token(request.fetch)
    except FetchRefused as exc:
        raise LaunchError(_used() if exc.code == "1" else _refused(), "used") from None
    except XapiError:
        raise LaunchError(_unreachable(), "lms") from None
    lrs = Cmi5Lrs(request.endpoint, token)
    try:
        data = lrs.launch_data(request.activity_id, request.actor, request.registration)
    except XapiError:
        raise LaunchError(_unreachable(), "lms") from None
    if data is None or not isinstance(data.get("contextTemplate"), dict):
        raise LaunchError(
            _("De leeromgeving gaf geen startgegevens (LMS.LaunchData) voor deze casus."), "lms"
        )
    try:
        preferences = lrs.learner_preferences(request.actor)
    except XapiError:  # the AU must read them, but a refusal stops nothing (cmi5 11)
        preferences = None
    lang = language_of(preferences, scenario.language)
    mode = data.get("launchMode") if data.get("launchMode") in MODES else "Normal"
    account = request.actor["account"]

    def work(s: Session) -> Launched:
        learner_id, code = rows.learner_code(s, account["homePage"], account["name"])
        trainee = get_trainee(s, code)
        target: str | None = None
        attempt_id: int | None = None
        if mode == "Review":
            finished = [
                a
                for a in repository.list_attempts(s, trainee.id, scenario.id, "finished")
                if a.finished_at is not None
            ]
            if finished:
                attempt_id = max(finished, key=lambda a: a.finished_at or a.started_at).id
                target = f"/debrief/{attempt_id}"
        if target is None:
            found = repository.find_open_attempt(s, trainee.id, scenario.id)
            if found is None:
                found = repository.start_attempt(
                    s, trainee, scenario, Playthrough.start(scenario).state
                )
            attempt_id = found.id
            target = f"/play/{attempt_id}"
        decisions = 0 if attempt_id is None else repository.attempt_record(s, attempt_id).decisions
        web = web_sessions.sign_in(s, old_token, code)
        web_sessions.update(s, web.token, lang=lang)
        now = utcnow()
        session_id = rows.create_session(
            s, learner_id,
            fetch_digest=fetch_key, web_session_id=web_sessions.digest(web.token),
            scenario_id=scenario.id, attempt_id=attempt_id, endpoint=request.endpoint,
            auth_token=token, actor=request.actor, registration=request.registration,
            activity_id=request.activity_id, activity_base=f"{base.rstrip('/')}/xapi",
            launch_data=data, lang=lang, decisions_queued=decisions,
            finished_queued=False, initialized_at=now,
        )  # fmt: skip
        rows.close_earlier(s, request.registration, request.activity_id, session_id)
        record = rows.session_by_fetch(s, fetch_key)
        assert record is not None
        rows.queue(s, session_id, "initialized", st.initialized(context_of(record), now))
        web = web_sessions.find(s, web.token) or web
        return Launched(web, session_id, target, str(mode))

    launched = store.db.write(work)
    flush(store, launched.session_id)
    return launched


def _used() -> str:
    return _(
        "Deze startlink is al gebruikt. Ga terug naar je leeromgeving en start de casus daar "
        "opnieuw; wat je al koos, is bewaard."
    )


def _refused() -> str:
    return _("De leeromgeving weigerde deze start. Ga terug en start de casus opnieuw.")


def _unreachable() -> str:
    return _(
        "De leeromgeving is nu niet bereikbaar, dus de casus kan niet starten. Probeer het "
        "over een paar minuten opnieuw vanuit je leeromgeving."
    )


__all__ = [
    "LaunchError",
    "LaunchRequest",
    "Launched",
    "context_of",
    "language_of",
    "launch",
    "next_time",
    "parse_launch",
    "session_of",
    "trusted_origins",
    "used_by",
]
