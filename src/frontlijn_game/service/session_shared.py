"""What every participant of a session sees at one version, built once and shared.

A participant's view is the session's state at its ``version`` seen from one seat. The
state part (scene, options, counts, facts per role, the last round, who holds which role)
is the same for every seat, so it is built once per (session, version) and kept in a small
cache of this process: a door serving many participants (a web worker, the bench) then
reads the database once per change instead of once per participant. ``version`` grows in
the transaction of every change, so a cached entry can never be stale for its version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontlijn_game.service.session_read import Loaded, _options, header, load, scene_info
from frontlijn_game.service.session_rules import visible_facts
from frontlijn_game.service.session_views import (
    FactInfo,
    OptionInfo,
    ParticipantView,
    RoleInfo,
    RoundInfo,
    SceneInfo,
    SessionHeader,
)
from frontlijn_game.store import live_sessions as rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.store.live_models import LiveSession

CACHE_SIZE = 256


@dataclass(frozen=True)
class SeatFacts:
    name: str
    role: str | None
    admitted: bool
    device: str
    """The token of the device holding the seat (a takeover raises the version too)."""


@dataclass(frozen=True)
class Shared:
    header: SessionHeader
    scene: SceneInfo | None
    options: tuple[OptionInfo, ...]
    """With counts only once revealed."""
    votes: dict[int, str]
    """Seat id -> its choice at the open decision."""
    seats: dict[int, SeatFacts]
    facts: dict[str | None, tuple[FactInfo, ...]]
    """Role id (None: no role) -> the dossier of a seat holding it."""
    roles: dict[str, RoleInfo]
    free_roles: tuple[RoleInfo, ...]
    last_round: RoundInfo | None
    open_now: bool
    """Running, not paused, not revealed, not at an ending."""

    def for_seat(self, seat_id: int) -> ParticipantView:
        seat = self.seats[seat_id]
        role = self.roles.get(seat.role or "") if self.header.mode == "casusoverleg" else None
        deciding_role = None if self.scene is None else self.scene.decided_by
        return ParticipantView(
            header=self.header,
            name=seat.name,
            admitted=seat.admitted,
            role=role,
            scene=self.scene,
            options=self.options,
            facts=self.facts[None if role is None else role.id],
            my_vote=self.votes.get(seat_id),
            may_vote=self.open_now and seat.admitted,
            advises=deciding_role is not None and seat.role != deciding_role,
            deciding=deciding_role is not None and seat.role == deciding_role,
            last_round=self.last_round,
            free_roles=self.free_roles,
        )


_lock = threading.Lock()
_cache: OrderedDict[tuple[int, str, int], Shared] = OrderedDict()
_gates: dict[tuple[int, str, int], threading.Lock] = {}


def _key(s: Session, code: str, version: int) -> tuple[int, str, int]:
    # The engine too: one process may hold several databases (tests, benchmarks).
    return (id(s.get_bind()), code, version)


def cached(s: Session, code: str, version: int) -> Shared | None:
    """The shared view of session ``code`` at ``version`` if this process built it."""
    key = _key(s, code, version)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def shared_of(s: Session, row: LiveSession) -> Shared:
    """The shared part of the participants' view of ``row`` at its version (cached)."""
    found = cached(s, row.code, row.version)
    if found is not None:
        return found
    key = _key(s, row.code, row.version)
    with _lock:  # one thread builds a version; the others of this process wait for it
        gate = _gates.setdefault(key, threading.Lock())
    try:
        with gate:
            found = cached(s, row.code, row.version)
            if found is not None:
                return found
            built = _build(s, load(s, row))
            with _lock:
                _cache[key] = built
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
            return built
    finally:
        with _lock:
            _gates.pop(key, None)


def _build(s: Session, loaded: Loaded) -> Shared:
    row, scenario = loaded.row, loaded.scenario
    cast = rows.votes(s, row.id, row.decision_no)
    options, _counts = _options(loaded, cast, show_counts=row.revealed)
    state = loaded.play.state
    casus = row.mode == "casusoverleg"
    keys: list[str | None] = [None, *(scenario.roles if casus else ())]

    def dossier(key: str | None) -> tuple[FactInfo, ...]:
        held = () if key is None else (key,)
        return tuple(visible_facts(scenario, row.mode, state.revealed, state.chosen, held))

    facts = {key: dossier(key) for key in keys}
    past = rows.rounds(s, row.id)
    last = None
    if past:
        r = past[-1]
        last = loaded.round_info(r.decision_no, r.scene, r.choice, r.how)
    held = {seat.role for seat, _n in loaded.seats}
    roles = {r.id: RoleInfo(r.id, r.title, r.brief) for r in scenario.roles.values()}
    return Shared(
        header=header(loaded),
        scene=scene_info(loaded),
        options=options,
        votes={v.seat_id: v.choice for v in cast},
        seats={
            seat.id: SeatFacts(loaded.seat_name(seat.id), seat.role, seat.admitted, seat.device)
            for seat, _n in loaded.seats
        },
        facts=facts,
        roles=roles,
        free_roles=tuple(r for rid, r in roles.items() if casus and rid not in held),
        last_round=last,
        open_now=row.status == "running"
        and not row.paused
        and not row.revealed
        and not loaded.play.finished,
    )


__all__ = ["SeatFacts", "Shared", "cached", "shared_of"]
