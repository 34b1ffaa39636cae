"""How a request becomes a page: the session, the language, CSRF, rendering, redirects.

Handlers are plain functions of a :class:`Ctx` that run in a worker thread (they call
the blocking application layer); :func:`endpoint` wraps one for Starlette. Every post is
checked against the session's CSRF token before its handler runs, and answered with a
redirect (post-redirect-get), so a reload never posts twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from frontlijn_game.i18n import _, ngettext, use_language
from frontlijn_game.web.security import same

if TYPE_CHECKING:
    from jinja2 import Environment

    from frontlijn_game.store.web_sessions import WebSessionRecord
    from frontlijn_game.web.app_layer import AppLayer

COOKIE = "frontlijn_session"
LMS_COOKIE = "frontlijn_lms"
"""Set when the browser was launched from an LMS (``cmi5``): the header then offers the
way back to the LMS instead of signing out. Only a hint for the page; the exit itself
is checked against the session in the database."""
MAX_FIELDS = 20
NOTICES: dict[str, Callable[[], str]] = {
    "paused": lambda: _(
        "Gepauzeerd. Alles wat je koos is bewaard; je kunt later verder waar je was."
    ),
    "stale": lambda: _("Die keuze hoorde bij een eerder scherm; er is niets opgeslagen."),
    "abandoned": lambda: _("De poging is afgebroken."),
    "signed_out": lambda: _("Je bent afgemeld."),
    "closed": lambda: _("Deze poging is al afgesloten."),
}
"""Messages a redirect may name in ``?notice=`` (a key, never text from the request)."""


@dataclass
class Ctx:
    request: Request
    form: dict[str, str]
    layer: AppLayer
    env: Environment
    session: WebSessionRecord | None
    cookie: str | None = None
    """A new session token to set on the response (a new visitor, a sign-in)."""
    clear_cookie: bool = False
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        assert self.session is not None and self.session.trainee_code is not None
        return self.session.trainee_code

    @property
    def lang(self) -> str:
        return self.session.lang if self.session is not None else "nl"

    def ensure_session(self) -> WebSessionRecord:
        """The visitor's session, made now for a first visit (its forms need a token)."""
        if self.session is None:
            self.session = self.layer.new_session("nl")
            self.cookie = self.session.token
        return self.session

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        session = self.ensure_session()
        notice = NOTICES.get(self.request.query_params.get("notice", ""))
        html = self.env.get_template(template).render(
            lang=session.lang,
            theme=session.theme,
            csrf=session.csrf,
            signed_in=session.trainee_code is not None,
            here=self.request.url.path,
            lms=self.request.cookies.get(LMS_COOKIE) if session.trainee_code else None,
            notice=notice() if notice is not None else None,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def redirect(self, path: str, notice: str | None = None) -> Response:
        if notice is not None:
            path += ("&" if "?" in path else "?") + "notice=" + quote(notice)
        return RedirectResponse(path, status_code=303)


def local_path(value: str | None, default: str = "/") -> str:
    """A redirect target from a form: a path on this site only (no scheme, no host)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


def endpoint(
    handler: Callable[[Ctx], Response], signed_in: bool = True
) -> Callable[[Request], Any]:
    """A Starlette endpoint running ``handler`` in a thread, after the session and CSRF."""

    async def run(request: Request) -> Response:
        form: dict[str, str] = {}
        if request.method == "POST":
            data = await request.form(max_files=0, max_fields=MAX_FIELDS)
            form = {k: v for k, v in data.items() if isinstance(v, str)}
        return await run_in_threadpool(_handle, handler, request, form, signed_in)

    return run


def _handle(
    handler: Callable[[Ctx], Response],
    request: Request,
    form: dict[str, str],
    signed_in: bool,
) -> Response:
    layer: AppLayer = request.app.state.layer
    env: Environment = request.app.state.env
    token = request.cookies.get(COOKIE)
    session = layer.session(token) if token else None
    use_language(session.lang if session is not None else "nl")
    ctx = Ctx(request, form, layer, env, session)
    if request.method == "POST" and (session is None or not same(form.get("csrf"), session.csrf)):
        response = ctx.render(
            "error.html",
            status=403,
            title=_("Formulier verlopen"),
            message=_(
                "Dit formulier is verlopen of kwam niet van deze site. Er is niets opgeslagen. "
                "Ga terug, laad de pagina opnieuw en probeer het nog eens."
            ),
        )
    elif signed_in and (session is None or session.trainee_code is None):
        response = ctx.redirect("/signin")
    else:
        response = handler(ctx)
    if ctx.cookie is not None:
        response.set_cookie(
            COOKIE,
            ctx.cookie,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
    elif ctx.clear_cookie:
        response.delete_cookie(COOKIE, path="/")
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(ctx.extra_headers)
    return response


def template_globals() -> dict[str, Any]:
    return {"_": _, "ngettext": ngettext}
