"""What every cohort report starts from: which attempts of a case it counts.

A report looks at one case (scenario id), optionally one cohort, either every attempt or
each trainee's first attempt at the case only, and either one version (snapshot) of the
case or all of them pooled. Attempts are read with their choices from the attempt's
stored state (``state.chosen``, written in the same transaction as each decision row), so a
report of a case is one index range over ``attempts`` instead of a join over millions of
decision rows; an attempt whose state disagrees with its decision count is read from the
decision rows instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any, NamedTuple

from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy.orm import Session

from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.errors import StoreError
from frontlijn_game.store.leader_cohorts import CohortLimit, trainee_within
from frontlijn_game.store.models import Attempt, CohortMember, Decision, Snapshot
from frontlijn_game.store.people import get_cohort
from frontlijn_game.store.repository import scenario_of


class ReportError(StoreError):
    """A report cannot be made as asked (unknown case or version); exit 1 on the CLI."""


@dataclass(frozen=True)
class Version:
    """One snapshot of a case and how many attempts were played on it."""

    snapshot_id: int
    content_hash: str
    title: str
    created_at: datetime
    attempts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "content_hash": self.content_hash,
            "title": self.title,
            "created_at": iso(self.created_at),
            "attempts": self.attempts,
        }


@dataclass(frozen=True)
class Selection:
    """Which attempts of a case a report counts.

    ``version``: a content hash (or a unique prefix of one) to look at one older version;
    None means the newest snapshot. ``all_versions`` pools every snapshot instead.
    ``first_only`` keeps each trainee's first attempt at the case (over all versions: an
    attempt is a first attempt whatever version it was played on).
    ``within``: only trainees of the cohorts a *cursusleider* leads (None: no limit);
    set by the service layer's ``LeaderScope.narrow``, never by a door.
    """

    scenario_id: str
    cohort: str | None = None
    first_only: bool = False
    all_versions: bool = False
    version: str | None = None
    within: CohortLimit | None = None


def report_header(
    fmt: str, title: str, selection: Selection, versions: Sequence[Version]
) -> dict[str, Any]:
    """The keys every cohort report's JSON starts with (one shape for every report)."""
    return {
        "format": fmt,
        "scenario": selection.scenario_id,
        "title": title,
        "cohort": selection.cohort,
        "first_only": selection.first_only,
        "all_versions": selection.all_versions,
        "versions": [v.to_json() for v in versions],
    }


class AttemptRow(NamedTuple):
    """The columns of one attempt that the cohort reports use (a tuple: made by the
    thousand per report)."""

    id: int
    trainee_id: int
    snapshot_id: int
    status: str
    total: float | None
    verdict: str | None
    chosen: Sequence[str]
    seed: int = 0
    draws: Sequence[str] = ()

    @property
    def finished(self) -> bool:
        return self.status == "finished"


@dataclass(frozen=True)
class Sample:
    """The attempts a :class:`Selection` picked and the versions they were played on."""

    selection: Selection
    versions: tuple[Version, ...]
    """The versions counted, newest first."""
    available: tuple[Version, ...]
    """Every version of the case, newest first."""
    scenarios: dict[int, Scenario]
    """Snapshot id -> the case as parsed from that snapshot."""
    attempts: tuple[AttemptRow, ...]

    @property
    def newest(self) -> Scenario:
        return self.scenarios[self.versions[0].snapshot_id]

    @property
    def finished(self) -> list[AttemptRow]:
        return [a for a in self.attempts if a.finished]


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def versions_of(
    session: Session, scenario_id: str, within: CohortLimit | None = None
) -> list[Version]:
    """Every snapshot of the case with its number of attempts (``within`` a
    cursusleider's trainees), newest first."""
    snaps = session.execute(
        select(Snapshot.id, Snapshot.content_hash, Snapshot.title, Snapshot.created_at)
        .where(Snapshot.scenario_id == scenario_id)
        .order_by(Snapshot.id.desc())
    ).all()
    if not snaps:
        return []
    # Counted over the snapshot_id index (no row reads), not over the case's attempts.
    query = select(Attempt.snapshot_id, func.count()).where(
        Attempt.snapshot_id.in_([row[0] for row in snaps])
    )
    if within is not None:  # a cursusleider's: their trainees' attempts only
        query = query.where(trainee_within(within, Attempt.trainee_id))
    counts = dict(session.execute(query.group_by(Attempt.snapshot_id)).all())
    return [
        Version(sid, h, title, created, int(counts.get(sid, 0))) for sid, h, title, created in snaps
    ]


def pick_versions(available: Sequence[Version], selection: Selection) -> list[Version]:
    if not available:
        raise ReportError(f"no attempt has been recorded for case '{selection.scenario_id}'")
    if selection.all_versions:
        return list(available)
    if selection.version is None:
        return [available[0]]
    found = [v for v in available if v.content_hash.startswith(selection.version)]
    if len(found) != 1:
        known = ", ".join(v.content_hash[:12] for v in available)
        what = "matches no" if not found else "matches more than one"
        raise ReportError(
            f"version '{selection.version}' {what} version of '{selection.scenario_id}' "
            f"(known: {known})"
        )
    return found


_CHOSEN_KEY = '"chosen": ['


def parse_chosen(value: Any) -> list[str] | None:
    """The ``chosen`` list of a stored state: a JSON text (SQLite) or a list (PostgreSQL).

    ``PlayState.to_json`` goes through ``json.dumps`` with its default separators and
    choice ids are ``[a-z][a-z0-9_]*``, so the list is cut out of the text and split
    without parsing the whole state; anything unexpected is parsed properly instead.
    """
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        return None
    start = value.find(_CHOSEN_KEY)
    if start >= 0:
        start += len(_CHOSEN_KEY)
        end = value.find("]", start)
        body = value[start:end]
        if end >= 0 and "\\" not in body:
            if not body:
                return []
            if body[0] == '"' and body[-1] == '"':
                return body[1:-1].split('", "')
    try:
        found = json.loads(value).get("chosen")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, list) else None


def _chosen_column(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return Attempt.state["chosen"]  # extracted by the server from JSONB
    return type_coerce(Attempt.state, Text)  # the JSON text, parsed by parse_chosen


def is_unfiltered(
    selection: Selection, versions: Sequence[Version], available: Sequence[Version]
) -> bool:
    """True when every attempt of the case counts (no cohort or limit, no first-only, all
    versions)."""
    return (
        selection.cohort is None
        and selection.within is None
        and not selection.first_only
        and len(versions) == len(available)
    )


def raw_fetchall(session: Session, query: Any) -> list[tuple[Any, ...]]:
    """All rows of a Core ``select`` as plain DBAPI tuples, in the session's transaction.

    For reports that read thousands of rows: SQLAlchemy's result rows and type
    processing would cost as much as the query. Bound values must be plain ints and
    strings, and JSON columns come back as the driver gives them (text on SQLite).
    """
    conn = session.connection()
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def load_sample(
    session: Session,
    selection: Selection,
    available: Sequence[Version] | None = None,
    replay: bool = False,
) -> Sample:
    """Read the attempts of ``selection`` (one query over the case's attempts).

    ``replay`` also reads each attempt's seed and draws, which a replay needs.
    """
    if available is None:
        available = versions_of(session, selection.scenario_id, selection.within)
    versions = pick_versions(available, selection)
    wanted = {v.snapshot_id for v in versions}
    columns: list[Any] = [
        Attempt.id,
        Attempt.trainee_id,
        Attempt.snapshot_id,
        Attempt.status,
        Attempt.total,
        Attempt.verdict,
        Attempt.decisions_count,
        _chosen_column(session),
    ]
    if replay:
        columns += [Attempt.seed, type_coerce(Attempt.draws, Text)]
    query = select(*columns).where(Attempt.scenario_id == selection.scenario_id)
    if selection.cohort is not None:
        cohort_id = get_cohort(session, selection.cohort).id
        query = query.join(
            CohortMember,
            (CohortMember.trainee_id == Attempt.trainee_id) & (CohortMember.cohort_id == cohort_id),
        )
    if selection.within is not None:
        query = query.where(trainee_within(selection.within, Attempt.trainee_id))
    if selection.first_only:
        query = query.order_by(Attempt.id)
    elif len(wanted) < len(available):
        query = query.where(Attempt.snapshot_id.in_(sorted(wanted)))
    rows: list[AttemptRow] = []
    repair: list[int] = []
    seen_trainees: set[int] = set()
    every = not selection.first_only and len(wanted) == len(available)
    key, skip = _CHOSEN_KEY, len(_CHOSEN_KEY)
    new_row = tuple.__new__  # AttemptRow(...) runs a Python-level __new__ per row
    for found in raw_fetchall(session, query):
        aid, tid, sid, status, total, verdict, count, chosen = found[:8]
        if not every:
            if selection.first_only:
                if tid in seen_trainees:
                    continue
                seen_trainees.add(tid)
            if sid not in wanted:
                continue
        choices: list[str] | None = None
        if type(chosen) is str:  # the fast path of parse_chosen, inlined: 6,000 a case
            start = chosen.find(key) + skip
            end = chosen.find("]", start)
            if start >= skip and end > start + 1 and "\\" not in chosen[start:end]:
                choices = chosen[start + 1 : end - 1].split('", "')
        if choices is None:
            choices = parse_chosen(chosen)
        if choices is None or len(choices) != count:
            repair.append(len(rows))
            choices = []
        if replay:
            draws = found[9]
            if isinstance(draws, str):
                draws = json.loads(draws)
            row = (aid, tid, sid, status, total, verdict, choices, found[8], draws)
        else:
            row = (aid, tid, sid, status, total, verdict, choices, 0, ())
        rows.append(new_row(AttemptRow, row))
    if repair:
        rows = _repair(session, rows, repair)
    return Sample(
        selection, tuple(versions), tuple(available), scenarios_of(session, versions), tuple(rows)
    )


def scenarios_of(session: Session, versions: Iterable[Version]) -> dict[int, Scenario]:
    ids = sorted(v.snapshot_id for v in versions)
    return {
        s.id: scenario_of(s) for s in session.scalars(select(Snapshot).where(Snapshot.id.in_(ids)))
    }


def _repair(session: Session, rows: list[AttemptRow], indices: Iterable[int]) -> list[AttemptRow]:
    """Read the choices of these attempts from their decision rows."""
    out = list(rows)
    ids = {rows[i].id: i for i in indices}
    found: dict[int, list[str]] = {aid: [] for aid in ids}
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        for aid, choice in session.execute(
            select(Decision.attempt_id, Decision.choice)
            .where(Decision.attempt_id.in_(chunk))
            .order_by(Decision.attempt_id, Decision.seq)
        ):
            found[aid].append(choice)
    for aid, index in ids.items():
        row = out[index]
        out[index] = row._replace(chosen=found[aid])
    return out


def exact(value: float) -> Fraction:
    """A stored (rounded) float as the decimal the trainee saw: 79.3 -> 79.3 exactly."""
    return Fraction(repr(value))


def tenths(value: float) -> int:
    """A total (stored rounded to one decimal) as whole tenths, for exact sums."""
    return round(value * 10)


def mean_of_tenths(total: int, n: int) -> Fraction | None:
    return None if n == 0 else Fraction(total, 10 * n)


def round_half_up(value: Fraction | float | None, digits: int) -> float | None:
    """Round like the scores are rounded (halves away from zero); None stays None."""
    if value is None:
        return None
    from frontlijn_game.engine.scoring import round_half_up as exact_round

    fraction = value if isinstance(value, Fraction) else exact(value)
    return exact_round(fraction, digits)


__all__ = [
    "AttemptRow",
    "ReportError",
    "Sample",
    "Selection",
    "Version",
    "exact",
    "is_unfiltered",
    "iso",
    "load_sample",
    "mean_of_tenths",
    "parse_chosen",
    "pick_versions",
    "raw_fetchall",
    "round_half_up",
    "scenarios_of",
    "tenths",
    "versions_of",
]
