"""The type checker, run at load time: every problem of a guard, located, before any play.

Besides kinds it folds number expressions algebraically, so ``x / (x - x)`` is a division
by zero the trainer hears about when validating, not a trainee mid-game.
"""

from __future__ import annotations

import difflib
from collections.abc import Container, Iterable, Mapping
from fractions import Fraction
from typing import TypeAlias

from frontlijn_game.i18n import _
from frontlijn_game.scenario.expressions.expr import Expr
from frontlijn_game.scenario.expressions.language import (
    ARITHMETIC,
    EQUALITY,
    LOGICAL,
    ORDERING,
    RESERVED,
    ExprError,
    Kind,
    kind_name,
)
from frontlijn_game.scenario.expressions.syntax_tree import (
    BinaryNode,
    CallNode,
    LiteralNode,
    Node,
    UnaryNode,
    VariableNode,
    is_number,
)


def did_you_mean(name: str, candidates: object) -> str:
    if isinstance(candidates, Iterable):
        pool = [c for c in candidates if isinstance(c, str)]
        close = difflib.get_close_matches(name, pool, n=1)
        if close:
            return _(" (bedoel je '{name}'?)").format(name=close[0])
    return ""


class Checker:
    """Walks the tree once, collecting every problem rather than stopping at the first.

    A sub-expression whose type is unknown (after an error) has kind None and is not
    reported again, so one mistake gives one message.
    """

    def __init__(
        self,
        variable_kinds: Mapping[str, Kind],
        scene_ids: Container[str],
        choice_ids: Container[str],
    ) -> None:
        self.variable_kinds = variable_kinds
        self.scene_ids = scene_ids
        self.choice_ids = choice_ids
        self.errors: list[ExprError] = []

    def error(
        self, message: str, offset: int, code: str = "expression-type", name: str | None = None
    ) -> None:
        self.errors.append(ExprError(message, offset, code, name))

    def need(self, op: str, want: Kind, kinds: tuple[Kind | None, ...], offset: int) -> bool:
        """Report operands of ``op`` that are not ``want``; True when all are fine."""
        bad = list(dict.fromkeys(k for k in kinds if k is not None and k != want))
        if bad:
            noun = _("een ja/nee-waarde") if want == "bool" else _("een getal")
            if len(kinds) > 1:
                noun = _("ja/nee-waarden") if want == "bool" else _("getallen")
            got = _(" en ").join(kind_name(k) for k in bad)
            self.error(
                _("'{op}' heeft {noun} nodig, maar kreeg: {got}").format(op=op, noun=noun, got=got),
                offset,
            )
            return False
        return True

    def visit(self, node: Node) -> Kind | None:
        if isinstance(node, LiteralNode):
            return node.kind
        if isinstance(node, VariableNode):
            return self.variable(node)
        if isinstance(node, CallNode):
            ids, unknown = (
                (self.scene_ids, _("onbekende scène {id}{hint}"))
                if node.func == "visited"
                else (self.choice_ids, _("onbekende keuze {id}{hint}"))
            )
            if node.arg not in ids:
                hint = did_you_mean(node.arg, ids)
                self.error(
                    unknown.format(id=repr(node.arg), hint=hint),
                    node.arg_offset,
                    "unknown-reference",
                )
            return "bool"
        if isinstance(node, UnaryNode):
            kind = self.visit(node.operand)
            if node.op == "not":
                self.need("not", "bool", (kind,), node.offset)
                return "bool"
            return "number" if self.need("-", "number", (kind,), node.offset) else None
        assert isinstance(node, BinaryNode)
        left = self.visit(node.left)
        right = self.visit(node.right)
        op = node.op
        if op in LOGICAL:
            self.need(op, "bool", (left, right), node.offset)
            return "bool"
        if op in EQUALITY:
            if left is not None and right is not None and left != right:
                self.error(
                    _(
                        "'{op}' heeft aan beide kanten dezelfde soort nodig, maar kreeg: {left} en {right}"
                    ).format(op=op, left=kind_name(left), right=kind_name(right)),
                    node.offset,
                )
            return "bool"
        ok = self.need(op, "number", (left, right), node.offset)
        if ok and op == "/" and is_zero(linear_form(node.right)):
            self.error(_("deling door nul"), node.offset)
        if op in ORDERING:
            return "bool"
        return "number" if ok else None  # None: no follow-up errors about this operand

    def variable(self, node: VariableNode) -> Kind | None:
        kind = self.variable_kinds.get(node.name)
        if kind is None:
            lower = node.name.lower()
            if lower in RESERVED:
                hint = _(" (bedoel je '{name}'?)").format(name=lower)
            else:
                hint = did_you_mean(node.name, self.variable_kinds)
            self.error(
                _("onbekende variabele {name}{hint}").format(name=repr(node.name), hint=hint),
                node.offset,
                "unknown-variable",
                node.name,
            )
        return kind


Linear: TypeAlias = tuple[Fraction, dict[str, Fraction]]
"""``c + sum(k * var)``: the form of a number expression that is linear in its variables."""


def linear_form(node: Node) -> Linear | None:
    """Fold ``node`` algebraically (``x - x`` is 0, ``2 * (x - x) + 1`` is 1), or None
    when it is not linear in its variables (``x * y``, ``1 / x``, a comparison)."""
    if isinstance(node, LiteralNode):
        return (Fraction(node.const), {}) if is_number(node.const) else None
    if isinstance(node, VariableNode):
        return Fraction(0), {node.name: Fraction(1)}
    if isinstance(node, UnaryNode):
        inner = linear_form(node.operand) if node.op == "-" else None
        return None if inner is None else scale(inner, Fraction(-1))
    if not isinstance(node, BinaryNode) or node.op not in ARITHMETIC:
        return None
    left, right = linear_form(node.left), linear_form(node.right)
    if node.op == "*":
        if is_zero(left) or is_zero(right):
            return Fraction(0), {}
        if left is not None and right is not None:
            if not right[1]:
                return scale(left, right[0])
            if not left[1]:
                return scale(right, left[0])
        return None
    if left is None or right is None:
        return None
    if node.op == "/":
        return scale(left, 1 / right[0]) if not right[1] and right[0] != 0 else None
    sign = 1 if node.op == "+" else -1
    coeffs = dict(left[1])
    for name, k in right[1].items():
        coeffs[name] = coeffs.get(name, Fraction(0)) + sign * k
    return left[0] + sign * right[0], {n: k for n, k in coeffs.items() if k != 0}


def scale(form: Linear, factor: Fraction) -> Linear:
    if factor == 0:
        return Fraction(0), {}
    return form[0] * factor, {n: k * factor for n, k in form[1].items()}


def is_zero(form: Linear | None) -> bool:
    return form is not None and form[0] == 0 and not form[1]


def check(
    expr: Expr,
    variable_kinds: Mapping[str, Kind],
    scene_ids: Container[str],
    choice_ids: Container[str],
) -> list[ExprError]:
    """Type-check ``expr``; return every problem, ordered by offset.

    On success set ``expr.kind`` (the caller decides which kind a context needs, e.g. a
    guard must be ``"bool"``) and return ``[]``; on failure leave ``expr.kind`` None.
    Offsets of operator and type errors point at the operator; unknown names at the name
    or the quoted id. Did-you-mean hints need ``scene_ids``/``choice_ids`` to be iterable.
    """
    checker = Checker(variable_kinds, scene_ids, choice_ids)
    kind = checker.visit(expr.tree)
    errors = sorted(checker.errors, key=lambda e: e.offset)
    expr.kind = None if errors else kind
    return errors
