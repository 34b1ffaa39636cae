"""Interface language: every interface string goes through :func:`_`.

Source strings (msgids) are Dutch, the default language, so the game reads right with
no catalogue at all; ``frontlijn_game/ui/locale/<lang>/LC_MESSAGES/frontlijn.mo`` translates them (English
first). Case texts are content and are never translated here.

The HTML door serves Dutch and English at once from one process: :func:`use_language`
sets the language of the current context (a request, and the threads it hands work to,
which copy the context), and :func:`_` prefers it over the process-wide language.
"""

from __future__ import annotations

import functools
import gettext
import os
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "frontlijn"
LOCALE_DIR = Path(__file__).parent / "ui" / "locale"
LANGUAGES = ("nl", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "nl"
_context: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar(
    "frontlijn_language", default=None
)


def detect_language(explicit: str | None = None) -> str:
    """``--lang`` beats ``FRONTLIJN_LANG`` beats a ``LANG`` starting with ``en``; else Dutch."""
    if explicit in LANGUAGES:
        return explicit
    env = os.environ.get("FRONTLIJN_LANG") or os.environ.get("LANG", "")
    return "en" if env.lower().startswith("en") else "nl"


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language`` (Dutch: none, the msgids are Dutch)."""
    if language not in LANGUAGES or language == "nl":
        return gettext.NullTranslations()
    return gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True
    )


def set_language(language: str) -> None:
    global _translation, _language
    _language = language if language in LANGUAGES else "nl"
    _translation = translation(_language)


def use_language(language: str) -> None:
    """The language of the current context only (one web request), not the process."""
    lang = language if language in LANGUAGES else "nl"
    _context.set((lang, translation(lang)))


def _current() -> gettext.NullTranslations:
    here = _context.get()
    return _translation if here is None else here[1]


def language() -> str:
    here = _context.get()
    return _language if here is None else here[0]


def _(message: str) -> str:
    """Translate an interface string (a Dutch msgid) into the current language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a Dutch msgid for extraction without translating it yet: module constants are
    built once, before the language is known, and go through :func:`_` when shown."""
    return message


def grouped(number: int) -> str:
    """A whole number with its thousands grouped as the language writes them (Dutch
    ``200.000``, English ``200,000``): content messages quote limits and sizes."""
    text = f"{number:,}"
    return text.replace(",", ".") if language() == "nl" else text


def decimals(text: str) -> str:
    """A number already written with a decimal point (``68.8``, ``12.5%``) with the mark the
    language uses: Dutch ``68,8``, English unchanged."""
    return text.replace(".", ",") if language() == "nl" else text
