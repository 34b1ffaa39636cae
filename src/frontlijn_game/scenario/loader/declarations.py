"""Actors and facts: the people and the information a case declares up front."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Loc
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.keys import ACTOR_KEYS, FACT_KEYS
from frontlijn_game.scenario.loader.references import check_template
from frontlijn_game.scenario.model import Actor, Fact
from frontlijn_game.scenario.yamltree import YMap, YNode


def _declared(
    ctx: LoadContext,
    node: YNode | None,
    section: str,
    id_label: str,
    what: Callable[[str], str],
    keys: tuple[str, ...],
    required: tuple[str, ...],
) -> Iterator[tuple[str, Loc, YMap]]:
    """Each ``id: {...}`` entry of the ``section`` mapping whose id and mapping are well
    formed, its keys checked (what is wrong is reported and the entry left out)."""
    ymap = ctx.r.mapping(node, section)
    if ymap is None:
        return
    for key, (key_loc, item) in ymap.items.items():
        if not ctx.r.key_ident(key, key_loc, id_label):
            continue
        named = what(key)
        m = ctx.r.mapping(item, named, key_loc)
        if m is None:
            continue
        ctx.r.keys(m, keys, required, named)
        yield key, key_loc, m


def _actor_what(key: str) -> str:
    return _("actor '{actor}'").format(actor=key)


def _fact_what(key: str) -> str:
    return _("feit '{fact}'").format(fact=key)


def read_actors(ctx: LoadContext, node: YNode | None) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for key, key_loc, m in _declared(
        ctx, node, "actors", _("actor-id"), _actor_what, ACTOR_KEYS, ("name",)
    ):
        name = ctx.r.string(ctx.r.get(m, "name"), "name")
        age = ctx.r.integer(ctx.r.get(m, "age"), "age", 0, 130)
        description = ctx.r.string(ctx.r.get(m, "description"), "description") or ""
        out[key] = Actor(key, name or key, age, description, key_loc)
    return out


def read_facts(ctx: LoadContext, node: YNode | None) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for key, key_loc, m in _declared(
        ctx, node, "facts", _("feit-id"), _fact_what, FACT_KEYS, ("text",)
    ):
        text = ctx.r.string(ctx.r.get(m, "text"), _("de tekst van een feit"))
        if text is not None:
            check_template(ctx, text, ctx.r.get(m, "text"))
        known_by = extra.role_ids(ctx.r, ctx.r.get(m, "known_by"), ctx.roles, _("rol"), "known_by")
        out[key] = Fact(key, text or "", key_loc, known_by)
    return out
