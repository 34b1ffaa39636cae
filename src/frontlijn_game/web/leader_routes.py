"""The course leader's reading pages of the HTML door: sign-in, cohorts, the progress
matrix, one trainee's attempts and the CSV download. The replay and the case reports are
in :mod:`frontlijn_game.web.leader_reports`; the live sessions (the one place a leader
acts here) in :mod:`frontlijn_game.web.leader_sessions`.

Trainees are named by their id in URLs, never by their code (a code is a trainee's key).
What is not there and what is not this leader's to see answer alike: 404.
"""

from __future__ import annotations

import shutil

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import matrix_view
from frontlijn_game.service.leader import ALL
from frontlijn_game.service.leader_auth import ClientLoginGate
from frontlijn_game.store.errors import NotFound
from frontlijn_game.web.leader_pages import LEADER_PATH, LeaderCtx, client_of, leader_endpoint
from frontlijn_game.web.pages import local_path
from frontlijn_game.web.security import RateLimit


def install(app: object) -> None:
    """The state the leader pages keep per worker: the login gate and its rate limit."""
    state = app.state  # type: ignore[attr-defined]
    state.leader_gate = ClientLoginGate()
    state.leader_limit = RateLimit()


def root(ctx: LeaderCtx) -> Response:
    signed = ctx.scope is not None
    return ctx.redirect(LEADER_PATH + ("/cohorts" if signed else "/signin"))


def signin_page(ctx: LeaderCtx, error: str | None = None, status: int = 200) -> Response:
    return ctx.render(
        "leader/signin.html", status=status, title=_("Aanmelden cursusleider"), error=error
    )


def signin(ctx: LeaderCtx) -> Response:
    client = client_of(ctx)
    if not ctx.request.app.state.leader_limit.allow(client):
        return signin_page(
            ctx, _("Te veel pogingen vanaf dit adres. Wacht een paar minuten."), status=429
        )
    name = ctx.form.get("name", "").strip()[:100]
    password = ctx.form.get("password", "")[:1024]
    answer = ctx.request.app.state.leader_gate.login(
        ctx.layer.progress().store, name, password, client
    )
    if answer.leader is None:
        ctx.wait = answer.wait
        return signin_page(ctx, _("Naam of wachtwoord klopt niet."), status=400)
    token = ctx.session.token if ctx.session is not None else None
    ctx.session = ctx.layer.progress().store.sign_in_leader_web_session(token, answer.leader.id)
    ctx.cookie = ctx.session.token
    return ctx.redirect(LEADER_PATH + "/cohorts")


def signout(ctx: LeaderCtx) -> Response:
    if ctx.session is not None:
        ctx.layer.end_session(ctx.session.token)
    ctx.session = None
    ctx.clear_cookie = True
    return ctx.redirect(LEADER_PATH + "/signin", "signed_out")


def settings(ctx: LeaderCtx) -> Response:
    session = ctx.ensure_session()
    ctx.layer.update_session(session.token, ctx.form.get("lang"), ctx.form.get("theme"))
    target = local_path(ctx.form.get("next"), LEADER_PATH)
    return ctx.redirect(target if target.startswith(LEADER_PATH) else LEADER_PATH)


def cohorts(ctx: LeaderCtx) -> Response:
    data = ctx.data()
    titles = {c.id: c.title for c in data.curricula()}
    return ctx.render(
        "leader/cohorts.html",
        title=_("Cohorten"),
        cohorts=data.cohorts(),
        trainees=data.trainee_count(),
        titles=titles,
        all_key=ALL,
        sees_all=data.scope.sees_all,
    )


def matrix_query(params: dict[str, str]) -> matrix_view.MatrixQuery:
    """The matrix view a page's query string asks for (anything odd: the default)."""
    status = params.get("status") or None
    if status not in matrix_view.STATUS_CYCLE:
        status = None
    try:
        page = max(0, int(params.get("page", "1")) - 1)
    except ValueError:
        page = 0
    return matrix_view.MatrixQuery(
        text=params.get("q", "")[:100],
        status=status,
        status_column=params.get("column") or None,
        sort=params.get("sort") or matrix_view.TRAINEE,
        descending=params.get("desc") == "1",
        page=page,
    )


def matrix(ctx: LeaderCtx) -> Response:
    params = dict(ctx.request.query_params)
    cohort = params.get("cohort") or ALL
    data = ctx.data()
    try:
        found = data.matrix(None if cohort == ALL else cohort, params.get("curriculum") or None)
    except NotFound:
        return ctx.not_found()
    labels = matrix_view.column_labels(found)
    query = matrix_query(params)
    keys = {c.key for c in found.matrix.columns}
    if query.status_column not in keys:
        query = matrix_view.MatrixQuery(**{**query.__dict__, "status_column": None})
    if query.sort not in keys | {matrix_view.TRAINEE, matrix_view.PASSED_COUNT}:
        query = matrix_view.MatrixQuery(**{**query.__dict__, "sort": matrix_view.TRAINEE})
    from frontlijn_game.web.lti.leader import self_play

    page = matrix_view.page_of(found.matrix, query)
    rules = matrix_view.has_rules(found)
    base = {k: v for k, v in params.items() if k != "page" and v}
    return ctx.render(
        "leader/matrix.html",
        title=_("Voortgang") + " · " + (cohort if cohort != ALL else _("Alle cursisten")),
        data=found,
        cohort=cohort,
        labels=labels,
        query=query,
        page=page,
        rules=rules,
        counted=lambda row: matrix_view.counted(row, rules),
        rule_text=matrix_view.rule_text,
        status_name=matrix_view.status_name,
        statuses=[s for s in matrix_view.STATUS_CYCLE if s is not None],
        base=base,
        self_play=self_play(ctx),
    )


def trainee(ctx: LeaderCtx) -> Response:
    data = ctx.data()
    code = data.trainee_code(int(ctx.request.path_params["trainee_id"]))
    if code is None:
        return ctx.not_found()
    try:
        detail = data.trainee(code)
    except NotFound:
        return ctx.not_found()
    return ctx.render(
        "leader/trainee.html", title=_("Cursist {code}").format(code=code), detail=detail
    )


def export_page(ctx: LeaderCtx) -> Response:
    return ctx.render("leader/export.html", title=_("Exporteren naar CSV"))


def export(ctx: LeaderCtx) -> Response:
    from frontlijn_game.service.reports import EXPORT_ARCHIVE, export_csv_archive

    assert ctx.scope is not None
    archive = export_csv_archive(
        ctx.layer.progress().store, ctx.scope, excel=ctx.form.get("excel") == "1"
    )
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=EXPORT_ARCHIVE,
        background=BackgroundTask(shutil.rmtree, archive.parent, ignore_errors=True),
    )


def routes() -> list[BaseRoute]:
    from frontlijn_game.web import leader_reports

    p = LEADER_PATH
    return [
        Route(p, leader_endpoint(root, signed_in=False)),
        Route(p + "/signin", leader_endpoint(signin_page, signed_in=False), methods=["GET"]),
        Route(p + "/signin", leader_endpoint(signin, signed_in=False), methods=["POST"]),
        Route(p + "/signout", leader_endpoint(signout, signed_in=False), methods=["POST"]),
        Route(p + "/settings", leader_endpoint(settings, signed_in=False), methods=["POST"]),
        Route(p + "/cohorts", leader_endpoint(cohorts)),
        Route(p + "/matrix", leader_endpoint(matrix)),
        Route(p + "/trainee/{trainee_id:int}", leader_endpoint(trainee)),
        Route(p + "/export", leader_endpoint(export_page), methods=["GET"]),
        Route(p + "/export", leader_endpoint(export), methods=["POST"]),
        *leader_reports.routes(),
    ]
