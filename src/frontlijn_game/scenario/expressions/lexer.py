"""The tokenizer: guard text -> tokens, with a precise error for anything that is not one.

One regular expression match per token; string escapes are validated separately so that
an unterminated string or an unknown escape is reported at its own offset.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from frontlijn_game.i18n import N_, _
from frontlijn_game.scenario.diagnostics import MAX_NUMBER_CHARS
from frontlijn_game.scenario.expressions.language import RESERVED, ExprError, Value


class Token(NamedTuple):
    kind: str  # "num", "str", "name", "kw", "op" or "eof"
    text: str  # the source text of the token
    value: Value | None  # the literal's value for "num" and "str"
    offset: int


# One match per token, leading whitespace included; strings are matched whole here and
# their escapes validated by string_value (which also reports unterminated strings).
TOKEN_PATTERN = re.compile(
    r"\s*(?:"
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<op>==|!=|<=|>=|[-+*/<>(),.\[\]])"
    r"|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r")",
    re.DOTALL,
)
HINTS = {
    "=": N_("onverwachte '='; gebruik '==' om te vergelijken"),
    "!": N_("onverwachte '!'; gebruik 'not'"),
    "&": N_("onverwachte '&'; gebruik 'and'"),
    "|": N_("onverwachte '|'; gebruik 'or'"),
}
ESCAPES = frozenset("\\'\"")


def number_value(text: str, offset: int) -> int | float:
    if len(text) > MAX_NUMBER_CHARS:
        raise ExprError(
            _("het getal is te lang (hoogstens {n} tekens)").format(n=MAX_NUMBER_CHARS), offset
        )
    try:
        value: int | float = float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:  # more digits than Python's int() accepts
        raise ExprError(_("het getal is te lang"), offset) from None
    if value == float("inf"):
        raise ExprError(_("het getal is te groot"), offset)
    return value


def string_value(text: str, start: int) -> tuple[str, int]:
    """The value of the string literal opening at ``start``, and the offset after it."""
    quote = text[start]
    parts: list[str] = []
    i = start + 1
    n = len(text)
    while True:
        j = i
        while j < n and text[j] != quote and text[j] != "\\":
            j += 1
        parts.append(text[i:j])
        if j >= n:
            raise ExprError(_("tekst zonder sluitend aanhalingsteken"), start)
        if text[j] == quote:
            return "".join(parts), j + 1
        if j + 1 >= n:
            raise ExprError(_("tekst zonder sluitend aanhalingsteken"), start)
        escaped = text[j + 1]
        if escaped not in ESCAPES:
            raise ExprError(
                _("onbekende escape '\\{escaped}' (alleen \\\\, \\\" en \\' bestaan)").format(
                    escaped=escaped
                ),
                j,
            )
        parts.append(escaped)
        i = j + 2


def tokenize(text: str) -> list[Token]:
    toks: list[Token] = []
    append = toks.append
    match = TOKEN_PATTERN.match
    i = 0
    n = len(text)
    while True:
        m = match(text, i)
        if m is None:  # only whitespace left, or something that is not a token
            while i < n and text[i].isspace():
                i += 1
            if i == n:
                break
            ch = text[i]
            if ch == '"' or ch == "'":
                string_value(text, i)  # raises the precise error
            if ch in HINTS:
                raise ExprError(_(HINTS[ch]), i)
            raise ExprError(_("onverwacht teken {char}").format(char=repr(ch)), i)
        kind = m.lastgroup
        word = m.group(kind)  # type: ignore[arg-type]
        start = m.start(kind)  # type: ignore[arg-type]
        i = m.end()
        if kind == "name":
            append(Token("kw" if word in RESERVED else "name", word, None, start))
        elif kind == "op":
            if word == "." and i < n and "0" <= text[i] <= "9":
                raise ExprError(
                    _("een getal heeft een cijfer voor de punt nodig, zoals 0.5"), start
                )
            append(Token("op", word, None, start))
        elif kind == "num":
            if i < n and (text[i].isalnum() or text[i] in "_."):
                raise ExprError(_("onjuist geschreven getal"), start)
            append(Token("num", word, number_value(word, start), start))
        else:
            value = word[1:-1] if "\\" not in word else string_value(text, start)[0]
            append(Token("str", word, value, start))
    append(Token("eof", "", None, n))
    return toks
