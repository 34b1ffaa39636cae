"""Child process of the crash and concurrency tests: plays the loop case and records it.

    python record_worker.py PREFIX TRAINEES DECISIONS SEED [--wait] [--finish]

Plays DECISIONS decisions for each of TRAINEES trainees (PREFIX-0, PREFIX-1, ...),
round-robin, each in its own attempt, and prints ``ack CODE ATTEMPT SEQ`` after every
commit. The database URL comes from ``FRONTLIJN_DB`` (a URL with a password is never put
on a child's command line). With ``--wait`` it prints ``ready`` and waits for a line on
stdin before the first decision, so that all workers start writing at once. With
``--finish`` it then plays every attempt to its ending.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.loader import load_scenario_or_raise
from frontlijn_game.store import Store

LOOP = Path(__file__).with_name("loop.yaml")


def main(argv: list[str]) -> int:
    prefix, trainees, decisions, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    scenario = load_scenario_or_raise(LOOP)
    store = Store.open(os.environ["FRONTLIJN_DB"])
    rng = random.Random(seed)
    plays: list[tuple[str, int, Playthrough]] = []
    for k in range(trainees):
        code = f"{prefix}-{k}"
        store.ensure_trainee(code)
        play = Playthrough.start(scenario, seed * 100 + k)
        plays.append((code, store.start_attempt(code, scenario, play.state).id, play))
    if "--wait" in argv:
        print("ready", flush=True)
        sys.stdin.readline()
    for _ in range(decisions):
        for code, attempt_id, play in plays:
            offered = [c.id for c in play.offered() if c.id != "afronden"]
            step = play.choose(rng.choice(offered))
            store.record_decision(attempt_id, step, seconds=rng.random())
            print(f"ack {code} {attempt_id} {len(play.state.chosen)}", flush=True)
    if "--finish" in argv:  # all at once too: finishing attempts lock many tally rows
        for code, attempt_id, play in plays:
            while not play.finished:
                ids = [c.id for c in play.offered()]
                step = play.choose("afronden" if "afronden" in ids else ids[0])
                store.record_decision(attempt_id, step, score=play.score())
            print(f"finished {code} {attempt_id}", flush=True)
    store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
