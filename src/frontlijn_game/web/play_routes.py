"""The trainee's pages inside a case: intro, scene (with the last consequence), pause,
abandon and the debrief.

A scene's form names the decision number and carries a token over (attempt, number,
options shown, time shown) keyed by the session's secret; the choice is recorded only
when the number is still the next one and the token matches, so a double submit or an
old form records nothing the trainee did not see (the store's own check refuses a
decision made on a stale state as well).
"""

from __future__ import annotations

import time

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.web import chart
from frontlijn_game.web.app_layer import NotFound, ProgressError, StaleForm
from frontlijn_game.web.markdown import to_html
from frontlijn_game.web.pages import Ctx, endpoint
from frontlijn_game.web.security import same, scene_token

MAX_SECONDS = 24 * 3600


def _id(ctx: Ctx) -> int:
    return int(ctx.request.path_params["attempt_id"])


def not_found(ctx: Ctx, message: str) -> Response:
    return ctx.render("error.html", status=404, title=_("Niet gevonden"), message=message)


def intro(ctx: Ctx) -> Response:
    scenario_id = ctx.request.path_params["scenario_id"]
    try:
        scenario = ctx.layer.scenario(scenario_id)
    except NotFound as exc:
        return not_found(ctx, str(exc))
    return ctx.render(
        "intro.html",
        title=scenario.title,
        scenario=scenario,
        summary=to_html(scenario.summary or "", 2),
        minutes=fmt.minutes(scenario.estimated_minutes),
        open_attempt=ctx.layer.open_attempt(ctx.code, scenario_id),
    )


def start(ctx: Ctx) -> Response:
    scenario_id = ctx.request.path_params["scenario_id"]
    action = ctx.form.get("action", "start")
    try:
        if action == "resume":
            found = ctx.layer.open_attempt(ctx.code, scenario_id)
            if found is not None:
                return ctx.redirect(f"/play/{found.id}")
        attempt_id = ctx.layer.start(ctx.code, scenario_id, restart=action == "restart")
    except NotFound as exc:
        return not_found(ctx, str(exc))
    except ProgressError as exc:
        return ctx.render("error.html", status=409, title=_("Kan niet beginnen"), message=str(exc))
    return ctx.redirect(f"/play/{attempt_id}")


def scene(ctx: Ctx, error: str | None = None, status: int = 200) -> Response:
    attempt_id = _id(ctx)
    try:
        view = ctx.layer.scene(ctx.code, attempt_id)
    except NotFound as exc:
        return not_found(ctx, str(exc))
    except StaleForm:
        return ctx.redirect(f"/debrief/{attempt_id}")
    session = ctx.ensure_session()
    shown_at = str(int(time.time()))
    shown = [choice_id for choice_id, _text in view.options]
    token = scene_token(session.csrf, attempt_id, view.number, [*shown, shown_at])
    return ctx.render(
        "scene.html",
        status=status,
        title=f"{view.title} · {view.scenario.title}",
        view=view,
        text=to_html(view.text, 2),
        consequence=None if view.consequence is None else to_html(view.consequence, 3),
        token=token,
        shown_at=shown_at,
        error=error,
    )


def choose(ctx: Ctx) -> Response:
    attempt_id = _id(ctx)
    try:
        number = int(ctx.form.get("number", ""))
        shown_at = int(ctx.form.get("shown_at", ""))
        turn = ctx.layer.turn(ctx.code, attempt_id)
    except ValueError:
        return ctx.redirect(f"/play/{attempt_id}", "stale")
    except NotFound as exc:
        return not_found(ctx, str(exc))
    except StaleForm:
        return ctx.redirect(f"/debrief/{attempt_id}")
    assert ctx.session is not None
    expected = scene_token(ctx.session.csrf, attempt_id, number, [*turn.shown, str(shown_at)])
    if number != turn.number or not same(ctx.form.get("token"), expected):
        return ctx.redirect(f"/play/{attempt_id}", "stale")
    choice = ctx.form.get("choice")
    if choice is None:
        return scene(ctx, _("Kies eerst een van de opties."), status=400)
    seconds = time.time() - shown_at
    try:
        finished = ctx.layer.choose(
            ctx.code,
            attempt_id,
            number,
            choice,
            round(seconds, 2) if 0 <= seconds < MAX_SECONDS else None,
            turn,
        )
    except StaleForm:
        return ctx.redirect(f"/play/{attempt_id}", "stale")
    except ProgressError as exc:
        return ctx.render("error.html", status=409, title=_("Niet opgeslagen"), message=str(exc))
    return ctx.redirect(f"/debrief/{attempt_id}" if finished else f"/play/{attempt_id}")


def pause(ctx: Ctx) -> Response:
    try:
        ctx.layer.suspend(ctx.code, _id(ctx))
    except NotFound as exc:
        return not_found(ctx, str(exc))
    return ctx.redirect("/home", "paused")


def abandon(ctx: Ctx) -> Response:
    try:
        ctx.layer.abandon(ctx.code, _id(ctx))
    except NotFound as exc:
        return not_found(ctx, str(exc))
    return ctx.redirect("/home", "abandoned")


def debrief(ctx: Ctx) -> Response:
    attempt_id = _id(ctx)
    try:
        view = ctx.layer.debrief(ctx.code, attempt_id)
    except NotFound as exc:
        return not_found(ctx, str(exc))
    if view.attempt.open:
        return ctx.redirect(f"/play/{attempt_id}")
    d = view.debrief
    lo, hi = d.scenario.scoring.target_balance
    ending = d.ending_scene.ending
    return ctx.render(
        "debrief.html",
        title=_("Nabespreking · {title}").format(title=d.scenario.title),
        view=view,
        d=d,
        ending=ending,
        ending_text=to_html(d.text(d.ending_scene.text), 3),
        verdict=fmt.verdict_sentence(d.score.verdict, d.score.balance, lo, hi),
        chart=chart.balance_chart(d.trace, lo, hi),
        fmt=fmt,
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/case/{scenario_id}", endpoint(intro), methods=["GET"]),
        Route("/case/{scenario_id}", endpoint(start), methods=["POST"]),
        Route("/play/{attempt_id:int}", endpoint(scene), methods=["GET"]),
        Route("/play/{attempt_id:int}", endpoint(choose), methods=["POST"]),
        Route("/play/{attempt_id:int}/pause", endpoint(pause), methods=["POST"]),
        Route("/play/{attempt_id:int}/abandon", endpoint(abandon), methods=["POST"]),
        Route("/debrief/{attempt_id:int}", endpoint(debrief), methods=["GET"]),
    ]
