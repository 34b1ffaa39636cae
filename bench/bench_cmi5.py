"""Benchmark: what the cmi5 hook costs a choice made outside cmi5.

    python bench/bench_cmi5.py [--calls 2000] [--db URL]

Every recorded choice in the web door asks whether its attempt belongs to an open cmi5
AU session (one query). This times that look-up for an attempt that does not, against
the baseline from the same run: one plain read of the attempt (``Store.attempt``), which
the door does several times per choice anyway. SQLite in a temporary folder by default.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import bundled_content_dir, load_library
from frontlijn_game.service.cmi5_play import after_choice
from frontlijn_game.store.service import Store


def per_call(work: Callable[[], object], calls: int) -> float:
    """Median of five runs of ``calls`` calls, in ms per call."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(calls):
            work()
        runs.append((time.perf_counter() - start) / calls * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--db", default=None, help="a database URL (default: temporary SQLite)")
    args = parser.parse_args()
    library = load_library(bundled_content_dir())
    scenario = library.scenarios["geldezel-samir"]
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        with Store.open(url) as store:
            code = "BENCH-CMI5"
            store.ensure_trainee(code)
            open_attempt = store.open_attempt(code, scenario.id)
            attempt = (
                open_attempt.attempt
                if open_attempt is not None
                else store.start_attempt(code, scenario, Playthrough.start(scenario, 1).state)
            )
            hook = per_call(lambda: after_choice(store, library, attempt.id), args.calls)
            base = per_call(lambda: store.attempt(attempt.id), args.calls)
    print(f"cmi5 look-up per choice (no AU session): {hook:.3f} ms")
    print(f"baseline, one read of the attempt:       {base:.3f} ms")
    print(f"ratio: {hook / base:.2f}")


if __name__ == "__main__":
    main()
