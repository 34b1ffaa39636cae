"""Load the synthetic data set of the leader views, fast, and say how long it took.

DESIGN.md "Qualities": 2,000 trainees x 30 cases x 3 attempts x 20 decisions = 180,000
attempts and 3.6 M decision rows, on SQLite and PostgreSQL.

    python bench/synthetic.py                          # full size, a SQLite file in /tmp
    python bench/synthetic.py --scale 0.01             # 1% of the trainees, for a quick run
    python bench/synthetic.py --url postgresql+psycopg://user@host/db --replace
    FRONTLIJN_DB=postgresql+psycopg://... python bench/synthetic.py   # URL from the env

The schema comes from the real migrations; rows go in by bulk paths (SQLite: executemany
in large transactions with ``synchronous=OFF`` and the big secondary index built at the
end; PostgreSQL: ``COPY ... FROM STDIN``). Every attempt follows a real, loadable case
(``synthetic_case(k)``: 20 scenes in a row, three choices each, three endings) stored as
its snapshot, so replays and option statistics over this data are meaningful; scores
come from the engine's own ``score``. An existing data set is only overwritten with
``--replace``. ``load()`` is the same as a function, for the leader benchmarks.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from frontlijn_game.engine.scoring import score
from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.database import open_database, safe_url
from frontlijn_game.store.migrate import downgrade, upgrade
from frontlijn_game.store.models import Base, Trainee
from frontlijn_game.store.tallies import rebuild_option_tallies

TRAINEES, CASES, ATTEMPTS, DECISIONS = 2000, 30, 3, 20
COHORT_SIZE = 25
KINDS = ("help", "both", "sanction")
ENDINGS = (("einde_goed", "good", 85), ("einde_matig", "mixed", 55), ("einde_slecht", "bad", 20))
T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)

DECISION_COLUMNS = (
    "id",
    "attempt_id",
    "seq",
    "scenario_id",
    "scene",
    "choice",
    "help",
    "sanction",
    "actor",
    "tags",
    "variables",
    "seconds",
    "decided_at",
    "shown",
    "shown_position",
)
ATTEMPT_COLUMNS = (
    "id",
    "trainee_id",
    "snapshot_id",
    "scenario_id",
    "seed",
    "first_attempt",
    "status",
    "scene",
    "state",
    "draws",
    "decisions_count",
    "started_at",
    "updated_at",
    "finished_at",
    "help",
    "sanction",
    "balance",
    "verdict",
    "balance_score",
    "outcome",
    "process",
    "total",
    "ending_id",
    "ending_kind",
)


def synthetic_case(k: int) -> str:
    """Case ``synth-KK``: scenes s01..s20 in a row (help / both / sanction), three endings."""
    lines = [
        "format: frontlijn/scenario@1",
        f"id: synth-{k:02d}",
        f'title: "Synthetische casus {k}"',
        "language: nl",
        "actors:",
        "  jongere: {name: Jongere}",
        "  ouder: {name: Ouder}",
        "variables:",
        "  vertrouwen: {initial: 50, min: 0, max: 100}",
        "  signalen: {initial: 0, min: 0, max: 100}",
        "scoring:",
        "  target_balance: [0.30, 0.50]",
        "  weights: {balance: 0.5, outcome: 0.5, process: 0}",
        "start: s01",
        "scenes:",
    ]
    for i in range(1, DECISIONS + 1):
        sid = f"s{i:02d}"
        lines += [
            f"  {sid}:",
            f'    title: "Stap {i}"',
            f'    text: "Stap {i} van casus {k}."',
            "    choices:",
        ]
        for n, kind in enumerate(KINDS):
            help_, sanction = {"help": (2, 0), "both": (1, 1), "sanction": (0, 2)}[kind]
            target = f"s{i + 1:02d}" if i < DECISIONS else ENDINGS[n][0]
            lines += [
                f"      - id: {sid}_{kind}",
                f'        text: "{kind} {i}"',
                f"        help: {help_}",
                f"        sanction: {sanction}",
                f"        actor: {'jongere' if i % 2 else 'ouder'}",
                f"        effects: {{vertrouwen: {'+2' if help_ else '-3'}, signalen: +1}}",
                f"        goto: {target}",
            ]
    for sid, kind, outcome in ENDINGS:
        lines += [
            f"  {sid}:",
            f'    title: "{sid}"',
            '    text: "Einde."',
            f'    ending: {{label: "{sid}", outcome: {outcome}, kind: {kind}}}',
        ]
    return "\n".join(lines) + "\n"


@dataclass
class LoadReport:
    url: str
    trainees: int
    attempts: int
    decisions: int
    seconds: float

    def __str__(self) -> str:
        rate = self.decisions / self.seconds if self.seconds else 0.0
        return (
            f"loaded {self.trainees:,} trainees, {self.attempts:,} attempts, "
            f"{self.decisions:,} decisions into {self.url} in {self.seconds:.1f} s "
            f"({rate:,.0f} decisions/s)"
        )


class _Scores:
    """Engine scores, cached: with process weight 0 the parts stored on an attempt depend
    only on how many choices of each kind were taken and on the ending."""

    def __init__(self, cases: Sequence[Scenario]) -> None:
        self.cases = cases
        self.cache: dict[tuple[int, int, int, int], dict[str, Any]] = {}

    def parts(self, case: int, kinds: tuple[int, ...], chosen: list[str]) -> dict[str, Any]:
        key = (case, kinds.count(0), kinds.count(1), kinds[-1])
        hit = self.cache.get(key)
        if hit is None:
            scenario = self.cases[case]
            ending = scenario.scenes[ENDINGS[kinds[-1]][0]].ending
            hit = self.cache[key] = score(scenario, chosen, ending).to_json()
        return hit


def _rows(
    trainees: int, cases: Sequence[Scenario], seed: int
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(attempt row, its decision rows) for every attempt, ids counting from 1."""
    rng = random.Random(seed)
    scores = _Scores(cases)
    attempt_id = decision_id = 0
    for trainee in range(1, trainees + 1):
        # Each trainee leans to help or to sanction; leaders should see it in the data.
        lean = rng.choice(((6, 3, 1), (3, 5, 2), (1, 3, 6), (2, 4, 4)))
        for case in range(len(cases)):
            scenario_id = cases[case].id
            start = T0 + timedelta(days=rng.randrange(90), minutes=rng.randrange(600))
            for number in range(ATTEMPTS):
                attempt_id += 1
                kinds = tuple(rng.choices((0, 1, 2), weights=lean, k=DECISIONS))
                chosen = [f"s{i + 1:02d}_{KINDS[k]}" for i, k in enumerate(kinds)]
                trust, signals = 50, 0
                moment = start
                decisions = []
                for i, kind in enumerate(kinds):
                    trust = min(100, trust + 2) if kind < 2 else max(0, trust - 3)
                    signals += 1
                    seconds = round(rng.uniform(3, 60), 2)
                    moment += timedelta(seconds=seconds)
                    help_, sanction = ((2, 0), (1, 1), (0, 2))[kind]
                    # The three options in a shuffled order; the chosen one's place in it.
                    order = [f"s{i + 1:02d}_{name}" for name in KINDS]
                    rng.shuffle(order)
                    decision_id += 1
                    decisions.append(
                        (
                            decision_id,
                            attempt_id,
                            i + 1,
                            scenario_id,
                            f"s{i + 1:02d}",
                            chosen[i],
                            help_,
                            sanction,
                            "jongere" if (i + 1) % 2 else "ouder",
                            "[]",
                            f'{{"vertrouwen": {trust}, "signalen": {signals}}}',
                            seconds,
                            moment,
                            '["' + '", "'.join(order) + '"]',
                            order.index(chosen[i]) + 1,
                        )
                    )
                ending, kind_name, _ = ENDINGS[kinds[-1]]
                parts = scores.parts(case, kinds, chosen)
                state = {
                    "scene": ending,
                    "variables": {"vertrouwen": trust, "signalen": signals},
                    "seed": attempt_id,
                    "visited": [f"s{i:02d}" for i in range(1, DECISIONS + 1)] + [ending],
                    "revealed": [],
                    "chosen": chosen,
                    "draws": [],
                    "status": "finished",
                }
                attempt = (
                    attempt_id,
                    trainee,
                    case + 1,
                    scenario_id,
                    attempt_id,
                    number == 0,
                    "finished",
                    ending,
                    json.dumps(state),
                    "[]",
                    DECISIONS,
                    start,
                    moment,
                    moment,
                    parts["help"],
                    parts["sanction"],
                    parts["balance"],
                    parts["verdict"],
                    parts["balance_score"],
                    parts["outcome"],
                    parts["process"],
                    parts["total"],
                    ending,
                    kind_name,
                )
                yield attempt, decisions
                start = moment + timedelta(days=rng.randrange(1, 10))


def _people_rows(trainees: int, cases: Sequence[Scenario]) -> dict[str, list[tuple[Any, ...]]]:
    cohorts = (trainees + COHORT_SIZE - 1) // COHORT_SIZE
    return {
        "trainees": [(t, f"S{t:05d}", T0) for t in range(1, trainees + 1)],
        "cohorts": [(c, f"cohort-{c:03d}", T0) for c in range(1, cohorts + 1)],
        "cohort_members": [(1 + (t - 1) // COHORT_SIZE, t, T0) for t in range(1, trainees + 1)],
        "enrolments": [(c, c, "synthetisch", T0) for c in range(1, cohorts + 1)],
        "snapshots": [
            (
                k + 1,
                s.id,
                s.content_hash,
                s.title,
                s.source,
                json.dumps({sid: kind for sid, kind, _ in ENDINGS}),
                T0,
            )
            for k, s in enumerate(cases)
        ],
    }


PEOPLE_COLUMNS = {
    "trainees": ("id", "code", "created_at"),
    "cohorts": ("id", "name", "created_at"),
    "cohort_members": ("cohort_id", "trainee_id", "joined_at"),
    "enrolments": ("id", "cohort_id", "curriculum_id", "enrolled_at"),
    "snapshots": ("id", "scenario_id", "content_hash", "title", "source", "endings", "created_at"),
}

PROGRESS_SQL = """
INSERT INTO progress (trainee_id, scenario_id, attempts, finished, best_total, updated_at)
SELECT trainee_id, scenario_id, COUNT(*), SUM(CASE WHEN status = 'finished' THEN 1 ELSE 0 END),
       MAX(total), MAX(updated_at)
FROM attempts GROUP BY trainee_id, scenario_id
"""
BEST_SQL = """
UPDATE progress SET best_attempt_id = (
  SELECT MIN(a.id) FROM attempts a WHERE a.trainee_id = progress.trainee_id
   AND a.scenario_id = progress.scenario_id AND a.total = progress.best_total)
"""

_BATCH = 20_000  # attempts per transaction (400,000 decisions)


def _load_sqlite(engine: Engine, trainees: int, cases: Sequence[Scenario], seed: int) -> None:
    def ts(value: datetime) -> str:  # what SQLAlchemy's DateTime stores on SQLite
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")

    raw = engine.raw_connection()
    try:
        con: Any = raw.driver_connection
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -200000")
        index = next(i for i in Base.metadata.tables["decisions"].indexes)
        con.execute(f"DROP INDEX IF EXISTS {index.name}")
        con.execute("BEGIN IMMEDIATE")
        for table, rows in _people_rows(trainees, cases).items():
            cols = PEOPLE_COLUMNS[table]
            con.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [tuple(ts(v) if isinstance(v, datetime) else v for v in row) for row in rows],
            )
        a_sql = f"INSERT INTO attempts ({', '.join(ATTEMPT_COLUMNS)}) VALUES ({', '.join('?' * len(ATTEMPT_COLUMNS))})"
        d_sql = f"INSERT INTO decisions ({', '.join(DECISION_COLUMNS)}) VALUES ({', '.join('?' * len(DECISION_COLUMNS))})"
        attempts: list[tuple[Any, ...]] = []
        decisions: list[tuple[Any, ...]] = []

        def flush() -> None:
            con.executemany(a_sql, attempts)
            con.executemany(d_sql, decisions)
            con.execute("COMMIT")
            con.execute("BEGIN IMMEDIATE")
            attempts.clear()
            decisions.clear()

        for attempt, rows in _rows(trainees, cases, seed):
            a = list(attempt)
            a[11], a[12], a[13] = ts(a[11]), ts(a[12]), ts(a[13])
            attempts.append(tuple(a))
            decisions.extend((*d[:12], ts(d[12]), *d[13:]) for d in rows)
            if len(attempts) >= _BATCH:
                flush()
        flush()
        con.execute(PROGRESS_SQL)
        con.execute(BEST_SQL)
        con.execute("COMMIT")
        cols = ", ".join(c.name for c in index.columns)
        con.execute(f"CREATE INDEX {index.name} ON decisions ({cols})")
        con.execute("ANALYZE")
        con.execute("PRAGMA synchronous = FULL")
    finally:
        raw.close()


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    out = str(value)
    if isinstance(value, str) and ("\\" in out or "\t" in out or "\n" in out or "\r" in out):
        out = (
            out.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        )
    return out


def _copy_rows(rows: Sequence[tuple[Any, ...]]) -> str:
    return "".join("\t".join(_copy_value(v) for v in row) + "\n" for row in rows)


def _load_postgresql(engine: Engine, trainees: int, cases: Sequence[Scenario], seed: int) -> None:
    raw = engine.raw_connection()
    try:
        con: Any = raw.driver_connection
        with con.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
            cur.execute("SET maintenance_work_mem = '256MB'")
            index = next(i for i in Base.metadata.tables["decisions"].indexes)
            cur.execute(f"DROP INDEX IF EXISTS {index.name}")
            for table, rows in _people_rows(trainees, cases).items():
                with cur.copy(
                    f"COPY {table} ({', '.join(PEOPLE_COLUMNS[table])}) FROM STDIN"
                ) as cp:
                    cp.write(_copy_rows(rows))
            con.commit()
            attempts: list[tuple[Any, ...]] = []
            decisions: list[tuple[Any, ...]] = []

            def flush() -> None:
                with cur.copy(f"COPY attempts ({', '.join(ATTEMPT_COLUMNS)}) FROM STDIN") as cp:
                    cp.write(_copy_rows(attempts))
                buffer = io.StringIO()
                for row in decisions:
                    buffer.write("\t".join(_copy_value(v) for v in row))
                    buffer.write("\n")
                with cur.copy(f"COPY decisions ({', '.join(DECISION_COLUMNS)}) FROM STDIN") as cp:
                    cp.write(buffer.getvalue())
                con.commit()
                attempts.clear()
                decisions.clear()

            for attempt, rows in _rows(trainees, cases, seed):
                attempts.append(attempt)
                decisions.extend(rows)
                if len(attempts) >= _BATCH:
                    flush()
            flush()
            cur.execute(PROGRESS_SQL)
            cur.execute(BEST_SQL)
            cols = ", ".join(c.name for c in index.columns)
            cur.execute(f"CREATE INDEX {index.name} ON decisions ({cols})")
            for table in (
                "trainees",
                "cohorts",
                "enrolments",
                "snapshots",
                "attempts",
                "decisions",
            ):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
            con.commit()
            con.autocommit = True
            cur.execute("VACUUM ANALYZE")
            con.autocommit = False
    finally:
        raw.close()


def default_url(scale: float) -> str:
    folder = Path(tempfile.gettempdir()) / "frontlijn-bench"
    return f"sqlite:///{folder / f'synthetic-{scale:g}.sqlite3'}"


def load(url: str, scale: float = 1.0, seed: int = 0, replace: bool = False) -> LoadReport:
    """Load the data set (``scale`` x 2,000 trainees) into an empty database at ``url``."""
    trainees = max(1, round(TRAINEES * scale))
    cases = [scenario_from_text(synthetic_case(k)) for k in range(1, CASES + 1)]
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            present = conn.execute(select(func.count()).select_from(Trainee)).scalar_one()
        if present:
            if not replace:
                raise SystemExit(
                    f"{db.display_url} holds {present} trainees already; use --replace to "
                    "drop its progress tables and load afresh"
                )
            downgrade(db.engine, "base")
            upgrade(db.engine)
        started = time.perf_counter()
        loader = _load_postgresql if db.dialect == "postgresql" else _load_sqlite
        if db.dialect not in ("postgresql", "sqlite"):
            raise SystemExit(f"no bulk loader for {db.dialect}")
        loader(db.engine, trainees, cases, seed)
        # The store keeps these per decision; a bulk load counts them once at the end.
        db.write(lambda session: rebuild_option_tallies(session.connection()))
        seconds = time.perf_counter() - started
        with db.engine.connect() as conn:
            attempts = conn.execute(text("SELECT COUNT(*) FROM attempts")).scalar_one()
            decisions = conn.execute(text("SELECT COUNT(*) FROM decisions")).scalar_one()
        return LoadReport(db.display_url, trainees, attempts, decisions, seconds)
    finally:
        db.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", help="database URL (default: $FRONTLIJN_DB or a SQLite file in the temp dir)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the 2,000 trainees (default 1)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--replace", action="store_true", help="drop and reload an existing data set"
    )
    args = parser.parse_args(argv)
    import os

    url = args.url or os.environ.get("FRONTLIJN_DB") or default_url(args.scale)
    print(f"loading scale {args.scale:g} into {safe_url(url)} ...", file=sys.stderr)
    print(load(url, args.scale, args.seed, args.replace))


if __name__ == "__main__":
    main()
