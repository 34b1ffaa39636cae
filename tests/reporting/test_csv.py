"""CSV export: stable columns, values of the recorded attempts, both dialects."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from frontlijn_game.reporting.csv_export import (
    ATTEMPT_COLUMNS,
    DECISION_COLUMNS,
    export_csv,
    number,
)
from reporting.conftest import Recorded

# The documented columns (docs/course-leaders.md): new ones may only be added at the end.
ATTEMPTS_HEADER = (
    "attempt_id,trainee,scenario,version,status,started_at,finished_at,duration_seconds,"
    "decisions,ending,ending_kind,help,sanction,balance,verdict,balance_score,outcome,"
    "process,total,first_attempt"
)
DECISIONS_HEADER = (
    "attempt_id,seq,scenario,scene,choice,help,sanction,actor,tags,seconds,decided_at,variables"
)


def read(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def test_columns_are_stable() -> None:
    assert ",".join(ATTEMPT_COLUMNS) == ATTEMPTS_HEADER
    assert ",".join(DECISION_COLUMNS) == DECISIONS_HEADER


def test_default_dialect(recorded: Recorded, tmp_path: Path) -> None:
    report = export_csv(recorded.store.db.engine, tmp_path / "out")
    assert (report.attempt_rows, report.decision_rows) == (6, 11)
    raw = report.attempts.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.startswith(ATTEMPTS_HEADER.encode())
    assert b"\r\n" in raw  # RFC 4180 line ends
    attempts = read(report.attempts)
    first = attempts[0]
    assert first["attempt_id"] == str(recorded.ids[0]) and first["trainee"] == "T1"
    assert first["version"] == recorded.scenario.content_hash[:12]
    assert (first["status"], first["ending"], first["ending_kind"]) == ("finished", "goed", "good")
    assert (first["help"], first["sanction"], first["verdict"]) == ("1", "1", "in balans")
    assert float(first["balance"]) == 0.5 and float(first["total"]) == 95.0
    assert first["first_attempt"] == "1"
    assert float(first["balance_score"]) == 100 and first["outcome"] == "90"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first["started_at"])
    assert float(first["duration_seconds"]) >= 0
    open_one = attempts[-1]
    assert (open_one["trainee"], open_one["status"], open_one["finished_at"]) == (
        "T5",
        "suspended",
        "",
    )
    assert open_one["total"] == "" and open_one["decisions"] == "1"
    decisions = read(report.decisions)
    assert [(d["attempt_id"], d["seq"], d["choice"]) for d in decisions[:2]] == [
        (str(recorded.ids[0]), "1", "luister"),
        (str(recorded.ids[0]), "2", "grens"),
    ]
    d = decisions[0]
    assert (d["scene"], d["help"], d["sanction"], d["actor"], d["tags"]) == (
        "intake",
        "1",
        "0",
        "sam",
        "",
    )
    assert float(d["seconds"]) == 2.5
    assert json.loads(d["variables"]) == {"vertrouwen": 60, "gemeld": False}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", d["decided_at"])


def test_excel_dialect(recorded: Recorded, tmp_path: Path) -> None:
    report = export_csv(recorded.store.db.engine, tmp_path, excel=True)
    raw = report.decisions.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + DECISIONS_HEADER.replace(",", ";").encode())
    attempts = read(report.attempts, ";", "utf-8-sig")
    t3 = next(a for a in attempts if a["trainee"] == "T3")
    assert t3["total"] == "41,7" and t3["balance"] == "0,67"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t3["finished_at"])
    assert "," in t3["duration_seconds"] or t3["duration_seconds"].isdigit()
    decisions = read(report.decisions, ";", "utf-8-sig")
    assert decisions[0]["seconds"] == "2,5"
    assert json.loads(decisions[0]["variables"]) == {"vertrouwen": 60, "gemeld": False}


def test_tags_are_space_separated(tmp_path: Path, sqlite_url: str) -> None:
    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.store import Store
    from helpers import scenario_from_yaml

    case = scenario_from_yaml(
        """
        format: frontlijn/scenario@1
        id: tags
        title: "Tags"
        scoring: {target_balance: [0.3, 0.5], competencies: {analyse: 1, opvolging: 1}}
        start: a
        scenes:
          a:
            text: "A"
            choices:
              - {id: x, text: "X", help: 1, tags: [analyse, opvolging], goto: b}
          b:
            text: "B"
            ending: {label: "B", outcome: 50, kind: mixed}
        """
    )
    with Store.open(sqlite_url) as store:
        store.add_trainee("T")
        play = Playthrough.start(case, 1)
        attempt = store.start_attempt("T", case, play.state)
        store.record_decision(attempt.id, play.choose("x"), score=play.score())
        report = export_csv(store.db.engine, tmp_path)
    assert read(report.decisions)[0]["tags"] == "analyse opvolging"


def test_number() -> None:
    assert number(79.3, True) == "79,3" and number(79.3, False) == "79.3"
    assert number(None, True) == "" and number(3, True) == "3"


def test_exports_default_to_documents_else_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the current folder: a dashboard started from a menu has no sensible one."""
    import platformdirs

    from frontlijn_game.reporting.csv_export import default_export_folder

    documents = tmp_path / "Documenten"
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    assert default_export_folder() == tmp_path / "data" / "exports"  # no Documents folder
    documents.mkdir()
    assert default_export_folder() == documents
