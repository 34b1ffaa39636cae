"""``{var}`` interpolation in scene texts, consequences and endings.

``{{`` and ``}}`` are literal braces; booleans print ``ja``/``nee`` (``yes``/``no`` in an
English case). Templates are split once into parts so play does no parsing.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from frontlijn_game.i18n import _
from frontlijn_game.scenario.model import Value

BOOL_WORDS = {"nl": ("ja", "nee"), "en": ("yes", "no")}


class TemplateError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def scan(template: str) -> list[tuple[bool, str, int]]:
    """Split into ``(is_name, text, offset)`` parts, ``offset`` being where the part starts.

    Raise :class:`TemplateError` (with the offset of the stray brace) on a brace that is
    neither doubled nor part of ``{name}``.
    """
    parts: list[tuple[bool, str, int]] = []
    literal: list[str] = []
    literal_at = 0
    i = 0
    n = len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            end = template.find("}", i + 1)
            newline = template.find("\n", i + 1)
            if end < 0 or (0 <= newline < end):
                raise TemplateError(
                    _("'{{' zonder sluitende '}}' (schrijf '{{{{' voor een accolade)").format(), i
                )
            name = template[i + 1 : end].strip()
            if not name or not name.replace("_", "a").isalnum() or not name[0].isalpha():
                raise TemplateError(
                    _(
                        "'{{{name}}}' is geen variabelenaam (schrijf '{{{{' en '}}}}' voor "
                        "accolades)"
                    ).format(name=template[i + 1 : end]),
                    i,
                )
            if literal:
                parts.append((False, "".join(literal), literal_at))
                literal = []
            parts.append((True, name, i))
            i = end + 1
            literal_at = i
        elif ch == "}":
            if template.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise TemplateError(
                _("'}}' zonder '{{' (schrijf '}}}}' voor een accolade)").format(), i
            )
        else:
            literal.append(ch)
            i += 1
    if literal:
        parts.append((False, "".join(literal), literal_at))
    return parts


@lru_cache(maxsize=4096)
def split(template: str) -> tuple[tuple[bool, str], ...]:
    """Split into ``(is_name, text)`` parts; raise :class:`TemplateError` on a stray brace."""
    return tuple((is_name, text) for is_name, text, _offset in scan(template))


def names(template: str) -> list[str]:
    return [text for is_name, text in split(template) if is_name]


def format_value(value: Value, language: str = "nl") -> str:
    if isinstance(value, bool):
        yes, no = BOOL_WORDS.get(language, BOOL_WORDS["nl"])
        return yes if value else no
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def interpolate(template: str, variables: Mapping[str, Value], language: str = "nl") -> str:
    return "".join(
        format_value(variables[text], language) if is_name else text
        for is_name, text in split(template)
    )
