"""Benchmark: `validate` (no path analysis) vs a plain `yaml.load(CSafeLoader)` of the same files.

Target (DESIGN.md): <= 3x. Run: `python bench/bench_validate.py [--cases 200] [--repeat 5]`.
Prints the median of each and the ratio, both measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_cases

from frontlijn_game.cli.content import validate_paths


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--scenes", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_cases(Path(tmp), args.cases, args.scenes)

        def baseline() -> None:
            for path in paths:
                with path.open("rb") as f:
                    yaml.load(f, Loader=yaml.CSafeLoader)

        def ours() -> None:
            diagnostics, count = validate_paths([tmp], analyse=False, content_dir=None)
            errors = [d for d in diagnostics if d.severity == "error"]
            assert count == len(paths) and not errors, errors[:3]

        base = [timed(baseline) for _ in range(args.repeat)]
        mine = [timed(ours) for _ in range(args.repeat)]
    b, m = statistics.median(base), statistics.median(mine)
    print(f"files: {args.cases} x {args.scenes} scenes")
    print(f"yaml.load(CSafeLoader): median {b * 1000:.0f} ms")
    print(f"frontlijn validate:     median {m * 1000:.0f} ms")
    print(f"ratio: {m / b:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
