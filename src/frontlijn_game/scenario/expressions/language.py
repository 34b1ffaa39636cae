"""The words, kinds, limits and errors of the guard language, shared by all its stages."""

from __future__ import annotations

from typing import Literal, TypeAlias

Kind = Literal["number", "bool", "string"]
Value: TypeAlias = int | float | bool | str

RESERVED = frozenset({"and", "or", "not", "true", "false", "visited", "chose"})

# Limits that keep hostile input from exhausting the Python stack (parser recursion per
# nesting level, closure call depth per tree level); real guards stay far below them.
MAX_NESTING = 50
MAX_DEPTH = 200


class ExprError(Exception):
    """Parse or type error at ``offset`` (0-based character offset into the text)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __repr__(self) -> str:
        return f"ExprError({self.message!r}, {self.offset})"


class ExprRuntimeError(Exception):
    """Evaluation failed (division by zero, a variable without a value, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ARITHMETIC = frozenset({"+", "-", "*", "/"})
ORDERING = frozenset({"<", "<=", ">", ">="})
EQUALITY = frozenset({"==", "!="})
COMPARISON = ORDERING | EQUALITY
LOGICAL = frozenset({"and", "or"})
