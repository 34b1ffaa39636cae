"""The snapshots attempts are played on: the exact text of a case, stored once per
version and parsed back (cached) whenever an attempt is resumed, replayed or reported.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import (
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontlijn_game.scenario.loader import scenario_from_text
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.store.models import (
    Snapshot,
)

_cache_lock = threading.Lock()
_scenario_cache: OrderedDict[tuple[str, str], Scenario] = OrderedDict()
_CACHE_SIZE = 32


def cached_scenario(scenario_id: str, content_hash: str) -> Scenario | None:
    """The parsed case of this snapshot key if it is in memory (no text needed)."""
    with _cache_lock:
        cached = _scenario_cache.get((scenario_id, content_hash))
        if cached is not None:
            _scenario_cache.move_to_end((scenario_id, content_hash))
        return cached


def scenario_of(snapshot: Snapshot) -> Scenario:
    """The case as it was played, parsed from the snapshot's text (cached per hash)."""
    key = (snapshot.scenario_id, snapshot.content_hash)
    with _cache_lock:
        cached = _scenario_cache.get(key)
        if cached is not None:
            _scenario_cache.move_to_end(key)
            return cached
    scenario = scenario_from_text(snapshot.source, f"<snapshot {snapshot.scenario_id}>")
    with _cache_lock:
        _scenario_cache[key] = scenario
        while len(_scenario_cache) > _CACHE_SIZE:
            _scenario_cache.popitem(last=False)
    return scenario


def get_or_create_snapshot(session: Session, scenario: Scenario) -> Snapshot:
    """The immutable snapshot of this exact text of the case; made on first use."""
    query = select(Snapshot).where(
        Snapshot.scenario_id == scenario.id, Snapshot.content_hash == scenario.content_hash
    )
    row = session.scalar(query)
    if row is not None:
        return row
    row = Snapshot(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        title=scenario.title,
        source=scenario.source,
        endings={sid: s.ending.kind for sid, s in scenario.scenes.items() if s.ending},
    )
    try:
        with session.begin_nested():  # another writer may have stored it just now
            session.add(row)
    except IntegrityError:
        found = session.scalar(query)
        if found is None:  # pragma: no cover - the conflict was something else
            raise
        return found
    with _cache_lock:  # the text is known to parse: it came from this scenario
        _scenario_cache[(scenario.id, scenario.content_hash)] = scenario
    return row


__all__ = ["cached_scenario", "get_or_create_snapshot", "scenario_of"]
