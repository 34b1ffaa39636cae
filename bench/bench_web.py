"""Benchmark: simulated trainees over HTTP against ``frontlijn web``, beside textual-serve.

    python bench/bench_web.py --trainees 500 --pg          # the target run (a few minutes)
    python bench/bench_web.py --quick                       # a smoke run (under a minute)
    options: [--think 10] [--ramp 60] [--workers 2] [--serve-tabs 20] [--no-sqlite]
             [--no-serve] [--json]

One run, three servers in turn, on this machine:

1. ``frontlijn serve`` (textual-serve, the baseline): ``--serve-tabs`` browser tabs, each
   the websocket the page opens, kept open once the first screen has arrived; resident
   memory of the server and all its app processes (one per tab) per tab.
2. ``frontlijn web`` on SQLite and, with ``--pg``, on PostgreSQL (a throw-away cluster
   from ``.ci/services.sh``, or a new database on ``FRONTLIJN_TEST_PG_URL`` when that is
   set), with ``--workers`` uvicorn workers. ``--trainees`` simulated trainees arrive
   spread over ``--ramp`` seconds; each is a browser (its own cookies, the CSRF and scene
   tokens of every form, redirects followed) that signs in with code and PIN, opens the
   first case of its home page and plays it to the debrief, reading every scene for a
   think time of 0.5-1.5 x ``--think`` seconds. Measured: trainees held (played to the
   end without an error) and the most playing at once; the choice round trip (the post,
   its redirect and the next scene) p50/p95/max, and the last choice (answered with the
   debrief) apart; resident memory of all server processes (supervisor and workers) at
   the peak, per trainee playing at the peak; CPU seconds of the server (and of
   PostgreSQL) per decision.

Targets (DESIGN.md, Qualities): on PostgreSQL, 500 trainees at once with a choice p95
< 100 ms, and at least 20x the trainees per GB that textual-serve gives. The load
average before and after each phase is printed: the machine may be shared.

The debrief's value tables (``service.value_tables``) are built before the trainees come
(once per case version, in a child process, kept on disk: a deployment pays that once);
the time is printed. Each run uses fresh databases and a fresh table folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadsim

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 100.0
RATIO_TARGET = 20.0
TRAINEES_TARGET = 500


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


# -- PostgreSQL ---------------------------------------------------------------------------


class Postgres:
    """A database for the run: on ``FRONTLIJN_TEST_PG_URL``'s server, or on a throw-away
    cluster started with ``.ci/services.sh`` and stopped after."""

    def __init__(self) -> None:
        self.cluster: dict[str, str] = {}
        server = os.environ.get("FRONTLIJN_TEST_PG_URL")
        if not server:
            script = (
                f". {ROOT / '.ci/services.sh'} >&2 && "
                'printf "%s\\n" "$FRONTLIJN_TEST_PG_URL" "$FRONTLIJN_PG_RUNDIR" '
                '"$FRONTLIJN_PG_BINDIR" "$FRONTLIJN_PG_USER"'
            )
            out = subprocess.run(
                ["bash", "-c", script], capture_output=True, text=True, check=False
            )
            if out.returncode != 0:
                raise SystemExit(f"could not start PostgreSQL: {out.stderr.strip()[-300:]}")
            server, rundir, bindir, user = [*out.stdout.splitlines(), "", "", "", ""][:4]
            self.cluster = {"rundir": rundir, "bindir": bindir, "user": user}
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        self.admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_size=1)
        self.name = f"bench_web_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(server).set(database=self.name).render_as_string(hide_password=False)

    def postmaster(self) -> int | None:
        rundir = self.cluster.get("rundir")
        if not rundir:
            return None
        try:
            return int((Path(rundir) / "data/postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def close(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()
        if self.cluster:
            ctl = [f"{self.cluster['bindir']}/pg_ctl", "-D", f"{self.cluster['rundir']}/data"]
            if self.cluster["user"]:
                ctl = ["runuser", "-u", self.cluster["user"], "--", *ctl]
            subprocess.run([*ctl, "-m", "fast", "-w", "stop"], capture_output=True, check=False)
            shutil.rmtree(self.cluster["rundir"], ignore_errors=True)


# -- the phases ---------------------------------------------------------------------------


def serve_phase(tabs: int, folder: Path) -> dict[str, Any]:
    """``frontlijn serve`` with ``tabs`` tabs open: resident memory per tab."""
    env = dict(os.environ, FRONTLIJN_DB=f"sqlite:///{folder / 'serve.db'}")
    env["PYTHONPATH"] = str(ROOT / "src")
    port = loadsim.free_port()
    before = load()
    server = loadsim.start_frontlijn(["serve", "--port", str(port)], env)
    try:
        loadsim.wait_http(f"http://127.0.0.1:{port}/", server)
        idle = loadsim.rss_mib(loadsim.tree_pids(server.pid))
        shown: list[float] = []

        async def run() -> tuple[float, int]:
            hold = asyncio.Event()
            tasks = [asyncio.create_task(loadsim.serve_tab(port, hold, shown)) for _ in range(tabs)]
            deadline = time.monotonic() + 60 + 3 * tabs
            while len(shown) < tabs and time.monotonic() < deadline:
                if any(t.done() for t in tasks):
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(3)  # settled
            samples = []
            for _ in range(4):
                pids = loadsim.tree_pids(server.pid)
                samples.append((loadsim.rss_mib(pids), len(pids)))
                await asyncio.sleep(0.5)
            hold.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            return max(s[0] for s in samples), max(s[1] for s in samples)

        peak, processes = asyncio.run(run())
    finally:
        loadsim.stop(server)
    opened = len(shown)
    per_tab = peak / max(1, opened)
    return {
        "tabs": tabs,
        "tabs_shown": opened,
        "processes": processes,
        "load_before": before,
        "load_after": load(),
        "first_screen_s": {
            "p50": round(statistics.median(shown), 2) if shown else None,
            "max": round(max(shown), 2) if shown else None,
        },
        "mib": {"idle": round(idle, 1), "with_tabs": round(peak, 1)},
        "mib_per_tab": round(per_tab, 1),
        "mib_per_tab_marginal": round((peak - idle) / max(1, opened), 1),
        "tabs_per_gb": round(1024 / per_tab, 1),
    }


def add_trainees(db_url: str, codes: list[str]) -> None:
    from frontlijn_game.store.service import Store

    with Store.open(db_url) as store:
        existing = {t.code for t in store.list_trainees()}
        todo = [c for c in codes if c not in existing]
        with ThreadPoolExecutor(4) as pool:  # scrypt lets go of the GIL
            list(pool.map(lambda c: store.add_trainee(c, pin=loadsim.PIN), todo))


def warm_tables(base: str, db_url: str, cache: Path) -> tuple[str, float]:
    """Sign in one trainee, find the case the trainees will play, build its value table
    into the run's table folder (what a deployment does once per case version)."""
    add_trainees(db_url, ["BENCH-WARM"])

    async def first_case() -> str:
        async with httpx.AsyncClient(base_url=base, follow_redirects=True) as client:
            page = await client.get("/signin")
            data = {**loadsim.fields(page.text, "/signin"), "code": "BENCH-WARM"}
            home = await client.post("/signin", data={**data, "pin": loadsim.PIN})
            return loadsim.CASE.findall(home.text)[0].rsplit("/", 1)[1]

    case = asyncio.run(first_case())
    began = time.perf_counter()
    os.environ["FRONTLIJN_CACHE"] = str(cache)
    from frontlijn_game.scenario.content import bundled_content_dir, load_library
    from frontlijn_game.service.value_tables import ensure_table

    ensure_table(load_library(bundled_content_dir()).scenarios[case])
    return case, time.perf_counter() - began


def web_phase(
    label: str, db_url: str, args: argparse.Namespace, folder: Path, pg: Postgres | None
) -> dict[str, Any]:
    codes = [f"BENCH-{n:04d}" for n in range(args.trainees)]
    began = time.perf_counter()
    add_trainees(db_url, codes)
    setup = time.perf_counter() - began
    cache = folder / f"tables-{label}"
    env = dict(os.environ, FRONTLIJN_DB=db_url, FRONTLIJN_CACHE=str(cache))
    env["PYTHONPATH"] = str(ROOT / "src")
    port = loadsim.free_port()
    base = f"http://127.0.0.1:{port}"
    command = ["web", "--port", str(port), "--workers", str(args.workers)]
    server = loadsim.start_frontlijn(command, env)
    try:
        loadsim.wait_http(base + "/healthz", server)
        for _ in range(4 * args.workers):
            httpx.get(base + "/signin", timeout=30)  # every worker has loaded the library
        case, table_s = warm_tables(base, db_url, cache)
        time.sleep(1)
        pids = loadsim.tree_pids(server.pid)
        idle = loadsim.rss_mib(pids)
        cpu_before = loadsim.cpu_seconds(pids)
        postmaster = None if pg is None else pg.postmaster()
        db_cpu_before = loadsim.cpu_seconds(loadsim.tree_pids(postmaster)) if postmaster else 0.0
        tally = loadsim.Tally()
        sampler = loadsim.Sampler(server.pid)
        before = load()

        async def run() -> None:
            task = asyncio.create_task(sampler.run())
            await loadsim.trainees(base, codes, args.think, args.ramp, tally)
            task.cancel()

        started = time.perf_counter()
        asyncio.run(run())
        wall = time.perf_counter() - started
        pids = loadsim.tree_pids(server.pid)
        cpu = loadsim.cpu_seconds(pids) - cpu_before
        db_cpu = (
            loadsim.cpu_seconds(loadsim.tree_pids(postmaster)) - db_cpu_before
            if postmaster
            else None
        )
    finally:
        loadsim.stop(server)
    decisions = max(1, tally.decisions)
    per_trainee = sampler.peak / max(1, tally.peak_active)
    return {
        "database": label,
        "workers": args.workers,
        "case": case,
        "trainees": args.trainees,
        "held": tally.held,
        "peak_playing": tally.peak_active,
        "decisions": tally.decisions,
        "wall_s": round(wall, 1),
        "offered_choices_per_s": round(tally.decisions / max(wall, 1e-9), 1),
        "load_before": before,
        "load_after": load(),
        "setup_s": round(setup, 1),
        "value_table_s": round(table_s, 2),
        "choice_ms": {
            "p50": pct(tally.choice_s, 0.5),
            "p95": pct(tally.choice_s, 0.95),
            "max": pct(tally.choice_s, 1.0),
        },
        "to_debrief_ms": {"p50": pct(tally.debrief_s, 0.5), "p95": pct(tally.debrief_s, 0.95)},
        "signin_ms": {"p50": pct(tally.signin_s, 0.5), "p95": pct(tally.signin_s, 0.95)},
        "server_mib": {"idle": round(idle, 1), "peak": round(sampler.peak, 1)},
        "mib_per_trainee": round(per_trainee, 2),
        "mib_per_trainee_marginal": round((sampler.peak - idle) / max(1, tally.peak_active), 2),
        "trainees_per_gb": round(1024 / per_trainee, 0),
        "cpu_ms_per_decision": round(cpu / decisions * 1000, 2),
        "db_cpu_ms_per_decision": None if db_cpu is None else round(db_cpu / decisions * 1000, 2),
        "errors": tally.errors[:3],
        "error_count": len(tally.errors),
    }


# -- the report ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(report: dict[str, Any]) -> None:
    serve = report.get("serve")
    print(f"bench_web  python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {report['when']}")
    if serve:
        print(
            f"\ntextual-serve (frontlijn serve), {serve['tabs_shown']}/{serve['tabs']} tabs "
            f"showing the first screen, {serve['processes']} processes, load "
            f"{serve['load_before']} -> {serve['load_after']}"
        )
        print(f"  resident memory        {serve['mib']['idle']} MiB idle, "
              f"{serve['mib']['with_tabs']} MiB with the tabs")  # fmt: skip
        print(f"  per tab                {serve['mib_per_tab']} MiB "
              f"(marginal {serve['mib_per_tab_marginal']}), {serve['tabs_per_gb']} tabs/GB")  # fmt: skip
        print(f"  first screen           p50 {serve['first_screen_s']['p50']} s, "
              f"max {serve['first_screen_s']['max']} s")  # fmt: skip
    for run in report["web"]:
        print(
            f"\nfrontlijn web on {run['database']}, {run['workers']} worker(s), case "
            f"{run['case']}, think {report['think']} s, ramp {report['ramp']} s, load "
            f"{run['load_before']} -> {run['load_after']}"
        )
        target = run["database"] == "postgresql"
        held_ok = run["held"] == run["trainees"] and run["peak_playing"] >= min(
            run["trainees"], TRAINEES_TARGET
        )
        print(f"  trainees held          {run['held']}/{run['trainees']}, at most "
              f"{run['peak_playing']} playing at once, {run['decisions']} decisions in "
              f"{run['wall_s']} s ({run['offered_choices_per_s']}/s)"
              + (f"   target {TRAINEES_TARGET} at once: {verdict(held_ok and run['trainees'] >= TRAINEES_TARGET)}"
                 if target else ""))  # fmt: skip
        p95 = run["choice_ms"]["p95"]
        print(f"  choice round trip      p50 {run['choice_ms']['p50']} ms, p95 {p95} ms, "
              f"max {run['choice_ms']['max']} ms"
              + (f"   target p95 < {P95_TARGET_MS:.0f} ms: {verdict(p95 is not None and p95 < P95_TARGET_MS)}"
                 if target else ""))  # fmt: skip
        print(f"  last choice -> debrief p50 {run['to_debrief_ms']['p50']} ms, "
              f"p95 {run['to_debrief_ms']['p95']} ms;  sign-in p50 "
              f"{run['signin_ms']['p50']} ms, p95 {run['signin_ms']['p95']} ms")  # fmt: skip
        print(f"  resident memory        {run['server_mib']['idle']} MiB idle, "
              f"{run['server_mib']['peak']} MiB at the peak (all workers)")  # fmt: skip
        line = (f"  per trainee            {run['mib_per_trainee']} MiB (marginal "
                f"{run['mib_per_trainee_marginal']}), {run['trainees_per_gb']:.0f} trainees/GB")  # fmt: skip
        if serve and run.get("ratio") is not None:
            line += f", {run['ratio']}x textual-serve   target >= {RATIO_TARGET:.0f}x: {verdict(run['ratio'] >= RATIO_TARGET)}"
        print(line)
        db = run["db_cpu_ms_per_decision"]
        print(f"  CPU per decision       {run['cpu_ms_per_decision']} ms web"
              + (f" + {db} ms PostgreSQL" if db is not None else ""))  # fmt: skip
        print(f"  set-up                 {run['setup_s']} s for the trainees (scrypt PINs); "
              f"value table of the case {run['value_table_s']} s (once per case version)")  # fmt: skip
        if run["error_count"]:
            print(f"  errors                 {run['error_count']}: {run['errors']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=TRAINEES_TARGET)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds per scene")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which they arrive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--serve-tabs", type=int, default=20)
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL (the target)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--quick", action="store_true", help="30 trainees, short think, 4 tabs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.trainees, args.think, args.ramp, args.serve_tabs = 30, 1.0, 5.0, 4
    sys.path.insert(0, str(ROOT / "src"))
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    report: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "think": args.think,
        "ramp": args.ramp,
        "web": [],
    }
    try:
        if not args.no_serve:
            report["serve"] = serve_phase(args.serve_tabs, folder)
        if not args.no_sqlite:
            url = f"sqlite:///{folder / 'web.db'}"
            report["web"].append(web_phase("sqlite", url, args, folder, None))
        if args.pg:
            pg = Postgres()
            try:
                report["web"].append(web_phase("postgresql", pg.url, args, folder, pg))
            finally:
                pg.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    serve = report.get("serve")
    for run in report["web"]:
        if serve and serve["tabs_per_gb"]:
            run["ratio"] = round(run["trainees_per_gb"] / serve["tabs_per_gb"], 1)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
