"""The live-session screens under Pilot: the facilitator's console and a participant's.

Each test runs one app and plays the other side through the service API, as another
process would. The screens follow the session in never-ending workers, so the waits
here poll a condition instead of waiting for workers to finish.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from uihelp import CONTENT, screen_name, screen_text, widget_text

from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.service import sessions as live
from frontlijn_game.service.resources import CONSOLE_KEY, JOIN_KEY
from frontlijn_game.service.scope import scope_of_record
from frontlijn_game.store.leaders import LeaderRecord, add_leader, find_leader
from frontlijn_game.store.service import Store
from frontlijn_game.ui.factory import build_app
from frontlijn_game.ui.input_guard import InputGuard

OVERLEG = Path(__file__).parent.parent / "fixtures" / "overleg.yaml"
LEADER, PASSWORD = "anna", "geheim-wachtwoord"


def prepare(db_url: str) -> tuple[str, LeaderRecord]:
    scenario = load_scenario_or_raise(OVERLEG)
    with Store.open(db_url) as store:
        store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
        for code, name in (("P1", "Ayla"), ("P2", "Bram"), ("P3", "Chris")):
            store.add_trainee(code, display_name=name)
        head = live.open_session(store, scenario, LEADER, mode="casusoverleg")
        record = store.db.read(lambda s: LeaderRecord.of(find_leader(s, LEADER)))  # type: ignore[arg-type]
    return head.code, record


async def until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out on {screen_name(pilot)}")
        await asyncio.sleep(0.05)
        await pilot.pause()


def text_of(pilot: Pilot[Any], selector: str) -> str:
    return str(widget_text(pilot.app.screen.query_one(selector), 120))


async def test_console_shows_names_counts_and_runs_the_session(db_url: str) -> None:
    code, leader = prepare(db_url)
    store = Store.open(db_url)
    tickets = {c: live.join(store, code, c) for c in ("P1", "P2", "P3")}
    app = build_app(
        CONTENT,
        db_url,
        mode="leader",
        extra={CONSOLE_KEY: (code, leader, scope_of_record(Store.open(db_url), leader))},
    )
    async with app.run_test(size=(150, 45)) as pilot:
        await until(pilot, lambda: screen_name(pilot) == "SessionConsoleScreen")
        screen: Any = pilot.app.screen
        await until(pilot, lambda: screen.view is not None and len(screen.view.seats) == 3)
        assert [s.name for s in screen.view.seats] == ["Ayla", "Bram", "Chris"]
        assert not any(c in screen_text(pilot) for c in ("P1", "P2", "P3"))
        assert code in text_of(pilot, "#console-status")
        await pilot.press("s")
        await until(pilot, lambda: screen.view.header.status == "running")
        live.vote(store, tickets["P1"], 1, "deel_verzuim")
        live.vote(store, tickets["P2"], 1, "deel_verzuim")
        await until(pilot, lambda: "2 stemmen" in text_of(pilot, "#console-options"))
        assert "1 stem" not in text_of(pilot, "#console-options")
        await pilot.press("n")
        pilot.app.screen.query_one("#console-note").value = "Bram twijfelde."  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: screen.view.notes.get(1) == "Bram twijfelde.")
        await pilot.press("a")
        await until(pilot, lambda: screen.view.header.decision_no == 2)
        assert "Leg het verzuim op tafel" in text_of(pilot, "#console-rounds")
        assert "Hier beslist de Wijkagent" in text_of(pilot, "#console-majority")
        # the decider has no holder: the facilitator picks option 1 and advances
        await pilot.press("1", "a")
        await until(pilot, lambda: screen.view.header.finished)
        await pilot.press("d")
        await until(pilot, lambda: screen_name(pilot) == "GroupDebriefScreen")
        await until(pilot, lambda: "Beslissingen" in text_of(pilot, "#report-text"))
        assert "Ayla" in text_of(pilot, "#report-text")
        await pilot.press("escape")
        await pilot.press("b")
        await until(pilot, lambda: screen_name(pilot) == "ReviewScreen")
        pilot.app.screen.query_one("#review-went-well").text = "Op tijd gedeeld."  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: live.console(store, code, LEADER).review is not None)
    review = live.console(store, code, LEADER).review
    assert review is not None and review.went_well == "Op tijd gedeeld."
    store.close()


async def test_participant_sees_their_role_votes_and_follows_the_advance(db_url: str) -> None:
    code, _leader = prepare(db_url)
    store = Store.open(db_url)
    app = build_app(
        CONTENT, db_url, trainee="P1", extra={JOIN_KEY: code}, input_guard=InputGuard(delay=0)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen_name(pilot) in ("PinDialog", "SessionScreen"))
        if screen_name(pilot) == "PinDialog":
            await pilot.press("enter")
        await until(pilot, lambda: screen_name(pilot) == "SessionScreen")
        screen: Any = pilot.app.screen
        await until(pilot, lambda: screen.view is not None)
        await pilot.press("r")
        await until(pilot, lambda: screen_name(pilot) == "ChooseDialog")
        await pilot.press("enter")  # the first free role: wijkagent
        await until(pilot, lambda: screen.view.role is not None)
        assert "Wijkagent" in text_of(pilot, "#session-role")
        live.start(store, code, LEADER)
        await until(pilot, lambda: screen.view.header.status == "running")
        facts = text_of(pilot, "#session-facts")
        assert "alleen jouw rol weet dit" in facts and "meldingen van overlast" in facts
        assert "zes weken" not in facts  # the leerplicht's fact
        await pilot.press("1")
        await until(pilot, lambda: screen.view.my_vote is not None)
        picked = screen.view.my_vote
        assert "✔" in text_of(pilot, "#session-options")
        assert "stem" not in text_of(pilot, "#session-options")  # counts hidden
        live.advance(store, code, LEADER, 1)
        await until(pilot, lambda: screen.view.header.decision_no == 2)
        assert screen.view.last_round is not None and screen.view.last_round.choice == picked
        assert "Jij beslist hier" in text_of(pilot, "#session-hint")
    store.close()
