"""Variables: the state a case keeps (trust, a flag, a name), with ranges and visibility.

A variable with an error of its own stays in ``broken_vars``, so its uses elsewhere are
not reported a second time.
"""

from __future__ import annotations

from frontlijn_game.i18n import _
from frontlijn_game.scenario.expressions import RESERVED as RESERVED_WORDS
from frontlijn_game.scenario.expressions.language import kind_name
from frontlijn_game.scenario.loader.context import LoadContext, non_finite, range_text
from frontlijn_game.scenario.loader.keys import VARIABLE_KEYS
from frontlijn_game.scenario.model import Value, Variable, value_kind
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, describe


def read_variables(ctx: LoadContext, node: YNode | None) -> dict[str, Variable]:
    out: dict[str, Variable] = {}
    ymap = ctx.r.mapping(node, "variables")
    if ymap is None:
        return out
    for key, (key_loc, item) in ymap.items.items():
        ctx.broken_vars.add(key)  # until it turns out fine
        if not ctx.r.key_ident(key, key_loc, _("variabele-id")):
            continue
        if key in RESERVED_WORDS:
            ctx.d.error(
                key_loc,
                "bad-id",
                _(
                    "'{name}' is een gereserveerd woord van expressies en kan geen variabele heten"
                ).format(name=key),
            )
            continue
        what = _("variabele '{variable}'").format(variable=key)
        m = ctx.r.mapping(item, what, key_loc)
        if m is None:
            continue
        ctx.r.keys(m, VARIABLE_KEYS, ("initial",), what)
        initial_node = ctx.r.get(m, "initial")
        initial: Value | None = None
        if initial_node is not None:
            if non_finite(getattr(initial_node, "value", None)):
                ctx.d.error(
                    initial_node.loc,
                    "wrong-type",
                    _(
                        "de beginwaarde van '{variable}' moet een eindig getal zijn, maar is {got}"
                    ).format(variable=key, got=describe(initial_node)),
                )
            elif isinstance(initial_node, YScalar) and isinstance(
                initial_node.value, bool | int | float | str
            ):
                initial = initial_node.value
            else:
                ctx.d.error(
                    initial_node.loc,
                    "wrong-type",
                    _(
                        "de beginwaarde van '{variable}' moet een getal, true/false of tekst "
                        "zijn, maar is {got}"
                    ).format(variable=key, got=describe(initial_node)),
                )
        lo = read_bound(ctx, m, "min", key, initial)
        hi = read_bound(ctx, m, "max", key, initial)
        if lo is not None and hi is not None and lo > hi:
            ctx.d.error(
                ctx.r.key_loc(m, "min"),
                "out-of-range",
                _("min van '{variable}' ligt boven zijn max").format(variable=key),
            )
        if (
            isinstance(initial, int | float)
            and not isinstance(initial, bool)
            and initial_node is not None
            and ((lo is not None and initial < lo) or (hi is not None and initial > hi))
        ):
            ctx.d.error(
                initial_node.loc,
                "out-of-range",
                _("beginwaarde {value} van '{variable}' valt buiten het bereik {range}").format(
                    value=initial, variable=key, range=range_text(lo, hi)
                ),
            )
        label = ctx.r.string(ctx.r.get(m, "label"), "label") or key
        visible = ctx.r.boolean(ctx.r.get(m, "visible"), "visible") or False
        if initial is not None:
            out[key] = Variable(key, initial, lo, hi, label, visible, key_loc)
            ctx.broken_vars.discard(key)
    return out


def read_bound(
    ctx: LoadContext, m: YMap, which: str, key: str, initial: Value | None
) -> int | float | None:
    node = ctx.r.get(m, which)
    if node is None:
        return None
    if initial is not None and value_kind(initial) != "number":
        ctx.d.error(
            node.loc,
            "wrong-type",
            _(
                "'{which}' is alleen voor getalvariabelen; '{variable}' is van de soort {kind}"
            ).format(which=which, variable=key, kind=kind_name(value_kind(initial))),
        )
        return None
    if (
        isinstance(node, YScalar)
        and not isinstance(node.value, bool)
        and isinstance(node.value, int | float)
        and not non_finite(node.value)
    ):
        return node.value
    ctx.d.error(
        node.loc,
        "wrong-type",
        _("{which} van '{variable}' moet een eindig getal zijn, maar is {got}").format(
            which=which, variable=key, got=describe(node)
        ),
    )
    return None
