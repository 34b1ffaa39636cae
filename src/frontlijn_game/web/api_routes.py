"""The JSON door under ``/api/v1``: what ``frontlijn --server URL`` talks to.

The same application layer as the HTML pages (:class:`~frontlijn_game.web.app_layer.AppLayer`)
answers every call, so the sign-in (PIN backoff, no code enumeration, the per-client
limit), the attempt rules and the replay protection are the HTML door's own. A client
authenticates with ``Authorization: Bearer TOKEN``, the token of a server-side web
session (the table keeps only its hash), so no CSRF token is needed: a browser never
sends the header by itself.

A decision is posted with the *turn* the server handed out for it (decision number,
options in their shown order, the time shown and an HMAC over them keyed by the
session's secret, as :func:`~frontlijn_game.web.security.scene_token`); a repeated or
forged post records nothing. The server runs the engine's step itself: a client only
names the option it chose.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _, use_language
from frontlijn_game.web.api_views import (
    attempt_json,
    debrief_json,
    overview_json,
    scene_json,
)
from frontlijn_game.web.app_layer import NotFound, ProgressError, StaleForm, TooSoon, WrongPin
from frontlijn_game.web.security import same, scene_token

if TYPE_CHECKING:
    from frontlijn_game.store.web_sessions import WebSessionRecord
    from frontlijn_game.web.app_layer import AppLayer

PREFIX = "/api/v1"
API_VERSION = 1
MAX_SECONDS = 24 * 3600


class ApiError(Exception):
    """An answer other than 200: ``kind`` is for programs, the message for people."""

    def __init__(self, status: int, kind: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.kind, self.extra = status, kind, extra


@dataclass
class Call:
    request: Request
    body: dict[str, Any]
    layer: AppLayer
    session: WebSessionRecord | None
    wait: float = 0.0
    """Seconds to let pass before the answer goes out (a failed login's growing delay),
    waited without holding a thread."""

    @property
    def code(self) -> str:
        if self.session is None or self.session.trainee_code is None:
            raise ApiError(401, "signed_out", _("Je bent niet (meer) aangemeld."))
        return self.session.trainee_code

    def require(self) -> None:
        """Refuse a call without a signed-in session before its handler runs."""
        if not self.code:
            raise ApiError(401, "signed_out", _("Je bent niet (meer) aangemeld."))

    def text(self, key: str) -> str:
        value = self.body.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    def attempt_id(self) -> int:
        return int(self.request.path_params["attempt_id"])

    def limited(self) -> None:
        """The HTML door's per-client limit on sign-in attempts."""
        limit = self.request.app.state.signin_limit
        client = self.request.client.host if self.request.client else "?"
        if not limit.allow(client):
            raise ApiError(
                429, "rate_limited", _("Te veel pogingen vanaf dit adres. Wacht een paar minuten.")
            )


Handler = Callable[[Any], Any]
"""A handler takes a :class:`Call` (or the ``kind`` given to :func:`api`) and returns
the answer's JSON, or a ready :class:`Response` (a download)."""


def api(
    handler: Handler, signed_in: bool = True, kind: type[Call] = Call
) -> Callable[[Request], Any]:
    """A Starlette endpoint: JSON in, JSON out, the work in a thread; ``kind`` says who
    must be signed in (a trainee's :class:`Call`, a leader's ``api_leader.LeaderCall``)."""

    async def run(request: Request) -> Response:
        body: dict[str, Any] = {}
        if request.method == "POST":
            raw = await request.body()
            try:
                parsed = json.loads(raw) if raw else {}
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                return _error(ApiError(400, "bad_request", "the body must be a JSON object"))
            body = parsed
        response, wait = await run_in_threadpool(_handle, handler, request, body, signed_in, kind)
        if wait > 0:
            sleep = getattr(request.app.state, "leader_sleep", anyio.sleep)
            await sleep(wait)
        return response

    return run


def _handle(
    handler: Handler, request: Request, body: dict[str, Any], signed_in: bool, kind: type[Call]
) -> tuple[Response, float]:
    layer: AppLayer = request.app.state.layer
    lang = request.headers.get("accept-language", "nl")[:2].lower()
    use_language(lang if lang in ("nl", "en") else "nl")
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else ""
    call: Call | None = None
    try:
        session = layer.session(token) if token else None
        call = kind(request, body, layer, session)
        if signed_in:
            call.require()
        result = handler(call)
    except Exception as exc:
        return _error(_api_error(exc)), 0.0 if call is None else call.wait
    response = result if isinstance(result, Response) else JSONResponse(result)
    response.headers["Cache-Control"] = "no-store"
    return response, call.wait


def _api_error(exc: Exception) -> ApiError:
    """Any failure as the answer a client reads: a kind for programs, words for people.
    What is not there and what is not this leader's to see answer alike (404)."""
    from frontlijn_game.service.admin import AdminRefused
    from frontlijn_game.service.database import StoreError
    from frontlijn_game.service.errors import LeaderDataError, store_message
    from frontlijn_game.service.scope import NotAllowed

    try:
        raise exc
    except ApiError as known:
        return known
    except TooSoon as exc:
        return ApiError(429, "too_soon", str(exc), seconds=exc.seconds)
    except WrongPin as exc:
        return ApiError(401, "wrong_pin", str(exc), seconds=exc.seconds)
    except NotFound as exc:
        return ApiError(404, "not_found", str(exc))
    except StaleForm as exc:
        return ApiError(409, "stale", str(exc))
    except ProgressError as exc:
        return ApiError(409, "refused", str(exc))
    except (NotAllowed, AdminRefused) as exc:
        return ApiError(403, "not_allowed", str(exc))
    except LeaderDataError as exc:
        return ApiError(409, "refused", str(exc))
    except StoreError as exc:  # in the command line's words: its client reads them
        from frontlijn_game.store.errors import NotFound as Unknown

        status, kind = (404, "not_found") if isinstance(exc, Unknown) else (409, "refused")
        return ApiError(status, kind, store_message(exc))
    except (KeyError, ValueError, TypeError):
        return ApiError(400, "bad_request", _("Dit verzoek klopt niet."))


def _error(exc: ApiError) -> Response:
    body = {"error": exc.kind, "message": str(exc), **exc.extra}
    response = JSONResponse(body, status_code=exc.status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _signed_in(session: WebSessionRecord) -> dict[str, Any]:
    return {"token": session.token, "trainee": {"code": session.trainee_code, "has_pin": True}}


# -- the door itself ------------------------------------------------------------------


def about(call: Call) -> dict[str, Any]:
    from frontlijn_game import __version__

    return {"frontlijn": __version__, "api": API_VERSION}


def signin(call: Call) -> dict[str, Any]:
    """Code and PIN at once: a known and an unknown code answer alike."""
    call.limited()
    old = call.session.token if call.session is not None else None
    return _signed_in(call.layer.sign_in(old, call.text("code"), call.text("pin")))


def new_trainee(call: Call) -> dict[str, Any]:
    """The explicit "new code" action (never a side effect of signing in)."""
    call.limited()
    old = call.session.token if call.session is not None else None
    return _signed_in(call.layer.create(old, call.text("code"), call.text("pin")))


def signout(call: Call) -> dict[str, Any]:
    if call.session is not None:
        call.layer.end_session(call.session.token)
    return {}


def library(call: Call) -> dict[str, Any]:
    """The cases and curricula as their YAML text: the terminal checks and plays them
    with its own loader and engine, and the server replays every choice it is sent."""
    from pathlib import Path

    lib = call.layer.library()
    return {
        "scenarios": [
            {"path": f"scenarios/{Path(s.path).name}", "source": s.source}
            for s in lib.scenarios.values()
        ],
        "curricula": [
            {"path": f"curricula/{Path(c.path).name}", "source": Path(c.path).read_text("utf-8")}
            for c in lib.curricula.values()
        ],
    }


def me(call: Call) -> dict[str, Any]:
    code = call.code
    progress = call.layer.progress()
    return {
        "code": code,
        "curricula": progress.curricula(code),
        "attempts": [attempt_json(a) for a in progress.attempts(code)],
    }


def overview(call: Call) -> dict[str, Any]:
    return overview_json(call.layer.overview(call.code))


def open_attempt(call: Call) -> dict[str, Any]:
    found = call.layer.open_attempt(call.code, call.request.path_params["scenario_id"])
    return {"attempt": None if found is None else attempt_json(found)}


def start(call: Call) -> dict[str, Any]:
    """``action``: start (a new attempt), restart (abandon the open one first) or resume."""
    code, scenario_id = call.code, call.request.path_params["scenario_id"]
    action = call.text("action") or "start"
    if action == "resume":
        found = call.layer.open_attempt(code, scenario_id)
        if found is None:
            raise NotFound(_("Deze poging bestaat niet."))
        return {"attempt": found.id}
    if action not in ("start", "restart"):
        raise ApiError(400, "bad_request", _("Dit verzoek klopt niet."))
    return {"attempt": call.layer.start(code, scenario_id, restart=action == "restart")}


def turn(call: Call, attempt_id: int) -> dict[str, Any] | None:
    """The decision to take now, signed for this session; None when the attempt is closed."""
    try:
        number, shown = call.layer.shown(call.code, attempt_id)
    except StaleForm:
        return None
    shown_at = str(int(time.time()))
    assert call.session is not None
    token = scene_token(call.session.csrf, attempt_id, number, [*shown, shown_at])
    return {"number": number, "shown": list(shown), "shown_at": shown_at, "token": token}


def attempt(call: Call) -> dict[str, Any]:
    """Everything to resume or replay: the attempt, its snapshot's text, the state."""
    code, attempt_id = call.code, call.attempt_id()
    record = call.layer.attempt(code, attempt_id)  # refuses another trainee's attempt
    saved = call.layer.progress().load(record.id)
    return {
        "attempt": attempt_json(saved.attempt),
        "source": saved.scenario.source,
        "state": saved.state,
        "choices": list(saved.choices),
        "turn": turn(call, attempt_id),
    }


def scene(call: Call) -> dict[str, Any]:
    attempt_id = call.attempt_id()
    return {**scene_json(call.layer.scene(call.code, attempt_id)), "turn": turn(call, attempt_id)}


def choose(call: Call) -> dict[str, Any]:
    """Record the choice of the turn handed out, once; the next turn comes back."""
    code, attempt_id = call.code, call.attempt_id()
    number, shown_at = int(call.body["number"]), int(call.body["shown_at"])
    loaded = call.layer.turn(code, attempt_id)
    current, shown = loaded.number, loaded.shown
    assert call.session is not None
    expected = scene_token(call.session.csrf, attempt_id, number, [*shown, str(shown_at)])
    sent_shown = call.body.get("shown")
    if (
        number != current
        or not same(call.text("token"), expected)
        or (sent_shown is not None and tuple(sent_shown) != shown)
    ):
        raise StaleForm(_("Die keuze hoorde bij een eerder scherm; er is niets opgeslagen."))
    elapsed = time.time() - shown_at
    sent = call.body.get("seconds")
    seconds: float | None = elapsed if 0 <= elapsed < MAX_SECONDS else None
    if isinstance(sent, int | float) and 0 <= sent < MAX_SECONDS:
        # The terminal's own clock: a turn asked for again after a lost connection starts
        # the server's clock afresh, while the trainee has been reading all along.
        seconds = float(sent)
    finished = call.layer.choose(
        code,
        attempt_id,
        number,
        call.text("choice"),
        None if seconds is None else round(seconds, 2),
        loaded,
    )
    return {
        "finished": finished,
        "attempt": attempt_json(call.layer.attempt(code, attempt_id)),
        "turn": None if finished else turn(call, attempt_id),
    }


def pause(call: Call) -> dict[str, Any]:
    call.layer.suspend(call.code, call.attempt_id())
    return {"attempt": attempt_json(call.layer.attempt(call.code, call.attempt_id()))}


def abandon(call: Call) -> dict[str, Any]:
    call.layer.abandon(call.code, call.attempt_id())
    return {"attempt": attempt_json(call.layer.attempt(call.code, call.attempt_id()))}


def debrief(call: Call) -> dict[str, Any]:
    view = call.layer.debrief(call.code, call.attempt_id())
    if view.attempt.open:
        raise StaleForm(_("Deze poging is nog niet afgelopen."))
    return debrief_json(view)


def routes() -> list[BaseRoute]:
    p = PREFIX
    return [
        Route(p, api(about, signed_in=False), methods=["GET"]),
        Route(f"{p}/signin", api(signin, signed_in=False), methods=["POST"]),
        Route(f"{p}/trainees", api(new_trainee, signed_in=False), methods=["POST"]),
        Route(f"{p}/signout", api(signout, signed_in=False), methods=["POST"]),
        Route(f"{p}/library", api(library), methods=["GET"]),
        Route(f"{p}/me", api(me), methods=["GET"]),
        Route(f"{p}/overview", api(overview), methods=["GET"]),
        Route(f"{p}/cases/{{scenario_id}}/attempt", api(open_attempt), methods=["GET"]),
        Route(f"{p}/cases/{{scenario_id}}/attempts", api(start), methods=["POST"]),
        Route(f"{p}/attempts/{{attempt_id:int}}", api(attempt), methods=["GET"]),
        Route(f"{p}/attempts/{{attempt_id:int}}/scene", api(scene), methods=["GET"]),
        Route(f"{p}/attempts/{{attempt_id:int}}/choices", api(choose), methods=["POST"]),
        Route(f"{p}/attempts/{{attempt_id:int}}/pause", api(pause), methods=["POST"]),
        Route(f"{p}/attempts/{{attempt_id:int}}/abandon", api(abandon), methods=["POST"]),
        Route(f"{p}/attempts/{{attempt_id:int}}/debrief", api(debrief), methods=["GET"]),
    ]
