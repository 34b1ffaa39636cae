"""A trainee's pages in a live session: join with the session code, then the session page
(the scene, their role's brief and dossier, the options as a form), a vote, a role.

Thin handlers over :mod:`frontlijn_game.service.sessions`, after the usual sign-in. The
page works without JavaScript (its "Vernieuwen" link shows the newest state; a meta
refresh would break WCAG 2.2.1, so there is none); with the small external
``session.js`` the page asks ``/session/CODE/state`` for the version and redraws itself
when what it shows changed, announcing that through a live region.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import sessions
from frontlijn_game.web.markdown import to_html
from frontlijn_game.web.pages import Ctx, endpoint
from frontlijn_game.web.session_seat import (
    POLL_MS,
    held_code,
    keep_seat,
    live_page,
    ticket_of,
    view_key,
)

MAX_CODE = 16


def _code(ctx: Ctx) -> str:
    from frontlijn_game.store.live_sessions import normalise_session_code

    return normalise_session_code(ctx.request.path_params["code"])[:MAX_CODE]


def join_page(ctx: Ctx, error: str | None = None, status: int = 200) -> Response:
    code = ctx.form.get("code") or ctx.request.query_params.get("code", "")
    return ctx.render(
        "join.html", status=status, title=_("Aanschuiven bij een sessie"), error=error,
        code=code[:MAX_CODE], held=held_code(ctx),
    )  # fmt: skip


def join(ctx: Ctx) -> Response:
    """Take a seat (the same seat again after a drop; this browser takes it over)."""
    from frontlijn_game.store.live_sessions import normalise_session_code

    code = normalise_session_code(ctx.form.get("code", ""))[:MAX_CODE]
    if not code:
        return join_page(ctx, _("Typ de sessiecode die de gespreksleider laat zien."), 400)
    try:
        ticket = sessions.join(ctx.layer.progress().store, code, ctx.code)
    except sessions.SessionError as exc:
        return join_page(ctx, str(exc), 400)
    return keep_seat(ctx, ctx.redirect(f"/session/{ticket.code}"), ticket)


def _lost(ctx: Ctx, code: str, message: str, status: int = 409) -> Response:
    """The seat is not this browser's (never joined here, taken over, removed)."""
    return ctx.render(
        "session_lost.html", status=status, title=_("Sessie {code}").format(code=code),
        message=message, code=code,
    )  # fmt: skip


def page(ctx: Ctx, error: str | None = None, status: int = 200) -> Response:
    code = _code(ctx)
    ticket = ticket_of(ctx, code)
    if ticket is None:
        return ctx.redirect(f"/join?code={code}")
    try:
        view = sessions.view(ctx.layer.progress().store, ticket)
    except sessions.SeatTakenOver as exc:
        return _lost(ctx, code, str(exc))
    except sessions.SessionError as exc:
        return _lost(ctx, code, str(exc), 404)
    live_page(ctx)
    return ctx.render(
        "session.html",
        status=status,
        title=(view.scene.title + " · " if view.scene else "") + view.header.title,
        view=view,
        text=None if view.scene is None else to_html(view.scene.text, 2),
        consequence=None
        if view.last_round is None or not view.last_round.consequence
        else to_html(view.last_round.consequence, 3),
        key=view_key(view),
        cl=_case_language(ctx, view.header.scenario_id),
        poll_ms=POLL_MS,
        error=error,
    )


def vote(ctx: Ctx) -> Response:
    code = _code(ctx)
    ticket = ticket_of(ctx, code)
    if ticket is None:
        return ctx.redirect(f"/join?code={code}")
    choice = ctx.form.get("choice")
    if not choice:
        return page(ctx, _("Kies eerst een van de opties."), 400)
    try:
        number = int(ctx.form.get("decision", ""))
    except ValueError:
        return page(ctx, _("Deze beslissing is al gesloten; je stem telt niet meer."), 409)
    try:
        sessions.vote(ctx.layer.progress().store, ticket, number, choice)
    except sessions.SeatTakenOver as exc:
        return _lost(ctx, code, str(exc))
    except sessions.SessionError as exc:
        return page(ctx, str(exc), 409)
    return ctx.redirect(f"/session/{code}")


def role(ctx: Ctx) -> Response:
    code = _code(ctx)
    ticket = ticket_of(ctx, code)
    if ticket is None:
        return ctx.redirect(f"/join?code={code}")
    try:
        sessions.pick_role(ctx.layer.progress().store, ticket, ctx.form.get("role") or None)
    except sessions.SeatTakenOver as exc:
        return _lost(ctx, code, str(exc))
    except sessions.SessionError as exc:
        return page(ctx, str(exc), 409)
    return ctx.redirect(f"/session/{code}")


def state(ctx: Ctx) -> Response:
    """For the poller: the version, and the page's key when the view changed since
    ``?since=`` (one cheap read when nothing did)."""
    code = _code(ctx)
    ticket = ticket_of(ctx, code)
    if ticket is None:
        return JSONResponse({"gone": True}, status_code=409)
    try:
        since = int(ctx.request.query_params.get("since", "0"))
    except ValueError:
        since = 0
    try:
        polled = sessions.poll(ctx.layer.progress().store, ticket, since)
    except sessions.SessionError:
        return JSONResponse({"gone": True}, status_code=409)
    if polled.view is None:
        return JSONResponse({"version": polled.version})
    return JSONResponse({"version": polled.version, "key": view_key(polled.view)})


def _case_language(ctx: Ctx, scenario_id: str) -> str:
    found = ctx.layer.library().scenarios.get(scenario_id)
    return "nl" if found is None else found.language


def routes() -> list[BaseRoute]:
    return [
        Route("/join", endpoint(join_page), methods=["GET"]),
        Route("/join", endpoint(join), methods=["POST"]),
        Route("/session/{code}", endpoint(page), methods=["GET"]),
        Route("/session/{code}/vote", endpoint(vote), methods=["POST"]),
        Route("/session/{code}/role", endpoint(role), methods=["POST"]),
        Route("/session/{code}/state", endpoint(state), methods=["GET"]),
    ]
