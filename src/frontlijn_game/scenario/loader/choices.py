"""Choices: their ids (collected first, so any expression may name any choice) and their keys."""

from __future__ import annotations

from frontlijn_game.scenario.diagnostics import did_you_mean
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.effects import read_effects
from frontlijn_game.scenario.loader.gotos import read_goto
from frontlijn_game.scenario.loader.keys import CHOICE_KEYS, RESERVED_TAGS
from frontlijn_game.scenario.loader.reading import ID
from frontlijn_game.scenario.loader.references import check_template, read_expression
from frontlijn_game.scenario.model import Choice
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq


def collect_choice_ids(ctx: LoadContext, scenes: YMap) -> None:
    for _, (_, node) in scenes.items.items():
        if not isinstance(node, YMap):
            continue
        choices = ctx.r.get(node, "choices")
        if not isinstance(choices, YSeq):
            continue
        for item in choices.items:
            if not isinstance(item, YMap):
                continue
            id_node = ctx.r.get(item, "id")
            if isinstance(id_node, YScalar) and isinstance(id_node.value, str):
                cid = id_node.value
                if cid in ctx.choice_ids:
                    first = ctx.choice_ids[cid]
                    ctx.d.error(
                        id_node.loc,
                        "duplicate-id",
                        f"choice id '{cid}' is already used at line {first.line}; "
                        "choice ids are unique in a scenario",
                    )
                elif ID.match(cid):
                    ctx.choice_ids[cid] = id_node.loc


def read_choice(ctx: LoadContext, sid: str, node: YNode) -> Choice | None:
    r = ctx.r
    m = r.mapping(node, f"a choice in scene '{sid}'")
    if m is None:
        return None
    cid = r.ident(r.get(m, "id"), "choice id")
    what = f"choice '{cid}'" if cid else f"a choice in scene '{sid}'"
    r.keys(m, CHOICE_KEYS, ("id", "text", "goto"), what)
    text = r.string(r.get(m, "text"), "the choice text")
    help_ = r.integer(r.get(m, "help"), "help", 0, 3)
    sanction = r.integer(r.get(m, "sanction"), "sanction", 0, 3)
    actor_node = r.get(m, "actor")
    actor = r.ident(actor_node, "actor")
    if actor is not None and actor not in ctx.actors and actor_node is not None:
        ctx.d.error(
            actor_node.loc,
            "unknown-actor",
            f"actor '{actor}' is not declared{did_you_mean(actor, ctx.actors)}",
        )
    tags: list[str] = []
    for tag, loc in r.ident_list(r.get(m, "tags"), "tag", "tags"):
        if tag in RESERVED_TAGS:
            ctx.d.error(
                loc,
                "reserved-tag",
                f"'{tag}' is reserved (it means any choice with that weight) and cannot be a tag",
            )
        else:
            tags.append(tag)
    when = read_expression(ctx, r.get(m, "when"), f"guard of {what}", want_bool=True)
    effects = read_effects(ctx, r.get(m, "effects"))
    consequence_node = r.get(m, "consequence")
    consequence = r.string(consequence_node, "consequence")
    if consequence is not None:
        check_template(ctx, consequence, consequence_node)
    feedback_node = r.get(m, "feedback")
    feedback = r.string(feedback_node, "feedback")
    if feedback is not None:
        check_template(ctx, feedback, feedback_node)
    goto = read_goto(ctx, r.get(m, "goto"), r.key_loc(m, "goto"), what)
    basis = extra.basis(r, m)
    position = extra.position(r, m)
    share = extra.share(r, m, ctx.facts)
    if cid is None or text is None or goto is None:
        return None
    if ("when" in m.items and when is None) or effects is None:  # errors already reported
        return None
    return Choice(
        id=cid,
        scene=sid,
        text=text,
        goto=goto,
        help=help_ or 0,
        sanction=sanction or 0,
        actor=actor if actor in ctx.actors else None,
        tags=tuple(tags),
        when=when,
        effects=tuple(effects),
        consequence=consequence,
        feedback=feedback,
        loc=m.loc,
        basis=basis,
        position=position,
        share=share,
    )
