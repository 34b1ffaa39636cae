"""Reading a located YAML tree: typed access that records what is wrong and where.

:class:`Reader` is shared by the scenario, curriculum and test-file loaders so that every
format reports the same kinds of problems with the same codes and wording; :func:`locate`
turns an offset into a scalar (an expression error, a template brace) into a file position.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Diagnostics, Loc
from frontlijn_game.scenario.diagnostics import did_you_mean as did_you_mean
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq, describe

SCENARIO_ID = re.compile(r"[a-z0-9-]+\Z")
ID = re.compile(r"[a-z][a-z0-9_]*\Z")


def locate(lines: list[str], node: YScalar, offset: int) -> Loc:
    """Where character ``offset`` of a scalar's value sits in the file (best effort).

    ``lines`` are the file's lines. Exact for one-line scalars without escapes and for
    literal blocks (``|``); for folded or escaped text the fragment at ``offset`` is
    searched for from the scalar's start. Falls back to the scalar's own position.
    """
    value = node.text
    base = node.loc
    if not value or not lines or base.line > len(lines):
        return base
    offset = max(0, min(offset, len(value)))
    if offset == len(value):  # "unexpected end": just after the last character
        last = locate(lines, node, len(value) - 1)
        return last if last == base else Loc(last.line, last.col + 1)
    first = lines[base.line - 1]
    start = base.col - 1 + (0 if node.plain else 1)
    if "\n" not in value and first[start : start + len(value)] == value:
        return Loc(base.line, start + 1 + offset)
    # Folding turns line breaks into spaces, so the text can span that many lines more.
    last_line = min(len(lines), base.line + value.count("\n") + value.count(" ") + 2)
    fragment = value[offset:].split(None, 1)[0] if not value[offset].isspace() else ""
    found = _find(lines, base, last_line, value, offset, fragment[:20])
    if found is None:  # escapes (\") change the text: look for the word after them
        word = re.search(r"\w+", fragment)
        if word is not None:
            found = _find(lines, base, last_line, value, offset + word.start(), word.group())
            if found is not None:
                found = Loc(found.line, max(1, found.col - word.start()))
    return found or base


def _find(
    lines: list[str], base: Loc, last_line: int, value: str, offset: int, fragment: str
) -> Loc | None:
    """The position of the occurrence of ``fragment`` that starts at ``offset`` of ``value``."""
    if not fragment:
        return None
    skip = value[:offset].count(fragment)
    col = base.col - 1
    for index in range(base.line - 1, last_line):
        line = lines[index]
        at = line.find(fragment, col)
        while at >= 0:
            if skip == 0:
                return Loc(index + 1, at + 1)
            skip -= 1
            at = line.find(fragment, at + len(fragment))
        col = 0
    return None


class Reader:
    """Typed access to a located YAML tree that records what is wrong and where.

    Shared by the scenario, curriculum and test-file loaders so that every format
    reports the same kinds of problems with the same codes and wording.
    """

    def __init__(self, diags: Diagnostics) -> None:
        self.d = diags

    # -- structure -------------------------------------------------------------------
    def mapping(self, node: YNode | None, what: str, loc: Loc | None = None) -> YMap | None:
        if isinstance(node, YMap):
            return node
        if node is not None:
            self.d.error(
                node.loc,
                "wrong-type",
                _("{what} moet een mapping zijn, maar is {got}").format(
                    what=what, got=describe(node)
                ),
            )
        elif loc is not None:
            self.d.error(loc, "wrong-type", _("{what} moet een mapping zijn").format(what=what))
        return None

    def keys(
        self,
        ymap: YMap,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> None:
        for key, (key_loc, _value) in ymap.items.items():
            if key not in allowed:
                self.d.error(
                    key_loc,
                    "unknown-key",
                    _("onbekende sleutel '{key}' in {what}{hint}").format(
                        key=key, what=what, hint=did_you_mean(key, allowed)
                    ),
                )
        for key in required:
            if key not in ymap.items:
                self.d.error(
                    ymap.loc,
                    "missing-key",
                    _("{what} heeft '{key}' nodig").format(what=what, key=key),
                )

    def get(self, ymap: YMap, key: str) -> YNode | None:
        item = ymap.items.get(key)
        return None if item is None else item[1]

    def key_loc(self, ymap: YMap, key: str) -> Loc:
        item = ymap.items.get(key)
        return ymap.loc if item is None else item[0]

    def seq(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if isinstance(node, YSeq):
            return node.items
        self.d.error(
            node.loc,
            "wrong-type",
            _("{what} moet een lijst zijn, maar is {got}").format(what=what, got=describe(node)),
        )
        return []

    # -- scalars ---------------------------------------------------------------------
    def string(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        self.d.error(
            node.loc,
            "wrong-type",
            _("{what} moet tekst zijn, maar is {got}").format(what=what, got=describe(node)),
        )
        return None

    def integer(self, node: YNode | None, what: str, lo: int | None, hi: int | None) -> int | None:
        if node is None:
            return None
        if (
            not isinstance(node, YScalar)
            or isinstance(node.value, bool)
            or not isinstance(node.value, int)
        ):
            self.d.error(
                node.loc,
                "wrong-type",
                _("{what} moet een geheel getal zijn, maar is {got}").format(
                    what=what, got=describe(node)
                ),
            )
            return None
        value = node.value
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"{lo}..{hi}" if hi is not None else f">= {lo}"
            self.d.error(
                node.loc,
                "out-of-range",
                _("{what} moet {bounds} zijn, maar is {value}").format(
                    what=what, bounds=bounds, value=value
                ),
            )
            return None
        return value

    def number(self, node: YNode | None, what: str) -> Fraction | None:
        """An int or float as an exact Fraction of its written text (0.3 is 3/10)."""
        if node is None:
            return None
        if (
            isinstance(node, YScalar)
            and not isinstance(node.value, bool)
            and isinstance(node.value, int | float)
        ):
            if isinstance(node.value, float) and not math.isfinite(node.value):
                self.d.error(
                    node.loc,
                    "wrong-type",
                    _("{what} moet een eindig getal zijn, maar is {got}").format(
                        what=what, got=describe(node)
                    ),
                )
                return None
            try:
                return Fraction(node.text.replace("_", ""))
            except (ValueError, ZeroDivisionError):
                return Fraction(node.value)
        self.d.error(
            node.loc,
            "wrong-type",
            _("{what} moet een getal zijn, maar is {got}").format(what=what, got=describe(node)),
        )
        return None

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.d.error(
            node.loc,
            "wrong-type",
            _("{what} moet true of false zijn, maar is {got}").format(
                what=what, got=describe(node)
            ),
        )
        return None

    def ident(self, node: YNode | None, what: str, pattern: re.Pattern[str] = ID) -> str | None:
        value = self.string(node, what)
        if value is None or node is None:
            return None
        if not pattern.match(value):
            rule = (
                "[a-z0-9-]+"
                if pattern is SCENARIO_ID
                else _("[a-z][a-z0-9_]* (kleine letters, cijfers, _)")
            )
            self.d.error(
                node.loc,
                "bad-id",
                _("{what} '{value}' is geen geldige id: gebruik {rule}").format(
                    what=what, value=value, rule=rule
                ),
            )
            return None
        return value

    def key_ident(self, key: str, loc: Loc, what: str) -> bool:
        if ID.match(key):
            return True
        self.d.error(
            loc,
            "bad-id",
            _("{what} '{value}' is geen geldige id: gebruik {rule}").format(
                what=what, value=key, rule="[a-z][a-z0-9_]*"
            ),
        )
        return False

    def ident_list(
        self, node: YNode | None, what: str, key: str | None = None
    ) -> list[tuple[str, Loc]]:
        """A list of ids; ``what`` names one item, ``key`` the list (for 'must be a list')."""
        out: list[tuple[str, Loc]] = []
        for item in self.seq(node, key or what):
            value = self.ident(item, what)
            if value is not None:
                out.append((value, item.loc))
        return out
