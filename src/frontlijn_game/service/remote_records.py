"""Records as the ``/api/v1`` door sends them, back into the store's plain records.

Both ``--server`` clients read them (the trainee's attempts, the leader's trainees,
cohorts and attempts); the server writes them with the records' own ``to_json``. Nothing
here opens a database: the records are plain frozen dataclasses.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontlijn_game.store.records import (
        AttemptRecord,
        CohortRecord,
        EraseReport,
        TraineeRecord,
    )


def when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def attempt_of(data: dict[str, Any]) -> AttemptRecord:
    """An attempt as the API sends it (``AttemptRecord.to_json`` and its snapshot id)."""
    from frontlijn_game.store.records import AttemptRecord

    started, updated = when(data["started_at"]), when(data["updated_at"])
    assert started is not None and updated is not None
    return AttemptRecord(
        id=int(data["id"]),
        trainee_code=str(data["trainee"]),
        scenario_id=str(data["scenario"]),
        snapshot_id=int(data.get("snapshot_id") or 0),
        content_hash=str(data["content_hash"]),
        seed=int(data["seed"]),
        status=str(data["status"]),
        scene=str(data["scene"]),
        decisions=int(data["decisions"]),
        started_at=started,
        updated_at=updated,
        finished_at=when(data["finished_at"]),
        help=int(data["help"]),
        sanction=int(data["sanction"]),
        balance=data["balance"],
        verdict=data["verdict"],
        balance_score=data["balance_score"],
        outcome=data["outcome"],
        process=data["process"],
        total=data["total"],
        ending_id=data["ending"],
        ending_kind=data["ending_kind"],
    )


def trainee_of(data: dict[str, Any]) -> TraineeRecord:
    """A trainee as ``TraineeRecord.to_json`` sends it (the API never sends the row id)."""
    from frontlijn_game.store.records import TraineeRecord

    created = when(data["created_at"])
    assert created is not None
    return TraineeRecord(
        id=0,
        code=str(data["code"]),
        display_name=data["display_name"],
        has_pin=bool(data["pin"]),
        created_at=created,
        erased_at=when(data["erased_at"]),
        cohorts=tuple(str(c) for c in data["cohorts"]),
    )


def cohort_of(data: dict[str, Any]) -> CohortRecord:
    from frontlijn_game.store.records import CohortRecord

    created = when(data["created_at"])
    assert created is not None
    return CohortRecord(
        id=0,
        name=str(data["name"]),
        members=int(data["members"]),
        curricula=tuple(str(c) for c in data["curricula"]),
        created_at=created,
    )


def erase_report_of(data: dict[str, Any]) -> EraseReport:
    from frontlijn_game.store.records import EraseReport

    return EraseReport(
        str(data["old_code"]), str(data["new_code"]), tuple(str(d) for d in data["done"])
    )


__all__ = ["attempt_of", "cohort_of", "erase_report_of", "trainee_of", "when"]
