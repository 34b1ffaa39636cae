"""Guard expressions and ``{name}`` templates: the parts of a case that name other parts.

Both are parsed when met, but what they name (variables, scenes, choices) may be declared
further down the file, so the name checks are deferred until the first pass is done.
"""

from __future__ import annotations

from frontlijn_game.scenario.diagnostics import Loc, did_you_mean
from frontlijn_game.scenario.expressions import Expr, ExprError, check, parse
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
            f"{what} must be an expression in text, got {describe(node)}",
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
            code = "expression-type"
            low = problem.message.lower()
            if "unknown variable" in low:
                code = "unknown-variable"
                if any(f"unknown variable '{b}'" in problem.message for b in ctx.broken_vars):
                    continue
            elif "unknown scene" in low or "unknown choice" in low:
                code = "unknown-reference"
            ctx.d.error(
                ctx.at(node, problem.offset),
                code,
                f"{what}: {problem.message}",
            )
        if not problems and want_bool and expr.kind != "bool":
            ctx.d.error(
                node.loc,
                "expression-type",
                f"{what} must be true or false, but '{source}' is a {expr.kind}",
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
                        f"'{{{name}}}' names no variable{did_you_mean(name, ctx.variables)}; "
                        "declare it under 'variables' or write '{{' and '}}' for braces",
                    )

        ctx.deferred.append(later)
