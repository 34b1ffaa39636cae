"""Benchmark: a decision recorded through ``frontlijn --server`` against one recorded locally.

    python bench/bench_remote.py [--cases 20] [--scenario ID] [--http]

Starts ``frontlijn web`` with a self-signed certificate (``--http``: plain HTTP) on a fresh
SQLite file, and plays ``--cases`` whole attempts of a bundled case through
:class:`RemoteProgress` exactly as the terminal app calls it (start, load, a record per
decision); then the same attempts through the local :class:`Progress` on a second fresh
SQLite file: the baseline, measured in the same run. Printed: sign-in, library fetch, and
per decision p50/p95 for both, with their ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from frontlijn_game.engine.playthrough import Playthrough  # noqa: E402
from frontlijn_game.engine.state import PlayState  # noqa: E402
from frontlijn_game.scenario.content import bundled_content_dir, load_library  # noqa: E402
from frontlijn_game.service.remote import RemoteProgress  # noqa: E402
from frontlijn_game.service.trainee import Progress  # noqa: E402
from frontlijn_game.store.service import Store  # noqa: E402

CODE, PIN = "BENCH-1", "2468"


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    command += ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1"]
    command += ["-subj", "/CN=bench", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
    )
    return cert, key


def port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db_url: str, folder: Path, tls: bool) -> tuple[subprocess.Popen[bytes], str, str | None]:
    env = {**os.environ, "FRONTLIJN_DB": db_url, "PYTHONPATH": str(ROOT / "src")}
    number = port()
    command = [sys.executable, "-m", "frontlijn_game", "web", "--port", str(number)]
    ca = None
    if tls:
        cert, key = certificate(folder)
        command += ["--certfile", str(cert), "--keyfile", str(key)]
        ca = str(cert)
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    url = f"{'https' if tls else 'http'}://127.0.0.1:{number}"
    context = ssl.create_default_context(cafile=ca) if tls else None
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1, context=context)
            return process, url, ca
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("frontlijn web did not start")


def play(progress: RemoteProgress | Progress, scenario_id: str, cases: int) -> list[float]:
    """Seconds per recorded decision over ``cases`` whole attempts (random choices)."""
    library = progress.library() if isinstance(progress, RemoteProgress) else None
    scenario = (library or load_library(bundled_content_dir())).scenarios[scenario_id]
    rng = random.Random(7)
    times: list[float] = []
    for _ in range(cases):
        attempt_id = progress.start(CODE, scenario, Playthrough.start(scenario, 1).state)
        saved = progress.load(attempt_id)
        run = Playthrough(saved.scenario, PlayState.from_json(saved.state))
        while not run.finished:
            shown = run.shown()
            step = run.choose(rng.choice(shown).id)
            began = time.perf_counter()
            progress.record(attempt_id, step, run.score(), 1.0, [c.id for c in shown])
            times.append(time.perf_counter() - began)
    return times


def quantiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--scenario", default="geldezel-samir")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of TLS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        urls = [f"sqlite:///{folder / name}" for name in ("server.db", "local.db")]
        for url in urls:
            with Store.open(url) as store:
                store.add_trainee(CODE, pin=PIN)
        process, url, ca = serve(urls[0], folder, tls=not args.http)
        try:
            remote = RemoteProgress(url, ca)
            began = time.perf_counter()
            remote.sign_in(CODE, PIN)
            signin = time.perf_counter() - began
            began = time.perf_counter()
            remote.library()
            fetch = time.perf_counter() - began
            remote_times = play(remote, args.scenario, args.cases)
        finally:
            process.terminate()
            process.wait(20)
        local = Progress.open(urls[1])
        try:
            local_times = play(local, args.scenario, args.cases)
        finally:
            local.close()
    r50, r95 = quantiles(remote_times)
    l50, l95 = quantiles(local_times)
    scheme = "HTTP" if args.http else "HTTPS"
    print(f"sign-in over {scheme} (PIN check included): {signin * 1000:.0f} ms")
    print(f"library fetch and check: {fetch * 1000:.0f} ms")
    print(f"decisions: {len(remote_times)} remote, {len(local_times)} local")
    print(f"per decision, remote ({scheme}): p50 {r50 * 1000:.1f} ms, p95 {r95 * 1000:.1f} ms")
    print(f"per decision, local SQLite:   p50 {l50 * 1000:.1f} ms, p95 {l95 * 1000:.1f} ms")
    print(f"ratio remote/local: p50 {r50 / l50:.1f}x, p95 {r95 / l95:.1f}x")


if __name__ == "__main__":
    main()
