"""Choices: their ids (collected first, so any expression may name any choice) and their keys."""

from __future__ import annotations

from frontlijn_game.i18n import _
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
    for _sid, (_loc, node) in scenes.items.items():
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
                        _(
                            "keuze-id '{id}' is al gebruikt op regel {line}; keuze-ids zijn "
                            "uniek in een scenario"
                        ).format(id=cid, line=first.line),
                    )
                elif ID.match(cid):
                    ctx.choice_ids[cid] = id_node.loc


def read_choice(ctx: LoadContext, sid: str, node: YNode) -> Choice | None:
    r = ctx.r
    in_scene = _("een keuze in scène '{scene}'").format(scene=sid)
    m = r.mapping(node, in_scene)
    if m is None:
        return None
    cid = r.ident(r.get(m, "id"), _("keuze-id"))
    what = _("keuze '{id}'").format(id=cid) if cid else in_scene
    r.keys(m, CHOICE_KEYS, ("id", "text", "goto"), what)
    text = r.string(r.get(m, "text"), _("de keuzetekst"))
    help_ = r.integer(r.get(m, "help"), "help", 0, 3)
    sanction = r.integer(r.get(m, "sanction"), "sanction", 0, 3)
    actor_node = r.get(m, "actor")
    actor = r.ident(actor_node, "actor")
    if actor is not None and actor not in ctx.actors and actor_node is not None:
        ctx.d.error(
            actor_node.loc,
            "unknown-actor",
            _("actor '{actor}' is niet gedeclareerd{hint}").format(
                actor=actor, hint=did_you_mean(actor, ctx.actors)
            ),
        )
    tags: list[str] = []
    for tag, loc in r.ident_list(r.get(m, "tags"), "tag", "tags"):
        if tag in RESERVED_TAGS:
            ctx.d.error(
                loc,
                "reserved-tag",
                _(
                    "'{tag}' is gereserveerd (het betekent elke keuze met dat gewicht) en kan "
                    "geen tag zijn"
                ).format(tag=tag),
            )
        else:
            tags.append(tag)
    when = read_expression(
        ctx, r.get(m, "when"), _("voorwaarde van {what}").format(what=what), want_bool=True
    )
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
