"""Interface language: every interface string goes through :func:`_`.

Source strings (msgids) are Dutch, the default language, so the game reads right with
no catalogue at all; ``frontlijn_game/ui/locale/<lang>/LC_MESSAGES/frontlijn.mo`` translates them (English
first). Case texts are content and are never translated here.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "frontlijn"
LOCALE_DIR = Path(__file__).parent / "ui" / "locale"
LANGUAGES = ("nl", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "nl"


def detect_language(explicit: str | None = None) -> str:
    """``--lang`` beats ``FRONTLIJN_LANG`` beats a ``LANG`` starting with ``en``; else Dutch."""
    if explicit in LANGUAGES:
        return explicit
    env = os.environ.get("FRONTLIJN_LANG") or os.environ.get("LANG", "")
    return "en" if env.lower().startswith("en") else "nl"


def set_language(language: str) -> None:
    global _translation, _language
    _language = language if language in LANGUAGES else "nl"
    if _language == "nl":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[_language], fallback=True
        )


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate an interface string (a Dutch msgid) into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
