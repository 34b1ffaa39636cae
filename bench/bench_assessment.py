"""Benchmark: the exact assessment figures of `frontlijn paths` on every bundled case.

    python bench/bench_assessment.py [--repeat 3] [CASE.yaml ...]

For each case: its live states (with their scoring parts), the median CPU time of
`assess()` (random choosing and six habits under the case's pass rules) over --repeat
runs, and as the baseline from the same run the plain `analyse()` path search of the
same case, with the ratio of the two. The contract (DESIGN.md, Qualities): the biggest
bundled case in a few seconds. Times are CPU seconds (robust on a busy machine); the
per-scenario tables are dropped before each run, so both sides pay for building them.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from frontlijn_game.engine.assessment import assess
from frontlijn_game.engine.paths import analyse
from frontlijn_game.engine.paths.keys import TABLES
from frontlijn_game.scenario.content import (
    bundled_content_dir,
    content_folder_of,
    curricula_of_folder,
    is_test_file,
)
from frontlijn_game.scenario.loader import load_scenario
from frontlijn_game.scenario.model import Scenario

FEW_SECONDS = 5.0


def cases(named: list[str]) -> list[Path]:
    if named:
        return [Path(n) for n in named]
    folder = bundled_content_dir() / "scenarios"
    return sorted(p for p in folder.glob("*.yaml") if not is_test_file(p))


def cpu_median(scenario: Scenario, run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        TABLES.pop(scenario, None)
        began = time.process_time()
        run()
        times.append(time.process_time() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="cases to time (default: the bundled ones)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header = f"{'case':<28} {'states':>8} {'assess s':>9} {'analyse s':>10} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    slowest = 0.0
    for path in cases(args.files):
        scenario, diagnostics = load_scenario(path)
        if scenario is None:
            print(f"{path.name:<28} (does not load: {len(diagnostics)} problems)")
            continue
        curricula = curricula_of_folder(content_folder_of(path))
        states = analyse(scenario).states
        took = cpu_median(scenario, partial(assess, scenario, curricula), args.repeat)
        base = cpu_median(scenario, partial(analyse, scenario), args.repeat)
        slowest = max(slowest, took)
        print(f"{path.name:<28} {states:>8,} {took:>9.2f} {base:>10.2f} {took / base:>5.1f}x")
    verdict = "ok" if slowest <= FEW_SECONDS else "TOO SLOW"
    print(
        f"slowest case: {slowest:.2f} s CPU (contract: a few seconds, <= {FEW_SECONDS:g}): {verdict}"
    )


if __name__ == "__main__":
    main()
