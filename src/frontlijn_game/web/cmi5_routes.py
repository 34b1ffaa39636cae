"""The web door's cmi5 pages: the LMS's launch of an AU, and the way back to the LMS.

``GET /cmi5/launch/<case>`` is the AU's URL in the course package; the LMS adds the
launch parameters. The handler only reads the request and calls
:mod:`frontlijn_game.service.cmi5`, which fetches the token once, reads the launch data,
signs the learner in and queues the statements. A reload of the same launch in the same
browser goes on where it was, without a second fetch; any other reuse of the link gets
a clear page. ``POST /cmi5/exit`` (the header's button while launched from an LMS)
ends the AU session and returns to the LMS's returnURL. A thread sends what the outbox
still holds every few seconds, so statements that failed are sent again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import cmi5, cmi5_play
from frontlijn_game.web.app_layer import AppLayer
from frontlijn_game.web.pages import LMS_COOKIE, Ctx, endpoint

RETRY_SECONDS = 15.0
STATUS = {"bad-launch": 400, "untrusted": 403, "unknown": 404, "used": 409, "lms": 502}
log = logging.getLogger(__name__)


def public_base(request: Request) -> str:
    """The web door's public address: FRONTLIJN_PUBLIC_URL, else the one asked for."""
    return (os.environ.get("FRONTLIJN_PUBLIC_URL") or str(request.base_url)).rstrip("/")


def problem(ctx: Ctx, message: str, status: int, hint: bool = True) -> Response:
    return ctx.render(
        "cmi5.html",
        status=status,
        title=_("Starten vanuit de leeromgeving"),
        message=message,
        hint=hint,
    )


def launch(ctx: Ctx) -> Response:
    scenario_id = ctx.request.path_params["scenario_id"]
    token = ctx.session.token if ctx.session is not None else None
    store = ctx.layer.progress().store
    try:
        request = cmi5.parse_launch(
            scenario_id,
            dict(ctx.request.query_params),
            cmi5.trusted_origins(os.environ.get("FRONTLIJN_CMI5_ORIGINS")),
        )
        again = cmi5.used_by(request.fetch, token, store)
        if again is not None and again.attempt_id is not None:
            return ctx.redirect(f"/play/{again.attempt_id}")
        launched = cmi5.launch(store, ctx.layer.library(), request, token, public_base(ctx.request))
    except cmi5.LaunchError as exc:
        return problem(ctx, str(exc), STATUS.get(exc.kind, 400), hint=exc.kind != "used")
    ctx.session = launched.web_session
    ctx.cookie = launched.web_session.token
    response = ctx.redirect(launched.path)
    response.set_cookie(
        LMS_COOKIE,
        "cmi5",
        httponly=True,
        samesite="lax",
        secure=ctx.request.url.scheme == "https",
        path="/",
    )
    return response


def leave(ctx: Ctx) -> Response:
    token = ctx.session.token if ctx.session is not None else None
    return_url = None
    if token is not None:
        return_url = cmi5_play.terminate(ctx.layer.progress().store, ctx.layer.library(), token)
        ctx.layer.end_session(token)  # signed out, also when the AU session had ended
    ctx.session = None
    ctx.clear_cookie = True
    # A page, not a redirect: the CSP's form-action 'self' would stop a form's redirect
    # to the LMS, so this page sends the browser on (and offers the link, too).
    response = ctx.render(
        "cmi5.html",
        title=_("Terug naar de leeromgeving"),
        message=_("Je bent klaar met deze casus. Je kunt dit venster sluiten.")
        if return_url is None
        else _("Je gaat terug naar je leeromgeving."),
        done=True,
        return_url=return_url,
    )
    response.delete_cookie(LMS_COOKIE, path="/")
    return response


def start_retries(layer: AppLayer, every: float = RETRY_SECONDS) -> Callable[[], None]:
    """Send what the outbox holds now and then every ``every`` seconds; returns a stop."""
    from frontlijn_game.service.cmi5_outbox import flush

    stop = threading.Event()

    def run() -> None:
        while True:
            try:
                flush(layer.progress().store)
            except Exception:  # a database hiccup must not end the thread
                log.exception("cmi5: sending queued statements failed")
            if stop.wait(every):
                return

    thread = threading.Thread(target=run, name="cmi5-outbox", daemon=True)
    thread.start()
    return stop.set


def routes() -> list[BaseRoute]:
    return [
        Route("/cmi5/launch/{scenario_id}", endpoint(launch, signed_in=False), methods=["GET"]),
        Route("/cmi5/exit", endpoint(leave, signed_in=False), methods=["POST"]),
    ]
