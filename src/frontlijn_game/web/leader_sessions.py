"""The facilitator's console of live sessions in the leader pages (``/leader/sessions``).

Behind the leader sign-in; thin handlers over :mod:`frontlijn_game.service.sessions`,
which holds every rule (a cursusleider opens sessions for their own cohorts only and
leads only the sessions they opened; a beheerder may lead any). Every action is a form
(CSRF-checked by the leader endpoint) answered with a redirect to the console; a refusal
shows the console again with the service's words. The console works without JavaScript
("Vernieuwen"); ``session.js`` keeps it current (live vote counts) by polling
``/leader/sessions/CODE/state``. The group debrief and the nabespreking form are in
:mod:`frontlijn_game.web.leader_session_debrief`.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import sessions
from frontlijn_game.web.leader_pages import LEADER_PATH, LeaderCtx, leader_endpoint
from frontlijn_game.web.markdown import to_html
from frontlijn_game.web.session_seat import POLL_MS, live_page

BASE = LEADER_PATH + "/sessions"


def _code(ctx: LeaderCtx) -> str:
    from frontlijn_game.store.live_sessions import normalise_session_code

    return normalise_session_code(ctx.request.path_params["code"])[:16]


def _name(ctx: LeaderCtx) -> str:
    assert ctx.scope is not None
    return ctx.scope.name


def index(ctx: LeaderCtx, error: str | None = None, status: int = 200) -> Response:
    library = ctx.layer.library()
    cases = sorted(library.scenarios.values(), key=lambda s: s.title.casefold())
    return ctx.render(
        "leader/sessions.html",
        status=status,
        title=_("Live sessies"),
        found=sessions.list_sessions(ctx.layer.progress().store, _name(ctx)),
        cases=cases,
        cohorts=ctx.data().cohorts(),
        sees_all=ctx.data().scope.sees_all,
        error=error,
        form=ctx.form,
    )


def open_session(ctx: LeaderCtx) -> Response:
    scenario = ctx.layer.library().scenarios.get(ctx.form.get("case", ""))
    if scenario is None:
        return index(ctx, _("Kies een casus."), 400)
    mode = ctx.form.get("mode") or ("casusoverleg" if scenario.roles else "klassikaal")
    cohort = ctx.form.get("cohort") or None
    try:
        head = sessions.open_session(ctx.layer.progress().store, scenario, _name(ctx), cohort, mode)
    except sessions.SessionError as exc:
        return index(ctx, str(exc), 400)
    return ctx.redirect(f"{BASE}/{head.code}")


def console(ctx: LeaderCtx, error: str | None = None, status: int = 200) -> Response:
    code = _code(ctx)
    try:
        view = sessions.console(ctx.layer.progress().store, code, _name(ctx))
    except sessions.SessionError:
        return ctx.not_found()  # unknown and not yours answer alike
    live_page(ctx)
    head = view.header
    pick = ctx.form.get("choice") if error else None
    return ctx.render(
        "leader/session.html",
        status=status,
        title=_("Sessie {code}").format(code=head.code),
        view=view,
        head=head,
        text=None if view.scene is None else to_html(view.scene.text, 2),
        role_titles={r.id: r.title for r in head.roles},
        join_url=str(ctx.request.base_url).rstrip("/") + "/join",
        voted=sum(1 for s in view.seats if s.voted),
        option_text={o.id: o.text for o in view.options},
        poll_ms=POLL_MS,
        error=error,
        pick=pick,
    )


def state(ctx: LeaderCtx) -> Response:
    """For the console's poller: the version (the console redraws at every change)."""
    try:
        now = sessions.console_version(ctx.layer.progress().store, _code(ctx), _name(ctx))
    except sessions.SessionError:
        return JSONResponse({"gone": True}, status_code=404)
    return JSONResponse({"version": now, "key": str(now)})


def _seat(ctx: LeaderCtx) -> int:
    try:
        return int(ctx.form.get("seat", ""))
    except ValueError:
        raise sessions.SessionError(_("Kies een deelnemer.")) from None


def _decision(ctx: LeaderCtx) -> int:
    try:
        return int(ctx.form.get("decision", ""))
    except ValueError:
        raise sessions.StaleDecision(
            _("Dit formulier hoorde bij een eerdere beslissing.")
        ) from None


def act(ctx: LeaderCtx) -> Response:
    """One facilitator action (the path names it), then back to the console."""
    code, action = _code(ctx), ctx.request.path_params["action"]
    store, leader = ctx.layer.progress().store, _name(ctx)
    try:
        if action == "admit":
            sessions.admit(store, code, leader, _seat(ctx))
        elif action == "remove":
            sessions.remove_seat(store, code, leader, _seat(ctx))
        elif action == "role":
            sessions.assign_role(store, code, leader, _seat(ctx), ctx.form.get("role") or None)
        elif action == "start":
            sessions.start(store, code, leader)
        elif action == "reveal":
            sessions.reveal(store, code, leader)
        elif action == "advance":
            sessions.advance(store, code, leader, _decision(ctx), ctx.form.get("choice") or None)
        elif action in ("pause", "resume"):
            sessions.pause(store, code, leader, action == "pause")
        elif action == "note":
            sessions.note(store, code, leader, _decision(ctx), ctx.form.get("note", "")[:4000])
        elif action == "end":
            sessions.end(store, code, leader)
        else:
            return ctx.not_found()
    except sessions.NotFacilitator:
        return ctx.not_found()
    except sessions.SessionError as exc:
        return console(ctx, str(exc), 409)
    anchor = {"note": "#note-title", "role": "#seats-title", "admit": "#seats-title"}
    return ctx.redirect(f"{BASE}/{code}" + anchor.get(action, ""))


def end_page(ctx: LeaderCtx) -> Response:
    """Ending asks first (without a script there is no confirm dialog)."""
    code = _code(ctx)
    try:
        head = sessions.console(ctx.layer.progress().store, code, _name(ctx)).header
    except sessions.SessionError:
        return ctx.not_found()
    return ctx.render("leader/session_end.html", title=_("Sessie {code} beëindigen").format(
        code=head.code), head=head)  # fmt: skip


def routes() -> list[BaseRoute]:
    from frontlijn_game.web import leader_session_debrief

    return [
        Route(BASE, leader_endpoint(index), methods=["GET"]),
        Route(BASE, leader_endpoint(open_session), methods=["POST"]),
        Route(BASE + "/{code}", leader_endpoint(console), methods=["GET"]),
        Route(BASE + "/{code}/state", leader_endpoint(state), methods=["GET"]),
        Route(BASE + "/{code}/end", leader_endpoint(end_page), methods=["GET"]),
        *leader_session_debrief.routes(BASE),
        Route(BASE + "/{code}/{action}", leader_endpoint(act), methods=["POST"]),
    ]
