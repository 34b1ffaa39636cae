"""Snapshots of the main screens in English (``--lang en``), next to the Dutch ones in
``test_snapshots.py``: every interface string, key label and the command-palette key
read English; case texts stay as written; verdicts stay Dutch with an English gloss.

Update after a deliberate change: ``pytest tests/ui/test_snapshots_en.py --snapshot-update``,
then look at the SVGs under ``__snapshots__/test_snapshots_en`` before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from uihelp import CASE, ENDINGS, make_app, play_digits, record_attempt, settle, type_into, wait_for

from frontlijn_game import i18n
from frontlijn_game.store.service import Store

pytestmark = pytest.mark.usefixtures("fixed_dates")

CODE = "jw-4821"


@pytest.fixture(autouse=True)
def dutch_again() -> Iterator[None]:
    yield
    i18n.set_language("nl")


def english(db_url: str, **kwargs: Any) -> Any:
    return make_app(db_url, lang="en", **kwargs)


def known_trainee(db_url: str, code: str = CODE) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(code)


async def freeze(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


async def _to_play(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")


def test_signin_en(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await freeze(pilot)

    assert snap_compare(english(db_url), run_before=run_before)


def test_new_code_dialog_en(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await type_into(pilot, "#code", CODE, submit=False)
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        await freeze(pilot)

    assert snap_compare(english(db_url), run_before=run_before)


def test_home_en(snap_compare: Any, db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat", "moeder", "volg_op"])
    record_attempt(db_url, CODE, ["inval"], scenario_id="ui-kort")
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")

    assert snap_compare(english(db_url, trainee=CODE), run_before=run_before)


def test_intro_en(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "IntroScreen")

    assert snap_compare(english(db_url, trainee=CODE, scenario=CASE), run_before=run_before)


def test_play_en(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, "1")

    assert snap_compare(english(db_url, trainee=CODE, scenario=CASE), run_before=run_before)


@pytest.mark.parametrize("kind", ["good", "bad"])
def test_debrief_en(snap_compare: Any, db_url: str, kind: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, ENDINGS[kind])
        await wait_for(pilot, "DebriefScreen")

    app = english(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before, terminal_size=(100, 30))


def test_debrief_decisions_en(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, ENDINGS["mixed"])
        await wait_for(pilot, "DebriefScreen")
        await pilot.press("end")
        await settle(pilot)

    app = english(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before, terminal_size=(100, 40))


def test_results_en(snap_compare: Any, db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat", "schuldhulp", "laat_los"])
    record_attempt(db_url, CODE, ["samen"], scenario_id="ui-kort")
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")
        await pilot.press("r")
        await wait_for(pilot, "ResultsScreen")

    assert snap_compare(english(db_url, trainee=CODE), run_before=run_before)


def test_scoring_help_en(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await pilot.press("f1")
        await wait_for(pilot, "ScoringHelpScreen")
        await freeze(pilot)

    assert snap_compare(english(db_url), run_before=run_before, terminal_size=(100, 30))


def test_home_switched_to_english_in_the_app(snap_compare: Any, db_url: str) -> None:
    """Started in Dutch, F2 on the home screen: the same screen as started in English."""
    record_attempt(db_url, CODE, ["praat", "moeder", "volg_op"])
    record_attempt(db_url, CODE, ["inval"], scenario_id="ui-kort")
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")
        await pilot.press("f2")
        await settle(pilot)
        await wait_for(pilot, "HomeScreen")

    assert snap_compare(make_app(db_url, trainee=CODE, lang="nl"), run_before=run_before)
