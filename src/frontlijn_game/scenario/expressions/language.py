"""The words, kinds, limits and errors of the guard language, shared by all its stages."""

from __future__ import annotations

from typing import Literal, TypeAlias

from frontlijn_game.i18n import N_, _

Kind = Literal["number", "bool", "string"]
Value: TypeAlias = int | float | bool | str

RESERVED = frozenset({"and", "or", "not", "true", "false", "visited", "chose"})

# Limits that keep hostile input from exhausting the Python stack (parser recursion per
# nesting level, closure call depth per tree level); real guards stay far below them.
MAX_NESTING = 50
MAX_DEPTH = 200


class ExprError(Exception):
    """Parse or type error at ``offset`` (0-based character offset into the text).

    ``message`` is in the interface language; ``code`` is the diagnostic's stable code
    and ``name`` the unknown variable it is about, so callers never read the words."""

    def __init__(
        self, message: str, offset: int, code: str = "expression-type", name: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code
        self.name = name

    def __repr__(self) -> str:
        return f"ExprError({self.message!r}, {self.offset})"


class ExprRuntimeError(Exception):
    """Evaluation failed (division by zero, a variable without a value, ...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_KIND_NAMES = {"number": N_("getal"), "bool": N_("ja/nee-waarde"), "string": N_("tekst")}


def kind_name(kind: str) -> str:
    """A kind of the guard language as a trainer reads it (``number`` in English)."""
    name = _KIND_NAMES.get(kind)
    return _(name) if name is not None else kind


ARITHMETIC = frozenset({"+", "-", "*", "/"})
ORDERING = frozenset({"<", "<=", ">", ">="})
EQUALITY = frozenset({"==", "!="})
COMPARISON = ORDERING | EQUALITY
LOGICAL = frozenset({"and", "or"})
