"""How a request to the leader pages becomes a page: the leader's own session, CSRF,
the growing delay, rendering.

The leader pages live under ``/leader`` with a cookie of their own
(:data:`LEADER_COOKIE`, path ``/leader``), apart from the trainee's: a trainee's cookie
is never read here, and a session opens a leader page only when the database says a
leader signed in on it (``WebSessionRecord.leader_id``). Every post is checked against
that session's CSRF token first. The data come from the service layer
(:class:`~frontlijn_game.service.leader.LeaderData`), never from SQL here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from frontlijn_game.i18n import _, use_language
from frontlijn_game.web.pages import MAX_FIELDS, Ctx
from frontlijn_game.web.security import same

if TYPE_CHECKING:
    from frontlijn_game.service.leader import LeaderData
    from frontlijn_game.service.scope import LeaderScope

LEADER_COOKIE = "frontlijn_leader"
LEADER_PATH = "/leader"
LEADER_NOTICES: dict[str, Callable[[], str]] = {
    "signed_out": lambda: _("Je bent afgemeld."),
}


@dataclass
class LeaderCtx(Ctx):
    wait: float = 0.0
    """Seconds to let pass before the answer is sent (a failed login's delay)."""
    scope: LeaderScope | None = None
    """What the signed-in leader may see, read from the database at every request (a
    cohort taken away is gone at the next page)."""

    def data(self) -> LeaderData:
        """The signed-in leader's window on the reports, within their scope."""
        from frontlijn_game.service.leader import LeaderData

        assert self.scope is not None
        return LeaderData(self.layer.progress().store, self.layer.library(), self.scope)

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        session = self.ensure_session()
        notice = LEADER_NOTICES.get(self.request.query_params.get("notice", ""))
        html = self.env.get_template(template).render(
            lang=session.lang,
            theme=session.theme,
            csrf=session.csrf,
            leader=self.scope,
            here=self.request.url.path,
            notice=notice() if notice is not None else None,
            settings_action=LEADER_PATH + "/settings",
            home_url=LEADER_PATH,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def not_found(self) -> Response:
        """One answer for what does not exist and what is not this leader's to see."""
        return self.render(
            "leader/error.html",
            status=404,
            title=_("Niet gevonden"),
            message=_("Deze pagina bestaat niet, of hoort niet bij jouw cohorten."),
        )


def leader_endpoint(
    handler: Callable[[LeaderCtx], Response], signed_in: bool = True
) -> Callable[[Request], Any]:
    """A Starlette endpoint running ``handler`` in a thread after the leader session and
    CSRF checks; a delay the handler asks for is waited out without holding a thread."""

    async def run(request: Request) -> Response:
        form: dict[str, str] = {}
        if request.method == "POST":
            data = await request.form(max_files=0, max_fields=MAX_FIELDS)
            form = {k: v for k, v in data.items() if isinstance(v, str)}
        ctx, response = await run_in_threadpool(_run, handler, request, form, signed_in)
        if ctx.wait > 0:
            sleep = getattr(request.app.state, "leader_sleep", anyio.sleep)
            await sleep(ctx.wait)
        return response

    return run


def _run(
    handler: Callable[[LeaderCtx], Response],
    request: Request,
    form: dict[str, str],
    signed_in: bool,
) -> tuple[LeaderCtx, Response]:
    ctx = _context(request, form)
    return ctx, _handle(handler, ctx, signed_in)


def _context(request: Request, form: dict[str, str]) -> LeaderCtx:
    from frontlijn_game.service.scope import scope_of
    from frontlijn_game.store.errors import NotFound

    layer = request.app.state.layer
    token = request.cookies.get(LEADER_COOKIE)
    session = layer.session(token) if token else None
    ctx = LeaderCtx(request, form, layer, request.app.state.env, session)
    if session is not None and session.leader_id is not None and session.leader_name:
        try:
            scope = scope_of(layer.progress().store, session.leader_name)
        except NotFound:
            scope = None
        if scope is not None and scope.leader_id == session.leader_id:
            ctx.scope = scope
    return ctx


def _handle(handler: Callable[[LeaderCtx], Response], ctx: LeaderCtx, signed_in: bool) -> Response:
    session = ctx.session
    use_language(session.lang if session is not None else "nl")
    if ctx.request.method == "POST" and (
        session is None or not same(ctx.form.get("csrf"), session.csrf)
    ):
        response = ctx.render(
            "leader/error.html",
            status=403,
            title=_("Formulier verlopen"),
            message=_(
                "Dit formulier is verlopen of kwam niet van deze site. Er is niets gedaan. "
                "Ga terug, laad de pagina opnieuw en probeer het nog eens."
            ),
        )
    elif signed_in and ctx.scope is None:
        response = ctx.redirect(LEADER_PATH + "/signin")
    else:
        response = handler(ctx)
    secure = ctx.request.url.scheme == "https"
    if ctx.cookie is not None:
        response.set_cookie(
            LEADER_COOKIE,
            ctx.cookie,
            httponly=True,
            samesite="strict",
            secure=secure,
            path=LEADER_PATH,
        )
    elif ctx.clear_cookie:
        response.delete_cookie(LEADER_COOKIE, path=LEADER_PATH)
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(ctx.extra_headers)
    return response


def client_of(ctx: Ctx) -> str:
    return ctx.request.client.host if ctx.request.client else "?"
