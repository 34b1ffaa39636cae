"""Located problems in content files: ``file:line:col: error|warning: message [code]``.

Every loader collects these instead of raising, so a trainer sees all problems of a
file at once. Codes are stable (documented in docs/trainers.md) so tests and editors can
rely on them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from frontlijn_game.i18n import _

Severity = Literal["error", "warning"]


class Loc(NamedTuple):
    """A 1-based position in a content file (a tuple: made for every YAML node, so cheap)."""

    line: int
    col: int


NOWHERE = Loc(1, 1)

MAX_NUMBER_CHARS = 50
"""Longest number literal, in YAML values and expressions alike: far past any real case,
far below what makes Python's int() refuse (4,300 digits) or printing a value slow."""


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (bedoel je 'x'?)`` for the closest option, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return _(" (bedoel je '{name}'?)").format(name=close[0]) if close else ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem. ``message`` is in the interface language (a Dutch msgid through
    :func:`frontlijn_game.i18n._` when it was made); ``code``, place and severity are the
    same in every language, so tools and ``--json`` readers key on them."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str
    code: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


class Diagnostics:
    """Collects the problems of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def error(self, loc: Loc, code: str, message: str) -> None:
        self.items.append(Diagnostic(self.file, loc.line, loc.col, "error", message, code))

    def warning(self, loc: Loc, code: str, message: str) -> None:
        self.items.append(Diagnostic(self.file, loc.line, loc.col, "warning", message, code))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.line, d.col, d.code))


class ContentError(Exception):
    """Raised when content cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0].format() if diagnostics else _("ongeldige inhoud")
        more = _(" (+{n} meer)").format(n=len(diagnostics) - 1) if len(diagnostics) > 1 else ""
        super().__init__(first + more)
