"""Benchmark: first paint of the leader's progress matrix on the synthetic 3.6 M set.

    python bench/bench_leader.py [--url URL] [--runs 5] [--scale 1] [--json]

DESIGN.md "Qualities": first paint of the matrix < 1 s over 2,000 trainees x 30 cases x
3 attempts x 20 decisions (3.6 M decision rows). The data set comes from
``bench/synthetic.py`` (loaded into ``--url`` first when that database is empty; the
default is the synthetic loader's own SQLite file in the temp folder). The cases are the
loader's 30 synthetic cases, and a curriculum ``synthetisch`` (the one the synthetic
cohorts are enrolled in) is written beside them: three modules of ten cases, pass at 60,
the last module also asks for a good or mixed ending, so the cells are coloured by real
pass rules.

Measured in one process, headless, 120 x 35, each the median of ``--runs`` (and the
first, cold, run):

1. baseline: ``SELECT trainee_id, scenario_id, MAX(total), COUNT(*) FROM attempts GROUP
   BY trainee_id, scenario_id`` (DESIGN.md's yardstick for the matrix query);
2. matrix query: what the screen's worker does before it can draw (``LeaderData.matrix``
   for every trainee against the curriculum, and the first page of 100 rows built);
3. first paint: from pushing the matrix screen of all 2,000 trainees (the leader pressed
   Enter on "(alle cursisten)") until the refresh that shows the filled table is done;
   the same for one cohort of 25;
4. baseline paint: a screen with a DataTable holding the same 100 x 32 cells as text,
   no database: what drawing alone costs in this run;
5. the matrix query and the first paint of "(al je cursisten)" for a *cursusleider* of
   four cohorts (100 trainees; ``bench_reporting.LEADER_COHORTS``): the scope's limit in
   the SQL, under the same target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

from frontlijn_game.store.database import safe_url  # noqa: E402

SIZE = (120, 35)
CURRICULUM = "synthetisch"
BASELINE_SQL = (
    "SELECT trainee_id, scenario_id, MAX(total), COUNT(*) FROM attempts "
    "GROUP BY trainee_id, scenario_id"
)


def write_content(folder: Path) -> Path:
    """The 30 synthetic cases and the curriculum their cohorts are enrolled in."""
    (folder / "scenarios").mkdir(parents=True)
    (folder / "curricula").mkdir()
    for k in range(1, synthetic.CASES + 1):
        (folder / "scenarios" / f"synth-{k:02d}.yaml").write_text(
            synthetic.synthetic_case(k), encoding="utf-8"
        )
    lines = [
        "format: frontlijn/curriculum@1",
        f"id: {CURRICULUM}",
        'title: "Synthetisch curriculum"',
        "modules:",
    ]
    for m in range(3):
        cases = ", ".join(f"synth-{k:02d}" for k in range(m * 10 + 1, m * 10 + 11))
        lines += [f"  - id: m{m + 1}", f"    scenarios: [{cases}]"]
        if m:
            lines.append(f"    requires: [m{m}]")
        kinds = ", ending_kind: [good, mixed]" if m == 2 else ""
        lines.append(f"    pass: {{min_score: 60{kinds}}}")
    (folder / "curricula" / f"{CURRICULUM}.yaml").write_text("\n".join(lines) + "\n")
    return folder


def ensure_data(url: str, scale: float) -> None:
    from sqlalchemy import text

    from frontlijn_game.store.database import open_database

    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            present = conn.execute(text("SELECT COUNT(*) FROM decisions")).scalar_one()
    finally:
        db.dispose()
    if not present:
        print(f"loading the synthetic data set into {safe_url(url)} ...", file=sys.stderr)
        print(synthetic.load(url, scale), file=sys.stderr)


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def queries(url: str, content: Path, runs: int) -> dict[str, list[float]]:
    from bench_reporting import scope_leader
    from sqlalchemy import text

    from frontlijn_game.scenario.content import load_library
    from frontlijn_game.service.leader import LeaderData
    from frontlijn_game.service.matrix_view import MatrixQuery, page_of
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.service import Store

    library = load_library(content)
    with Store.open(url) as store:
        data = LeaderData(store, library, LeaderScope.owner())
        limit = scope_leader(store.db)
        coach = LeaderData(
            store, library, LeaderScope("bench", "cursusleider", leader_id=limit.leader_id)
        )

        def baseline() -> None:
            with store.db.engine.connect() as conn:
                conn.execute(text(BASELINE_SQL)).all()

        def matrix() -> None:
            found = data.matrix(None, CURRICULUM)
            page_of(found.matrix, MatrixQuery())

        def coach_matrix() -> None:
            found = coach.matrix(None, CURRICULUM)
            page_of(found.matrix, MatrixQuery())

        out: dict[str, list[float]] = {"baseline": [], "matrix": [], "coach": []}
        for _ in range(runs):  # interleaved, so both see the same cache and load
            out["baseline"] += timed(baseline, 1)
            out["matrix"] += timed(matrix, 1)
            out["coach"] += timed(coach_matrix, 1)
        return out


async def paints(url: str, content: Path, runs: int) -> dict[str, list[float]]:
    from bench_reporting import scope_leader
    from rich.text import Text
    from textual.screen import Screen
    from textual.widgets import DataTable

    from frontlijn_game.service.leader_auth import sign_in
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.leaders import LeaderRecord
    from frontlijn_game.store.models import utcnow
    from frontlijn_game.store.service import Store
    from frontlijn_game.ui.factory import build_app
    from frontlijn_game.ui.leader.cohorts import CohortsScreen
    from frontlijn_game.ui.leader.matrix import MatrixScreen

    class Bare(Screen[None]):
        """The baseline: the same number of cells as text, no database."""

        def compose(self) -> Any:
            yield DataTable(id="bare")

        painted_at: float | None = None

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_column("Cursist")
            table.add_column("Gehaald")
            for k in range(synthetic.CASES):
                table.add_column(f"synth-{k + 1:02d}")
            table.add_rows(
                [f"S{i:05d}", "17/30"]
                + [Text(f"✓ {50 + (i * k) % 50},0 ×3", style="green") for k in range(30)]
                for i in range(100)
            )
            self.call_after_refresh(self.done)

        def done(self) -> None:
            self.painted_at = time.perf_counter()

    with Store.open(url) as store:
        limit = scope_leader(store.db)
    app = build_app(content, url, mode="leader")
    out: dict[str, list[float]] = {"all": [], "cohort": [], "bare": [], "coach": []}
    async with app.run_test(size=SIZE) as pilot:
        while type(app.screen).__name__ != "LeaderLoginScreen":
            await pilot.pause(0.01)
        sign_in(
            app, LeaderRecord(0, "bench", utcnow(), 0, None), LeaderScope("bench", "beheerder", 0)
        )
        await app.push_screen(CohortsScreen())
        await app.workers.wait_for_complete()  # the library and the store are ready now
        await pilot.pause()

        async def measure(screen: Any) -> float:
            started = time.perf_counter()
            await app.push_screen(screen)
            deadline = time.monotonic() + 60
            while screen.painted_at is None:
                if time.monotonic() > deadline:
                    raise SystemExit("the matrix was not painted within 60 s")
                await asyncio.sleep(0.001)
            seconds = screen.painted_at - started
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            return float(seconds)

        for _ in range(runs):
            out["all"].append(await measure(MatrixScreen(None, CURRICULUM)))
            out["cohort"].append(await measure(MatrixScreen("cohort-001")))
            out["bare"].append(await measure(Bare()))
        coach = LeaderScope("bench-cursusleider", "cursusleider", leader_id=limit.leader_id)
        sign_in(
            app, LeaderRecord(limit.leader_id, coach.name, utcnow(), 0, None, coach.role), coach
        )
        for _ in range(runs):
            out["coach"].append(await measure(MatrixScreen(None, CURRICULUM)))
        app.exit()
    return out


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "first_ms": round(values[0] * 1000, 1),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description="First paint of the leader's progress matrix.")
    parser.add_argument("--url", help="database URL (default: the synthetic loader's SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="when loading (default 1)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    url = args.url or os.environ.get("FRONTLIJN_DB") or synthetic.default_url(args.scale)
    ensure_data(url, args.scale)
    with tempfile.TemporaryDirectory(prefix="frontlijn-bench-leader-") as tmp:
        content = write_content(Path(tmp) / "content")
        q = queries(url, content, args.runs)
        p = asyncio.run(paints(url, content, args.runs))
    result = {
        "url": safe_url(url),
        "baseline_group_by": summary(q["baseline"]),
        "matrix_query_first_page": summary(q["matrix"]),
        "first_paint_all_2000": summary(p["all"]),
        "first_paint_cohort_25": summary(p["cohort"]),
        "baseline_paint_datatable_100_rows": summary(p["bare"]),
        "matrix_query_cursusleider_4_cohorts": summary(q["coach"]),
        "first_paint_cursusleider_4_cohorts": summary(p["coach"]),
    }
    ok = all(
        result[key]["median_ms"] < 1000 and result[key]["max_ms"] < 1000
        for key in ("first_paint_all_2000", "first_paint_cursusleider_4_cohorts")
    )
    result["target"] = "first paint < 1000 ms"
    result["ok"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"leader matrix on {result['url']} ({args.runs} runs; first / median / max)")
        for key, label in (
            ("baseline_group_by", "baseline: plain GROUP BY over attempts"),
            ("matrix_query_first_page", "matrix query + first page (2,000 x 30)"),
            ("first_paint_all_2000", "first paint, all 2,000 trainees"),
            ("first_paint_cohort_25", "first paint, one cohort of 25"),
            ("baseline_paint_datatable_100_rows", "baseline: DataTable 100 x 32, no DB"),
            ("matrix_query_cursusleider_4_cohorts", "matrix query, cursusleider of 4 cohorts"),
            ("first_paint_cursusleider_4_cohorts", "first paint, cursusleider of 4 cohorts"),
        ):
            s = result[key]
            print(f"  {label:<42} {s['first_ms']:8.1f} {s['median_ms']:8.1f} {s['max_ms']:8.1f} ms")
        print(f"  target: first paint < 1000 ms: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
