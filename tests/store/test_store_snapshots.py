"""An attempt resumes and replays on its own snapshot, whatever happens to the case file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from frontlijn_game.cli.content import run_result
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.service.authoring import RunRefused
from frontlijn_game.service.authoring import run_recorded as run_and_record
from frontlijn_game.store import Store
from frontlijn_game.store.errors import StoreError
from frontlijn_game.store.models import Snapshot

from .conftest import LOOP


def edited_case(tmp_path: Path) -> Scenario:
    """The loop case after a trainer's edit: a choice renamed, a scene and texts changed."""
    text = LOOP.read_text(encoding="utf-8")
    text = text.replace("id: waarschuw", "id: spreek_aan").replace('"Balie"', '"De balie"')
    text = text.replace("outcome: 80", "outcome: 40")
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario_or_raise(path)


def test_old_snapshot_resumes_and_replays_after_the_file_changed(
    store: Store, loop: Scenario, tmp_path: Path
) -> None:
    store.add_trainee("T1")
    play = Playthrough.start(loop, 3)
    attempt = store.start_attempt("T1", loop, play.state)
    for choice in ("waarschuw", "waarschuw", "waarschuw"):
        store.record_decision(attempt.id, play.choose(choice))
    store.suspend(attempt.id)

    new = edited_case(tmp_path)
    assert new.content_hash != loop.content_hash and "waarschuw" not in new.choices

    saved = store.open_attempt("T1", "loop")
    assert saved is not None
    assert saved.scenario.content_hash == loop.content_hash
    assert saved.scenario.source == loop.source
    resumed = Playthrough(saved.scenario, PlayState.from_json(saved.state))
    step = resumed.choose("afronden")  # exists in both, but the ending differs
    store.record_decision(attempt.id, step, score=resumed.score())
    record = store.attempt(attempt.id)
    assert record.status == "finished" and record.outcome == 80

    replayed = Playthrough.replay(
        saved.scenario, record.seed, store.load_attempt(attempt.id).choices
    )
    assert replayed.state == resumed.state
    assert replayed.score().to_json()["total"] == record.total

    # A new attempt uses a new snapshot; the old one stays as it was.
    fresh = store.start_attempt("T1", new, Playthrough.start(new, 1).state)
    assert fresh.content_hash == new.content_hash != record.content_hash
    assert store.load_attempt(attempt.id).scenario.content_hash == loop.content_hash


def run_recorded(db_url: str, *args: Any) -> dict[str, Any]:
    """What ``frontlijn run --trainee --json`` prints for this recorded run."""
    done = run_and_record(db_url, *args)
    return {**run_result(done.play, done.status), "attempt_id": done.attempt_id}


def test_run_resume_continues_on_the_snapshot(db_url: str, loop: Scenario, tmp_path: Path) -> None:
    app = db_url
    first = run_recorded(app, loop, ["waarschuw", "luister"], ["balie"], 5, "R1", None, False)
    assert first["status"] == "suspended" and first["choices"] == ["waarschuw", "luister"]
    assert first["draws"] == ["balie"]

    new = edited_case(tmp_path)  # 'waarschuw' no longer exists in the file
    second = run_recorded(app, new, ["waarschuw", "waarschuw"], [], None, "R1", 1, True)
    assert second["attempt_id"] == first["attempt_id"]
    assert second["status"] == "suspended"
    assert second["choices"] == ["waarschuw", "luister", "waarschuw"]

    with pytest.raises(StoreError, match="open attempt"):
        run_recorded(app, loop, ["luister"], [], 5, "R1", None, False)
    with pytest.raises(RunRefused, match="seed"):
        run_recorded(app, loop, [], [], 999, "R1", None, True)

    done = run_recorded(
        app, new, ["luister", "terug", "afronden"], ["gang"], None, "R1", None, True
    )
    assert done["draws"] == ["balie", "gang"]
    assert done["status"] == "finished" and done["outcome"] == 80
    with pytest.raises(RunRefused, match="no open attempt"):
        run_recorded(app, loop, ["luister"], [], None, "R1", None, True)


def test_snapshots_are_immutable(store: Store, loop: Scenario) -> None:
    store.add_trainee("T1")
    attempt = store.start_attempt("T1", loop, Playthrough.start(loop, 1).state)
    with store.db.sessions() as s:
        snapshot = s.get_one(Snapshot, attempt.snapshot_id)
        snapshot.source = "changed"
        with pytest.raises(ValueError, match="immutable"):
            s.flush()
