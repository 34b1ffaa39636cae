"""Many trainees at once: 8 processes x 200 decisions on one database lose nothing, and
finishing all at once (each finish locks many option-tally rows) neither deadlocks nor
miscounts."""

from __future__ import annotations

from sqlalchemy import func, select

from frontlijn_game.store import Store
from frontlijn_game.store.models import Decision, Progress
from frontlijn_game.store.tallies import rebuild_option_tallies
from store.test_store_crash import start_worker
from store.test_store_tallies import tallies

WORKERS = 8
DECISIONS = 200


def test_eight_writers_store_every_decision(db_url: str) -> None:
    # No migration beforehand: the first use by eight processes at once must work too.
    workers = [
        start_worker(db_url, f"W{i}", "1", str(DECISIONS), str(i), "--wait", "--finish")
        for i in range(WORKERS)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdin is not None
        line = worker.stdout.readline()
        if line != "ready\n":
            _, err = worker.communicate(timeout=30)
            raise AssertionError(f"worker did not start: {line!r} {err}")
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert err == "", f"a worker surfaced an error:\n{err}"
        assert out.rstrip().endswith("done")
        assert out.count("ack ") == DECISIONS
        assert out.count("finished ") == 1

    with Store.open(db_url) as store:
        attempts = store.attempts()
        assert len(attempts) == WORKERS
        assert all(a.status == "finished" and a.decisions > DECISIONS for a in attempts)
        decided = sum(a.decisions for a in attempts)
        with store.db.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Decision)) == decided
            assert s.scalar(select(func.count(func.distinct(Decision.attempt_id)))) == WORKERS
            assert s.scalar(select(func.sum(Progress.attempts))) == WORKERS
            assert s.scalar(select(func.sum(Progress.finished))) == WORKERS
        kept = tallies(store)
        assert sum(row[4] for row in kept) == decided
        store.db.write(lambda s: rebuild_option_tallies(s.connection()))
        assert tallies(store) == kept
