"""Benchmark: `paths` (exhaustive path analysis) on every bundled case.

    python bench/bench_paths.py [--repeat 3] [--max-states 200000] [CASE.yaml ...]

For each case: states searched (with and without their scoring part), whether the search
was complete, the median time of --repeat runs, the time `validate` spends on its
analysis warnings (budget 1 s per case) and, as the baseline from the same run, the time
of a 1,000-run `playtest` of the same case. Times are CPU seconds (robust on a busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from frontlijn_game.authoring.analysis_warnings import TIME_BUDGET, analysis_warnings
from frontlijn_game.authoring.playtest import playtest
from frontlijn_game.engine.paths import DEFAULT_MAX_STATES, analyse
from frontlijn_game.engine.paths.keys import TABLES
from frontlijn_game.scenario.content import bundled_content_dir, is_test_file
from frontlijn_game.scenario.loader import load_scenario


def cases(named: list[str]) -> list[Path]:
    if named:
        return [Path(n) for n in named]
    folder = bundled_content_dir() / "scenarios"
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and not is_test_file(p)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="cases to time (default: the bundled ones)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-states", type=int, default=DEFAULT_MAX_STATES)
    args = parser.parse_args()
    found = cases(args.files)
    if not found:
        print(f"no bundled cases found in {bundled_content_dir() / 'scenarios'}; nothing to time")
        return
    header = (
        f"{'case':<28} {'states':>9} {'core':>7} {'complete':>8} {'paths s':>8} "
        f"{'states/s':>9} {'warn s':>7} {'playtest1k s':>12}"
    )
    print(header)
    print("-" * len(header))
    for path in found:
        scenario, diagnostics = load_scenario(path)
        if scenario is None:
            print(f"{path.name:<28} (does not load: {len(diagnostics)} problems)")
            continue
        times = []
        for _ in range(args.repeat):
            TABLES.pop(scenario, None)  # time the whole thing, tables included
            began = time.process_time()
            report = analyse(scenario, max_states=args.max_states)
            times.append(time.process_time() - began)
        began = time.process_time()
        analysis_warnings(scenario)
        warn = time.process_time() - began
        base = playtest(scenario, runs=1000, seed=1).seconds
        median = statistics.median(times)
        print(
            f"{scenario.id:<28} {report.states:>9,} {report.core_states:>7,} "
            f"{'yes' if report.complete else 'NO':>8} {median:>8.2f} "
            f"{report.states / median:>9,.0f} {warn:>7.2f} {base:>12.2f}"
        )
    print(f"(validate's analysis budget is {TIME_BUDGET:.1f} s per case)")


if __name__ == "__main__":
    main()
