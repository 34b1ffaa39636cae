"""Guard expressions and ``{name}`` templates: the parts of a case that name other parts.

Both are parsed when met, but what they name (variables, scenes, choices) may be declared
further down the file, so the name checks are deferred until the first pass is done.
"""

from __future__ import annotations

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Loc, did_you_mean
from frontlijn_game.scenario.expressions import Expr, ExprError, check, parse
from frontlijn_game.scenario.expressions.language import kind_name
from frontlijn_game.scenario.interpolation import TemplateError, scan, split
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.yamltree import YNode, YScalar, describe


def read_expression(
    ctx: LoadContext, node: YNode | None, what: str, want_bool: bool
) -> Expr | None:
    if node is None:
        return None
    if not isinstance(node, YScalar):
        ctx.d.error(
            node.loc,
            "wrong-type",
            _("{what} moet een expressie als tekst zijn, maar is {got}").format(
                what=what, got=describe(node)
            ),
        )
        return None
    source = node.text
    try:
        expr = parse(source)
    except ExprError as exc:
        ctx.d.error(
            ctx.at(node, exc.offset),
            "bad-expression",
            f"{what}: {exc.message}",
        )
        return None
    ctx.used_vars.update(expr.variables)

    def later() -> None:
        kinds = {vid: v.kind for vid, v in ctx.variables.items()}
        problems = check(expr, kinds, ctx.scene_ids, ctx.choice_ids)
        for problem in problems:
            if problem.code == "unknown-variable" and problem.name in ctx.broken_vars:
                continue
            ctx.d.error(
                ctx.at(node, problem.offset),
                problem.code,
                f"{what}: {problem.message}",
            )
        if not problems and want_bool and expr.kind != "bool":
            ctx.d.error(
                node.loc,
                "expression-type",
                _("{what} moet true of false zijn, maar '{source}' is een {kind}").format(
                    what=what, source=source, kind=kind_name(expr.kind or "")
                ),
            )

    ctx.deferred.append(later)
    return expr


def check_template(ctx: LoadContext, text: str, node: YNode | None) -> None:
    def where(offset: int) -> Loc:
        if isinstance(node, YScalar):
            return ctx.at(node, offset)
        return node.loc if node is not None else Loc(1, 1)

    try:
        parts = split(text)
    except TemplateError as exc:
        ctx.d.error(where(exc.offset), "interpolation", exc.message)
        return
    for name in dict.fromkeys(part for is_name, part in parts if is_name):
        ctx.used_vars.add(name)

        def later(name: str = name) -> None:
            if name in ctx.variables or name in ctx.broken_vars:
                return
            for is_name, part, offset in scan(text):
                if is_name and part == name:
                    ctx.d.error(
                        where(offset),
                        "interpolation",
                        _(
                            "'{{{name}}}' is geen variabele{hint}; declareer hem onder "
                            "'variables' of schrijf '{{{{' en '}}}}' voor accolades"
                        ).format(name=name, hint=did_you_mean(name, ctx.variables)),
                    )

        ctx.deferred.append(later)
