"""Input that cannot run ahead of the eyes, and options in the order drawn for them.

The guard's delay runs on a clock the test moves (``later``): keys pressed before it has
moved do nothing, the same keys after it do. Nothing here waits for real time.
"""

from __future__ import annotations

import threading
from typing import Any

from textual import events
from textual.widgets import Input, OptionList
from uihelp import CASE, SEED, make_app, play_digits, settle, shown_digit, wait_for

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.shuffle import shown_order
from frontlijn_game.service.trainee import Progress
from frontlijn_game.store.service import Store
from frontlijn_game.ui.input_guard import InputGuard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def later(self) -> None:
        self.now += 1.0


def guarded_app(db_url: str, clock: Clock, **kwargs: Any) -> Any:
    return make_app(db_url, input_guard=InputGuard(delay=0.5, clock=clock), **kwargs)


def decisions(db_url: str, code: str) -> list[Any]:
    with Store.open(db_url) as store:
        return [d for a in store.attempts(code) for d in store.decisions(a.id)]


def attempts(db_url: str, code: str) -> list[Any]:
    with Store.open(db_url) as store:
        return store.attempts(code)


async def to_play(pilot: Any, clock: Clock) -> None:
    await wait_for(pilot, "NewTraineeDialog")
    clock.later()
    await pilot.press("enter")
    await wait_for(pilot, "IntroScreen")
    clock.later()
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")


async def test_keys_right_after_a_scene_appears_choose_nothing(db_url: str) -> None:
    clock = Clock()
    app = guarded_app(db_url, clock, scenario=CASE, trainee="vroeg")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_play(pilot, clock)
        await pilot.press("1", "enter", "2", "3")  # at once: nothing is recorded
        await settle(pilot)
        assert app.screen.play.state.decisions == 0
        assert decisions(db_url, "vroeg") == []
        clock.later()  # the trainee has read the first line: the same key now counts
        await play_digits(pilot, "1")
        assert app.screen.play.state.decisions == 1
        await pilot.press("1", "2", "enter")  # the next scene has just appeared
        await settle(pilot)
        assert app.screen.play.state.decisions == 1
        assert len(decisions(db_url, "vroeg")) == 1


async def test_enter_on_an_intro_just_shown_does_not_start(db_url: str) -> None:
    clock = Clock()
    app = guarded_app(db_url, clock, scenario=CASE, trainee="intro")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")  # the dialog has only just appeared
        await settle(pilot)
        assert type(app.screen).__name__ == "NewTraineeDialog"
        clock.later()
        await pilot.press("enter")
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "IntroScreen"
        assert attempts(db_url, "intro") == []
        clock.later()
        await pilot.press("enter", "enter", "1")  # one start; the rest waits or is early
        await wait_for(pilot, "PlayScreen")
        await settle(pilot)
        assert app.screen.play.state.decisions == 0
    assert len(attempts(db_url, "intro")) == 1 and decisions(db_url, "intro") == []


async def test_type_ahead_from_before_a_scene_is_dropped(db_url: str) -> None:
    """A key typed before the scene changed, handled after it: dropped (no delay)."""
    app = make_app(db_url, scenario=CASE, trainee="vooruit")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        early = events.Key("1", "1")  # typed now, still queued when the next scene shows
        await play_digits(pilot, "1")
        app.post_message(early)
        await settle(pilot)
        assert app.screen.play.state.decisions == 1
        await play_digits(pilot, "1")  # a key typed now counts
        assert app.screen.play.state.decisions == 2


async def test_a_dialog_ignores_keys_in_its_first_moment(db_url: str) -> None:
    clock = Clock()
    app = guarded_app(db_url, clock, scenario=CASE, trainee="dialoog")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_play(pilot, clock)
        clock.later()
        await pilot.press("escape")
        await wait_for(pilot, "ConfirmDialog")
        await pilot.press("j")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        clock.later()
        await pilot.press("j")
        await wait_for(pilot, "HomeScreen")


class SlowProgress(Progress):
    """Signs in only when the test says so (the dialog waits meanwhile)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.go = threading.Event()

    def sign_in(self, code: str, pin: str | None = None) -> Any:
        self.go.wait(20)
        return super().sign_in(code, pin)


async def test_keys_during_the_wait_go_nowhere(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("jan")
    progress = SlowProgress(Store.open(db_url))
    app = make_app(db_url, progress=progress)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "SignInScreen")
        field = app.screen.query_one("#code", Input)
        field.value = "jan"
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, "PinDialog")
        await pilot.press("enter")  # no PIN: the dialog asks the store and waits
        await pilot.pause()
        assert app.screen.busy
        pin = app.screen.query_one("#pin", Input)
        await pilot.press("9", "9", "9", "9", "enter", "backspace")
        assert pin.value == "" and type(app.screen).__name__ == "PinDialog"
        progress.go.set()
        await wait_for(pilot, "HomeScreen")
    with Store.open(db_url) as store:
        assert [t.code for t in store.list_trainees()] == ["JAN"]


async def test_options_in_the_drawn_order_stored_and_resumed(db_url: str) -> None:
    app = make_app(db_url, scenario=CASE, trainee="volgorde")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        screen = app.screen
        seen = []
        for _ in range(2):
            play = screen.play
            order = [c.id for c in shown_order(play.offered(), SEED, play.state.decisions + 1)]
            listing = screen.query_one("#choices", OptionList)
            assert [listing.get_option_at_index(i).id for i in range(len(order))] == order
            assert listing.highlighted is None
            seen.append(order)
            await play_digits(pilot, "1")
        resumed_order = [c.id for c in screen.offered]
        await screen.suspend_before_exit()
    stored = decisions(db_url, "volgorde")
    assert [list(d.shown) for d in stored] == seen
    for d in stored:
        assert d.shown[d.shown_position - 1] == d.choice
    # Another device resumes the attempt: the third decision shows the same order.
    app = make_app(db_url, scenario=CASE, trainee="volgorde")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "IntroScreen")
        await pilot.press("h")
        await wait_for(pilot, "PlayScreen")
        assert [c.id for c in app.screen.offered] == resumed_order
        replayed = Playthrough.replay(app.screen.scenario, SEED, [d.choice for d in stored])
        assert [c.id for c in replayed.shown()] == resumed_order


async def test_no_shuffle_shows_and_stores_file_order(db_url: str) -> None:
    app = make_app(db_url, scenario=CASE, trainee="bestand", shuffle=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        screen = app.screen
        file_order = [c.id for c in screen.play.offered()]
        assert [c.id for c in screen.offered] == file_order
        assert shown_digit(screen, "2") == "2"
        await play_digits(pilot, "2")
    [decision] = decisions(db_url, "bestand")
    assert list(decision.shown) == file_order and decision.shown_position == 2
