"""An instructor's way from a launch into the leader pages, and back to play a case.

``/lti/lead/{token}`` is the launch page's one-time link: opened in a window of its own
(first-party, so the leader cookie holds where the LMS's frame would block it), it signs
the instructor into the leader pages as cursusleider of the course's cohort and opens that
cohort's progress. ``/leader/lti/play`` is the "Zelf spelen" button there: it signs the
same person in as their own trainee (no code, no PIN) and opens the launched case. The
rules are in :mod:`frontlijn_game.service.lti_leader`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _, use_language
from frontlijn_game.service.lti_leader import own_trainee, sign_in_own_trainee
from frontlijn_game.web.leader_pages import LEADER_COOKIE, LEADER_PATH, LeaderCtx, leader_endpoint
from frontlijn_game.web.pages import COOKIE, local_path

PLAY_PATH = LEADER_PATH + "/lti/play"


def progress_path(cohort: str, play: str, curriculum: str | None = None) -> str:
    """The cohort's progress page (in the launched module's curriculum), carrying the
    launched case for "Zelf spelen"."""
    query = {"cohort": cohort, **({"curriculum": curriculum} if curriculum else {}), "play": play}
    return LEADER_PATH + "/matrix?" + urlencode(query)


def play_target(value: str | None) -> str | None:
    """A trainee page "Zelf spelen" may open (a case's intro, or home), else None."""
    path = local_path(value, "")
    if path == "/home" or (path.startswith("/case/") and "?" not in path and "#" not in path):
        return path
    return None


async def lead(request: Request) -> Response:
    token = request.path_params["token"]
    return await run_in_threadpool(_lead, request, token)


def _lead(request: Request, token: str) -> Response:
    from frontlijn_game.service.lti import LtiError
    from frontlijn_game.service.lti_leader import sign_in_leader, use_leader_token
    from frontlijn_game.web.lti.routes import refused, service  # pylti1p3: the LTI door only

    lti = service(request)
    try:
        found = use_leader_token(lti, token)
    except LtiError as exc:
        return refused(request, str(exc))
    if found is None:
        return refused(request, _("Deze link is al gebruikt of verlopen."))
    session = sign_in_leader(lti, request.cookies.get(LEADER_COOKIE), found)
    use_language(found.lang)
    response = RedirectResponse(
        progress_path(found.cohort, found.play, found.curriculum), status_code=303
    )
    response.set_cookie(
        LEADER_COOKIE,
        session.token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=LEADER_PATH,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def self_play(ctx: LeaderCtx) -> str | None:
    """The case "Zelf spelen" opens on this page, for an instructor who came by a launch
    (the page's ``play`` parameter); None for every other leader or page."""
    target = play_target(ctx.request.query_params.get("play"))
    if target is None or ctx.scope is None or ctx.scope.leader_id is None:
        return None
    if own_trainee(ctx.layer.progress().store, ctx.scope.leader_id) is None:
        return None
    return target


def play(ctx: LeaderCtx) -> Response:
    """Sign the instructor in as their own trainee and open the launched case."""
    assert ctx.scope is not None and ctx.scope.leader_id is not None
    session = sign_in_own_trainee(
        ctx.layer.progress().store,
        ctx.scope.leader_id,
        ctx.request.cookies.get(COOKIE),
        ctx.lang,
    )
    if session is None:
        return ctx.not_found()
    response = RedirectResponse(play_target(ctx.form.get("next")) or "/home", status_code=303)
    response.set_cookie(
        COOKIE,
        session.token,
        httponly=True,
        samesite="lax",
        secure=ctx.request.url.scheme == "https",
        path="/",
    )
    return response


def routes() -> list[BaseRoute]:
    return [
        Route("/lti/lead/{token}", lead, methods=["GET"]),
        Route(PLAY_PATH, leader_endpoint(play), methods=["POST"]),
    ]
