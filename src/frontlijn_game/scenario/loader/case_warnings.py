"""Warnings over the whole loaded case: unreachable scenes, traps and unused declarations.

They run only on a case without errors, on the finished model, so they see the case as
play will.
"""

from __future__ import annotations

from frontlijn_game.i18n import _
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
                _("scène '{scene}' is niet te bereiken vanuit '{start}'").format(
                    scene=sid, start=scenario.start
                ),
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
                scene.loc,
                "no-ending",
                _("vanuit scène '{scene}' is geen einde te bereiken (een val)").format(scene=sid),
            )
    revealed = {f for s in scenario.scenes.values() for f in s.reveal}
    for fid, fact in scenario.facts.items():
        if fid not in revealed:
            d.warning(
                fact.loc, "unused-fact", _("feit '{fact}' wordt nooit onthuld").format(fact=fid)
            )
    actors = {c.actor for c in scenario.choices.values()}
    for aid, actor in scenario.actors.items():
        if aid not in actors:
            d.warning(
                actor.loc,
                "unused-actor",
                _("actor '{actor}' staat op geen enkele keuze").format(actor=aid),
            )
    for vid, var in scenario.variables.items():
        if vid not in ctx.used_vars:
            d.warning(
                var.loc,
                "unused-variable",
                _(
                    "variabele '{variable}' wordt nooit veranderd, getest of in een tekst getoond"
                ).format(variable=vid),
            )
    carried = {t for c in scenario.choices.values() for t in c.tags}
    for comp in scenario.scoring.competencies:
        if comp not in carried:
            d.warning(
                ctx.competency_locs.get(comp, Loc(1, 1)),
                "unused-competency",
                _(
                    "competentie '{tag}' staat in de tags van geen enkele keuze, dus niemand "
                    "kan die verdienen"
                ).format(tag=comp),
            )
    for (first, then), locs in zip(scenario.scoring.order, ctx.order_locs, strict=False):
        for side, loc in zip((first, then), locs, strict=True):
            if side not in RESERVED_TAGS and side not in carried:
                d.warning(
                    loc,
                    "unused-competency",
                    _(
                        "tag '{tag}' van een volgorderegel staat in de tags van geen enkele keuze"
                    ).format(tag=side),
                )
