"""The leader pages that look into one attempt or one case: the replay of an attempt
(decision by decision, the options in the order the trainee saw them, as the terminal's
replay), and per case the option distribution and the item statistics.

All of it comes from the service layer (``LeaderData.replay``, ``.best``, ``.options``,
``.items``), on the attempt's own snapshot of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from frontlijn_game.i18n import _
from frontlijn_game.reporting.common import ReportError
from frontlijn_game.service import format as fmt
from frontlijn_game.service.leader import ALL, LeaderData
from frontlijn_game.store.errors import NotFound
from frontlijn_game.web.leader_pages import LEADER_PATH, LeaderCtx, leader_endpoint
from frontlijn_game.web.markdown import to_html


def _step_number(ctx: LeaderCtx, last: int) -> int:
    try:
        number = int(ctx.request.query_params.get("step", "1"))
    except ValueError:
        number = 1
    return max(1, min(number, last))


def replay(ctx: LeaderCtx) -> Response:
    """One decision of the attempt per page (``?step=N``), the ending after the last."""
    data = ctx.data()
    attempt_id = int(ctx.request.path_params["attempt_id"])
    try:
        found = data.replay(attempt_id)
    except NotFound:
        return ctx.not_found()
    steps = found.steps
    ending = found.ending_label is not None
    positions = max(1, len(steps) + (1 if ending else 0))
    position = _step_number(ctx, positions)
    step = steps[position - 1] if position <= len(steps) else None
    best = None
    best_failed = False
    if step is not None:
        try:
            best = data.best(found, step)
        except Exception:  # the analysis is a bonus: the replay stands without it
            best_failed = True
    current = data.library.scenarios.get(found.attempt.scenario_id)
    changed = current is not None and current.content_hash != found.attempt.content_hash
    a = found.attempt
    share = None if a.help + a.sanction == 0 else Fraction(a.sanction, a.help + a.sanction)
    trainee_id = data.trainee_id(a.trainee_code)
    return ctx.render(
        "leader/replay.html",
        title=_("Poging #{id}").format(id=attempt_id)
        + (
            " · " + _("beslissing {i} van {n}").format(i=position, n=len(steps))
            if step is not None
            else ""
        ),
        replay=found,
        a=a,
        step=step,
        position=position,
        positions=positions,
        best=best,
        best_failed=best_failed,
        changed=changed,
        trainee_id=trainee_id,
        scene_html=None if step is None else to_html(step.scene_text, 2),
        ending_html=to_html(found.ending_text or "", 2),
        share=share,
        changed_vars=(
            set()
            if step is None
            else {
                m.variable for m in step.meters if step.before.variables.get(m.variable) != m.value
            }
        ),
        fmt=fmt,
    )


def _selection(ctx: LeaderCtx) -> tuple[str | None, bool, bool]:
    params = ctx.request.query_params
    cohort = params.get("cohort") or ALL
    return (
        (None if cohort == ALL else cohort),
        params.get("first") == "1",
        params.get("versions") == "1",
    )


def _case_report(
    ctx: LeaderCtx, report: Callable[..., object], template: str, heading: str
) -> Response:
    """One report of a case (``report``: ``LeaderData.options`` or ``.items``) over the
    selection in the query; a case with no attempt yet shows the page without figures."""
    scenario_id = ctx.request.path_params["scenario_id"]
    cohort, first, versions = _selection(ctx)
    data = ctx.data()
    scenario = data.library.scenarios.get(scenario_id)
    title = scenario.title if scenario is not None else scenario_id
    try:
        found = report(data, scenario_id, cohort, first_only=first, all_versions=versions)
    except ReportError:  # no attempt of the case (in this cohort) yet
        if scenario is None:
            return ctx.not_found()
        found = None
    except NotFound:
        return ctx.not_found()
    return ctx.render(
        template,
        title=heading + " · " + title,
        case_title=title,
        cl=scenario.language if scenario is not None else None,
        scenario_id=scenario_id,
        found=found,
        cohort=cohort,
        first=first,
        versions=versions,
        fmt=fmt,
    )


def options(ctx: LeaderCtx) -> Response:
    """The option distribution of a case (what was chosen where)."""
    return _case_report(ctx, LeaderData.options, "leader/options.html", _("Keuzeverdeling"))


def items(ctx: LeaderCtx) -> Response:
    """The item statistics of a case (how each decision separates strong from weak)."""
    return _case_report(ctx, LeaderData.items, "leader/items.html", _("Itemanalyse"))


def routes() -> list[BaseRoute]:
    p = LEADER_PATH
    return [
        Route(p + "/attempt/{attempt_id:int}", leader_endpoint(replay)),
        Route(p + "/case/{scenario_id}/options", leader_endpoint(options)),
        Route(p + "/case/{scenario_id}/items", leader_endpoint(items)),
    ]
