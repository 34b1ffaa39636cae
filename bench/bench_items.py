"""Benchmark: item statistics (`frontlijn report items`) on one case of the synthetic set.

The case has 6,000 finished attempts x 20 decisions. Each decision is valued by the
engine's path analysis (the best total through every offered option), once per *future*
(the state as far as its future is concerned, see ``engine.paths.Futures``). Beside it,
measured in the same run:

- the valuation of release 0.x, once per distinct *prefix* of choices and draws, each
  attempt replayed through the ``transitions`` machine (the baseline: the report took
  about 15 s per case with it); both give the same figures, which is checked first;
- reading the attempts alone (``load_sample``), the floor of the whole report.

    python bench/bench_items.py                       # SQLite, full size (loads once)
    python bench/bench_items.py --url sqlite:////tmp/leader-bench/synthetic-1.sqlite3
    python bench/bench_items.py --scale 0.05 --repeat 3   # a quick run
    python bench/bench_items.py --no-old              # skip the (slow) old valuation

The data set is loaded by ``bench/synthetic.py`` when the database is empty and reused
otherwise. Baseline and candidate runs alternate; medians and their ratio are printed. The
first (cold) report is timed on its own: it also parses the case and builds its path graph,
which later runs in the same process reuse (as the leader's screens do).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))

import synthetic

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import DrawFn, forced_draws, machine_for, offered
from frontlijn_game.engine.paths import best_continuation
from frontlijn_game.engine.state import PlayState
from frontlijn_game.reporting.common import Sample, Selection, load_sample
from frontlijn_game.reporting.items import statistics_of
from frontlijn_game.reporting.option_values import best_options
from frontlijn_game.scenario.model import GotoRandom, Scenario
from frontlijn_game.store.database import Database, open_database, safe_url
from frontlijn_game.store.models import Trainee

CASE = "synth-07"
Tally = tuple[dict[str, tuple[int, int, dict[str, int]]], int]
"""Per decision point (decisions, took a best option, best options), attempts skipped."""


# -- the baseline: the valuation per prefix, as before -------------------------------------


def _fixed(outcome: str | None) -> DrawFn:
    def draw(state: PlayState, goto: GotoRandom) -> str:
        assert outcome is not None
        return outcome

    return draw


class PerPrefix:
    """The old ``OptionValues``: memoised on the whole path (choices and draws)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.machine = machine_for(scenario)
        self.memo: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, Fraction | None]] = {}

    def __call__(self, state: PlayState) -> dict[str, Fraction | None]:
        key = (tuple(state.chosen), tuple(state.draws))
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._values(state)
        return found

    def _values(self, state: PlayState) -> dict[str, Fraction | None]:
        values: dict[str, Fraction | None] = {}
        for choice in offered(self.scenario, state):
            goto = choice.goto
            outcomes = (
                sorted({o.scene for o in goto.options}) if isinstance(goto, GotoRandom) else [None]
            )
            best: Fraction | None = None
            for outcome in outcomes:
                try:
                    after = self.machine.step(state, choice.id, _fixed(outcome))
                except EngineError:
                    continue
                run = best_continuation(self.scenario, after)
                if run is not None and (best is None or run.total > best):
                    best = run.total
            values[choice.id] = best
        return values


def per_prefix(sample: Sample) -> Tally:
    """The old replay loop of ``statistics_of`` (state by state through ``step``)."""
    valuers = {sid: PerPrefix(sc) for sid, sc in sample.scenarios.items()}
    found: dict[str, list[tuple[bool, set[str]]]] = {}
    skipped = 0
    for row in sample.attempts:
        if not row.finished or row.total is None:
            continue
        valuer = valuers[row.snapshot_id]
        draw = forced_draws(row.draws)
        seen = []
        try:
            state = valuer.machine.start(row.seed)
            for cid in row.chosen:
                best = best_options(valuer(state))
                seen.append((state.scene, cid in best, best))
                state = valuer.machine.step(state, cid, draw)
        except (EngineError, KeyError):
            skipped += 1
            continue
        for scene, took, best in seen:
            found.setdefault(scene, []).append((took, best))
    tally = {}
    for scene, decisions in found.items():
        bests: Counter[str] = Counter()
        for _, best in decisions:
            bests.update(best)
        took = sum(1 for flag, _ in decisions if flag)
        tally[scene] = (len(decisions), took, dict(sorted(bests.items())))
    return tally, skipped


def per_future(sample: Sample) -> Tally:
    stats = statistics_of(sample)
    tally = {i.scene: (i.decisions, i.took_best, i.best) for i in stats.items if i.decisions}
    return tally, stats.skipped


# -- timing ---------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def compare(
    name: str, baseline: Callable[[], Any], candidate: Callable[[], Any], repeat: int
) -> None:
    """Alternate baseline and candidate ``repeat`` times (after one warm-up each)."""
    baseline()
    candidate()
    base: list[float] = []
    cand: list[float] = []
    for _ in range(repeat):
        base.append(timed(baseline))
        cand.append(timed(candidate))
    b, c = statistics.median(base), statistics.median(cand)
    print(
        f"  {name:<44} {c * 1000:9.1f} ms  baseline {b * 1000:9.1f} ms  ratio {c / b:7.3f}",
        flush=True,
    )


def ensure_data(url: str, scale: float) -> Database:
    db = open_database(url)
    with db.engine.connect() as conn:
        present = conn.execute(select(func.count()).select_from(Trainee)).scalar_one()
    if not present:
        print(f"loading the synthetic set (scale {scale:g}) ...", file=sys.stderr, flush=True)
        print(synthetic.load(url, scale), file=sys.stderr, flush=True)
    return db


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="database URL (default: the synthetic set's SQLite file)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--case", default=CASE)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old-repeat", type=int, default=3)
    parser.add_argument("--no-old", action="store_true", help="skip the old valuation")
    args = parser.parse_args(argv)
    url = args.url or synthetic.default_url(args.scale)
    db = ensure_data(url, args.scale)
    selection = Selection(args.case)
    try:
        with db.sessions() as session:

            def load() -> Sample:
                return load_sample(session, selection, replay=True)

            sample = load()
            decisions = sum(len(a.chosen) for a in sample.attempts if a.finished)
            print(
                f"{db.dialect}, {args.case}: {len(sample.attempts):,} attempts, "
                f"{decisions:,} decisions at {safe_url(url)}"
            )
            cold = timed(lambda: statistics_of(load()))
            print(f"  {'first report (case parsed, path graph built)':<44} {cold * 1000:9.1f} ms")
            if not args.no_old:
                assert per_future(sample) == per_prefix(sample), "the valuations disagree"
                print("  per-future and per-prefix valuations agree", flush=True)

            # Each run values a freshly loaded sample: parsed again, path graph built again.
            def new() -> None:
                statistics_of(load())

            def old() -> None:
                per_prefix(load())

            print(f"medians of {args.repeat} (old valuation: {args.old_repeat})")
            compare("report items (sample read + valuation)", load, new, args.repeat)
            if not args.no_old:
                compare("  against the per-prefix valuation", old, new, args.old_repeat)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
