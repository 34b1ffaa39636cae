"""What the parts of the scenario loader share while one file is read.

The parts (declarations, variables, scoring, scenes, choices, ...) are plain functions
over one :class:`LoadContext`: the ids declared so far, the diagnostics, and the checks
that must wait until every id of the file is known (an expression may name a scene that
is declared further down).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable

from frontlijn_game.scenario.diagnostics import Diagnostics, Loc
from frontlijn_game.scenario.loader.reading import Reader, locate
from frontlijn_game.scenario.model import Actor, Fact, Role, Variable
from frontlijn_game.scenario.yamltree import YMap, YScalar


def range_text(lo: float | None, hi: float | None) -> str:
    """``0..100``, ``>= 0`` or ``<= 100``: the allowed range of a number variable."""
    if lo is not None and hi is not None:
        return f"{lo}..{hi}"
    return f">= {lo}" if lo is not None else f"<= {hi}"


def non_finite(value: object) -> bool:
    """True for ``.inf`` and ``.nan``, which YAML allows and a case never means."""
    return isinstance(value, float) and not math.isfinite(value)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LoadContext:
    """The state of loading one scenario file; every part reads and extends it."""

    def __init__(self, path: str, data: bytes, diags: Diagnostics) -> None:
        self.path = path
        self.data = data
        self.d = diags
        self.r = Reader(diags)
        self.variables: dict[str, Variable] = {}
        self.facts: dict[str, Fact] = {}
        self.actors: dict[str, Actor] = {}
        self.scene_ids: dict[str, Loc] = {}
        self.choice_ids: dict[str, Loc] = {}
        self.language = "nl"
        self.deferred: list[Callable[[], None]] = []
        """Checks that need every id first: run after the first pass over the file."""
        self.used_vars: set[str] = set()
        self.broken_vars: set[str] = set()
        """Declared variables with an error of their own: uses of them are not reported again."""
        self.text = ""
        self._lines: list[str] | None = None
        self.competency_locs: dict[str, Loc] = {}
        self.order_locs: list[tuple[Loc, Loc]] = []
        self.forbidden_locs: dict[str, Loc] = {}
        self.roles: dict[str, Role] = {}

    def at(self, node: YScalar, offset: int) -> Loc:
        """The position of character ``offset`` of a scalar's value (see :func:`locate`)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return locate(self._lines, node, offset)

    def value_loc(self, ymap: YMap, key: str) -> Loc:
        """Where the value of ``key`` is written (its key when the value is empty)."""
        node = self.r.get(ymap, key)
        return node.loc if node is not None else self.r.key_loc(ymap, key)
