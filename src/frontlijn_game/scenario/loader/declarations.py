"""Actors and facts: the people and the information a case declares up front."""

from __future__ import annotations

from frontlijn_game.i18n import _
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.keys import ACTOR_KEYS, FACT_KEYS
from frontlijn_game.scenario.loader.references import check_template
from frontlijn_game.scenario.model import Actor, Fact
from frontlijn_game.scenario.yamltree import YNode


def read_actors(ctx: LoadContext, node: YNode | None) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    ymap = ctx.r.mapping(node, "actors")
    if ymap is None:
        return out
    for key, (key_loc, item) in ymap.items.items():
        if not ctx.r.key_ident(key, key_loc, _("actor-id")):
            continue
        what = _("actor '{actor}'").format(actor=key)
        m = ctx.r.mapping(item, what, key_loc)
        if m is None:
            continue
        ctx.r.keys(m, ACTOR_KEYS, ("name",), what)
        name = ctx.r.string(ctx.r.get(m, "name"), "name")
        age = ctx.r.integer(ctx.r.get(m, "age"), "age", 0, 130)
        description = ctx.r.string(ctx.r.get(m, "description"), "description") or ""
        out[key] = Actor(key, name or key, age, description, key_loc)
    return out


def read_facts(ctx: LoadContext, node: YNode | None) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    ymap = ctx.r.mapping(node, "facts")
    if ymap is None:
        return out
    for key, (key_loc, item) in ymap.items.items():
        if not ctx.r.key_ident(key, key_loc, _("feit-id")):
            continue
        what = _("feit '{fact}'").format(fact=key)
        m = ctx.r.mapping(item, what, key_loc)
        if m is None:
            continue
        ctx.r.keys(m, FACT_KEYS, ("text",), what)
        text = ctx.r.string(ctx.r.get(m, "text"), _("de tekst van een feit"))
        if text is not None:
            check_template(ctx, text, ctx.r.get(m, "text"))
        known_by = extra.role_ids(ctx.r, ctx.r.get(m, "known_by"), ctx.roles, _("rol"), "known_by")
        out[key] = Fact(key, text or "", key_loc, known_by)
    return out
