"""Trainee detail and attempt replay; the replay uses the attempt's snapshot even after
the case file changed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from leaderhelp import Recorded, leader_app, log_in, open_matrix, record
from textual.widgets import DataTable, Static
from uihelp import CONTENT, fresh_db, settle, wait_for, widget_text

from frontlijn_game.scenario.content import load_library
from frontlijn_game.service.leader import LeaderData
from frontlijn_game.service.scope import LeaderScope
from frontlijn_game.store.service import Store

OLD_TEXT = "Het is vrijdag, half elf."
NEW_TEXT = "Het is maandag, kwart over negen."


def changed_content(folder: Path) -> Path:
    """A copy of the fixture content whose ui-proef has another first scene and option."""
    target = folder / "content"
    shutil.copytree(CONTENT, target)
    case = target / "scenarios" / "ui-proef.yaml"
    text = case.read_text(encoding="utf-8")
    assert OLD_TEXT in text
    text = text.replace(OLD_TEXT, NEW_TEXT).replace(
        "Vraag Dani wat er speelt", "Ga naast Dani zitten en vraag door"
    )
    case.write_text(text, encoding="utf-8")
    return target


def test_replay_uses_the_snapshot_after_the_case_changed(tmp_path: Path) -> None:
    url = fresh_db(tmp_path)
    ids = record(url)  # played on the fixture case as it was
    content = changed_content(tmp_path)
    library = load_library(content)
    assert NEW_TEXT in library.scenarios["ui-proef"].scenes["plein"].text
    with Store.open(url) as store:
        data = LeaderData(store, library, LeaderScope.owner())
        replay = data.replay(ids[0])
        assert replay.error is None
        assert [s.choice for s in replay.steps] == ["praat", "moeder", "volg_op"]
        first = replay.steps[0]
        assert OLD_TEXT in first.scene_text and NEW_TEXT not in first.scene_text
        assert "Vertrouwen tussen jullie: **50**" in first.scene_text  # interpolated as seen
        assert [o.choice for o in first.offered] == ["praat", "bel_politie", "negeer"]
        assert first.offered[0].text == "Vraag Dani wat er speelt" and first.offered[0].chosen
        assert first.feedback and first.feedback.startswith("Eerst begrijpen")
        assert {m.variable: m.value for m in first.meters}["vertrouwen"] == 60
        assert (first.help_so_far, first.sanction_so_far, first.verdict) == (1, 0, "tandeloos")
        last = replay.steps[-1]
        assert (last.help_so_far, last.sanction_so_far, last.verdict) == (3, 2, "in balans")
        assert all(step.matches_record for step in replay.steps)
        assert replay.ending_label == "Dani stapt uit"
        best = data.best(replay, replay.steps[1])
        assert best.same and best.first == "moeder" and best.ending == "goed"
        assert best.total is not None and float(best.total) == 96.0


async def test_detail_and_replay_screens(tmp_path: Path) -> None:
    url = fresh_db(tmp_path)
    record(url)
    content = changed_content(tmp_path)
    app = leader_app(url, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await open_matrix(pilot, "groep-a")
        matrix = pilot.app.screen.query_one("#matrix", DataTable)
        matrix.move_cursor(row=1, column=2)  # T2, ui-proef
        await pilot.press("enter")
        await wait_for(pilot, "TraineeDetailScreen")
        table = pilot.app.screen.query_one("#detail-attempts", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # Newest first: start, duration, ending, parts (balance, outcome, process), total,
        # verdict, passed under m1 (>= 70).
        assert [r[0] for r in rows] == ["#3", "#2"]
        assert rows[0][3:] == [
            "0:00",
            "Dani stapt uit",
            "100 / 90 / 100",
            "96,0",
            "in balans",
            "✓ ja",
            "",
        ]
        # The case's first attempt holds its total beside the best.
        assert rows[1][3:] == [
            "0:00",
            "Onzeker",
            "0 / 55 / 100",
            "42,0",
            "tandeloos",
            "✗ nee",
            "42,0 → 96,0",
        ]
        await pilot.press("down", "enter")  # attempt #2
        await wait_for(pilot, "ReplayScreen")
        screen: Any = pilot.app.screen
        head = widget_text(screen.query_one("#replay-head", Static), 120)
        assert "#2 · T2 · Dani en de scooter" in head and "beslissing 1 van 3" in head
        assert "gewijzigd" in head  # the case file changed since
        scene = widget_text(screen.query_one("#replay-scene-text", Static), 100)
        assert "vrijdag, half elf" in scene and "maandag" not in scene
        options = widget_text(screen.query_one("#replay-options", Static), 100)
        assert "▶  Vraag Dani wat er speelt  (gekozen)" in options
        await pilot.press("right")
        await settle(pilot)
        options = widget_text(screen.query_one("#replay-options", Static), 100)
        assert "Regel een afspraak bij de schuldhulp  (gekozen)" in options
        assert "★ beste" in options  # the best continuation took the other option
        best = widget_text(screen.query_one("#replay-best", Static), 100)
        assert "Betrek zijn moeder en spreek een grens af" in best and "96,0" in best
        side = widget_text(screen.query_one("#replay-meters", Static), 40)
        assert "Tot nu toe hulp 3 · sanctie 0" in side and "tandeloos" in side
        await pilot.press("end")
        await settle(pilot)
        title = widget_text(screen.query_one("#replay-scene-title", Static), 100)
        assert "Afloop: Onzeker" in title
        score = widget_text(screen.query_one("#replay-options", Static), 100)
        assert "42,0" in score and "tandeloos" in score
        await pilot.press("escape")
        await wait_for(pilot, "TraineeDetailScreen")


def test_option_distribution_of_a_cohort(recorded: Recorded) -> None:
    with Store.open(recorded.url) as store:
        dist = LeaderData(store, load_library(CONTENT), LeaderScope.owner()).options(
            "ui-proef", "groep-a"
        )
    # Cohort groep-a: 4 attempts of ui-proef; 3 chose praat (finished at 96, 42 and 96).
    assert (dist.attempts, dist.finished) == (4, 3)
    plein = dist.point("plein")
    assert (plein.decisions, plein.attempts) == (4, 4)
    praat = plein.option("praat")
    assert praat.count == 3 and float(praat.share or 0) == 0.75
    assert praat.mean_total is not None and float(praat.mean_total) == 78.0
