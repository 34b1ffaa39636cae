"""Benchmark: a live session's advance to every participant's screen.

DESIGN.md "Qualities": facilitator's advance to every participant's screen p95 < 1 s with
30 participants (and 300 over several sessions on PostgreSQL). Run:

    python bench/bench_sessions.py                          # SQLite, 30 participants
    python bench/bench_sessions.py --pg                     # + PostgreSQL, 10 sessions x 30
    python bench/bench_sessions.py --participants 30 --rounds 20 --sessions 1

Participants run in worker processes (``--procs``), several threads each, every thread a
participant with its own seat polling like the terminal door does: ``sessions.poll`` every
``POLL`` seconds, which reads the one-row version and the whole participant view only when
it grew. A facilitator thread per session advances ``--rounds`` times at a random moment;
the delay of a round is from the moment the facilitator starts ``advance`` to the moment
the last participant's poll has the new decision in its view (so commit, version row,
view and the poll interval are all inside it).

Baseline, measured in the same run with the same processes and threads: the same poll
interval over a bare ``SELECT n FROM bench_counter`` that the facilitator bumps with a
bare ``UPDATE ... ; COMMIT`` — the floor that polling alone sets. Printed: median and p95
of both and their ratio. The PostgreSQL URL comes from the environment, never the
command line.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text

from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.service import sessions as live
from frontlijn_game.store.database import open_database, safe_url
from frontlijn_game.store.leaders import add_leader
from frontlijn_game.store.service import Store

POLL = 0.5
"""Seconds between two polls: the terminal door's ``POLL_SECONDS``."""
LEADER, PASSWORD = "bench-leider", "geheim-wachtwoord-voor-de-bench"
CASE = """\
format: frontlijn/scenario@1
id: bench-overleg
title: "Bench: overleg"
roles:
  wijkagent: {title: Wijkagent}
  leerplicht: {title: Leerplichtambtenaar}
variables:
  rondes: {initial: 0, min: 0, max: 100000}
scoring:
  target_balance: [0.30, 0.50]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: tafel
scenes:
  tafel:
    title: "Aan tafel"
    text: "Ronde {rondes}."
    choices:
      - {id: steun, text: "Bied steun", help: 1, effects: {rondes: +1}, goto: tafel}
      - {id: grens, text: "Stel een grens", sanction: 1, effects: {rondes: +1}, goto: tafel}
      - {id: klaar, text: "Rond af", help: 1, when: "rondes >= 100000", goto: einde}
  einde:
    text: "Klaar."
    ending: {label: Klaar, outcome: 80, kind: good}
"""


def _store(url: str, threads: int) -> Store:
    """A store whose pool serves ``threads`` pollers; at most 8 connections a process (a
    poll holds one for about a millisecond), so 300 participants fit PostgreSQL's
    default of 100 connections."""
    return Store(open_database(url, migrate=False, pool_size=min(threads, 8), max_overflow=0))


def participants(
    url: str, mode: str, seats: list[tuple[str, str]], out: Any, stop: Any, ready: Any
) -> None:
    """One worker process: a thread per (session code, trainee) seat."""
    store = _store(url, len(seats))

    def follow(code: str, trainee: str) -> None:
        last: int | None = None
        if mode == "session":
            ticket = live.join(store, code, trainee)
            since = 0
        ready.put(1)
        while not stop.is_set():
            if mode == "session":
                polled = live.poll(store, ticket, since)
                now = None
                if polled.view is not None:
                    since = polled.version
                    now = polled.view.header.decision_no
            else:
                with store.db.engine.connect() as conn:
                    now = conn.execute(
                        text("SELECT n FROM bench_counter WHERE code = :c"), {"c": code}
                    ).scalar_one()
            if now is not None and now != last:
                out.put((code, trainee, now, time.time()))
                last = now
            time.sleep(POLL)

    threads = [threading.Thread(target=follow, args=seat, daemon=True) for seat in seats]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()


def facilitate(
    store: Store, mode: str, code: str, rounds: int, expect: int,
    seen: dict[tuple[str, int], set[str]], lock: threading.Condition, delays: list[float],
) -> None:  # fmt: skip
    """Advance ``rounds`` times; each delay waits for all ``expect`` participants."""
    number = 1
    for _ in range(rounds):
        time.sleep(random.uniform(0.2, POLL * 2))  # not in step with the pollers
        started = time.time()
        if mode == "session":
            live.advance(store, code, LEADER, number, "steun")
            commits.append(time.time() - started)
        else:
            with store.db.engine.begin() as conn:
                conn.execute(
                    text("UPDATE bench_counter SET n = n + 1 WHERE code = :c"), {"c": code}
                )
        number += 1
        deadline = time.monotonic() + 30
        with lock:
            while len(seen.get((code, number), set())) < expect:
                if not lock.wait(timeout=max(0.0, deadline - time.monotonic())):
                    raise RuntimeError(f"round {number} of {code} not seen by everyone in 30 s")
            delays.append(_times[(code, number)] - started)


commits: list[float] = []
"""How long each timed ``advance`` call itself took (its transaction)."""
_times: dict[tuple[str, int], float] = {}
"""(session, decision) -> when the last participant saw it."""


def run(url: str, mode: str, sessions: int, per: int, rounds: int, procs: int) -> list[float]:
    """One measurement: ``sessions`` x ``per`` participants, ``rounds`` advances each."""
    store = _store(url, sessions + 1)
    scenario = scenario_from_text(CASE, "<bench>")
    tag = uuid.uuid4().hex[:6].upper()
    codes: list[str] = []
    seats: list[tuple[str, str]] = []
    for s in range(sessions):
        if mode == "session":
            code = live.open_session(store, scenario, LEADER, mode="klassikaal").code
        else:
            code = f"B{tag}{s}"
            with store.db.engine.begin() as conn:
                conn.execute(
                    text("INSERT INTO bench_counter (code, n) VALUES (:c, 1)"), {"c": code}
                )
        codes.append(code)
        seats += [(code, f"B{tag}-{s}-{p}") for p in range(per)]
    if mode == "session":
        for _code, trainee in seats:
            store.add_trainee(trainee, display_name=trainee)
    ctx = mp.get_context("spawn")
    out, stop, ready = ctx.Queue(), ctx.Event(), ctx.Queue()
    chunks = [seats[i::procs] for i in range(procs)]
    workers = [
        ctx.Process(target=participants, args=(url, mode, chunk, out, stop, ready))
        for chunk in chunks
        if chunk
    ]
    for w in workers:
        w.start()
    for _ in seats:
        ready.get(timeout=120)
    if mode == "session":
        for code in codes:
            live.start(store, code, LEADER)
    seen: dict[tuple[str, int], set[str]] = {}
    lock = threading.Condition()

    def collect() -> None:
        while not stop.is_set():
            try:
                code, trainee, number, at = out.get(timeout=0.2)
            except queue.Empty:
                continue
            with lock:
                seen.setdefault((code, number), set()).add(trainee)
                _times[(code, number)] = max(_times.get((code, number), 0.0), at)
                lock.notify_all()

    collector = threading.Thread(target=collect, daemon=True)
    collector.start()
    with lock:  # everyone sees decision 1 before the first timed advance
        while any(len(seen.get((c, 1), set())) < per for c in codes):
            lock.wait(timeout=1)
    delays: list[float] = []
    leaders = [
        threading.Thread(target=facilitate, args=(store, mode, c, rounds, per, seen, lock, delays))
        for c in codes
    ]
    for t in leaders:
        t.start()
    for t in leaders:
        t.join()
    stop.set()
    for w in workers:
        w.join(timeout=10)
    store.close()
    return delays


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(url: str, label: str, sessions: int, per: int, rounds: int, procs: int) -> bool:
    db = open_database(url)
    db.write(lambda s: s.execute(text(
        "CREATE TABLE IF NOT EXISTS bench_counter (code VARCHAR(32) PRIMARY KEY, n INTEGER)")))  # fmt: skip
    db.write(lambda s: add_leader(s, LEADER, PASSWORD) if not s.execute(
        text("SELECT 1 FROM leaders WHERE name = :n"), {"n": LEADER}).first() else None)  # fmt: skip
    db.dispose()
    base = run(url, "baseline", sessions, per, rounds, procs)
    timed = run(url, "session", sessions, per, rounds, procs)
    total = sessions * per
    print(f"{label}: {sessions} session(s) x {per} participants = {total}, {rounds} advances each,"
          f" poll every {POLL:.1f} s, {procs} processes")  # fmt: skip
    for name, values in (("baseline (bare counter)", base), ("advance -> every screen", timed)):
        print(f"  {name:<26} median {statistics.median(values) * 1000:7.0f} ms    "
              f"p95 {p95(values) * 1000:7.0f} ms")  # fmt: skip
    print(f"  ratio to baseline          median {statistics.median(timed) / statistics.median(base):7.2f} x"
          f"    p95 {p95(timed) / p95(base):7.2f} x")  # fmt: skip
    if commits:
        print(f"  of which advance() itself      median {statistics.median(commits) * 1000:7.0f} ms    "
              f"p95 {p95(commits) * 1000:7.0f} ms")  # fmt: skip
        commits.clear()
    ok = p95(timed) < 1.0
    print(f"  p95 < 1 s: {'yes' if ok else 'NO'}", flush=True)
    return ok


@contextmanager
def fresh_pg_database(url: str) -> Iterator[str]:
    """A new, empty database on the server of ``url`` for this run, dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"frontlijn_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Live-session advance latency (module doc).")
    parser.add_argument("--participants", type=int, default=30, help="per session (30)")
    parser.add_argument("--sessions", type=int, default=1, help="SQLite sessions (1)")
    parser.add_argument("--pg-sessions", type=int, default=10, help="PostgreSQL sessions (10)")
    parser.add_argument("--rounds", type=int, default=20, help="advances per session (20)")
    parser.add_argument("--procs", type=int, default=3, help="participant processes (3)")
    parser.add_argument("--pg", action="store_true",
                        help="also PostgreSQL at $FRONTLIJN_BENCH_PG_URL or $FRONTLIJN_TEST_PG_URL")  # fmt: skip
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="frontlijn-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'progress.sqlite3'}"
        ok &= measure(url, "SQLite", args.sessions, args.participants, args.rounds, args.procs)
    if args.pg:
        pg = os.environ.get("FRONTLIJN_BENCH_PG_URL") or os.environ.get("FRONTLIJN_TEST_PG_URL")
        if not pg:
            print("--pg: set FRONTLIJN_BENCH_PG_URL or FRONTLIJN_TEST_PG_URL", file=sys.stderr)
            return 2
        with fresh_pg_database(pg) as fresh:
            ok &= measure(fresh, f"PostgreSQL ({safe_url(fresh)})", args.pg_sessions,
                          args.participants, args.rounds, max(args.procs, 6))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
