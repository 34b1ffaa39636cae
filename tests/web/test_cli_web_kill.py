"""A kill -9 of a ``frontlijn web`` worker in the middle of a decision loses nothing.

Two ``frontlijn web`` processes on one PostgreSQL database. The trainee plays through
both; then a decision is posted to the first while a trigger holds its transaction open
inside the decision's writes (after the decision row went in, before the commit), and
that process is killed with SIGKILL right there. PostgreSQL notices the dead client and
rolls the transaction back: the decision is not recorded at all, no half of it (no row,
no moved state, no tally), and the trainee, on the other process with the same cookie,
is shown the very scene and decision number again, in the same option order, and
plays on to the end with every choice recorded once. PostgreSQL only: it is what holds
a transaction open from outside; skipped loudly without ``FRONTLIJN_SERVICES=1``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import suppress

import httpx
import pytest
from sqlalchemy import create_engine, text

from frontlijn_game.store.service import Store
from store.store_backends import fresh_pg_database, pg_admin
from web.test_cli_web import CHOICE, _fields, _serve

__all__ = ["pg_admin"]

PATH = ["praat", "schuldhulp", "volg_op"]
"""ui-proef: intake -> gesprek -> week -> goed (the last choice ends the case)."""
HOLD = """
CREATE FUNCTION hold_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq = {seq} THEN PERFORM pg_sleep(120); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hold_decision AFTER INSERT ON decisions
  FOR EACH ROW EXECUTE FUNCTION hold_decision();
"""


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    fresh = fresh_pg_database(request)
    url = next(fresh)
    with Store.open(url) as store:
        store.add_trainee("TWEE-1", pin="2468")
    engine = create_engine(url)
    with engine.begin() as conn:  # the server checks its clients while a query runs
        name = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(
            text(f"ALTER DATABASE \"{name}\" SET client_connection_check_interval = '100ms'")
        )
    engine.dispose()
    yield url
    next(fresh, None)


def _held(url: str) -> int:
    """Backends of this database sleeping in the trigger."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND wait_event = 'PgSleep'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize("killed", [2, 3], ids=["mid-case", "finishing"])
def test_a_worker_killed_mid_decision_loses_nothing_and_the_trainee_resumes(
    pg_url: str, killed: int
) -> None:
    first, first_base = _serve(pg_url)
    second, second_base = _serve(pg_url)
    try:
        jar = httpx.Cookies()
        page = httpx.get(first_base + "/signin", cookies=jar)
        jar.update(page.cookies)
        data = {**_fields(page.text, "/signin"), "code": "TWEE-1", "pin": "2468"}
        jar = httpx.Cookies(httpx.post(second_base + "/signin", data=data, cookies=jar).cookies)
        intro = httpx.get(first_base + "/case/ui-proef", cookies=jar)
        started = httpx.post(
            second_base + "/case/ui-proef",
            data={**_fields(intro.text, "/case/ui-proef"), "action": "start"},
            cookies=jar,
        )
        play = started.headers["location"]
        attempt_id = int(play.rsplit("/", 1)[1])
        bases = [first_base, second_base]
        for turn, choice in enumerate(PATH[: killed - 1]):  # alternately, as before
            scene = httpx.get(bases[turn % 2] + play, cookies=jar)
            posted = httpx.post(
                bases[(turn + 1) % 2] + play,
                data={**_fields(scene.text, play), "choice": choice},
                cookies=jar,
            )
            assert posted.status_code == 303
        engine = create_engine(pg_url)
        with engine.begin() as conn:
            conn.exec_driver_sql(HOLD.format(seq=killed))
        before = httpx.get(second_base + play, cookies=jar)
        form = _fields(before.text, play)
        assert form["number"] == str(killed)
        shown_before = CHOICE.findall(before.text)

        def post() -> None:
            with suppress(httpx.HTTPError):  # the worker dies under it, as a browser sees
                httpx.post(
                    first_base + play,
                    data={**form, "choice": PATH[killed - 1]},
                    cookies=jar,
                    timeout=60,
                )

        poster = threading.Thread(target=post)
        poster.start()
        deadline = time.monotonic() + 30
        while _held(pg_url) == 0:
            assert time.monotonic() < deadline, "the decision never reached its writes"
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        poster.join(30)
        deadline = time.monotonic() + 30
        while _held(pg_url):  # PostgreSQL rolls the orphaned transaction back
            assert time.monotonic() < deadline, "the killed worker's transaction lives on"
            time.sleep(0.05)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER hold_decision ON decisions")
            counts = conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM decisions WHERE attempt_id = :a),"
                    " (SELECT decisions_count FROM attempts WHERE id = :a),"
                    " (SELECT status FROM attempts WHERE id = :a),"
                    " (SELECT coalesce(sum(decisions), 0) FROM option_tallies)"
                ),
                {"a": attempt_id},
            ).one()
        engine.dispose()
        assert tuple(counts) == (killed - 1, killed - 1, "active", killed - 1)

        again = httpx.get(second_base + play, cookies=jar)  # the same cookie, elsewhere
        assert again.status_code == 200
        assert _fields(again.text, play)["number"] == str(killed)
        assert CHOICE.findall(again.text) == shown_before
        for choice in PATH[killed - 1 :]:
            scene = httpx.get(second_base + play, cookies=jar)
            posted = httpx.post(
                second_base + play,
                data={**_fields(scene.text, play), "choice": choice},
                cookies=jar,
            )
            assert posted.status_code == 303
        assert "/debrief/" in posted.headers["location"]
        with Store.open(pg_url) as store:
            attempt = store.attempts("TWEE-1")[0]
            assert attempt.status == "finished" and attempt.decisions == len(PATH)
            assert [d.choice for d in store.decisions(attempt.id)] == PATH
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.terminate()
                process.wait(10)
