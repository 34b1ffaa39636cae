"""Live sessions seen from a participant's seat: join, follow, pick a role, vote.

Part of the API documented in :mod:`frontlijn_game.service.sessions` (which re-exports
these). A :class:`Ticket` is a seat plus the device token of the last sign-in on it: a
participant who drops joins again and gets the same seat, and the device that joined last
holds it (an earlier device's calls raise :class:`SeatTakenOver`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from frontlijn_game.i18n import _
from frontlijn_game.service.session_read import load, run, running
from frontlijn_game.service.session_rules import decider
from frontlijn_game.service.session_shared import cached, shared_of
from frontlijn_game.service.session_views import (
    NotNow,
    ParticipantView,
    Poll,
    SeatTakenOver,
    SessionError,
    StaleDecision,
    Ticket,
)
from frontlijn_game.store import live_sessions as rows
from frontlijn_game.store import people
from frontlijn_game.store.errors import NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.store.live_models import LiveSession
    from frontlijn_game.store.service import Store

TOUCH_EVERY = 15.0
"""Seconds between two "seen" writes of one seat from one process."""
_last_touch: dict[int, float] = {}


def join(store: Store, code: str, trainee: str) -> Ticket:
    """Take a seat (or the same seat again): this device now holds it.

    A participant outside the session's cohort waits until the facilitator admits them.
    """

    def work(s: Session) -> Ticket:
        row = rows.by_code(s, code, lock=True)
        if row.status == "ended":
            raise NotNow(_("De sessie is afgelopen."))
        person = people.get_trainee(s, trainee)
        admitted = row.cohort_id is None or rows.is_member(s, row.cohort_id, person.id)
        seat = rows.take_seat(s, row, person, admitted)
        rows.bump(s, row)
        return Ticket(row.code, seat.id, seat.device)

    return run(store, work)


def _holder(s: Session, ticket: Ticket, lock: bool = False) -> tuple[LiveSession, int]:
    row = rows.by_code(s, ticket.code, lock=lock)
    try:
        seat = rows.seat(s, row.id, ticket.seat_id)
    except NotFound:
        raise SeatTakenOver(_("Je plek in deze sessie is vrijgegeven.")) from None
    if seat.device != ticket.device:
        raise SeatTakenOver(
            _("Je plek is overgenomen door een ander apparaat waarop je bent aangemeld.")
        )
    return row, seat.id


def _seen(s: Session, ticket: Ticket, since: int | None) -> Poll:
    """One read: the version, and (when it grew past ``since``) this seat's view, from
    the process's shared view of that version when there is one (no further query)."""
    code = rows.normalise_session_code(ticket.code)
    shared = None
    if since is not None:
        now = rows.version_of(s, code)
        if now is None:
            raise rows.UnknownSession(code)
        if now <= since:
            return Poll(now, None)
        shared = cached(s, code, now)
    if shared is None:
        shared = shared_of(s, rows.by_code(s, code))
    seat = shared.seats.get(ticket.seat_id)
    if seat is None:
        raise SeatTakenOver(_("Je plek in deze sessie is vrijgegeven."))
    if seat.device != ticket.device:
        raise SeatTakenOver(
            _("Je plek is overgenomen door een ander apparaat waarop je bent aangemeld.")
        )
    return Poll(shared.header.version, shared.for_seat(ticket.seat_id))


def view(store: Store, ticket: Ticket) -> ParticipantView:
    seen = run(store, lambda s: _seen(s, ticket, None), False).view
    assert seen is not None
    _touch(store, ticket)
    return seen


def poll(store: Store, ticket: Ticket, since: int) -> Poll:
    """The version now, and the participant's view only when it changed since ``since``
    (one read transaction; usually one one-row query)."""
    polled = run(store, lambda s: _seen(s, ticket, since), False)
    _touch(store, ticket)
    return polled


def _touch(store: Store, ticket: Ticket) -> None:
    """Mark the seat seen (a write at most every 15 s per seat and process)."""
    last = _last_touch.get(ticket.seat_id, 0.0)
    if time.monotonic() - last < TOUCH_EVERY:
        return
    _last_touch[ticket.seat_id] = time.monotonic()
    try:
        store.db.write(lambda s: rows.touch_seat(s, ticket.seat_id))
    except Exception:
        return


def pick_role(store: Store, ticket: Ticket, role: str | None) -> None:
    """Take a free role (None: give the role back)."""

    def work(s: Session) -> None:
        row, seat_id = _holder(s, ticket, lock=True)
        if row.status == "ended":
            raise NotNow(_("De sessie is afgelopen."))
        known_role(load(s, row).scenario.roles, role)
        rows.set_role(s, rows.seat(s, row.id, seat_id), role)
        rows.bump(s, row)

    run(store, work)


def vote(store: Store, ticket: Ticket, decision_no: int, choice: str) -> None:
    """Cast (or change) this seat's vote on decision ``decision_no``.

    Refused once that decision is advanced or revealed (:class:`StaleDecision`); in a
    scene another role decides, the vote is stored as advice.
    """

    def work(s: Session) -> None:
        row, seat_id = _holder(s, ticket, lock=True)
        running(row)
        if decision_no != row.decision_no or row.revealed:
            raise StaleDecision(_("Deze beslissing is al gesloten; je stem telt niet meer."))
        loaded = load(s, row)
        seat = rows.seat(s, row.id, seat_id)
        if not seat.admitted:
            raise NotNow(_("De gespreksleider moet je eerst toelaten."))
        if choice not in {c.id for c in loaded.play.offered()}:
            raise SessionError(_("{choice} is hier geen optie.").format(choice=choice))
        role = decider(loaded.scenario, row.mode, loaded.play.scene)
        advice = role is not None and seat.role != role
        rows.cast_vote(s, row, seat, loaded.play.state.scene, choice, advice)
        rows.bump(s, row)

    run(store, work)


def known_role(roles: Mapping[str, object], role: str | None) -> None:
    """Refuse a role the case does not have."""
    if role is not None and role not in roles:
        raise SessionError(_("Deze casus heeft geen rol {role}.").format(role=role))
