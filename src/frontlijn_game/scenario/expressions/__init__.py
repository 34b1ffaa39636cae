"""Guard expressions in scenario YAML: a tiny typed language with its own parser.

Trainers write guards such as ``vertrouwen >= 40 and not chose("dreig")``. Content comes
from files we do not control, so nothing here may reach Python: a hand-written ``lexer``
and recursive-descent ``parser`` build a small ``syntax_tree``; ``type_check`` checks it at
load time (a bad guard is a ``file:line:col`` error, never a crash mid-game); and the tree
is compiled once, at parse time, into the nested closures of ``evaluator``, so
:meth:`Expr.evaluate` is a single call (path search evaluates guards ~100,000 times a
second). Import the names below from here.
"""

from __future__ import annotations

from frontlijn_game.scenario.expressions.expr import Expr, parse
from frontlijn_game.scenario.expressions.language import (
    RESERVED,
    ExprError,
    ExprRuntimeError,
    Kind,
)
from frontlijn_game.scenario.expressions.type_check import check

__all__ = [
    "RESERVED",
    "Expr",
    "ExprError",
    "ExprRuntimeError",
    "Kind",
    "check",
    "parse",
]
