"""click's own strings ("Usage:", "Error: No such option", "Try ... for help") in the
interface language.

click words them with the stdlib's ``gettext``/``ngettext``, imported into each of its
modules, so they follow neither ``--lang`` nor our catalogue. :func:`install` points
those module names at functions that read ``ui/locale/nl/LC_MESSAGES/click.mo`` when the
interface is Dutch (click's msgids are English, so English needs no catalogue).
"""

from __future__ import annotations

import functools
import gettext
import importlib

from frontlijn_game.i18n import LOCALE_DIR, language

DOMAIN = "click"
_CLICK_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "utils",
    "shell_completion",
    "_termui_impl",
)


@functools.cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def click_gettext(message: str) -> str:
    """click's ``_`` in the current interface language."""
    return _catalogue(language()).gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue(language()).ngettext(singular, plural, n)


def install() -> None:
    """Make every click module translate through :func:`click_gettext` (idempotent)."""
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module a later click renamed: its strings stay English
            continue
        if getattr(module, "_", None) is gettext.gettext:
            setattr(module, "_", click_gettext)  # noqa: B010 (a module attribute)
        if getattr(module, "ngettext", None) is gettext.ngettext:
            setattr(module, "ngettext", click_ngettext)  # noqa: B010
