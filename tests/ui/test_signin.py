"""Sign-in that forgives and tells nothing: case-insensitive codes, the rule shown, one
PIN step for known and unknown codes, a dialog that counts the wait down, h/o/a on home."""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest
from textual.widgets import Button, Input, Static
from uihelp import (
    make_app,
    open_case,
    play_digits,
    screen_name,
    settle,
    sign_in,
    type_into,
    wait_for,
    widget_text,
)

from frontlijn_game.service.trainee import Progress, WrongPin
from frontlijn_game.store.service import Store


def text_of(pilot: Any, selector: str) -> str:
    return " ".join(widget_text(pilot.app.screen.query_one(selector, Static)).split())


async def answer_for(pilot: Any, code: str, pin: str) -> str:
    await wait_for(pilot, "SignInScreen")
    await type_into(pilot, "#code", code)
    await wait_for(pilot, "PinDialog")
    await type_into(pilot, "#pin", pin)
    await settle(pilot)
    assert screen_name(pilot) == "PinDialog", "the dialog stays open after a refusal"
    answer = text_of(pilot, "#pin-message")
    await pilot.press("escape")
    await wait_for(pilot, "SignInScreen")
    return answer


async def test_known_and_unknown_codes_are_answered_alike(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("bekend", pin="4321")
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        known = await answer_for(pilot, "bekend", "1111")
        unknown = await answer_for(pilot, "onbekend", "1111")
    assert known == unknown == "Die code of pincode klopt niet. Probeer het over 1 seconde opnieuw."
    with Store.open(db_url) as store:
        assert [t.code for t in store.list_trainees()] == ["BEKEND"]  # nothing was made


def test_known_and_unknown_codes_take_comparable_time(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("bekend", pin="4321")
        progress = Progress(store, delay_base=0.0)

        def timed(code: str) -> float:
            start = time.perf_counter()
            with contextlib.suppress(WrongPin):
                progress.sign_in(code, "1111")
            return time.perf_counter() - start

        known = min(timed("bekend") for _ in range(3))
        unknown = min(timed("onbekend") for _ in range(3))
    assert 0.5 < known / unknown < 2.0, (known, unknown)


async def test_the_pin_dialog_counts_the_wait_down(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("geheim", pin="4321")
    app = make_app(db_url, progress=Progress(Store.open(db_url), delay_base=2.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "SignInScreen")
        await type_into(pilot, "#code", "geheim")
        await wait_for(pilot, "PinDialog")
        await type_into(pilot, "#pin", "1111")
        await settle(pilot)
        dialog = app.screen
        assert "over 2 seconden" in text_of(pilot, "#pin-message")
        assert dialog.query_one("#ok", Button).disabled
        await type_into(pilot, "#pin", "4321")  # refused by the dialog while it counts
        await settle(pilot)
        assert screen_name(pilot) == "PinDialog"
        dialog.count_down()
        assert "over 1 seconde" in text_of(pilot, "#pin-message")
        dialog.count_down()
        assert text_of(pilot, "#pin-message").endswith("Probeer het opnieuw.")
        assert not dialog.query_one("#ok", Button).disabled


async def test_codes_ignore_case(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("T001")
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "t001", new=False)
        assert app.trainee is not None and app.trainee.code == "T001"


async def test_a_new_code_that_differs_only_in_case_is_refused_with_the_reason(
    db_url: str,
) -> None:
    with Store.open(db_url) as store:
        store.add_trainee("T001")
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "SignInScreen")
        await type_into(pilot, "#code", "t001", submit=False)
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot) == "NewTraineeDialog"
        message = text_of(pilot, "#new-message")
        assert "t001 is dezelfde code als T001" in message
    with Store.open(db_url) as store:
        assert [t.code for t in store.list_trainees()] == ["T001"]


async def test_a_code_outside_the_rule_is_refused_with_the_rule(db_url: str) -> None:
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "SignInScreen")
        await pilot.click("#code")
        await pilot.press(*"jan de", "enter")
        await settle(pilot)
        assert app.screen.query_one("#code", Input).value == "jan de"  # not changed
        assert "letters" in text_of(pilot, "#signin-message")
        assert screen_name(pilot) == "SignInScreen"
        # The new-code dialog refuses it the same way.
        app.screen.query_one("#code", Input).value = "jan de 🙂"
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        app.screen.query_one("#new-code", Input).value = "jan de 🙂"
        await pilot.click("#ok")
        await settle(pilot)
        assert "Spaties" in text_of(pilot, "#new-message")
    with Store.open(db_url) as store:
        assert store.list_trainees() == []


async def test_the_new_code_action_offers_a_code(db_url: str) -> None:
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "SignInScreen")
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        offered = app.screen.query_one("#new-code", Input).value
        assert Progress.valid_code(offered)
        await pilot.click("#ok")
        await wait_for(pilot, "HomeScreen")
        assert app.trainee is not None and app.trainee.code == offered


async def test_h_on_verder_waar_je_was_resumes(db_url: str) -> None:
    app = make_app(db_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "hervat")
        await open_case(pilot)
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await play_digits(pilot, "1")
        await pilot.press("escape")
        await wait_for(pilot, "ConfirmDialog")
        await pilot.press("j")
        await wait_for(pilot, "HomeScreen")
        home = app.screen
        listing = home.query_one("#home-list")
        listing.highlighted = next(
            i
            for i in range(listing.option_count)
            if (listing.get_option_at_index(i).id or "").startswith("case-")
        )
        await settle(pilot)
        assert "h" not in {k for k, active in app.active_bindings.items() if active.enabled}
        listing.highlighted = next(
            i
            for i in range(listing.option_count)
            if (listing.get_option_at_index(i).id or "").startswith("open-")
        )
        await settle(pilot)
        shown = {key for key, active in app.active_bindings.items() if active.enabled}
        assert {"h", "o", "a"} <= shown
        await pilot.press("h")
        await wait_for(pilot, "PlayScreen")
        assert app.screen.play.state.chosen == ["praat"]


async def test_home_is_current_when_it_appears_after_a_debrief(db_url: str) -> None:
    from uihelp import ENDINGS

    app = make_app(db_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "klaar")
        await open_case(pilot)
        await wait_for(pilot, "IntroScreen")
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen")
        await play_digits(pilot, ENDINGS["good"])
        await wait_for(pilot, "DebriefScreen")
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(pilot) == "HomeScreen"
        home = app.screen
        assert home.overview is not None and home.overview.open_attempts == []


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_the_new_code_dialog_fits_80x24_with_its_warning_in_view(
    db_url: str, lang: str
) -> None:
    app = make_app(db_url, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "SignInScreen")
        await type_into(pilot, "#code", "nieuw-1", submit=False)
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        await settle(pilot)
        dialog = pilot.app.screen.query_one(".dialog")
        assert dialog.scroll_y == 0 and dialog.max_scroll_y == 0, "no scrolling needed"
        warning = pilot.app.screen.query_one(".dialog-text.warning", Static)
        assert warning.region.height >= 1 and warning.region.y >= 0
        assert ("Onthoud je code" if lang == "nl" else "Remember your code") in widget_text(warning)
        buttons = pilot.app.screen.query_one("#ok", Button).region
        assert buttons.bottom <= 24
