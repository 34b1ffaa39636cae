"""The glossary: its data file (both languages, every field), the search, and the screen
opened from play and the command palette, in Dutch and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from uihelp import CASE, make_app, settle, wait_for, widget_text

from frontlijn_game import i18n
from frontlijn_game.store.service import Store

CODE = "jw-4821"


@pytest.fixture(autouse=True)
def dutch_again() -> Iterator[None]:
    yield
    i18n.set_language("nl")


def known_trainee(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(CODE)


async def _to_play(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")


@pytest.mark.parametrize(
    ("lang", "term", "label"),
    [
        ("nl", "Sluiting van een woning (art. 13b Opiumwet)", "Grondslag"),
        ("en", "Closing a dwelling (Opium Act s. 13b)", "Legal basis"),
    ],
)
async def test_opens_from_play_in_the_interface_language(
    db_url: str, lang: str, term: str, label: str
) -> None:
    known_trainee(db_url)
    app = make_app(db_url, trainee=CODE, scenario=CASE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_play(pilot)
        await pilot.press("g")
        await wait_for(pilot, "GlossaryScreen")
        text = widget_text(app.screen.query_one("#glossary-list", Static), width=76)
        assert term in text and label in text
        app.screen.query_one("#glossary-search", Input).value = "halt"
        await settle(pilot)
        text = widget_text(app.screen.query_one("#glossary-list", Static), width=76)
        assert "77e" in text and "13b" not in text
        await pilot.press("escape")
        await wait_for(pilot, "PlayScreen")


async def test_opens_from_the_command_palette(db_url: str) -> None:
    known_trainee(db_url)
    app = make_app(db_url, trainee=CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "HomeScreen")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Begrippen")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, "GlossaryScreen")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_glossary_snapshot(snap_compare: Any, db_url: str, lang: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await pilot.press("g")
        await wait_for(pilot, "GlossaryScreen")
        pilot.app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)

    app = make_app(db_url, trainee=CODE, scenario=CASE, lang=lang)
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
