"""Leader-dashboard test helpers: a small recorded data set on the UI fixture cases, and
driving the leader app (a fast gate, log in, wait for screens).

The data set (``recorded``), with the numbers worked out by hand in ``test_matrix.py``:

=======  =========  ==========================================  =======  ======  =========
attempt  trainee    choices                                     case     total   ending
=======  =========  ==========================================  =======  ======  =========
1        T1         praat, moeder, volg_op                      ui-proef  96.0   good
2        T2         praat, schuldhulp, laat_los                 ui-proef  42.0   mixed
3        T2         praat, moeder, volg_op                      ui-proef  96.0   good
4        T3         bel_politie (open)                          ui-proef  -      -
5        T1         samen                                       ui-kort   85.0   good
6        T3         inval                                       ui-kort   35.0   good
7        T4         bel_politie, straf                          ui-proef   6.0   bad
=======  =========  ==========================================  =======  ======  =========

Cohort ``groep-a`` (curriculum ``ui-basis``: m1 = ui-proef, pass >= 70; m2 = ui-kort,
pass >= 60 with a good or mixed ending) holds T1, T2 and T3; T4 is in no cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from uihelp import CONTENT, SEED, settle, type_into, wait_for

from frontlijn_game.service.leader_auth import GATE_KEY
from frontlijn_game.ui.factory import build_app
from helpers import FakeClock

PASSWORD = "geheim-wachtwoord"
LEADER = "anna"

SCRIPT: list[tuple[str, str, tuple[str, ...]]] = [
    ("T1", "ui-proef", ("praat", "moeder", "volg_op")),
    ("T2", "ui-proef", ("praat", "schuldhulp", "laat_los")),
    ("T2", "ui-proef", ("praat", "moeder", "volg_op")),
    ("T3", "ui-proef", ("bel_politie",)),
    ("T1", "ui-kort", ("samen",)),
    ("T3", "ui-kort", ("inval",)),
    ("T4", "ui-proef", ("bel_politie", "straf")),
]


@dataclass
class Recorded:
    url: str
    ids: list[int]
    folder: Path


def record(url: str, content: Path = CONTENT) -> list[int]:
    """Play the script through the store's repository (as ``frontlijn run`` would)."""
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.store.leaders import add_leader
    from frontlijn_game.store.service import Store

    library = load_library(content)
    ids = []
    with Store.open(url) as store:
        store.db.write(lambda s: add_leader(s, LEADER, PASSWORD))
        for code in ("T1", "T2", "T3", "T4"):
            store.ensure_trainee(code)
        store.create_cohort("groep-a", "ui-basis")
        store.enrol("groep-a", codes=["T1", "T2", "T3"])
        store.create_cohort("groep-b")
        for code, case, choices in SCRIPT:
            scenario = library.scenarios[case]
            play = Playthrough.start(scenario, SEED)
            attempt = store.start_attempt(code, scenario, play.state)
            for choice in choices:
                step = play.choose(choice)
                store.record_decision(attempt.id, step, score=play.score(), seconds=2.0)
            if not play.finished:
                store.suspend(attempt.id)
            ids.append(attempt.id)
    return ids


def leader_app(db_url: str, clock: FakeClock | None = None, content: Path = CONTENT) -> Any:
    app = build_app(content, db_url, mode="leader", seed=SEED)
    app.services.settings.extra[GATE_KEY] = (clock or FakeClock()).gate()
    return app


async def log_in(pilot: Pilot[Any], name: str = LEADER, password: str = PASSWORD) -> None:
    await wait_for(pilot, "LeaderLoginScreen")
    await type_into(pilot, "#leader-name", name)
    await type_into(pilot, "#leader-password", password)
    await wait_for(pilot, "CohortsScreen")


async def open_matrix(pilot: Pilot[Any], cohort: str = "groep-a") -> None:
    """From the cohorts screen: the matrix of ``cohort`` (``*``: every trainee)."""
    from textual.widgets import DataTable

    table = pilot.app.screen.query_one("#cohorts", DataTable)
    table.move_cursor(row=table.get_row_index(cohort))
    await pilot.press("enter")
    await wait_for(pilot, "MatrixScreen")
    await settle(pilot)


__all__ = [
    "LEADER",
    "PASSWORD",
    "SCRIPT",
    "Recorded",
    "leader_app",
    "log_in",
    "open_matrix",
    "record",
]
