"""Where a choice leads: one scene, conditional branches with a default, or a weighted draw."""

from __future__ import annotations

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Loc, did_you_mean
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.references import read_expression
from frontlijn_game.scenario.model import (
    Goto,
    GotoBranch,
    GotoCond,
    GotoRandom,
    GotoScene,
    RandomOption,
)
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq


def scene_ref(ctx: LoadContext, node: YNode | None, what: str) -> str | None:
    target = ctx.r.ident(node, what)
    if target is None or node is None:
        return None
    if target not in ctx.scene_ids:
        ctx.d.error(
            node.loc,
            "unknown-scene",
            _("{what} '{target}' bestaat niet{hint}").format(
                what=what, target=target, hint=did_you_mean(target, ctx.scene_ids)
            ),
        )
        return None
    return target


def read_goto(ctx: LoadContext, node: YNode | None, loc: Loc, what: str) -> Goto | None:
    r = ctx.r
    if node is None:
        return None
    if isinstance(node, YScalar):
        target = scene_ref(ctx, node, _("goto-scène"))
        return GotoScene(target, node.loc) if target else None
    if isinstance(node, YSeq):
        branches: list[GotoBranch] = []
        ok = True
        if not node.items:
            ctx.d.error(
                node.loc, "bad-goto", _("de goto-lijst van {what} is leeg").format(what=what)
            )
            return None
        for index, item in enumerate(node.items):
            entry = _("een voorwaardelijke goto-regel")
            m = r.mapping(item, entry)
            if m is None:
                ok = False
                continue
            r.keys(m, ("when", "goto"), ("goto",), entry)
            last = index == len(node.items) - 1
            when_node = r.get(m, "when")
            when = None
            if when_node is not None:
                if last:
                    ctx.d.error(
                        when_node.loc,
                        "goto-no-default",
                        _(
                            "de laatste goto-regel van {what} heeft een 'when'; eindig met een "
                            "regel zonder (de standaard)"
                        ).format(what=what),
                    )
                    ok = False
                when = read_expression(
                    ctx,
                    when_node,
                    _("goto-voorwaarde van {what}").format(what=what),
                    want_bool=True,
                )
                if when is None:
                    ok = False
            elif not last:
                ctx.d.error(
                    m.loc,
                    "bad-goto",
                    _(
                        "alleen de laatste goto-regel mag zonder 'when'; regels erna zouden "
                        "nooit genomen worden"
                    ),
                )
                ok = False
            target_node = r.get(m, "goto")
            if target_node is not None and not isinstance(target_node, YScalar):
                ctx.d.error(
                    target_node.loc,
                    "bad-goto",
                    _("een voorwaardelijke goto-regel leidt naar één scène-id (niet genest)"),
                )
                ok = False
                continue
            target = scene_ref(ctx, target_node, _("goto-scène"))
            if target is None:
                ok = False
                continue
            branches.append(GotoBranch(when, target, m.loc))
        return GotoCond(tuple(branches)) if ok and branches else None
    assert isinstance(node, YMap)
    r.keys(node, ("random",), ("random",), _("een willekeurige goto"))
    options: list[RandomOption] = []
    ok = "random" in node.items
    items = r.seq(r.get(node, "random"), "random")
    if not items and ok:
        ctx.d.error(
            node.loc, "bad-goto", _("een willekeurige goto heeft minstens één mogelijkheid nodig")
        )
        ok = False
    for item in items:
        option = _("een willekeurige mogelijkheid")
        m = r.mapping(item, option)
        if m is None:
            ok = False
            continue
        r.keys(m, ("weight", "goto"), ("weight", "goto"), option)
        weight = r.integer(r.get(m, "weight"), "weight", 1, None)
        target_node = r.get(m, "goto")
        if target_node is not None and not isinstance(target_node, YScalar):
            ctx.d.error(
                target_node.loc,
                "bad-goto",
                _("een willekeurige mogelijkheid leidt naar één scène-id (niet genest)"),
            )
            ok = False
            continue
        target = scene_ref(ctx, target_node, _("goto-scène"))
        if weight is None or target is None:
            ok = False
            continue
        options.append(RandomOption(weight, target, m.loc))
    return GotoRandom(tuple(options)) if ok and options else None
