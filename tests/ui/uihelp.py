"""Helpers for the UI tests: a fixed content folder, fast databases, Pilot waits.

The Textual internals a test needs to look at (toasts, the compositor, a DataTable's
pending measure) are read here and nowhere else in tests/; src/ reads its own through
``frontlijn_game.ui.textual_compat``."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from frontlijn_game.ui.factory import build_app
from frontlijn_game.ui.screens.play import PlayScreen

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "fixtures" / "content"
CASE = "ui-proef"
SEED = 7

# Digits pressed to reach each kind of ending in the fixture case (file order).
ENDINGS = {
    "good": "121",  # praat, moeder, volg_op
    "mixed": "112",  # praat, schuldhulp, laat_los
    "bad": "22",  # bel_politie, straf
}

_template: Path | None = None


def fresh_db(folder: Path) -> str:
    """A migrated SQLite database (copied from one made per test session)."""
    global _template
    if _template is None or not _template.exists():
        from frontlijn_game.store.service import Store

        template = Path(folder).parent / "template.sqlite3"
        if template.exists():
            template.unlink()
        Store.open(f"sqlite:///{template}").close()
        _template = template
    target = Path(folder) / "progress.sqlite3"
    shutil.copyfile(_template, target)
    target.chmod(0o600)  # as the game creates it (a copy gets the umask's 0644)
    return f"sqlite:///{target}"


def make_app(db_url: str | None, **kwargs: Any) -> Any:
    """The app on the fixture content; keys count at once (the input guard's delay is 0:
    tests of the guard itself pass their own)."""
    from frontlijn_game.ui.input_guard import InputGuard

    kwargs.setdefault("seed", SEED)
    kwargs.setdefault("input_guard", InputGuard(delay=0))
    return build_app(CONTENT, db_url, **kwargs)


def notifications(pilot: Pilot[Any]) -> list[str]:
    """The messages of the toasts the app holds now (Textual keeps them privately)."""
    return [str(n.message) for n in pilot.app._notifications]


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def _tables_pending(pilot: Pilot[Any]) -> bool:
    """A DataTable measures new cells on its next idle: until then columns are too narrow."""
    from textual.widgets import DataTable

    return any(
        table._updated_cells or table._require_update_dimensions
        for table in pilot.app.screen.query(DataTable)
    )


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen catch up with their messages.

    Waits on conditions, not on the clock, so a loaded machine only makes it slower.
    """
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for _ in range(200):
        if not _tables_pending(pilot):
            break
        await pilot.pause()


PATIENCE = 120.0
"""Seconds before a wait counts as a hang. Only a failure waits this long; a loaded
machine (CI beside other jobs) may take many seconds for one step, and that is no bug."""


async def wait_for(pilot: Pilot[Any], name: str, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while screen_name(pilot) != name:
        if time.monotonic() > deadline:
            raise AssertionError(f"expected screen {name}, still on {screen_name(pilot)}")
        await asyncio.sleep(0.01)
        await pilot.pause()
    await settle(pilot)


async def type_into(pilot: Pilot[Any], selector: str, text: str, submit: bool = True) -> None:
    """Fill an input at once (pressing every key is slow in a busy test run) and submit."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.value = text
    widget.focus()
    if submit:
        await pilot.press("enter")


async def sign_in(pilot: Pilot[Any], code: str = "tester", new: bool = True) -> None:
    """Sign in with ``code``: made with the "new code" action, or known (no PIN)."""
    await wait_for(pilot, "SignInScreen")
    await type_into(pilot, "#code", code, submit=not new)
    if new:
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
    else:
        await wait_for(pilot, "PinDialog")
    await pilot.press("enter")  # no PIN
    await wait_for(pilot, "HomeScreen")


async def open_case(pilot: Pilot[Any], scenario_id: str = CASE) -> None:
    """From home: highlight the case and open its intro."""
    from textual.widgets import OptionList

    home = pilot.app.screen
    listing = home.query_one("#home-list", OptionList)
    for index in range(listing.option_count):
        option = listing.get_option_at_index(index)
        if option.id and option.id.endswith(f"-{scenario_id}") and not option.disabled:
            listing.highlighted = index
            break
    else:
        raise AssertionError(f"{scenario_id} not on the home screen")
    await pilot.press("enter")


def shown_digit(screen: Any, digit: str) -> str:
    """The key that takes the option number ``digit`` has *in file order*, on the play
    screen's shuffled order (the digits shown)."""
    wanted = screen.play.offered()[int(digit) - 1].id
    return str([c.id for c in screen.offered].index(wanted) + 1)


async def play_digits(pilot: Pilot[Any], digits: Sequence[str]) -> None:
    """On the play screen: take each option by its number in file order (pressing the
    digit it is shown at) and wait until its decision is committed."""
    for digit in digits:
        screen = pilot.app.screen
        before = screen.play.state.decisions if hasattr(screen, "play") else None
        await pilot.press(shown_digit(screen, digit) if hasattr(screen, "play") else digit)
        deadline = time.monotonic() + PATIENCE
        while True:
            await pilot.pause()
            screen = pilot.app.screen
            if not isinstance(screen, PlayScreen) or (
                screen.play.state.decisions != before and not screen.pending
            ):
                break
            if time.monotonic() > deadline:
                raise AssertionError("decision not committed in time")
            await asyncio.sleep(0.01)
    await settle(pilot)


def record_attempt(
    db_url: str, code: str, choices: Sequence[str], scenario_id: str = CASE, seed: int = SEED
) -> None:
    """Put an attempt in the database directly (finished when the choices reach an end)."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.store.service import Store

    scenario = load_library(CONTENT).scenarios[scenario_id]
    with Store.open(db_url) as store:
        store.ensure_trainee(code)
        play = Playthrough.start(scenario, seed)
        attempt = store.start_attempt(code, scenario, play.state)
        for choice in choices:
            step = play.choose(choice)
            store.record_decision(attempt.id, step, score=play.score(), seconds=1.0)


def screen_text(pilot: Pilot[Any]) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def widget_text(widget: Any, width: int = 100) -> str:
    """The plain text of a widget's content (a Static with a Rich renderable)."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]
