"""Sending the queued cmi5 statements, and sending them again when a send failed.

A statement is queued in the same transaction as what it reports, with its id and
timestamp fixed, and sent after the commit: one POST per AU session, oldest first. A
failed POST leaves the statements queued with a growing delay (30 s doubling, at most
an hour); :func:`flush` without a session sends whatever is due, which the web door
does every few seconds and at start, so statements outlive a crash or a restart. Rows
are held for a minute while one worker sends them, so two workers do not send the same
ones at once (and if they ever do, the same id and content make the LRS keep one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from frontlijn_game.reporting.cmi5_client import Cmi5Lrs
from frontlijn_game.reporting.xapi_validation import XapiError, validate_statement

if TYPE_CHECKING:
    from frontlijn_game.store.service import Store

HOLD = timedelta(seconds=60)


@dataclass(frozen=True)
class FlushReport:
    sent: int
    failed: int
    errors: tuple[str, ...]


def flush(store: Store, session_id: int | None = None) -> FlushReport:
    """Send the due statements (of one AU session, or of all)."""
    from frontlijn_game.store import cmi5 as rows
    from frontlijn_game.store.models import utcnow

    now = utcnow()
    items = store.db.write(lambda s: rows.claim_due(s, now, session_id, HOLD))
    by_session: dict[int, list[rows.OutboxItem]] = defaultdict(list)
    for item in items:
        by_session[item.session_id].append(item)
    sent = failed = 0
    errors: list[str] = []
    for sid, batch in by_session.items():
        endpoint, token = store.db.read(partial(rows.endpoint_of, session_id=sid))
        ids = [item.id for item in batch]
        try:
            for item in batch:
                problems = validate_statement(item.statement)
                if problems:
                    raise XapiError(f"statement {item.statement.get('id')}: {'; '.join(problems)}")
            Cmi5Lrs(endpoint, token).post([item.statement for item in batch])
        except XapiError as exc:
            message = str(exc)
            store.db.write(partial(rows.mark_failed, ids=ids, now=utcnow(), error=message))
            failed += len(batch)
            errors.append(message)
            continue
        store.db.write(partial(rows.mark_sent, ids=ids, now=utcnow()))
        sent += len(batch)
    return FlushReport(sent, failed, tuple(errors))


def pending(store: Store, session_id: int | None = None) -> list[tuple[str, int, str | None]]:
    """(verb, tries, last error) of each statement still waiting to be sent."""
    from frontlijn_game.store import cmi5 as rows

    return store.db.read(lambda s: rows.pending(s, session_id))


__all__ = ["FlushReport", "flush", "pending"]
