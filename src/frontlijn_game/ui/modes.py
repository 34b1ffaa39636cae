"""The app's modes: separate screen stacks, each with its own base screen.

``trainee`` is the game. Another mode (the leader dashboard) is added by writing a module
``frontlijn_game.ui.leader`` with a function ``base_screen() -> Screen``; it is found here
without importing it, and imported only when that mode is entered. A mode can also be
registered from code with :func:`register_mode`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

ScreenFactory = Callable[[], "Screen[object]"]

PLUGIN_MODES = ("leader",)
"""Modes provided by a module ``frontlijn_game.ui.<name>`` with ``base_screen()``."""

_registered: dict[str, ScreenFactory] = {}


def register_mode(name: str, factory: ScreenFactory) -> None:
    _registered[name] = factory


def _plugin(name: str) -> ScreenFactory | None:
    module_name = f"frontlijn_game.ui.{name}"
    try:
        if importlib.util.find_spec(module_name) is None:
            return None
    except (ImportError, ValueError):  # pragma: no cover - a broken package layout
        return None

    def factory() -> Screen[object]:
        module = importlib.import_module(module_name)
        screen: Screen[object] = module.base_screen()
        return screen

    return factory


def available_modes(trainee: ScreenFactory) -> dict[str, ScreenFactory]:
    """Every mode this build has; ``trainee`` is the app's own base-screen factory."""
    modes: dict[str, ScreenFactory] = {"trainee": trainee}
    for name in PLUGIN_MODES:
        factory = _plugin(name)
        if factory is not None:
            modes[name] = factory
    modes.update(_registered)
    return modes
