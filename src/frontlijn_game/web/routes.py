"""The trainee's pages outside a case: sign-in, home, results, help, glossary, settings.

Each handler reads the form, calls the application layer once or twice and renders one
template; the rules live behind :mod:`frontlijn_game.web.app_layer`.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.web.app_layer import ProgressError, WrongPin
from frontlijn_game.web.markdown import to_html
from frontlijn_game.web.pages import Ctx, endpoint, local_path


def root(ctx: Ctx) -> Response:
    signed = ctx.session is not None and ctx.session.trainee_code is not None
    return ctx.redirect("/home" if signed else "/signin")


def signin_page(ctx: Ctx, error: str | None = None, status: int = 200) -> Response:
    return ctx.render("signin.html", status=status, title=_("Aanmelden"), error=error)


def signin(ctx: Ctx) -> Response:
    limit = ctx.request.app.state.signin_limit
    client = ctx.request.client.host if ctx.request.client else "?"
    if not limit.allow(client):
        return signin_page(
            ctx, _("Te veel pogingen vanaf dit adres. Wacht een paar minuten."), status=429
        )
    code = ctx.form.get("code", "").strip()
    pin = ctx.form.get("pin", "").strip()
    token = ctx.session.token if ctx.session is not None else None
    try:
        ctx.session = ctx.layer.sign_in(token, code, pin)
    except WrongPin as exc:
        return signin_page(ctx, str(exc), status=400)
    ctx.cookie = ctx.session.token
    return ctx.redirect("/home")


def new_code_page(ctx: Ctx, error: str | None = None, code: str | None = None) -> Response:
    return ctx.render(
        "new_code.html",
        status=200 if error is None else 400,
        title=_("Nieuwe code"),
        error=error,
        code=code or ctx.layer.suggest_code(),
    )


def new_code(ctx: Ctx) -> Response:
    limit = ctx.request.app.state.signin_limit
    client = ctx.request.client.host if ctx.request.client else "?"
    code = ctx.form.get("code", "").strip()
    if not limit.allow(client):
        return new_code_page(ctx, _("Te veel pogingen vanaf dit adres. Wacht een paar minuten."))
    pin, again = ctx.form.get("pin", "").strip(), ctx.form.get("pin2", "").strip()
    if pin != again:
        return new_code_page(ctx, _("De twee pincodes zijn niet gelijk."), code)
    token = ctx.session.token if ctx.session is not None else None
    try:
        ctx.session = ctx.layer.create(token, code, pin)
    except ProgressError as exc:
        return new_code_page(ctx, str(exc), code)
    ctx.cookie = ctx.session.token
    return ctx.redirect("/home")


def signout(ctx: Ctx) -> Response:
    if ctx.session is not None:
        ctx.layer.end_session(ctx.session.token)
    ctx.session = None
    ctx.clear_cookie = True
    return ctx.redirect("/signin", "signed_out")


def home(ctx: Ctx) -> Response:
    return ctx.render("home.html", title=_("Start"), overview=ctx.layer.overview(ctx.code))


def results(ctx: Ctx) -> Response:
    overview = ctx.layer.overview(ctx.code)
    attempts = sorted(overview.attempts, key=lambda a: a.started_at, reverse=True)
    return ctx.render(
        "results.html", title=_("Mijn resultaten"), overview=overview, attempts=attempts
    )


def scoring(ctx: Ctx) -> Response:
    from frontlijn_game.service.scoring_text import scoring_markdown

    return ctx.render(
        "scoring.html", title=_("Hoe werkt de score?"), body=to_html(scoring_markdown(), 1)
    )


def glossary(ctx: Ctx) -> Response:
    query = ctx.request.query_params.get("q", "")[:100]
    entries = ctx.layer.glossary(ctx.lang, query)
    return ctx.render("glossary.html", title=_("Begrippen"), entries=entries, query=query)


def settings(ctx: Ctx) -> Response:
    """The language and theme switches (forms in every page's header)."""
    session = ctx.ensure_session()
    ctx.layer.update_session(session.token, ctx.form.get("lang"), ctx.form.get("theme"))
    return ctx.redirect(local_path(ctx.form.get("next")))


def health(ctx: Ctx) -> Response:
    return Response("ok", media_type="text/plain")


def routes() -> list[BaseRoute]:
    from frontlijn_game.web import cmi5_routes, play_routes

    return [
        Route("/", endpoint(root, signed_in=False)),
        Route("/healthz", endpoint(health, signed_in=False)),
        Route("/signin", endpoint(signin_page, signed_in=False), methods=["GET"]),
        Route("/signin", endpoint(signin, signed_in=False), methods=["POST"]),
        Route("/new", endpoint(new_code_page, signed_in=False), methods=["GET"]),
        Route("/new", endpoint(new_code, signed_in=False), methods=["POST"]),
        Route("/signout", endpoint(signout, signed_in=False), methods=["POST"]),
        Route("/settings", endpoint(settings, signed_in=False), methods=["POST"]),
        Route("/scoring", endpoint(scoring, signed_in=False)),
        Route("/glossary", endpoint(glossary, signed_in=False)),
        Route("/home", endpoint(home)),
        Route("/results", endpoint(results)),
        *play_routes.routes(),
        *cmi5_routes.routes(),
    ]
