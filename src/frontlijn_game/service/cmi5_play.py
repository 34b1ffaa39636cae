"""What a learner launched from an LMS does, reported in cmi5 statements.

:func:`after_choice` queues the game's ``answered`` statements and, when the case ends
in Normal mode, ``completed`` and ``passed`` or ``failed`` (once each per registration;
never ``failed`` after ``passed``; one of passed and failed per session);
:func:`terminate` queues ``terminated`` and gives the returnURL. Browse and Review
launches send no completed, passed or failed (cmi5 10.2.2). A new attempt of the case
in the same visit follows the AU session.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from frontlijn_game.reporting import cmi5_statements as st
from frontlijn_game.reporting.xapi import DEFAULT_RULE, timestamp
from frontlijn_game.service.cmi5 import context_of, mastery_of, next_time, session_of
from frontlijn_game.service.cmi5_outbox import flush

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.scenario.content import Library
    from frontlijn_game.store.cmi5 import SessionRecord
    from frontlijn_game.store.service import Store


def _judge(library: Library, record: SessionRecord, total: float, ending_kind: str | None) -> bool:
    """Passed: the module's pass rule, with the LMS's masteryScore (if given) as the score
    to reach (cmi5 10.2.4: passed and failed are based on it)."""
    from frontlijn_game.reporting.common import exact
    from frontlijn_game.scenario.curriculum import AttemptResult, attempt_passes
    from frontlijn_game.scenario.model import PassRule
    from frontlijn_game.service.reports import pass_rules

    rule = pass_rules(library).get(record.scenario_id, DEFAULT_RULE)
    mastery = mastery_of(record.launch_data)
    if mastery is not None:
        rule = PassRule(Fraction(mastery) * 100, rule.ending_kind)
    return attempt_passes(rule, AttemptResult(record.scenario_id, exact(total), ending_kind))


def sync(store: Store, library: Library, session_id: int) -> None:
    """Queue what the attempt did since the last sync (one write transaction)."""
    from frontlijn_game.reporting.xapi import (
        AttemptFacts,
        DecisionFacts,
        XapiSettings,
        answered,
    )
    from frontlijn_game.store import cmi5 as rows
    from frontlijn_game.store import repository
    from frontlijn_game.store.cmi5_models import Cmi5Session
    from frontlijn_game.store.models import utcnow

    def work(s: Session) -> None:
        row = s.get_one(Cmi5Session, session_id)
        record = rows.session_by_fetch(s, row.fetch_digest)
        if record is None or record.closed_at is not None or record.attempt_id is None:
            return
        ctx = context_of(record)
        saved = repository.saved_attempt(s, record.attempt_id)
        attempt = saved.attempt
        decisions = repository.list_decisions(s, record.attempt_id)
        settings = XapiSettings(home_page=record.activity_base, activity_base=record.activity_base)
        facts = AttemptFacts(
            attempt.id, attempt.trainee_code, saved.scenario, attempt.content_hash,
            attempt.status, attempt.started_at, attempt.finished_at, attempt.total,
            attempt.verdict, attempt.help, attempt.sanction, attempt.ending_id,
            attempt.ending_kind,
        )  # fmt: skip
        for d in decisions[record.decisions_queued :]:
            game = answered(
                settings,
                facts,
                DecisionFacts(
                    d.seq, d.scene, d.choice, d.help, d.sanction, d.seconds, d.decided_at
                ),
            )
            statement = st.allowed(ctx, game, f"answered|{d.seq}")
            statement["timestamp"] = timestamp(next_time(s, session_id, d.decided_at))
            rows.queue(s, session_id, "answered", statement)
        row.decisions_queued = len(decisions)
        done = attempt.status == "finished" and attempt.finished_at is not None
        if not done or row.finished_queued:
            return
        row.finished_queued = True
        if record.launch_mode != "Normal" or attempt.total is None:
            return
        assert attempt.finished_at is not None
        seconds = (attempt.finished_at - attempt.started_at).total_seconds()
        reg, au = record.registration, record.activity_id
        if not rows.verb_sent_in_registration(s, reg, au, "completed"):
            at = next_time(s, session_id, utcnow())
            rows.queue(s, session_id, "completed", st.completed(ctx, at, seconds))
        if rows.verb_sent_in_registration(s, reg, au, "passed"):
            return  # one passed per registration, and no failed after it
        if rows.verb_sent_in_session(s, session_id, ("passed", "failed")):
            return  # one of passed and failed per session
        passed = _judge(library, record, attempt.total, attempt.ending_kind)
        extensions = {
            settings.extension("verdict"): attempt.verdict,
            settings.extension("ending-kind"): attempt.ending_kind,
            settings.extension("total"): attempt.total,
        }
        at = next_time(s, session_id, utcnow())
        statement = st.judged(ctx, at, seconds, Decimal(str(attempt.total)), passed, extensions)
        rows.queue(s, session_id, "passed" if passed else "failed", statement)

    store.db.write(work)


def after_choice(store: Store, library: Library, attempt_id: int) -> None:
    """After a decision: queue and send its statements if the attempt came from an LMS."""
    from frontlijn_game.store import cmi5 as rows

    # One query: a choice outside cmi5 pays little.
    record = store.db.read(lambda s: rows.open_session_of_case(s, attempt_id))
    if record is None:
        return
    if record.attempt_id != attempt_id:
        # A new attempt of the case in the same visit follows the AU session: its
        # decisions are reported too (its judgement only if the session had none yet).
        store.db.write(
            lambda s: rows.set_session(
                s, record.id, attempt_id=attempt_id, decisions_queued=0, finished_queued=False
            )
        )
    sync(store, library, record.id)
    flush(store, record.id)


def terminate(store: Store, library: Library, web_token: str) -> str | None:
    """The learner leaves: queue what is left and ``terminated``, pause an unfinished
    case (the next launch resumes it), sign the browser out; the returnURL, if any."""
    from frontlijn_game.store import cmi5 as rows
    from frontlijn_game.store import repository, web_sessions
    from frontlijn_game.store.models import utcnow

    record = session_of(web_token, store)
    if record is None:
        return None
    sync(store, library, record.id)

    def work(s: Session) -> None:
        now = next_time(s, record.id, utcnow())
        seconds = (now - record.initialized_at).total_seconds()
        rows.queue(s, record.id, "terminated", st.terminated(context_of(record), now, seconds))
        rows.set_session(s, record.id, closed_at=now)
        if record.attempt_id is not None:
            attempt = repository.attempt_record(s, record.attempt_id)
            if attempt.status == "active":
                repository.suspend_attempt(s, record.attempt_id)
        web_sessions.end(s, web_token)

    store.db.write(work)
    flush(store, record.id)
    return record.return_url


__all__ = ["after_choice", "sync", "terminate"]
