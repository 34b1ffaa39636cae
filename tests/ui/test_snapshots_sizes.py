"""The main trainee screens at 80x24 and 200x50, in both languages: the footer keeps F2 at
80 columns, the text stays ~100 columns wide at 200 (the 80x24 Dutch and English shots
of every screen are in test_snapshots*.py; these add the two sizes side by side)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from uihelp import CASE, ENDINGS, make_app, play_digits, settle, type_into, wait_for

from frontlijn_game import i18n
from frontlijn_game.store.service import Store

pytestmark = pytest.mark.usefixtures("fixed_dates")

CODE = "jw-4821"
SIZES = [(80, 24), (200, 50)]
LANGS = ["nl", "en"]


@pytest.fixture(autouse=True)
def dutch_again() -> Iterator[None]:
    yield
    i18n.set_language("nl")


async def freeze(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def known(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(CODE)


async def to_signin(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "SignInScreen")
    await freeze(pilot)


async def to_home(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "HomeScreen")
    await freeze(pilot)


async def to_intro(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await freeze(pilot)


async def to_play(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")
    await freeze(pilot)


async def to_debrief(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")
    await play_digits(pilot, ENDINGS["good"])
    await wait_for(pilot, "DebriefScreen")
    await freeze(pilot)


async def to_new_code(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "SignInScreen")
    await type_into(pilot, "#code", "nieuw-1", submit=False)
    await pilot.press("ctrl+n")
    await wait_for(pilot, "NewTraineeDialog")
    await freeze(pilot)


SCREENS: dict[str, tuple[Any, dict[str, Any]]] = {
    "signin": (to_signin, {}),
    "newcode": (to_new_code, {}),
    "home": (to_home, {"trainee": CODE}),
    "intro": (to_intro, {"trainee": CODE, "scenario": CASE}),
    "play": (to_play, {"trainee": CODE, "scenario": CASE}),
    "debrief": (to_debrief, {"trainee": CODE, "scenario": CASE}),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_main_screen(
    snap_compare: Any, db_url: str, screen: str, lang: str, size: tuple[int, int]
) -> None:
    known(db_url)
    run_before, kwargs = SCREENS[screen]
    app = make_app(db_url, lang=lang, **kwargs)
    assert snap_compare(app, run_before=run_before, terminal_size=size)
