"""Choice effects: set a variable to a value, or change a number by a signed amount."""

from __future__ import annotations

import re

from frontlijn_game.i18n import _, grouped
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
                _(
                    "effect op variabele '{variable}', die niet onder 'variables' gedeclareerd "
                    "is{hint}"
                ).format(variable=key, hint=did_you_mean(key, ctx.variables)),
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
            _("het effect op '{variable}' moet een waarde zijn, maar is {got}").format(
                variable=var.id, got=describe(node)
            ),
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
                    _(
                        "effect '{effect}' op '{variable}' is geen getal met een teken, zoals "
                        '"+10" of "-5"'
                    ).format(effect=stripped, variable=var.id),
                )
                return None
            number_text = stripped.replace(" ", "")
            if len(number_text) > MAX_NUMBER_CHARS:
                ctx.d.error(
                    node.loc,
                    "number-too-long",
                    _(
                        "het effect op '{variable}' is een getal van {length} tekens; getallen "
                        "in een casus zijn hoogstens {limit} tekens lang"
                    ).format(
                        variable=var.id, length=grouped(len(number_text)), limit=MAX_NUMBER_CHARS
                    ),
                )
                return None
            amount: int | float = (
                int(number_text) if re.fullmatch(r"[+-]\d+", number_text) else float(number_text)
            )
            if non_finite(amount):
                ctx.d.error(
                    node.loc,
                    "bad-effect",
                    _("effect '{effect}' is te groot").format(effect=stripped),
                )
                return None
            return Effect(var.id, "add", amount, node.loc)
        if isinstance(value, bool) or not isinstance(value, int | float) or non_finite(value):
            ctx.d.error(
                node.loc,
                "bad-effect",
                _(
                    "'{variable}' is een getal, maar het effect is {got}; schrijf een getal "
                    'om hem te zetten (5) of "+N"/"-N" om hem te veranderen ("+10")'
                ).format(variable=var.id, got=describe(node)),
            )
            return None
        if (var.min is not None and value < var.min) or (var.max is not None and value > var.max):
            ctx.d.error(
                node.loc,
                "out-of-range",
                _(
                    "'{variable}' op {value} zetten valt buiten het bereik {range}; om hem met "
                    '{value} te veranderen, schrijf "+{value}"'
                ).format(variable=var.id, value=value, range=range_text(var.min, var.max)),
            )
            return None
        return Effect(var.id, "set", value, node.loc)
    if kind == "bool":
        if not isinstance(value, bool):
            ctx.d.error(
                node.loc,
                "bad-effect",
                _("'{variable}' is true/false, maar het effect is {got}").format(
                    variable=var.id, got=describe(node)
                ),
            )
            return None
        return Effect(var.id, "set", value, node.loc)
    if not isinstance(value, str):
        ctx.d.error(
            node.loc,
            "bad-effect",
            _("'{variable}' bevat tekst, maar het effect is {got}").format(
                variable=var.id, got=describe(node)
            ),
        )
        return None
    return Effect(var.id, "set", value, node.loc)
