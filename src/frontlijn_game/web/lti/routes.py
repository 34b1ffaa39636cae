"""The LTI 1.3 endpoints of the web door: login initiation, launch, deep linking, the
tool's JWKS, and the one-time entry that opens the game in a window of its own (an
instructor's into their cohort's leader pages: :mod:`frontlijn_game.web.lti.leader`).

Handlers run in a worker thread (the checks fetch the platform's keys and write rows);
all rules are in :mod:`frontlijn_game.service.lti`. A launch that does not hold up
(forged, expired, replayed, from an unknown platform) gets a page that says so in
Dutch and English, status 403, never a traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _, use_language
from frontlijn_game.service.lti import CLAIM, DL_CLAIM, Lti, LtiError, is_instructor
from frontlijn_game.service.lti_grades import http_session
from frontlijn_game.service.lti_leader import leader_token
from frontlijn_game.web.lti.adapter import (
    Launch,
    Login,
    LoginRows,
    LtiCookies,
    LtiRequest,
    ToolConf,
)
from frontlijn_game.web.pages import COOKIE
from frontlijn_game.web.security import CSP, RateLimit

if TYPE_CHECKING:
    from frontlijn_game.web.app_layer import AppLayer

log = logging.getLogger(__name__)
STATE_COOKIE_AGE = 10 * 60
LOGINS = RateLimit(limit=60, window=300.0)
"""Login initiations per client address and worker: each writes a row; a platform's
users share few addresses only behind a proxy, hence a roomier limit than sign-in's."""


def service(request: Request) -> Lti:
    lti: Lti | None = getattr(request.app.state, "lti", None)
    if lti is None:
        layer: AppLayer = request.app.state.layer
        lti = request.app.state.lti = Lti(layer.progress().store)
    return lti


def _csp(*origins: str, form_to: str | None = None) -> str:
    """This site's CSP, framable by the platform (its pages sit in the LMS's frames)
    and, for the deep-linking answer, posting to the platform."""
    allowed = " ".join(sorted({o for o in origins if o}))
    policy = CSP.replace("frame-ancestors 'self'", f"frame-ancestors 'self' {allowed}".strip())
    if form_to:
        policy = policy.replace("form-action 'self'", f"form-action 'self' {form_to}")
    return policy


def _frames(record: Any, body: dict[str, Any]) -> tuple[str, ...]:
    """The origins the LMS may frame our pages from: its issuer, its login and token
    URLs (Canvas logs in on one host and frames from the school's own), and the return
    URLs of this launch."""
    presentation = body.get(CLAIM + "launch_presentation") or {}
    settings = body.get(DL_CLAIM) or {}
    urls = (
        record.issuer,
        record.auth_login_url,
        record.auth_token_url,
        str(presentation.get("return_url") or ""),
        str(settings.get("deep_link_return_url") or ""),
    )
    return tuple(o for o in (_origin(u) for u in urls) if o)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _page(
    request: Request, template: str, status: int = 200, csp: str | None = None, **context: Any
) -> Response:
    html = request.app.state.env.get_template(template).render(**context)
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    if csp is not None:
        response.headers["Content-Security-Policy"] = csp
    return response


def refused(request: Request, reason: str, status: int = 403) -> Response:
    """The launch refused, in both languages (a forged launch names no trusted locale)."""
    texts = []
    for lang in ("nl", "en"):
        use_language(lang)
        texts.append(
            (
                lang,
                _("Deze start vanuit de leeromgeving is geweigerd"),
                _(
                    "De leeromgeving kon niet bevestigen wie je bent, of deze link is al "
                    "gebruikt of verlopen. Er is niets opgeslagen. Ga terug naar de "
                    "leeromgeving en open de activiteit opnieuw."
                ),
                _("Technische reden"),
            )
        )
    use_language("nl")
    log.info("LTI launch refused: %s", reason)
    return _page(request, "lti_refused.html", status=status, texts=texts, reason=reason)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=30)
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def _lti_request(request: Request, params: dict[str, str]) -> LtiRequest:
    return LtiRequest(params, request.cookies, request.url.scheme == "https")


async def login(request: Request) -> Response:
    """OIDC third-party login initiation: remember state and nonce, go to the platform."""
    params = await _params(request)
    return await run_in_threadpool(_login, request, params)


def _login(request: Request, params: dict[str, str]) -> Response:
    from pylti1p3.exception import LtiException, OIDCException

    client = request.client.host if request.client else "?"
    if not LOGINS.allow(client):
        return refused(request, _("Te veel pogingen vanaf dit adres. Wacht een paar minuten."), 429)
    lti = service(request)
    lti_request = _lti_request(request, params)
    cookies = LtiCookies(lti_request)
    rows = LoginRows(lti)
    conf = ToolConf(lti)
    oidc = Login(lti_request, conf, session_service=rows, cookie_service=cookies)
    try:
        redirect = oidc.get_redirect_object(_base(request) + "/lti/launch")
    except (LtiException, OIDCException, AssertionError) as exc:
        return refused(
            request, _("Onbekende leeromgeving of onvolledige aanmelding: {e}").format(e=exc), 400
        )
    state = next(
        (v for k, (v, _exp) in cookies.to_set.items() if k.startswith("lti1p3-state-")), None
    )
    if conf.record is None or rows.nonce is None or state is None:
        return refused(request, _("Onbekende leeromgeving."), 400)
    lti.begin_login(conf.record.id, state, rows.nonce)
    cookies.to_set = {k: (v, STATE_COOKIE_AGE) for k, (v, _e) in cookies.to_set.items()}
    return cookies.apply(redirect.do_redirect())


async def launch(request: Request) -> Response:
    params = await _params(request)
    return await run_in_threadpool(_launch, request, params)


def _launch(request: Request, params: dict[str, str]) -> Response:
    from pylti1p3.exception import LtiException, OIDCException

    lti = service(request)
    layer: AppLayer = request.app.state.layer
    lti_request = _lti_request(request, params)
    cookies = LtiCookies(lti_request)
    state = params.get("state", "")
    rows = LoginRows(lti, state)
    conf = ToolConf(lti)
    message = Launch(
        lti_request,
        conf,
        session_service=rows,
        cookie_service=cookies,
        requests_session=http_session(),
    )
    try:
        message.validate()
        body = message.body()
    except (LtiException, OIDCException, AssertionError, ValueError) as exc:
        return refused(request, str(exc))
    lang = _lang(body)
    use_language(lang)
    if state:
        cookies.clear(state)
    record = conf.record
    assert record is not None
    platform = _frames(record, body)
    if message.is_deep_link_launch():
        if not is_instructor(body.get(CLAIM + "roles") or []):
            return refused(request, _("Alleen docenten kiezen wat een activiteit opent."))
        return cookies.apply(_picker(request, lti, record, body, platform))
    if not message.is_resource_launch():
        return refused(request, _("Dit soort bericht ondersteunt Frontlijn niet."), 400)
    try:
        entry = lti.enter(record, body, layer.library())
    except LtiError as exc:
        return cookies.apply(
            _page(
                request,
                "lti_note.html",
                404,
                _csp(*platform),
                title=_("Niet gevonden"),
                message=str(exc),
            )
        )
    if entry.instructor and entry.course is not None:
        _roster(lti, entry.course)
    target = (body.get(CLAIM + "launch_presentation") or {}).get("document_target")
    if target == "window" and not entry.instructor:
        return cookies.apply(_enter(request, lti, entry.trainee_code, entry.path, lang))
    token = lti.entry_token(record, entry.trainee_code, entry.path, lang)
    lead = leader_token(lti, record, entry, lang)  # an instructor: their cohort's progress
    return cookies.apply(
        _page(
            request,
            "lti_open.html",
            csp=_csp(*platform),
            lang=lang,
            entry=entry,
            href=f"/lti/enter/{token}",
            lead_href=None if lead is None else f"/lti/lead/{lead}",
        )
    )


def _roster(lti: Lti, course: int) -> None:
    """Fill the course's cohort from the platform's member list (NRPS), best effort: a
    platform without NRPS, or one that is slow, still lets the instructor in."""
    from frontlijn_game.service.lti_grades import sync_roster

    try:
        sync_roster(lti, course=course)
    except Exception as exc:
        log.warning("LTI roster of course %s not read: %s", course, exc)


def _lang(body: dict[str, Any]) -> str:
    locale = str(body.get("locale") or "nl").lower()
    return "en" if locale.startswith("en") else "nl"


def _enter(request: Request, lti: Lti, code: str, path: str, lang: str) -> Response:
    old = request.cookies.get(COOKIE)
    session = lti.sign_in(old, code, lang)
    response = RedirectResponse(path, status_code=303)
    response.set_cookie(
        COOKIE,
        session.token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def enter(request: Request) -> Response:
    """The one-time link the launch page opens in a window of its own (first-party, so
    the session cookie holds where the LMS's frame would block it)."""
    token = request.path_params["token"]
    return await run_in_threadpool(_enter_token, request, token)


def _enter_token(request: Request, token: str) -> Response:
    lti = service(request)
    found = lti.use_entry_token(token)
    if found is None:
        return refused(request, _("Deze link is al gebruikt of verlopen."))
    code, path, lang = found
    return _enter(request, lti, code, path, lang)


def _picker(
    request: Request, lti: Lti, record: Any, body: dict[str, Any], platform: tuple[str, ...]
) -> Response:
    layer: AppLayer = request.app.state.layer
    library = layer.library()
    lang = _lang(body)
    use_language(lang)
    token = lti.save_deep_launch(record, body)
    settings = body.get(DL_CLAIM) or {}
    cases = sorted(library.scenarios.values(), key=lambda s: s.title.lower())
    modules = [
        (c, m) for c in sorted(library.curricula.values(), key=lambda c: c.title) for m in c.modules
    ]
    return _page(
        request,
        "lti_picker.html",
        csp=_csp(*platform),
        lang=lang,
        token=token,
        cases=cases,
        modules=modules,
        title=settings.get("title"),
    )


async def deep_link(request: Request) -> Response:
    params = await _params(request)
    return await run_in_threadpool(_deep_link, request, params)


def _deep_link(request: Request, params: dict[str, str]) -> Response:
    lti = service(request)
    layer: AppLayer = request.app.state.layer
    token = params.get("token", "")
    found = lti.deep_launch(token)
    if found is None:
        return refused(
            request, _("Deze keuzelijst is verlopen. Start opnieuw vanuit de leeromgeving.")
        )
    record, body = found
    lang = _lang(body)
    use_language(lang)
    platform = _frames(record, body)
    try:
        return_url, jwt = lti.deep_link_answer(
            token, params.get("pick", ""), layer.library(), _base(request) + "/lti/launch"
        )
    except LtiError as exc:
        return _page(
            request,
            "lti_note.html",
            400,
            _csp(*platform),
            title=_("Niet gekozen"),
            message=str(exc),
        )
    return _page(
        request,
        "lti_answer.html",
        csp=_csp(*platform, form_to=_origin(return_url)),
        lang=lang,
        return_url=return_url,
        jwt=jwt,
    )


async def jwks(request: Request) -> Response:
    keys = await run_in_threadpool(lambda: service(request).jwks())
    return JSONResponse(keys, headers={"Cache-Control": "max-age=300"})


def routes() -> list[BaseRoute]:
    return [
        Route("/lti/login", login, methods=["GET", "POST"]),
        Route("/lti/launch", launch, methods=["POST"]),
        Route("/lti/deep-link", deep_link, methods=["POST"]),
        Route("/lti/enter/{token}", enter, methods=["GET"]),
        Route("/lti/jwks", jwks, methods=["GET"]),
    ]
