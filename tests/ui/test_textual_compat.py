"""Textual's private attributes the language switch relies on still exist and still mean
what ``ui/textual_compat.py`` takes them to mean. When one of these fails after a Textual
upgrade, fix ``textual_compat.py`` (and only it)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.screen import Screen
from textual.widgets import Button, Input

from frontlijn_game.ui.textual_compat import (
    all_screens,
    apply_auto_focus,
    class_bindings,
    current_app,
    event_clock,
    node_bindings,
)


class _Other(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "noop", "Iets")]
    AUTO_FOCUS = "#second"

    def compose(self) -> ComposeResult:
        yield Button("een", id="first")
        yield Input(id="second")


class _App(App[None]):
    MODES: ClassVar[dict[str, Any]] = {"a": Screen, "b": _Other}
    DEFAULT_MODE = "a"


async def test_binding_maps_are_live_and_relabelled_in_place() -> None:
    async with _App().run_test() as pilot:
        await pilot.app.switch_mode("b")
        screen = pilot.app.screen
        live = node_bindings(screen)
        assert isinstance(live, BindingsMap)
        [binding] = live.key_to_bindings["x"]
        assert binding.description == "Iets"  # the class's BINDINGS, in the live map
        assert screen._bindings is live
        assert isinstance(node_bindings(pilot.app), BindingsMap)
        merged = class_bindings(_Other)
        assert merged is not None and "x" in merged.key_to_bindings


async def test_every_mode_stack_is_seen() -> None:
    async with _App().run_test() as pilot:
        await pilot.app.switch_mode("b")
        kinds = {type(s).__name__ for s in all_screens(pilot.app)}
        assert {"Screen", "_Other"} <= kinds  # the screen of mode "a" too, not only the shown one
        assert isinstance(pilot.app._screen_stacks, dict)


async def test_auto_focus_is_applied_on_demand() -> None:
    async with _App().run_test() as pilot:
        await pilot.app.switch_mode("b")
        screen = pilot.app.screen
        screen.set_focus(None)
        assert screen.focused is None
        apply_auto_focus(screen)
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "second"


async def test_the_running_app_is_known_before_any_node() -> None:
    assert current_app() is None  # no app runs: nothing, not an error
    async with _App().run_test() as pilot:
        assert current_app() is pilot.app


async def test_input_events_are_stamped_on_the_event_clock() -> None:
    seen: list[float] = []

    class _Keys(App[None]):
        def on_key(self, event: events.Key) -> None:
            seen.append(event.time)

    async with _Keys().run_test() as pilot:
        before = event_clock()
        await pilot.press("a")
        await pilot.pause()
        after = event_clock()
    assert len(seen) == 1 and before <= seen[0] <= after
