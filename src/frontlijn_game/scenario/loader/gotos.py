"""Where a choice leads: one scene, conditional branches with a default, or a weighted draw."""

from __future__ import annotations

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
            f"{what} '{target}' does not exist{did_you_mean(target, ctx.scene_ids)}",
        )
        return None
    return target


def read_goto(ctx: LoadContext, node: YNode | None, loc: Loc, what: str) -> Goto | None:
    r = ctx.r
    if node is None:
        return None
    if isinstance(node, YScalar):
        target = scene_ref(ctx, node, "goto scene")
        return GotoScene(target, node.loc) if target else None
    if isinstance(node, YSeq):
        branches: list[GotoBranch] = []
        ok = True
        if not node.items:
            ctx.d.error(node.loc, "bad-goto", f"the goto list of {what} is empty")
            return None
        for index, item in enumerate(node.items):
            m = r.mapping(item, "a conditional goto entry")
            if m is None:
                ok = False
                continue
            r.keys(m, ("when", "goto"), ("goto",), "a conditional goto entry")
            last = index == len(node.items) - 1
            when_node = r.get(m, "when")
            when = None
            if when_node is not None:
                if last:
                    ctx.d.error(
                        when_node.loc,
                        "goto-no-default",
                        f"the last goto entry of {what} has a 'when'; end with an entry without one (the default)",
                    )
                    ok = False
                when = read_expression(ctx, when_node, f"goto condition of {what}", want_bool=True)
                if when is None:
                    ok = False
            elif not last:
                ctx.d.error(
                    m.loc,
                    "bad-goto",
                    "only the last goto entry may omit 'when'; entries after it could never be taken",
                )
                ok = False
            target_node = r.get(m, "goto")
            if target_node is not None and not isinstance(target_node, YScalar):
                ctx.d.error(
                    target_node.loc,
                    "bad-goto",
                    "a conditional goto entry leads to one scene id (no nesting)",
                )
                ok = False
                continue
            target = scene_ref(ctx, target_node, "goto scene")
            if target is None:
                ok = False
                continue
            branches.append(GotoBranch(when, target, m.loc))
        return GotoCond(tuple(branches)) if ok and branches else None
    assert isinstance(node, YMap)
    r.keys(node, ("random",), ("random",), "a random goto")
    options: list[RandomOption] = []
    ok = "random" in node.items
    items = r.seq(r.get(node, "random"), "random")
    if not items and ok:
        ctx.d.error(node.loc, "bad-goto", "a random goto needs at least one option")
        ok = False
    for item in items:
        m = r.mapping(item, "a random option")
        if m is None:
            ok = False
            continue
        r.keys(m, ("weight", "goto"), ("weight", "goto"), "a random option")
        weight = r.integer(r.get(m, "weight"), "weight", 1, None)
        target_node = r.get(m, "goto")
        if target_node is not None and not isinstance(target_node, YScalar):
            ctx.d.error(
                target_node.loc,
                "bad-goto",
                "a random option leads to one scene id (no nesting)",
            )
            ok = False
            continue
        target = scene_ref(ctx, target_node, "goto scene")
        if weight is None or target is None:
            ok = False
            continue
        options.append(RandomOption(weight, target, m.loc))
    return GotoRandom(tuple(options)) if ok and options else None
