"""The interface language inside the running app: Textual's own words, and switching.

:class:`LanguageApp` is the base of the app. It

- puts Textual's own interface words through the catalogue: the footer's command-palette
  label (``palette``), the palette's placeholder ("Search for commands…") and the theme
  picker's; the system commands are the app's own :meth:`get_system_commands`;
- switches the language while the app runs (``F2``, or "English"/"Nederlands" in the
  command palette): every key label is translated again, the screen on top is composed
  again (and set up again by its ``on_mount``), and every other screen is composed again
  when it comes back on top.

Binding labels are made once, when their class is defined, in the language of that
moment. A switch therefore translates *back* to the Dutch msgid through the catalogue
(msgstr -> msgid) and then into the new language; Textual's English labels are mapped to
Dutch msgids by :data:`TEXTUAL_LABELS`.

A screen may define ``retranslate()`` to redraw itself; otherwise it is recomposed and its
``on_mount`` runs again (a sign-in screen's ``preset`` code is not submitted twice).
"""

from __future__ import annotations

import gettext
import inspect
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from frontlijn_game import i18n
from frontlijn_game.i18n import _
from frontlijn_game.ui.textual_compat import (
    all_screens,
    apply_auto_focus,
    class_bindings,
    node_bindings,
)


def N_(message: str) -> str:
    """Mark a msgid for extraction without translating it here."""
    return message


TEXTUAL_LABELS: dict[str, str] = {
    # Textual's built-in footer label and tooltip of the command palette key (ctrl+p).
    "palette": N_("opdrachten"),
    "Open the command palette": N_("Open het opdrachtenmenu"),
}
"""Textual's own English labels -> the Dutch msgids that translate them."""

_languages_seen: set[str] = set()
"""The interface languages apps were built in, in this process."""

PALETTE_PLACEHOLDER = N_("Zoek een opdracht…")
THEME_PLACEHOLDER = N_("Zoek een thema…")


def other_language(language: str | None = None) -> str:
    return "en" if (language or i18n.language()) == "nl" else "nl"


def _catalogue(language: str) -> dict[str, str]:
    """msgid -> msgstr of a language (empty for Dutch, the language of the msgids)."""
    if language == "nl":
        return {}
    translation = gettext.translation(
        i18n.DOMAIN, localedir=str(i18n.LOCALE_DIR), languages=[language], fallback=True
    )
    catalog = getattr(translation, "_catalog", {})
    return {k: v for k, v in catalog.items() if isinstance(k, str) and k and v}


def translator(old: str, new: str) -> Callable[[str], str]:
    """Turn a label made in ``old`` into the same label in ``new``."""
    reverse = {msgstr: msgid for msgid, msgstr in _catalogue(old).items()}
    forward = _catalogue(new)

    def translate(text: str) -> str:
        if not text:
            return text
        msgid = reverse.get(text, text)
        msgid = TEXTUAL_LABELS.get(msgid, msgid)
        return forward.get(msgid, msgid) if new != "nl" else msgid

    return translate


def _translate_map(bindings: BindingsMap, translate: Callable[[str], str]) -> None:
    table = bindings.key_to_bindings
    for key in list(table):
        table[key] = [_translate_binding(binding, translate) for binding in table[key]]


def _translate_binding(binding: Binding, translate: Callable[[str], str]) -> Binding:
    description = translate(binding.description)
    tooltip = translate(binding.tooltip)
    if description == binding.description and tooltip == binding.tooltip:
        return binding
    return replace(binding, description=description, tooltip=tooltip)


def _all_node_classes() -> list[type[DOMNode]]:
    seen: list[type[DOMNode]] = []
    todo: list[type[DOMNode]] = [DOMNode]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def translate_classes(translate: Callable[[str], str]) -> None:
    """The key labels of every node class: for the screens and widgets still to come."""
    for cls in _all_node_classes():
        merged = class_bindings(cls)
        if merged is not None:
            _translate_map(merged, translate)
        declared = cls.__dict__.get("BINDINGS")
        if isinstance(declared, list) and any(isinstance(b, Binding) for b in declared):
            cls.BINDINGS = [
                _translate_binding(b, translate) if isinstance(b, Binding) else b for b in declared
            ]


def translate_bindings(app: App[Any], translate: Callable[[str], str]) -> None:
    """Every key label: of every node class (for screens still to come) and live node."""
    translate_classes(translate)
    _translate_map(node_bindings(app), translate)
    for screen in all_screens(app):
        _translate_map(node_bindings(screen), translate)
        for node in screen.walk_children(with_self=False):
            _translate_map(node_bindings(node), translate)


async def redraw(screen: Screen[Any]) -> None:
    """Draw a screen again in the current language."""
    hook = getattr(screen, "retranslate", None)
    if callable(hook):
        result = hook()
        if inspect.isawaitable(result):
            await result
        return
    if getattr(screen, "preset", None):
        screen.preset = None  # type: ignore[attr-defined]  # a --trainee code is used once
    await screen.recompose()
    setup = getattr(type(screen), "on_mount", None)
    if setup is not None and type(screen).__module__.startswith("frontlijn_game."):
        result = screen.on_mount()  # type: ignore[attr-defined]
        if inspect.isawaitable(result):
            await result
    if screen.focused is None:
        apply_auto_focus(screen)
    screen.refresh_bindings()


class LanguageCommands(Provider):
    """Command palette: switch to the other interface language."""

    def _entry(self) -> tuple[str, str]:
        # Each language is named in its own words, so everyone finds theirs.
        if i18n.language() == "nl":
            return "English", _("Toon de app in het Engels")
        return "Nederlands", _("Toon de app in het Nederlands")

    async def discover(self) -> Hits:
        name, help_text = self._entry()
        yield DiscoveryHit(name, self.app.action_switch_language, help=help_text)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        name, help_text = self._entry()
        matcher = self.matcher(query)
        for words in (name, help_text, _("Taal")):
            score = matcher.match(words)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    self.app.action_switch_language,  # type: ignore[attr-defined]
                    help=help_text,
                )
                return


class LanguageApp(App[None]):
    """An app whose interface language can change while it runs."""

    COMMANDS = App.COMMANDS | {LanguageCommands}
    LANGUAGE_KEY = "f2"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        language = i18n.language()
        _languages_seen.add(language)
        if len(_languages_seen) > 1:
            # Labels of classes imported under another language (tests build apps in
            # both languages in one process): bring them all to this app's language.
            translate_classes(translator(other_language(language), language))
        super().__init__(*args, **kwargs)
        self._stale_screens: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()
        # Textual adds its command-palette key with an English label: translate it now.
        _translate_map(node_bindings(self), translator("nl", language))
        # The language key comes last in the footer, after the app's own keys, and only
        # where the footer has room for it; the hidden second binding keeps F2 working
        # everywhere else.
        self._measuring_footer = False
        node_bindings(self).key_to_bindings.setdefault(self.LANGUAGE_KEY, []).extend(
            [
                Binding(
                    self.LANGUAGE_KEY,
                    "switch_language_shown",
                    # TRANSLATORS: the label of F2, which switches to the OTHER language:
                    # name that language in its own words ("Nederlands" in English).
                    _("English"),
                    tooltip=_("Wissel van taal"),
                ),
                Binding(self.LANGUAGE_KEY, "switch_language", show=False),
            ]
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_language_shown" and not self._measuring_footer:
            return self._language_key_fits()
        return super().check_action(action, parameters)

    def _language_key_fits(self) -> bool:
        """Does the footer of the current screen have room for the language key?"""
        from textual.widgets import Footer

        self._measuring_footer = True
        try:
            # The footer on show: the top screen's, or the one under a palette or dialog.
            screen = next((s for s in reversed(self.screen_stack) if s.query(Footer)), self.screen)
            footers = screen.query(Footer)
            footer = footers.first() if footers else None
            gap = 2 if footer is not None and footer.compact else 3
            palette = footer is None or footer.show_command_palette
            used = 0
            for active in screen.active_bindings.values():
                binding = active.binding
                if binding.show or (palette and binding.action == "command_palette"):
                    used += len(self.get_key_display(binding)) + len(binding.description) + gap
            return used + 1 <= screen.size.width
        except Exception:  # no screen yet
            return True
        finally:
            self._measuring_footer = False

    async def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)

    # -- Textual's own words --------------------------------------------------------------

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's reminder that it does not quit), in the interface language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    _("Druk op [b]{key}[/b] om te stoppen.").format(key=key),
                    title=_("Wil je stoppen?"),
                )
                return

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_(PALETTE_PLACEHOLDER))
            )

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_(THEME_PLACEHOLDER))
        )

    # -- switching ------------------------------------------------------------------------

    async def action_switch_language(self, language: str = "") -> None:
        await self.set_interface_language(language or other_language())

    async def action_switch_language_shown(self) -> None:
        await self.set_interface_language(other_language())

    async def set_interface_language(self, language: str) -> None:
        old = i18n.language()
        if language not in i18n.LANGUAGES or language == old:
            return
        i18n.set_language(language)
        _languages_seen.add(language)
        settings = getattr(self, "settings", None)
        if settings is not None and hasattr(settings, "lang"):
            settings.lang = language
        translate_bindings(self, translator(old, language))
        top = self.screen
        for screen in all_screens(self):
            if screen is not top and not isinstance(screen, CommandPalette):
                self._stale_screens.add(screen)
        if not isinstance(top, CommandPalette):
            await redraw(top)
        self.refresh_bindings()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if screen in self._stale_screens:
            self._stale_screens.discard(screen)
            self.call_later(redraw, screen)
