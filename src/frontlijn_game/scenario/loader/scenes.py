"""Scenes: their text, the facts they reveal, and either choices or an ending."""

from __future__ import annotations

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Loc, did_you_mean
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.choices import read_choice
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.keys import ENDING_KEYS, SCENE_KEYS
from frontlijn_game.scenario.loader.references import check_template
from frontlijn_game.scenario.model import ENDING_KINDS, Choice, Ending, EndingKind, Scene
from frontlijn_game.scenario.yamltree import YNode, YSeq


def read_scene(ctx: LoadContext, sid: str, key_loc: Loc, node: YNode) -> Scene | None:
    r = ctx.r
    what = _("scène '{scene}'").format(scene=sid)
    m = r.mapping(node, what, key_loc)
    if m is None:
        return None
    r.keys(m, SCENE_KEYS, ("text",), what)
    title = r.string(r.get(m, "title"), "title")
    text_node = r.get(m, "text")
    text = r.string(text_node, _("de scènetekst"))
    if text is not None:
        check_template(ctx, text, text_node)
    reveal: list[str] = []
    for fid, loc in r.ident_list(r.get(m, "reveal"), _("feit"), "reveal"):
        if fid not in ctx.facts:
            ctx.d.error(
                loc,
                "unknown-fact",
                _("{what} '{id}' is niet gedeclareerd{hint}").format(
                    what=_("feit"), id=fid, hint=did_you_mean(fid, ctx.facts)
                ),
            )
        else:
            reveal.append(fid)
    has_choices = "choices" in m.items
    has_ending = "ending" in m.items
    if has_choices and has_ending:
        ctx.d.error(
            key_loc,
            "scene-shape",
            _("scène '{scene}' heeft zowel keuzes als een einde; houd er één").format(scene=sid),
        )
    elif not has_choices and not has_ending:
        ctx.d.error(
            key_loc,
            "scene-shape",
            _("scène '{scene}' heeft keuzes of een einde nodig").format(scene=sid),
        )
    choices: list[Choice] = []
    if has_choices:
        items = r.seq(r.get(m, "choices"), "choices")
        if not items and isinstance(r.get(m, "choices"), YSeq):
            ctx.d.error(
                r.key_loc(m, "choices"),
                "scene-shape",
                _("scène '{scene}' heeft een lege keuzelijst").format(scene=sid),
            )
        for item in items:
            choice = read_choice(ctx, sid, item)
            if choice is not None:
                choices.append(choice)
    ending: Ending | None = None
    if has_ending and not has_choices:
        ending = read_ending(ctx, sid, r.get(m, "ending"), r.key_loc(m, "ending"))
    decided_by = extra.decided_by(r, m, ctx.roles, sid, has_choices and not has_ending)
    if text is None:
        return None
    return Scene(
        sid,
        title,
        text,
        tuple(dict.fromkeys(reveal)),
        tuple(choices),
        ending,
        key_loc,
        decided_by,
    )


def read_ending(ctx: LoadContext, sid: str, node: YNode | None, loc: Loc) -> Ending | None:
    r = ctx.r
    what = _("het einde van '{scene}'").format(scene=sid)
    m = r.mapping(node, what, loc)
    if m is None:
        return None
    r.keys(m, ENDING_KEYS, ENDING_KEYS, what)
    label_node = r.get(m, "label")
    label = r.string(label_node, "label")
    if label is not None:
        check_template(ctx, label, label_node)
    outcome = r.integer(r.get(m, "outcome"), "outcome", 0, 100)
    kind = r.string(r.get(m, "kind"), "kind")
    if kind is not None and kind not in ENDING_KINDS:
        ctx.d.error(
            ctx.value_loc(m, "kind"),
            "bad-ending-kind",
            _("soort einde '{kind}' is onbekend: gebruik good, mixed of bad{hint}").format(
                kind=kind, hint=did_you_mean(kind, ENDING_KINDS)
            ),
        )
        kind = None
    if label is None or outcome is None or kind is None:
        return None
    ending_kind: EndingKind = "good" if kind == "good" else "mixed" if kind == "mixed" else "bad"
    return Ending(label, outcome, ending_kind, m.loc)
