"""Warnings over the whole loaded case: unreachable scenes, traps and unused declarations.

They run only on a case without errors, on the finished model, so they see the case as
play will.
"""

from __future__ import annotations

from frontlijn_game.scenario.diagnostics import Loc
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.keys import RESERVED_TAGS
from frontlijn_game.scenario.model import Scenario, goto_targets


def warn_about_case(ctx: LoadContext, scenario: Scenario) -> None:
    d = ctx.d
    reachable: set[str] = set()
    stack = [scenario.start]
    while stack:
        sid = stack.pop()
        if sid in reachable:
            continue
        reachable.add(sid)
        for choice in scenario.scenes[sid].choices:
            stack.extend(goto_targets(choice.goto))
    for sid, scene in scenario.scenes.items():
        if sid not in reachable:
            d.warning(
                scene.loc,
                "unreachable-scene",
                f"scene '{sid}' cannot be reached from '{scenario.start}'",
            )
    # Scenes that can reach an ending: walk edges backwards from every ending.
    incoming: dict[str, set[str]] = {sid: set() for sid in scenario.scenes}
    for choice in scenario.choices.values():
        for target in goto_targets(choice.goto):
            incoming[target].add(choice.scene)
    can_end: set[str] = set()
    stack = [sid for sid, s in scenario.scenes.items() if s.ending is not None]
    while stack:
        sid = stack.pop()
        if sid in can_end:
            continue
        can_end.add(sid)
        stack.extend(incoming[sid])
    for sid, scene in scenario.scenes.items():
        if sid in reachable and sid not in can_end:
            d.warning(
                scene.loc, "no-ending", f"no ending can be reached from scene '{sid}' (a trap)"
            )
    revealed = {f for s in scenario.scenes.values() for f in s.reveal}
    for fid, fact in scenario.facts.items():
        if fid not in revealed:
            d.warning(fact.loc, "unused-fact", f"fact '{fid}' is never revealed")
    actors = {c.actor for c in scenario.choices.values()}
    for aid, actor in scenario.actors.items():
        if aid not in actors:
            d.warning(actor.loc, "unused-actor", f"actor '{aid}' is on no choice")
    for vid, var in scenario.variables.items():
        if vid not in ctx.used_vars:
            d.warning(
                var.loc,
                "unused-variable",
                f"variable '{vid}' is never changed, tested or shown in text",
            )
    carried = {t for c in scenario.choices.values() for t in c.tags}
    for comp in scenario.scoring.competencies:
        if comp not in carried:
            d.warning(
                ctx.competency_locs.get(comp, Loc(1, 1)),
                "unused-competency",
                f"competency '{comp}' is in the tags of no choice, so nobody can earn it",
            )
    for (first, then), locs in zip(scenario.scoring.order, ctx.order_locs, strict=False):
        for side, loc in zip((first, then), locs, strict=True):
            if side not in RESERVED_TAGS and side not in carried:
                d.warning(
                    loc,
                    "unused-competency",
                    f"order rule tag '{side}' is in the tags of no choice",
                )
