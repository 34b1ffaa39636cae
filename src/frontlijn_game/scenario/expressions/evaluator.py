"""The evaluator: the closures a syntax tree is compiled to at parse time.

Path search evaluates guards ~100,000 times a second, so an expression is one nested call
of closures rather than a walk over the tree; the factories below inline one operator and
one operand shape each, so no node costs an extra call per evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from typing import Any, TypeAlias

# Compiled closures take (variables, visited scenes, chosen choices); ``Any`` because the
# checker, not the closure, guarantees the operand types.
Closure: TypeAlias = Callable[[Mapping[str, Any], Container[str], Container[str]], Any]


def constant(value: Any) -> Closure:
    return lambda v, s, c: value


def in_visited(arg: str) -> Closure:
    return lambda v, s, c: arg in s


def in_chosen(arg: str) -> Closure:
    return lambda v, s, c: arg in c


def negate_variable(name: str) -> Closure:
    return lambda v, s, c: -v[name]


def negate(f: Closure) -> Closure:
    return lambda v, s, c: -f(v, s, c)


def logical_not(f: Closure) -> Closure:
    return lambda v, s, c: not f(v, s, c)


# Closure factories, one per operator and operand shape, with the operator inlined: a
# generic ``op(a(...), b(...))`` would cost an extra call per node per evaluation.
BOTH_COMPUTED: dict[str, Callable[[Closure, Closure], Closure]] = {
    "+": lambda a, b: lambda v, s, c: a(v, s, c) + b(v, s, c),
    "-": lambda a, b: lambda v, s, c: a(v, s, c) - b(v, s, c),
    "*": lambda a, b: lambda v, s, c: a(v, s, c) * b(v, s, c),
    "/": lambda a, b: lambda v, s, c: a(v, s, c) / b(v, s, c),
    "==": lambda a, b: lambda v, s, c: a(v, s, c) == b(v, s, c),
    "!=": lambda a, b: lambda v, s, c: a(v, s, c) != b(v, s, c),
    "<": lambda a, b: lambda v, s, c: a(v, s, c) < b(v, s, c),
    "<=": lambda a, b: lambda v, s, c: a(v, s, c) <= b(v, s, c),
    ">": lambda a, b: lambda v, s, c: a(v, s, c) > b(v, s, c),
    ">=": lambda a, b: lambda v, s, c: a(v, s, c) >= b(v, s, c),
    "and": lambda a, b: lambda v, s, c: a(v, s, c) and b(v, s, c),
    "or": lambda a, b: lambda v, s, c: a(v, s, c) or b(v, s, c),
}
# Right operand a constant ``k``.
RIGHT_CONSTANT: dict[str, Callable[[Closure, Any], Closure]] = {
    "+": lambda a, k: lambda v, s, c: a(v, s, c) + k,
    "-": lambda a, k: lambda v, s, c: a(v, s, c) - k,
    "*": lambda a, k: lambda v, s, c: a(v, s, c) * k,
    "/": lambda a, k: lambda v, s, c: a(v, s, c) / k,
    "==": lambda a, k: lambda v, s, c: a(v, s, c) == k,
    "!=": lambda a, k: lambda v, s, c: a(v, s, c) != k,
    "<": lambda a, k: lambda v, s, c: a(v, s, c) < k,
    "<=": lambda a, k: lambda v, s, c: a(v, s, c) <= k,
    ">": lambda a, k: lambda v, s, c: a(v, s, c) > k,
    ">=": lambda a, k: lambda v, s, c: a(v, s, c) >= k,
}
# Left operand the variable ``n``, right operand a constant ``k`` (``vertrouwen >= 40``).
VARIABLE_AND_CONSTANT: dict[str, Callable[[str, Any], Closure]] = {
    "+": lambda n, k: lambda v, s, c: v[n] + k,
    "-": lambda n, k: lambda v, s, c: v[n] - k,
    "*": lambda n, k: lambda v, s, c: v[n] * k,
    "/": lambda n, k: lambda v, s, c: v[n] / k,
    "==": lambda n, k: lambda v, s, c: v[n] == k,
    "!=": lambda n, k: lambda v, s, c: v[n] != k,
    "<": lambda n, k: lambda v, s, c: v[n] < k,
    "<=": lambda n, k: lambda v, s, c: v[n] <= k,
    ">": lambda n, k: lambda v, s, c: v[n] > k,
    ">=": lambda n, k: lambda v, s, c: v[n] >= k,
}
