"""Benchmark: a trainee's choice to the next scene, commit included, on SQLite and PostgreSQL.

DESIGN.md "Qualities": p95 < 50 ms on both backends. Run:

    python bench/bench_store.py                      # SQLite (a temp file)
    python bench/bench_store.py --pg                 # + PostgreSQL at $FRONTLIJN_TEST_PG_URL
    FRONTLIJN_BENCH_PG_URL=postgresql+psycopg://... python bench/bench_store.py --pg
    python bench/bench_store.py --decisions 2000 --writers 8

Per backend it measures, in the same run and on the same database:
- baseline: a bare ``INSERT`` of one row plus ``COMMIT`` through the same engine (so the
  same durability settings: WAL + ``synchronous=FULL`` + ``BEGIN IMMEDIATE`` on SQLite);
- decision: ``Playthrough.choose`` + ``Store.record_decision`` (decision row and attempt
  state in one transaction) + rendering the next scene's text: what a trainee waits for.
It prints median and p95 of both and their ratios. ``--writers N`` adds N-1 background
processes recording decisions on the same database at once (a classroom under load).
The PostgreSQL URL is taken from the environment, never from the command line.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store import Store
from frontlijn_game.store.database import WRITE_OPTION, safe_url

CASE = """\
format: frontlijn/scenario@1
id: bench-balie
title: "Aan de balie"
language: nl
actors:
  bezoeker: {name: Bezoeker}
variables:
  rondes: {initial: 0, min: 0, max: 1000000}
  vertrouwen: {initial: 50, min: 0, max: 100, label: "Vertrouwen", visible: true}
scoring:
  target_balance: [0.30, 0.50]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: balie
scenes:
  balie:
    title: "Balie"
    text: "Ronde {rondes}. De bezoeker kijkt je aan; vertrouwen {vertrouwen}."
    choices:
      - id: luister
        text: "Luister"
        help: 1
        actor: bezoeker
        effects: {rondes: +1, vertrouwen: +3}
        goto: {random: [{weight: 1, goto: balie}, {weight: 1, goto: gang}]}
      - id: waarschuw
        text: "Waarschuw"
        sanction: 1
        actor: bezoeker
        effects: {rondes: +1, vertrouwen: -2}
        goto: balie
      - id: afronden
        text: "Rond af"
        when: "rondes >= 900"
        goto: einde
  gang:
    title: "Gang"
    text: "In de gang, ronde {rondes}."
    choices:
      - id: terug
        text: "Terug"
        help: 1
        effects: {rondes: +1}
        goto: balie
  einde:
    title: "Einde"
    text: "Klaar na {rondes} rondes."
    ending: {label: "Klaar", outcome: 80, kind: good}
"""
ATTEMPT_LENGTH = 800  # decisions per attempt (the engine caps an attempt at 1,000)


@dataclass
class Timing:
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(statistics.median(ordered) * 1000, p95 * 1000)


def _case() -> Scenario:
    return scenario_from_text(CASE, "<bench>")


def baseline(store: Store, n: int) -> Timing:
    """One-row INSERT + COMMIT through the store's engine."""
    engine = store.db.engine
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER, note TEXT)"))
    samples = []
    try:
        for i in range(n):
            start = time.perf_counter()
            with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
                conn.execute(text("INSERT INTO bench_baseline VALUES (:i, 'x')"), {"i": i})
            samples.append(time.perf_counter() - start)
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE bench_baseline"))
    return Timing.of(samples)


def play_decisions(store: Store, n: int, on_sample: Callable[[float], None] | None = None) -> None:
    """Make ``n`` decisions as a trainee would, starting a new attempt every 800."""
    scenario = _case()
    code = f"bench-{uuid.uuid4().hex[:8]}"
    store.add_trainee(code)
    play: Playthrough | None = None
    attempt_id = 0
    for i in range(n):
        if play is None or i % ATTEMPT_LENGTH == 0:
            if play is not None:
                store.abandon(attempt_id)
            play = Playthrough.start(scenario, seed=i)
            attempt_id = store.start_attempt(code, scenario, play.state).id
        choice = (
            "terug" if play.state.scene == "gang" else ("waarschuw" if i % 3 == 2 else "luister")
        )
        start = time.perf_counter()
        step = play.choose(choice)
        store.record_decision(attempt_id, step, score=play.score(), seconds=2.0)
        play.text(play.scene.text)  # what the screen shows next
        if on_sample is not None:
            on_sample(time.perf_counter() - start)
    if play is not None:
        store.abandon(attempt_id)


def _background_writer(url: str, stop: multiprocessing.synchronize.Event) -> None:
    with Store.open(url) as store:
        while not stop.is_set():
            play_decisions(store, 50)


def measure(url: str, n: int, writers: int) -> tuple[Timing, Timing]:
    with Store.open(url) as store:
        play_decisions(store, 20)  # warm up: imports, caches, the first snapshot
        base = baseline(store, n)
        # spawn, not fork: an open SQLite connection must never cross a fork.
        ctx = multiprocessing.get_context("spawn")
        stop = ctx.Event()
        others = [
            ctx.Process(target=_background_writer, args=(url, stop), daemon=True)
            for _ in range(writers - 1)
        ]
        for process in others:
            process.start()
        try:
            samples: list[float] = []
            play_decisions(store, n, samples.append)
        finally:
            stop.set()
            for process in others:
                process.join(timeout=30)
        return base, Timing.of(samples)


def report(name: str, base: Timing, decision: Timing, writers: int) -> None:
    load = f", {writers} writers" if writers > 1 else ""
    verdict = "ok" if decision.p95_ms < 50 else "OVER the 50 ms target"
    print(f"{name}{load}")
    print(f"  baseline INSERT+COMMIT   median {base.median_ms:7.2f} ms   p95 {base.p95_ms:7.2f} ms")
    print(
        f"  choice -> next scene     median {decision.median_ms:7.2f} ms   p95 {decision.p95_ms:7.2f} ms   ({verdict})"
    )
    print(
        f"  ratio to baseline        median {decision.median_ms / base.median_ms:7.2f} x    "
        f"p95 {decision.p95_ms / base.p95_ms:7.2f} x"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Decision commit latency (see the module doc).")
    parser.add_argument(
        "--decisions", type=int, default=1000, help="timed decisions (default 1000)"
    )
    parser.add_argument(
        "--writers", type=int, default=1, help="processes writing at once (default 1)"
    )
    parser.add_argument(
        "--pg",
        action="store_true",
        help="also PostgreSQL at $FRONTLIJN_BENCH_PG_URL or $FRONTLIJN_TEST_PG_URL",
    )
    args = parser.parse_args(argv)

    failed = False
    with tempfile.TemporaryDirectory(prefix="frontlijn-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'progress.sqlite3'}"
        base, decision = measure(url, args.decisions, args.writers)
        report(f"SQLite ({url})", base, decision, args.writers)
        failed |= decision.p95_ms >= 50
    if args.pg:
        pg = os.environ.get("FRONTLIJN_BENCH_PG_URL") or os.environ.get("FRONTLIJN_TEST_PG_URL")
        if not pg:
            print("--pg: set FRONTLIJN_BENCH_PG_URL or FRONTLIJN_TEST_PG_URL", file=sys.stderr)
            return 2
        base, decision = measure(pg, args.decisions, args.writers)
        report(f"PostgreSQL ({safe_url(pg)})", base, decision, args.writers)
        failed |= decision.p95_ms >= 50
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
