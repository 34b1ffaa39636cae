"""Benchmark: simulated trainees playing whole cases over HTTP against ``frontlijn web``.

    python bench/bench_web.py [--trainees 100] [--think 2.0] [--ramp 30] [--workers 1] [--db URL] [--json]

Each trainee is an HTTP client with its own cookie jar: it signs in with code and PIN,
starts a case from its home page, and plays it to the debrief, waiting a random think
time (0.5–1.5 x ``--think`` seconds) before every choice, as a person reads the scene.
Measured:

- choice round trip: from sending the form to having the next scene rendered, redirect
  included — p50, p95, max; the last choice, whose answer is the debrief (with the path
  analysis of the best continuation before every decision), is reported apart;
- trainees held: how many played their case to the end without an error;
- memory: the server's resident memory (all its processes): at the peak minus before the
  trainees came, per trainee (marginal), and the whole peak per trainee (total), which
  gives the trainees per GB;
- CPU per decision: the server's CPU seconds over the run divided by the decisions.

The baseline printed beside it is ``frontlijn serve`` (textual-serve): one app process
per tab, measured at ~34 MiB each on this machine (issue 17); ``bench/bench_serve.py``
measures its start-up. The database is a fresh SQLite file unless ``--db`` names one
(PostgreSQL: ``postgresql+psycopg://...``; the trainees ``BENCH-*`` are made in it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')
CHOICE = re.compile(r'<input type="radio" name="choice" id="[^"]+" value="([^"]+)"')
CASE = re.compile(r'href="(/case/[^"]+)"')
PIN = "2468"
TEXTUAL_SERVE_MIB_PER_TAB = 34.0


def fields(html: str, action: str) -> dict[str, str]:
    start = html.index(f'action="{action}"')
    return dict(FIELD.findall(html[start : html.index("</form>", start)]))


def tree_pids(pid: int) -> list[int]:
    pids = [pid]
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                stat = (child / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) in pids:
                pids.append(int(child.name))
    return pids


def rss_mib(pid: int) -> float:
    total = 0
    for p in tree_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in tree_pids(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[11]) + int(stat[12])
        except OSError:
            pass
    return total / ticks


async def trainee(
    base: str,
    code: str,
    think: float,
    rng: random.Random,
    times: list[float],
    debriefs: list[float],
    address: str,
) -> int:
    """Sign in, play one case to its debrief; the number of decisions. Each trainee
    comes from its own address, as through a reverse proxy (``X-Forwarded-For``)."""
    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(
        base_url=base, timeout=120, follow_redirects=True, headers=headers
    ) as client:
        page = await client.get("/signin")
        data = {**fields(page.text, "/signin"), "code": code, "pin": PIN}
        home = await client.post("/signin", data=data)
        case = CASE.findall(home.text)[0]
        intro = await client.get(case)
        scene = await client.post(case, data={**fields(intro.text, case), "action": "start"})
        decisions = 0
        while "/play/" in scene.url.path:
            play = scene.url.path
            choice = rng.choice(CHOICE.findall(scene.text))
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            started = time.perf_counter()
            scene = await client.post(play, data={**fields(scene.text, play), "choice": choice})
            spent = time.perf_counter() - started
            (times if "/play/" in scene.url.path else debriefs).append(spent)
            assert scene.status_code == 200, scene.status_code
            decisions += 1
        assert "/debrief/" in scene.url.path
        return decisions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which they arrive")
    parser.add_argument("--db")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from frontlijn_game.store.service import Store

    tmp = tempfile.mkdtemp(prefix="bench-web-")
    db_url = args.db or f"sqlite:///{tmp}/bench.db"
    codes = [f"BENCH-{n:04d}" for n in range(args.trainees)]
    with Store.open(db_url) as store:
        existing = {t.code for t in store.list_trainees()}
        for code in codes:
            if code not in existing:
                store.add_trainee(code, pin=PIN)
            else:
                store.set_pin(code, PIN)
    env = dict(os.environ, FRONTLIJN_DB=db_url, PYTHONPATH=str(ROOT / "src"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "frontlijn_game", "web", "--port", str(port),
         "--workers", str(args.workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("frontlijn web did not start")
            time.sleep(0.1)
        httpx.get(base + "/signin")  # the library and the store are loaded
        idle = rss_mib(server.pid)
        cpu_before = cpu_seconds(server.pid)
        times: list[float] = []
        debriefs: list[float] = []
        peak = [idle]

        async def run() -> list[int | BaseException]:
            async def sample() -> None:
                while True:
                    peak[0] = max(peak[0], rss_mib(server.pid))
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(sample())
            rng = random.Random(17)
            tasks = []
            for code in codes:
                n = len(tasks)
                address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
                tasks.append(
                    trainee(
                        base,
                        code,
                        args.think,
                        random.Random(rng.random()),
                        times,
                        debriefs,
                        address,
                    )
                )
                await asyncio.sleep(args.ramp / max(1, len(codes)))  # arrivals spread
            results = await asyncio.gather(*tasks, return_exceptions=True)
            sampler.cancel()
            return results

        started = time.perf_counter()
        results = asyncio.run(run())
        wall = time.perf_counter() - started
        cpu = cpu_seconds(server.pid) - cpu_before
    finally:
        server.terminate()
        server.wait(15)

    held = sum(1 for r in results if isinstance(r, int))
    decisions = sum(r for r in results if isinstance(r, int))
    errors = [repr(r)[:120] for r in results if isinstance(r, BaseException)][:3]
    ordered = sorted(times)
    per_trainee = max(0.0, peak[0] - idle) / max(1, args.trainees)
    report = {
        "trainees": args.trainees,
        "held": held,
        "workers": args.workers,
        "database": db_url.split(":", 1)[0],
        "decisions": decisions,
        "wall_s": round(wall, 1),
        "choice_ms": {
            "p50": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
            "max": round(ordered[-1] * 1000, 1) if ordered else None,
        },
        "to_debrief_ms": {
            "p50": round(statistics.median(debriefs) * 1000, 1) if debriefs else None,
            "max": round(max(debriefs) * 1000, 1) if debriefs else None,
        },
        "server_mib": {"idle": round(idle, 1), "peak": round(peak[0], 1)},
        "mib_per_trainee_marginal": round(per_trainee, 2),
        "mib_per_trainee_total": round(peak[0] / max(1, args.trainees), 2),
        "cpu_ms_per_decision": round(cpu / max(1, decisions) * 1000, 2),
        "baseline_textual_serve_mib_per_tab": TEXTUAL_SERVE_MIB_PER_TAB,
        "trainees_per_gb": round(1024 / (peak[0] / max(1, args.trainees)), 0),
        "baseline_trainees_per_gb": round(1024 / TEXTUAL_SERVE_MIB_PER_TAB, 0),
        "errors": errors,
    }
    if args.json:
        print(json.dumps(report))
        return
    for key, value in report.items():
        print(f"{key:36} {value}")


if __name__ == "__main__":
    main()
