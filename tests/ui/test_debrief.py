"""The debrief teaches without handing out the key: before this trainee has passed the
case it shows feedback, basis and the points each decision cost, but names no best
option; after a pass (this attempt or an earlier one) it names the best continuation."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static
from uihelp import (
    CASE,
    CONTENT,
    ENDINGS,
    make_app,
    play_digits,
    record_attempt,
    wait_for,
    widget_text,
)

from frontlijn_game.scenario.content import load_library
from frontlijn_game.store.service import Store

CODE = "jw-4821"
SCENARIO = load_library(CONTENT).scenarios[CASE]
OTHER_OPTIONS = (
    "Betrek zijn moeder en spreek een grens af",
    "Ga langs en houd Dani aan de afspraak",
)
"""What the best continuation takes where the 'mixed' path goes elsewhere."""


async def debrief_text(pilot: Any) -> str:
    await wait_for(pilot, "DebriefScreen")
    screen = pilot.app.screen
    for _ in range(200):  # the best continuations arrive one by one from a worker
        if len(screen.best) == len(screen.debrief.decisions) and screen.reveal is not None:
            break
        await pilot.pause(0.02)
    return "\n".join(widget_text(w, width=100) for w in screen.query(Static) if w.display)


async def play_through(pilot: Any, digits: str) -> str:
    await wait_for(pilot, "IntroScreen")
    await pilot.press("enter")
    await wait_for(pilot, "PlayScreen")
    await play_digits(pilot, digits)
    return await debrief_text(pilot)


async def test_no_best_option_before_a_pass(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(CODE)
    app = make_app(db_url, trainee=CODE, scenario=CASE)
    async with app.run_test(size=(100, 40)) as pilot:
        text = await play_through(pilot, ENDINGS["mixed"])  # 42.0: module m1 needs 70
    assert "Beste voortzetting" not in text
    assert "De beste route" not in text
    assert not any(option in text for option in OTHER_OPTIONS)
    assert "zie je pas als je deze casus hebt" in text
    # What each decision cost is there: 96.0 was reachable, 42.0 was reached.
    assert "niets: dit was de beste keuze" in text  # 'praat' is what the best path takes
    assert "punten ten opzichte van de beste voortzetting" in text
    # Basis beside the feedback, and the case's sources at the end.
    assert "Wet gemeentelijke schuldhulpverlening" in text
    assert "Preventie met Gezag" in text and "Strategisch Beraad Ondermijning" in text


async def test_the_best_path_is_named_once_passed(db_url: str) -> None:
    record_attempt(db_url, CODE, ["praat", "moeder", "volg_op"])  # 96.0: passed before
    app = make_app(db_url, trainee=CODE, scenario=CASE)
    async with app.run_test(size=(100, 40)) as pilot:
        text = await play_through(pilot, ENDINGS["mixed"])
    assert "Beste voortzetting" in text
    assert all(option in text for option in OTHER_OPTIONS)
    assert "De beste route vanaf het begin" in text
    assert "zie je pas als je deze casus hebt" not in text


async def test_passing_now_names_the_best_path(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.ensure_trainee(CODE)
    app = make_app(db_url, trainee=CODE, scenario=CASE)
    async with app.run_test(size=(100, 40)) as pilot:
        text = await play_through(pilot, ENDINGS["good"])
    assert "Beste voortzetting" in text and "De beste route vanaf het begin" in text


async def test_no_record_preview_counts_the_attempt_itself(db_url: str) -> None:
    app = make_app(None, record=False, scenario=CASE)
    async with app.run_test(size=(100, 40)) as pilot:
        text = await play_through(pilot, ENDINGS["mixed"])
    assert "Beste voortzetting" not in text
    assert not any(option in text for option in OTHER_OPTIONS)


