"""The syntax tree: one node class per construct, compiled and constant-folded when built.

Each node carries its closure (``fn``), its folded value (``const``, or NOT_CONSTANT when
only run time knows it) and its depth, bounded so that hostile input cannot exhaust the
Python stack when the closures run.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from frontlijn_game.i18n import _
from frontlijn_game.scenario.expressions.evaluator import (
    BOTH_COMPUTED,
    RIGHT_CONSTANT,
    VARIABLE_AND_CONSTANT,
    Closure,
    constant,
    in_chosen,
    in_visited,
    logical_not,
    negate,
    negate_variable,
)
from frontlijn_game.scenario.expressions.language import (
    EQUALITY,
    LOGICAL,
    MAX_DEPTH,
    ExprError,
    Kind,
    Value,
)


class NotConstant:
    """Marks a node whose value is not known before run time."""

    __slots__ = ()


NOT_CONSTANT: Any = NotConstant()


class Node:
    """One tree node; ``fn`` is its compiled closure, ``const`` its folded value or NOT_CONSTANT."""

    __slots__ = ("const", "depth", "fn", "offset")

    def __init__(self, offset: int, fn: Closure, const: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ExprError(_("de expressie is te diep genest"), offset)
        self.offset = offset
        self.fn = fn
        self.const = const
        self.depth = depth


def kind_of(value: Value) -> Kind:
    if isinstance(value, bool):
        return "bool"
    return "string" if isinstance(value, str) else "number"


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class LiteralNode(Node):
    __slots__ = ("kind",)

    def __init__(self, value: Value, offset: int) -> None:
        super().__init__(offset, constant(value), value, 1)
        self.kind: Kind = kind_of(value)


class VariableNode(Node):
    __slots__ = ("name",)

    def __init__(self, name: str, offset: int) -> None:
        super().__init__(offset, lambda v, s, c: v[name], NOT_CONSTANT, 1)
        self.name = name


class CallNode(Node):
    """``visited("id")`` or ``chose("id")``; ``offset`` is the function name's."""

    __slots__ = ("arg", "arg_offset", "func")

    def __init__(self, func: str, arg: str, offset: int, arg_offset: int) -> None:
        super().__init__(
            offset, in_visited(arg) if func == "visited" else in_chosen(arg), NOT_CONSTANT, 1
        )
        self.func = func
        self.arg = arg
        self.arg_offset = arg_offset


class UnaryNode(Node):
    """``-x`` or ``not x``; ``offset`` is the operator's."""

    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Node, offset: int) -> None:
        k = operand.const
        const: Any = NOT_CONSTANT
        if op == "-" and is_number(k):
            const = -k
        elif op == "not" and isinstance(k, bool):
            const = not k
        if const is not NOT_CONSTANT:
            fn = constant(const)
        elif op == "-" and isinstance(operand, VariableNode):
            fn = negate_variable(operand.name)
        else:
            fn = (negate if op == "-" else logical_not)(operand.fn)
        super().__init__(offset, fn, const, operand.depth + 1)
        self.op = op
        self.operand = operand


FOLD_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
}


def fold(op: str, a: Any, b: Any) -> Any:
    """The constant value of ``a op b``, or NOT_CONSTANT when it must wait for run time.

    Only well-typed operands fold, so hostile text such as ``"x" * 999999999`` can never
    make the parser do unbounded work; the checker rejects those anyway.
    """
    if a is NOT_CONSTANT or b is NOT_CONSTANT:
        return NOT_CONSTANT
    if op in LOGICAL:
        ok = isinstance(a, bool) and isinstance(b, bool)
    elif op in EQUALITY:
        ok = kind_of(a) == kind_of(b)
    else:
        ok = is_number(a) and is_number(b)
    if not ok:
        return NOT_CONSTANT
    try:
        return FOLD_OPERATORS[op](a, b)
    except ArithmeticError:  # 1 / 0, or an int too large for a float: a run-time matter
        return NOT_CONSTANT


class BinaryNode(Node):
    """``left op right``; ``offset`` is the operator's."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Node, right: Node, offset: int) -> None:
        const = fold(op, left.const, right.const)
        if const is not NOT_CONSTANT:
            fn = constant(const)
        elif right.const is not NOT_CONSTANT and op in RIGHT_CONSTANT:
            if isinstance(left, VariableNode):
                fn = VARIABLE_AND_CONSTANT[op](left.name, right.const)
            else:
                fn = RIGHT_CONSTANT[op](left.fn, right.const)
        else:
            fn = BOTH_COMPUTED[op](left.fn, right.fn)
        super().__init__(offset, fn, const, max(left.depth, right.depth) + 1)
        self.op = op
        self.left = left
        self.right = right
