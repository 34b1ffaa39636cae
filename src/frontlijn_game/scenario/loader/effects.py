"""Choice effects: set a variable to a value, or change a number by a signed amount."""

from __future__ import annotations

import re

from frontlijn_game.scenario.diagnostics import MAX_NUMBER_CHARS, did_you_mean
from frontlijn_game.scenario.loader.context import LoadContext, non_finite, range_text
from frontlijn_game.scenario.loader.keys import SIGNED_NUMBER
from frontlijn_game.scenario.model import Effect, Variable
from frontlijn_game.scenario.yamltree import YNode, YScalar, describe


def read_effects(ctx: LoadContext, node: YNode | None) -> list[Effect] | None:
    r = ctx.r
    if node is None:
        return []
    m = r.mapping(node, "effects")
    if m is None:
        return None
    out: list[Effect] = []
    ok = True
    for key, (key_loc, value_node) in m.items.items():
        var = ctx.variables.get(key)
        if var is None and key in ctx.broken_vars:
            ok = False
            continue
        if var is None:
            ctx.d.error(
                key_loc,
                "unknown-variable",
                f"effect on variable '{key}', which is not declared under 'variables'"
                f"{did_you_mean(key, ctx.variables)}",
            )
            ok = False
            continue
        ctx.used_vars.add(key)
        effect = read_effect(ctx, var, value_node)
        if effect is None:
            ok = False
        else:
            out.append(effect)
    return out if ok else None


def read_effect(ctx: LoadContext, var: Variable, node: YNode) -> Effect | None:
    kind = var.kind
    if not isinstance(node, YScalar) or node.value is None:
        ctx.d.error(
            node.loc,
            "bad-effect",
            f"effect on '{var.id}' must be a value, got {describe(node)}",
        )
        return None
    value = node.value
    stripped = node.text.strip()
    if kind == "number":
        signed = stripped[:1] in ("+", "-")
        if signed and (isinstance(value, str) or node.plain):
            if not SIGNED_NUMBER.match(stripped):
                ctx.d.error(
                    node.loc,
                    "bad-effect",
                    f"effect '{stripped}' on '{var.id}' is not a signed number such as \"+10\" or \"-5\"",
                )
                return None
            number_text = stripped.replace(" ", "")
            if len(number_text) > MAX_NUMBER_CHARS:
                ctx.d.error(
                    node.loc,
                    "number-too-long",
                    f"effect on '{var.id}' is a number of {len(number_text):,} characters; "
                    f"numbers in a case are at most {MAX_NUMBER_CHARS} characters long",
                )
                return None
            amount: int | float = (
                int(number_text) if re.fullmatch(r"[+-]\d+", number_text) else float(number_text)
            )
            if non_finite(amount):
                ctx.d.error(node.loc, "bad-effect", f"effect '{stripped}' is too large")
                return None
            return Effect(var.id, "add", amount, node.loc)
        if isinstance(value, bool) or not isinstance(value, int | float) or non_finite(value):
            ctx.d.error(
                node.loc,
                "bad-effect",
                f"'{var.id}' is a number, but the effect is {describe(node)}; "
                f'write a number to set it (5) or "+N"/"-N" to change it ("+10")',
            )
            return None
        if (var.min is not None and value < var.min) or (var.max is not None and value > var.max):
            ctx.d.error(
                node.loc,
                "out-of-range",
                f"setting '{var.id}' to {value} is outside its range "
                f'{range_text(var.min, var.max)}; to change it by {value}, write "+{value}"',
            )
            return None
        return Effect(var.id, "set", value, node.loc)
    if kind == "bool":
        if not isinstance(value, bool):
            ctx.d.error(node.loc, "bad-effect", f"'{var.id}' is true/false; got {describe(node)}")
            return None
        return Effect(var.id, "set", value, node.loc)
    if not isinstance(value, str):
        ctx.d.error(node.loc, "bad-effect", f"'{var.id}' holds text; got {describe(node)}")
        return None
    return Effect(var.id, "set", value, node.loc)
