"""Benchmark: how fast ``frontlijn serve`` answers, and how fast a tab shows the game.

    python bench/bench_serve.py [--runs 5] [--json]

1. Start-up: from starting the ``frontlijn serve`` process to the first HTTP 200 on ``/``
   (polled every 5 ms), on a free loopback port with an existing SQLite database (and, as
   ``cold``, with a new one, which the server creates and migrates before it listens).
   The baseline is textual-serve's own ``Server`` serving a bare command the same way,
   interleaved run by run. Medians.
2. A tab: from opening the websocket ``/ws`` (what the page does) to the first screen's
   bytes from the app process that textual-serve starts for it (the sign-in screen), next
   to a bare Textual app with one ``Static`` served the same way. Medians.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "tests" / "serve" / "content"
BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("Frontlijn")

    Bare().run()
    """
)
BARE_SERVER = textwrap.dedent(
    """
    import sys
    from textual_serve.server import Server

    Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
    """
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def first_200(
    start: Callable[[int], subprocess.Popen[bytes]],
) -> tuple[float, int, subprocess.Popen[bytes]]:
    """Seconds from starting the server to its first HTTP 200 on ``/``."""
    port = free_port()
    began = time.perf_counter()
    process = start(port)
    url = f"http://127.0.0.1:{port}/"
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - began, port, process
        except OSError:
            pass
        if time.perf_counter() - began > 60:
            process.kill()
            raise SystemExit("no HTTP 200 within 60 s")
        time.sleep(0.005)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def _first_screen(port: int) -> float:
    import aiohttp

    began = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        async with session.ws_connect(url) as websocket:
            received = 0
            while True:
                message = await asyncio.wait_for(websocket.receive(), 60)
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += len(message.data)
                    if received > 2000:  # a screenful, not just the terminal setup
                        return time.perf_counter() - began
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    raise SystemExit("the app process closed the websocket")


def first_screen(port: int) -> float:
    return asyncio.run(_first_screen(port))


def main() -> None:
    parser = argparse.ArgumentParser(description="frontlijn serve start-up")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    warm_db = f"sqlite:///{folder / 'warm.sqlite3'}"
    from frontlijn_game.store.service import Store

    Store.open(warm_db).close()
    (folder / "bare_app.py").write_text(BARE_APP)
    (folder / "bare_server.py").write_text(BARE_SERVER)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}

    def frontlijn(db_url: str) -> Callable[[int], subprocess.Popen[bytes]]:
        env = dict(os.environ, FRONTLIJN_DB=db_url, FRONTLIJN_CONTENT=str(CONTENT))

        def start(port: int) -> subprocess.Popen[bytes]:
            command = [sys.executable, "-m", "frontlijn_game", "serve", "--port", str(port)]
            return subprocess.Popen(command, env=env, **quiet)  # type: ignore[call-overload]

        return start

    def bare(port: int) -> subprocess.Popen[bytes]:
        app = f"{sys.executable} {folder / 'bare_app.py'}"
        command = [sys.executable, str(folder / "bare_server.py"), app, str(port)]
        return subprocess.Popen(command, **quiet)  # type: ignore[call-overload]

    results: dict[str, list[float]] = {k: [] for k in ("warm", "cold", "bare", "tab", "tab_bare")}
    for run in range(args.runs):
        seconds, port, process = first_200(frontlijn(warm_db))
        results["warm"].append(seconds)
        results["tab"].append(first_screen(port))
        stop(process)
        cold_db = f"sqlite:///{folder / f'cold-{run}.sqlite3'}"
        seconds, _port, process = first_200(frontlijn(cold_db))
        results["cold"].append(seconds)
        stop(process)
        seconds, port, process = first_200(bare)
        results["bare"].append(seconds)
        results["tab_bare"].append(first_screen(port))
        stop(process)

    medians = {k: statistics.median(v) for k, v in results.items()}
    report = {
        "runs": args.runs,
        "serve_start_to_http_200_s": round(medians["warm"], 3),
        "serve_start_new_database_s": round(medians["cold"], 3),
        "baseline_textual_serve_start_s": round(medians["bare"], 3),
        "ratio": round(medians["warm"] / medians["bare"], 2),
        "tab_websocket_to_first_screen_s": round(medians["tab"], 3),
        "baseline_bare_app_tab_s": round(medians["tab_bare"], 3),
        "all_runs_s": {k: [round(x, 3) for x in v] for k, v in results.items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"frontlijn serve, median of {args.runs} runs (python {sys.version.split()[0]})")
    print(
        f"  start -> first HTTP 200 on /   {medians['warm'] * 1000:7.0f} ms"
        f"   (baseline: textual-serve Server alone {medians['bare'] * 1000:.0f} ms,"
        f" ratio {report['ratio']})"
    )
    print(f"  same, new database (migrated)  {medians['cold'] * 1000:7.0f} ms")
    print(
        f"  tab: /ws -> first screen       {medians['tab'] * 1000:7.0f} ms"
        f"   (baseline: a bare Textual app {medians['tab_bare'] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
