"""Input that cannot run ahead of the eyes: no key chooses on a screen not yet read.

A trainee who presses Enter twice, or types while a screen is loading, must not make a
decision they never saw (the record would say they chose it). So, in the trainee app:

- every screen change and every new scene *marks* the guard: keys typed before the mark
  (type-ahead still queued for the old screen) are dropped;
- for :data:`READ_DELAY` seconds after a mark, keys and mouse presses do nothing, long
  enough to take in a first line, short enough not to be felt;
- while a screen waits for its work ("Even geduld…", a decision being stored) it says
  ``input_held`` and keys go nowhere (not into the sign-in code field either).

Quitting (Ctrl+Q, Ctrl+C) always gets through. The delay and the clock are injectable,
so tests are fast and deterministic: they pass ``delay=0``, or a clock they move.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events

from frontlijn_game.ui.textual_compat import event_clock

READ_DELAY = 0.5
"""Seconds after a screen or scene appears in which input is ignored (the one constant)."""

ALWAYS_ALLOWED = frozenset({"ctrl+q", "ctrl+c"})


class InputGuard:
    def __init__(self, delay: float = READ_DELAY, clock: Callable[[], float] | None = None):
        self.delay = delay
        self.clock = clock or event_clock
        """The clock of the delay (tests move a fake one)."""
        self._marked = self.clock()
        self._marked_event_time = event_clock()
        """Textual's own clock at the mark: input events carry their time on it."""

    def mark(self) -> None:
        """A screen or scene appears now: drop what was typed before, then wait."""
        self._marked = self.clock()
        self._marked_event_time = event_clock()

    def allows(self, event: events.Event, held: bool = False) -> bool:
        """Whether ``event`` (a key or mouse press) may reach the screen."""
        if isinstance(event, events.Key) and event.key in ALWAYS_ALLOWED:
            return True
        if held:
            return False
        if event.time < self._marked_event_time:
            return False  # typed before this screen was there
        return self.clock() - self._marked >= self.delay


GUARDED_EVENTS = (events.Key, events.MouseDown, events.MouseUp)

__all__ = ["ALWAYS_ALLOWED", "GUARDED_EVENTS", "READ_DELAY", "InputGuard"]
