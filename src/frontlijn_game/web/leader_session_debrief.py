"""After a live session, in the leader pages: the group debrief and the nabespreking.

The debrief is :func:`service.session_debrief.group_debrief` (the group's path scored as
usual, balance per role, each participant's votes against the best continuation, where
the group split), rendered as tables; the nabespreking form (what went well, gaps,
agreements) is saved with the session by :func:`service.sessions.save_review`.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import sessions
from frontlijn_game.web.leader_pages import LEADER_PATH, LeaderCtx, leader_endpoint

MAX_REVIEW = 8000
"""Characters per field of the nabespreking (the form's maxlength says the same)."""


def _code(ctx: LeaderCtx) -> str:
    from frontlijn_game.store.live_sessions import normalise_session_code

    return normalise_session_code(ctx.request.path_params["code"])[:16]


def share(value: object) -> str:
    """A balance (0..1) as a percentage; "–" when there is none."""
    return "–" if not isinstance(value, int | float) else f"{round(value * 100)}%"


def debrief(ctx: LeaderCtx, error: str | None = None, status: int = 200) -> Response:
    from frontlijn_game.service.session_debrief import group_debrief

    assert ctx.scope is not None
    code = _code(ctx)
    store = ctx.layer.progress().store
    try:
        view = sessions.console(store, code, ctx.scope.name)
    except sessions.SessionError:
        return ctx.not_found()
    report = None
    problem = None
    try:
        report = group_debrief(store, code, ctx.scope.name)
    except sessions.SessionError as exc:
        problem = str(exc)
    return ctx.render(
        "leader/session_debrief.html",
        status=status,
        title=_("Groepsdebrief {code}").format(code=view.header.code),
        head=view.header,
        report=report,
        problem=problem,
        review=view.review,
        form=ctx.form if error else None,
        error=error,
        share=share,
        role_titles={r.id: r.title for r in view.header.roles},
        max_review=MAX_REVIEW,
    )


def review(ctx: LeaderCtx) -> Response:
    assert ctx.scope is not None
    code = _code(ctx)
    texts = [ctx.form.get(k, "")[:MAX_REVIEW] for k in ("went_well", "gaps", "agreements")]
    try:
        sessions.save_review(ctx.layer.progress().store, code, ctx.scope.name, *texts)
    except sessions.NotFacilitator:
        return ctx.not_found()
    except sessions.SessionError as exc:
        return debrief(ctx, str(exc), 409)
    return ctx.redirect(f"{LEADER_PATH}/sessions/{code}/debrief?saved=1#review-title")


def routes(base: str) -> list[BaseRoute]:
    return [
        Route(base + "/{code}/debrief", leader_endpoint(debrief), methods=["GET"]),
        Route(base + "/{code}/review", leader_endpoint(review), methods=["POST"]),
    ]
