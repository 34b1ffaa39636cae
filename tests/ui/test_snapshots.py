"""Snapshots of every screen with the fixture case and a fixed seed (80x24 unless noted).

Update after a deliberate change of the look: ``pytest tests/ui --snapshot-update``, then
look at the SVGs under ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from uihelp import (
    CASE,
    CONTENT,
    ENDINGS,
    SEED,
    make_app,
    play_digits,
    record_attempt,
    settle,
    type_into,
    wait_for,
)

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import load_library
from frontlijn_game.store.service import Store
from frontlijn_game.ui.app import FrontlijnApp

pytestmark = pytest.mark.usefixtures("fixed_dates")

CODE = "jw-4821"


async def freeze(pilot: Pilot[Any]) -> None:
    """No blinking cursors: the same picture every run."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def known_trainee(db_url: str, code: str = CODE) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(code)


def finished_state(digits: str) -> tuple[Any, Any]:
    scenario = load_library(CONTENT).scenarios[CASE]
    play = Playthrough.start(scenario, SEED)
    for digit in digits:
        play.choose(play.offered()[int(digit) - 1].id)
    return scenario, play.state


def test_signin(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await freeze(pilot)

    assert snap_compare(make_app(db_url), run_before=run_before)


def test_new_code_dialog(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await type_into(pilot, "#code", CODE, submit=False)
        await pilot.press("ctrl+n")
        await wait_for(pilot, "NewTraineeDialog")
        await freeze(pilot)

    assert snap_compare(make_app(db_url), run_before=run_before)


def test_home_new_trainee(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")

    assert snap_compare(make_app(db_url, trainee=CODE), run_before=run_before)


def test_home_with_progress(snap_compare: Any, db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat", "moeder", "volg_op"])
    record_attempt(db_url, CODE, ["inval"], scenario_id="ui-kort")
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")

    assert snap_compare(make_app(db_url, trainee=CODE), run_before=run_before)


def test_intro(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "IntroScreen")

    assert snap_compare(make_app(db_url, trainee=CODE, scenario=CASE), run_before=run_before)


def test_open_attempt_dialog(snap_compare: Any, db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")
        await pilot.press("enter")
        await wait_for(pilot, "OpenAttemptDialog")

    assert snap_compare(make_app(db_url, trainee=CODE), run_before=run_before)


async def _to_play(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")


def test_play_first_scene(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)
    app = make_app(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=_to_play)


def test_play_after_a_choice(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, "1")

    app = make_app(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before)


def test_play_large_light(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, "1")
        await pilot.press("ctrl+t")
        await settle(pilot)

    app = make_app(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before, terminal_size=(120, 36))


def test_suspend_dialog(snap_compare: Any, db_url: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await pilot.press("escape")
        await wait_for(pilot, "ConfirmDialog")

    app = make_app(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before)


@pytest.mark.parametrize("kind", ["good", "bad"])
def test_debrief(snap_compare: Any, db_url: str, kind: str) -> None:
    known_trainee(db_url)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to_play(pilot)
        await play_digits(pilot, ENDINGS[kind])
        await wait_for(pilot, "DebriefScreen")

    app = make_app(db_url, trainee=CODE, scenario=CASE)
    assert snap_compare(app, run_before=run_before, terminal_size=(100, 30))


def test_debrief_decisions(snap_compare: Any, db_url: str) -> None:
    """The lower half: the chart, per actor, and every decision with the best move."""
    known_trainee(db_url)
    scenario, state = finished_state(ENDINGS["mixed"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")
        app = pilot.app
        assert isinstance(app, FrontlijnApp)
        app.debrief(scenario, state, replace=False)
        await wait_for(pilot, "DebriefScreen")
        await pilot.press("end")
        await settle(pilot)

    app = make_app(db_url, trainee=CODE)
    assert snap_compare(app, run_before=run_before, terminal_size=(100, 40))


def test_results(snap_compare: Any, db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat", "schuldhulp", "laat_los"])
    record_attempt(db_url, CODE, ["praat", "moeder", "volg_op"])
    record_attempt(db_url, CODE, ["samen"], scenario_id="ui-kort")
    record_attempt(db_url, CODE, ["praat"])

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "HomeScreen")
        await pilot.press("r")
        await wait_for(pilot, "ResultsScreen")

    assert snap_compare(make_app(db_url, trainee=CODE), run_before=run_before)


def test_scoring_help(snap_compare: Any, db_url: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, "SignInScreen")
        await pilot.press("f1")
        await wait_for(pilot, "ScoringHelpScreen")
        await freeze(pilot)

    assert snap_compare(make_app(db_url), run_before=run_before, terminal_size=(100, 30))
