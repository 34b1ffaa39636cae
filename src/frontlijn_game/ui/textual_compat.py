"""The only place that touches Textual's private attributes (checked by tests).

Switching the interface language at run time must relabel keys that Textual has already
copied into its binding maps (per class, per node, per app) and redraw screens in every
mode's stack, not just the current one; Textual 8 has no public API for either, nor for
"apply this screen's AUTO_FOCUS now"; the leader mode's first screen needs the app
before any node exists, and the read delay compares against the clock input events are
stamped with. Each such use is one function here, and
``tests/ui/test_textual_compat.py`` fails loudly when a Textual release renames or
retypes what it relies on: fix it here, once, and the language switch keeps working.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen


def node_bindings(node: DOMNode) -> BindingsMap:
    """The live binding map of an app, a screen or a widget (``DOMNode._bindings``)."""
    bindings = node._bindings
    if not isinstance(bindings, BindingsMap):  # pragma: no cover - a Textual change
        raise TypeError(f"Textual changed DOMNode._bindings: {type(bindings)!r}")
    return bindings


def class_bindings(cls: type[DOMNode]) -> BindingsMap | None:
    """A class's merged bindings once Textual has built them (``_merged_bindings``)."""
    merged = cls.__dict__.get("_merged_bindings")
    return merged if isinstance(merged, BindingsMap) else None


def all_screens(app: App[Any]) -> list[Screen[Any]]:
    """The screens of every mode's stack (``App._screen_stacks``), not only the current."""
    stacks = getattr(app, "_screen_stacks", None)
    if isinstance(stacks, dict):
        return [screen for stack in stacks.values() for screen in stack]
    return list(app.screen_stack)


def apply_auto_focus(screen: Screen[Any]) -> None:
    """Focus what the screen's ``AUTO_FOCUS`` names, as Textual does on first show."""
    screen._update_auto_focus()


def current_app() -> App[Any] | None:
    """The app now running (Textual's ``active_app`` context variable), if any.

    A mode's first screen is built before it has a node to ask ``.app`` of."""
    from textual._context import active_app

    try:
        return active_app.get()
    except LookupError:
        return None


def event_clock() -> float:
    """Now, on the clock Textual stamps ``Event.time`` with (``textual._time``)."""
    from textual._time import get_time

    return get_time()
