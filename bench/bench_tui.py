"""Benchmark: the trainee TUI's start time, decision latency and memory.

    python bench/bench_tui.py [--runs 7] [--decisions 120] [--db URL] [--json]

1. Start to first paint (DESIGN.md: <= 1.5x a bare Textual app). Each run is a fresh
   Python process that builds the app and runs it headless; both apps note the
   wall-clock time when their first screen's first refresh is done (a callback queued
   with ``call_after_refresh``; for the trainee app that is where it starts the workers
   that load the cases and open the database), an auto-pilot then exits, and this
   script subtracts the moment it started the process (the CPU time used by then is
   reported too: it is steadier than wall time on a busy machine). The baseline is a bare
   ``App`` with one ``Static``, measured the same way, interleaved run by run. Medians.
   Also reported: which heavy modules (SQLAlchemy, PyYAML, transitions, the store, the
   loader) were imported by the time of the first paint (the target is none), and the
   import cost of the ``frontlijn`` command-line module itself.
2. A choice to the next rendered scene, commit included (target p95 < 50 ms): one process
   signs in, starts a generated case (two scenes that lead to each other, three choices
   each, text, facts, visible meters), and presses digits; each latency runs from the key
   press until the next scene has been refreshed on screen (the play screen's
   ``SceneShown``, posted after the refresh). The commit to the database (SQLite file in a
   temporary folder, or ``--db URL``) happens in between.
3. Resident memory (VmRSS, target < 120 MB) of that process after playing the fixture
   case to its ending and seeing the debrief, next to a bare app's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "tests" / "ui" / "fixtures" / "content"
HEAVY = (
    "sqlalchemy",
    "yaml",
    "transitions",
    "alembic",
    "frontlijn_game.store",
    "frontlijn_game.scenario.loader",
    "frontlijn_game.engine.machine",
)

_PAINT = """
import sys, time
{setup}

async def auto_pilot(pilot):
    import asyncio
    while PAINT is None:
        await asyncio.sleep(0.001)
    print(repr(PAINT), flush=True)
    pilot.app.exit()

app.run(headless=True, auto_pilot=auto_pilot, size=(80, 24))
"""

# Both apps note the moment their first screen's first refresh is done (a callback
# queued with ``call_after_refresh`` when the screen is mounted) and which heavy modules
# are loaded by then. For the trainee app that is the moment it starts its workers.
BARE = """
PAINT = None
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Frontlijn")

    def on_mount(self):
        self.screen.call_after_refresh(painted)

def painted():
    global PAINT
    PAINT = (time.time(), time.process_time(), [m for m in {heavy!r} if m in sys.modules])

app = Bare()
"""

OURS = """
PAINT = None
from frontlijn_game.ui.app import FrontlijnApp
from frontlijn_game.ui.factory import build_app

start_services = FrontlijnApp.start_services

def painted(self):
    global PAINT
    PAINT = (time.time(), time.process_time(), [m for m in {heavy!r} if m in sys.modules])
    assert type(self.screen).__name__ == "SignInScreen"
    start_services(self)

FrontlijnApp.start_services = painted
app = build_app({content!r}, {db!r})
"""


def _paint_script(kind: str, db: str) -> str:
    if kind == "bare":
        setup = BARE.format(heavy=HEAVY)
    else:
        setup = OURS.format(content=str(CONTENT), db=db, heavy=HEAVY)
    return _PAINT.format(setup=textwrap.dedent(setup))


def first_paint(kind: str, db: str) -> tuple[float, float, list[str]]:
    script = _paint_script(kind, db)
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    stamp, cpu, heavy = eval(out.strip().splitlines()[-1])  # our own repr() of a tuple
    return stamp - start, cpu, heavy


def import_cost(module: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


LOOP_CASE = """\
format: frontlijn/scenario@1
id: bench-loop
title: "Bench: heen en weer"
role: "Wijkagent"
actors:
  a: {name: "Anna", age: 30, description: "Bewoner."}
  b: {name: "Bram", age: 34, description: "Buurman."}
facts:
  f1: {text: "Anna heeft schulden bij een buurman."}
  f2: {text: "Bram verhuurt zijn zolder."}
variables:
  vertrouwen: {initial: 50, min: 0, max: 100, label: "Vertrouwen", visible: true}
  risico: {initial: 50, min: 0, max: 100, label: "Risico", visible: true}
  gemeld: {initial: false, label: "Gemeld", visible: true}
scoring:
  target_balance: [0.3, 0.5]
  competencies: {analyse: 1}
start: links
scenes:
  links:
    title: "Bij Anna"
    text: |
      Anna doet open. Ze ziet er moe uit en de gang staat vol dozen.
      Ze vertelt over haar buurman, die haar geld leende. **Vertrouwen: {vertrouwen}.**
    reveal: [f1]
    choices:
      - {id: l1, text: "Vraag door over de schuld", help: 1, actor: a, tags: [analyse], effects: {vertrouwen: +5}, consequence: "Anna vertelt meer.", goto: rechts}
      - {id: l2, text: "Kondig een controle aan", sanction: 1, actor: a, effects: {risico: -5}, consequence: "Anna schrikt.", goto: rechts}
      - {id: l3, text: "Meld het bij de wijkagent", sanction: 2, actor: b, effects: {gemeld: true}, consequence: "De melding is gedaan.", goto: rechts}
      - {id: stop, text: "Rond af", goto: einde}
  rechts:
    title: "Bij Bram"
    text: |
      Bram staat in de deuropening. Op de trap liggen tuinslangen en een stapel potgrond.
      Hij zegt dat hij aan het verbouwen is. Risico: {risico}.
    reveal: [f2]
    choices:
      - {id: r1, text: "Bied hulp aan bij zijn schulden", help: 2, actor: b, effects: {vertrouwen: +5}, consequence: "Bram twijfelt.", goto: links}
      - {id: r2, text: "Vraag of je even mag kijken", help: 1, sanction: 1, actor: b, effects: {risico: -5}, consequence: "Bram laat je binnen.", goto: links}
      - {id: r3, text: "Vraag een inval aan", sanction: 3, actor: b, effects: {risico: -10}, consequence: "Dat duurt weken.", goto: links}
  einde:
    title: "Einde"
    text: "Je rondt af."
    ending: {label: "Afgerond", outcome: 50, kind: mixed}
"""

_LATENCY = r"""
import asyncio, json, sys, time
from pathlib import Path
sys.path.insert(0, {helpers!r})
from uihelp import make_app, play_digits, settle, wait_for

content, db, decisions = {content!r}, {db!r}, {decisions}

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

async def main():
    shown = []

    def hook(message):
        if type(message).__name__ == "SceneShown":
            shown.append((time.perf_counter(), message.decisions))

    from frontlijn_game.ui.factory import build_app
    from frontlijn_game.store.service import Store
    with Store.open(db) as store:
        store.ensure_trainee("bench")
    from frontlijn_game.ui.input_guard import InputGuard
    # Latency of a choice, not reading time: the input guard's delay is 0 here.
    app = build_app(content, db, trainee="bench", scenario="bench-loop", seed=1,
                    input_guard=InputGuard(0))
    latencies = []
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await wait_for(pilot, "IntroScreen", timeout=60)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen", timeout=60)
        for n in range(1, decisions + 1):
            digit = "123"[n % 3]
            start = time.perf_counter()
            await pilot.press(digit)
            deadline = start + 10
            while not shown or shown[-1][1] != n:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"decision {{n}} was not shown")
                await asyncio.sleep(0.0005)
            latencies.append(shown[-1][0] - start)
        await pilot.press("escape")
        await wait_for(pilot, "ConfirmDialog")
        await pilot.press("j")
        await settle(pilot)
    # Memory after playing the fixture case to its ending and reading the debrief.
    app = build_app({fixture!r}, db, trainee="bench", scenario="ui-proef", seed=7,
                    shuffle=False, input_guard=InputGuard(0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, "IntroScreen", timeout=60)
        await pilot.press("enter")
        await wait_for(pilot, "PlayScreen", timeout=60)
        await play_digits(pilot, "121")
        await wait_for(pilot, "DebriefScreen", timeout=60)
        await settle(pilot)
        rss = rss_mb()
    print(json.dumps({{"latencies": latencies, "rss_mb": rss}}))

asyncio.run(main())
"""

_BARE_RSS = r"""
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import Static

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

class Bare(App):
    def compose(self):
        yield Static("Frontlijn")

async def auto_pilot(pilot):
    await pilot.pause()
    print(rss_mb(), flush=True)
    pilot.app.exit()

Bare().run(headless=True, auto_pilot=auto_pilot)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each app")
    parser.add_argument("--decisions", type=int, default=120, help="decisions timed")
    parser.add_argument("--db", help="database URL for the latency run (default: temp SQLite)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # A migrated database, so start-up opens it as a returning trainee's app would.
        paint_db = f"sqlite:///{folder / 'paint.sqlite3'}"
        subprocess.run(
            [sys.executable, "-c",
             f"from frontlijn_game.store.service import Store; Store.open({paint_db!r}).close()"],
            check=True, cwd=ROOT,
        )  # fmt: skip
        bare_times: list[float] = []
        our_times: list[float] = []
        bare_cpu: list[float] = []
        our_cpu: list[float] = []
        heavy_seen: set[str] = set()
        first_paint("bare", paint_db)  # warm the file cache for both
        first_paint("ours", paint_db)
        for _ in range(args.runs):
            elapsed, cpu, _ = first_paint("bare", paint_db)
            bare_times.append(elapsed)
            bare_cpu.append(cpu)
            elapsed, cpu, heavy = first_paint("ours", paint_db)
            our_times.append(elapsed)
            our_cpu.append(cpu)
            heavy_seen.update(heavy)
        bare = statistics.median(bare_times)
        ours = statistics.median(our_times)
        cli_import = import_cost("frontlijn_game.cli", max(3, args.runs // 2))
        python_only = import_cost("sys", max(3, args.runs // 2))

        content = folder / "content"
        (content / "scenarios").mkdir(parents=True)
        (content / "scenarios" / "bench-loop.yaml").write_text(LOOP_CASE, encoding="utf-8")
        db = args.db or f"sqlite:///{folder / 'latency.sqlite3'}"
        script = _LATENCY.format(
            helpers=str(ROOT / "tests" / "ui"),
            content=str(content),
            db=db,
            decisions=args.decisions,
            fixture=str(CONTENT),
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
        )
        if out.returncode != 0:
            sys.exit(out.stderr)
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        bare_rss = float(
            subprocess.run(
                [sys.executable, "-c", _BARE_RSS], capture_output=True, text=True, check=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )

    latencies_ms = [x * 1000 for x in measured["latencies"]]
    result = {
        "start": {
            "bare_app_s": round(bare, 4),
            "frontlijn_s": round(ours, 4),
            "ratio": round(ours / bare, 3),
            "cpu_ratio": round(statistics.median(our_cpu) / statistics.median(bare_cpu), 3),
            "target_ratio": 1.5,
            "runs": args.runs,
            "heavy_modules_before_first_paint": sorted(heavy_seen),
            "cli_module_import_s": round(cli_import - python_only, 4),
        },
        "latency": {
            "decisions": len(latencies_ms),
            "p50_ms": round(statistics.median(latencies_ms), 2),
            "p95_ms": round(percentile(latencies_ms, 0.95), 2),
            "max_ms": round(max(latencies_ms), 2),
            "target_p95_ms": 50,
            "database": "temporary SQLite file" if args.db is None else "--db",
        },
        "memory": {
            "rss_after_case_mb": round(measured["rss_mb"], 1),
            "bare_app_rss_mb": round(bare_rss, 1),
            "target_mb": 120,
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    s, lat, mem = result["start"], result["latency"], result["memory"]
    print(f"start to first paint (median of {s['runs']} fresh processes, headless):")
    print(f"  bare Textual App + Static  {s['bare_app_s'] * 1000:7.1f} ms")
    print(f"  frontlijn trainee app      {s['frontlijn_s'] * 1000:7.1f} ms")
    print(f"  ratio                      {s['ratio']:7.2f}   (target <= {s['target_ratio']})")
    print(f"  ratio of CPU time used     {s['cpu_ratio']:7.2f}   (steadier on a busy machine)")
    heavy = ", ".join(s["heavy_modules_before_first_paint"]) or "none"
    print(f"  heavy modules imported before the first paint: {heavy}")
    print(
        f"  (import of the frontlijn command-line module: {s['cli_module_import_s'] * 1000:.0f} ms)"
    )
    print(
        f"choice to next rendered scene, commit included ({lat['decisions']} decisions, {lat['database']}):"
    )
    print(
        f"  p50 {lat['p50_ms']:.1f} ms   p95 {lat['p95_ms']:.1f} ms   max {lat['max_ms']:.1f} ms   (target p95 < {lat['target_p95_ms']} ms)"
    )
    print("resident memory after playing a case to its debrief:")
    print(
        f"  {mem['rss_after_case_mb']:.1f} MB   (bare app {mem['bare_app_rss_mb']:.1f} MB; target < {mem['target_mb']} MB)"
    )


if __name__ == "__main__":
    main()
