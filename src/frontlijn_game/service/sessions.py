"""Live sessions: a course leader runs one case with a group (DESIGN "Live sessions").

The API for every door (terminal console, ``frontlijn join``, the web door's facilitator
console and join page). Plain functions over a :class:`~frontlijn_game.store.service.Store`;
each action is ONE write transaction and returns plain frozen data
(:mod:`service.session_views`); refusals raise :class:`SessionError` subclasses whose
message is worded for the person (Dutch msgids, translated by ``i18n``). All calls block:
call them from worker threads.

Facilitator (``leader`` is the signed-in leader's name, after the door's own login,
e.g. ``LoginGate``; the leader who opened the session or a *beheerder* may act on it,
anyone else gets :class:`NotFacilitator`; a *cursusleider* opens sessions only for one of
their own cohorts)::

    open_session(store, scenario, leader, cohort=None, mode="klassikaal") -> SessionHeader
    console(store, code, leader) -> ConsoleView          # seats, live counts, facts, rounds
    console_version(store, code, leader) -> int          # the console's poller
    admit(store, code, leader, seat_id) / remove_seat(store, code, leader, seat_id)
    assign_role(store, code, leader, seat_id, role_or_None)
    start(store, code, leader)            # lobby -> running; the group attempt begins
    reveal(store, code, leader)           # participants see the distribution; voting closes
    advance(store, code, leader, decision_no, choice=None) -> RoundInfo
        # choice None: the majority (or the deciding role's vote in a decided_by scene);
        # NeedsPick(tied=...) on a tie or no votes; a choice given is the facilitator's
        # pick (how="tie") or override (how="override"). ``decision_no`` is the decision
        # the facilitator saw: a second click or a restarted console gets StaleDecision.
    pause(store, code, leader, paused=True)
    note(store, code, leader, decision_no, text)   # private; "" removes it
    end(store, code, leader)
    save_review(store, code, leader, went_well, gaps, agreements) -> Review  # nabespreking
    group_debrief(store, code, leader) -> GroupDebrief   (service.session_debrief; slow)
    list_sessions(store, leader) -> list[SessionSummary]

Participant (the door signs the trainee in as usual first; ``trainee`` is their code)::

    join(store, code, trainee) -> Ticket  # rejoin: the same seat, this device takes it over
    view(store, ticket) -> ParticipantView          # SeatTakenOver when another device has it
    poll(store, ticket, since_version) -> Poll      # view only when version > since_version
    pick_role(store, ticket, role_or_None)          # a free role (casusoverleg)
    vote(store, ticket, decision_no, choice)        # replaces this seat's earlier vote;
        # StaleDecision after advance or reveal, NotNow while paused / not running

Cheap change detection: ``version(store, code) -> int`` reads one row; every action raises
it in its own transaction (PostgreSQL also sends ``NOTIFY frontlijn_sessions`` with
``CODE:VERSION``), so a door polls ``version`` about twice a second and re-reads the view
only when it grew. Participants' views are built once per (session, version) and shared
in the process (``service.session_shared``), so a web worker with 100 participants reads
the database once per change. A web door keeps the :class:`Ticket` (code, seat id, device
token) in its session row; ``dataclasses.asdict`` of any view is JSON-ready.

Where things are: the data types and errors in ``service.session_views``; the rules that
need no database (majority, who decides, who sees which fact) in
``service.session_rules``; reading and the console view in ``service.session_read``; the
participant calls in ``service.session_seats`` (re-exported here); the group debrief in
``service.session_debrief``; the tables in ``store.live_models`` (migration 0007) and their
queries in ``store.live_sessions``.

The group plays one ordinary attempt (of a trainee row ``GROEP-<CODE>`` with a random PIN
nobody knows), advanced through ``engine.Playthrough`` and ``repository.record_decision``
in the advance's transaction, so the group path is recorded and scored like any attempt.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from frontlijn_game.i18n import _
from frontlijn_game.service.session_read import (
    console_view,
    facilitate,
    header,
    load,
    run,
    running,
    version,
)
from frontlijn_game.service.session_rules import MODES, count, decider, majority
from frontlijn_game.service.session_seats import (
    join,
    known_role,
    pick_role,
    poll,
    view,
    vote,
)
from frontlijn_game.service.session_views import (
    ConsoleView,
    NeedsPick,
    NotFacilitator,
    NotNow,
    ParticipantView,
    Poll,
    Review,
    RoundInfo,
    SeatTakenOver,
    SessionError,
    SessionHeader,
    SessionSummary,
    StaleDecision,
    Ticket,
    UnknownSessionCode,
)
from frontlijn_game.store import live_sessions as rows
from frontlijn_game.store import people, repository
from frontlijn_game.store.leaders import find_leader
from frontlijn_game.store.models import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.store.service import Store

T = TypeVar("T")
TOUCH_EVERY = timedelta(seconds=15)


# -- the facilitator -------------------------------------------------------------------


def open_session(
    store: Store,
    scenario: Scenario,
    leader: str,
    cohort: str | None = None,
    mode: str = "klassikaal",
) -> SessionHeader:
    """A new session of ``scenario`` in the lobby, with its short join code."""
    if mode not in MODES:
        raise SessionError(
            _("Onbekende vorm {mode}: kies klassikaal of casusoverleg.").format(mode=mode)
        )
    if mode == "casusoverleg" and not scenario.roles:
        raise SessionError(_("Deze casus heeft geen rollen; speel hem klassikaal."))

    def work(s: Session) -> SessionHeader:
        from frontlijn_game.service.scope import check_cohort, scope_in
        from frontlijn_game.store.errors import UnknownCohort
        from frontlijn_game.store.leaders import UnknownLeader

        try:
            scope = scope_in(s, leader)
        except UnknownLeader:
            raise NotFacilitator(_("Alleen een cursusleider kan een sessie openen.")) from None
        cohort_id = None
        if cohort is not None:
            try:
                cohort_id = check_cohort(s, scope, cohort)  # a cursusleider: only their own
            except UnknownCohort:
                raise SessionError(_("Onbekend cohort: {name}").format(name=cohort)) from None
        elif not scope.sees_all:
            raise SessionError(
                _("Als cursusleider open je een sessie voor een van je cohorten (--cohort).")
            )
        assert scope.leader_id is not None
        found_id = scope.leader_id
        row = rows.new_session(s, scenario, mode, secrets.randbelow(2**31), cohort_id, found_id)
        return header(load(s, row))

    return run(store, work)


def console(store: Store, code: str, leader: str) -> ConsoleView:
    return run(store, lambda s: console_view(s, load(s, facilitate(s, code, leader, False))), False)


def console_version(store: Store, code: str, leader: str) -> int:
    """:func:`version` for the facilitator's poller, refused (NotFacilitator) to anyone
    who may not lead the session: one read of the session row and the leader."""
    return run(store, lambda s: facilitate(s, code, leader, False).version, False)


def admit(store: Store, code: str, leader: str, seat_id: int) -> None:
    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        rows.seat(s, row.id, seat_id).admitted = True
        rows.bump(s, row)

    run(store, work)


def remove_seat(store: Store, code: str, leader: str, seat_id: int) -> None:
    """Send a participant away (their votes go with the seat)."""

    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        rows.remove_seat(s, rows.seat(s, row.id, seat_id))
        rows.bump(s, row)

    run(store, work)


def assign_role(store: Store, code: str, leader: str, seat_id: int, role: str | None) -> None:
    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        known_role(load(s, row).scenario.roles, role)
        rows.set_role(s, rows.seat(s, row.id, seat_id), role)
        rows.bump(s, row)

    run(store, work)


def start(store: Store, code: str, leader: str) -> SessionHeader:
    """Lobby -> running: the group's attempt starts at the case's first scene."""

    def work(s: Session) -> SessionHeader:
        row = facilitate(s, code, leader)
        if row.status != "lobby":
            raise NotNow(_("De sessie is al begonnen."))
        loaded = load(s, row)
        group = people.add_trainee(
            s,
            f"GROEP-{row.code}",
            display_name=_("Groep (sessie {code})").format(code=row.code),
            pin=secrets.token_urlsafe(24),
        )
        attempt = repository.start_attempt(s, group, loaded.scenario, loaded.play.state)
        row.attempt_id = attempt.id
        row.status, row.started_at, row.decision_no, row.revealed = "running", utcnow(), 1, False
        rows.bump(s, row)
        return header(load(s, row))

    return run(store, work)


def reveal(store: Store, code: str, leader: str) -> None:
    """Show the vote distribution to everyone; votes on this decision close."""

    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        running(row)
        row.revealed = True
        rows.bump(s, row)

    run(store, work)


def advance(
    store: Store, code: str, leader: str, decision_no: int, choice: str | None = None
) -> RoundInfo:
    """Take decision ``decision_no`` for the group and open the next one (see module doc)."""

    def work(s: Session) -> RoundInfo:
        row = facilitate(s, code, leader)
        running(row)
        if decision_no != row.decision_no:
            raise StaleDecision(
                _("Beslissing {n} is al genomen; de groep is bij beslissing {now}.").format(
                    n=decision_no, now=row.decision_no
                )
            )
        loaded = load(s, row)
        play = loaded.play
        if play.finished:
            raise NotNow(_("De groep heeft het einde van de casus bereikt."))
        shown = [c.id for c in play.shown()]
        cast = rows.votes(s, row.id, row.decision_no)
        counts = count((v.choice for v in cast if not v.advice), shown)
        winner, tied = majority(counts)
        role = decider(loaded.scenario, row.mode, play.scene)
        if role is not None:
            holders = {seat.id for seat, _n in loaded.seats if seat.role == role}
            decided = [v.choice for v in cast if v.seat_id in holders and not v.advice]
            winner, tied = (decided[0], ()) if decided else (None, ())
        if choice is None:
            if winner is None:
                raise NeedsPick(
                    _("Geen meerderheid: kies zelf de optie waarmee de groep verdergaat."),
                    tied,
                )
            picked, how = winner, "decider" if role is not None else "majority"
        else:
            if choice not in shown:
                raise SessionError(_("{choice} is hier geen optie.").format(choice=choice))
            picked = choice
            if choice == winner:
                how = "decider" if role is not None else "majority"
            else:
                how = "tie" if choice in tied else "override"
        step = play.choose(picked)
        assert row.attempt_id is not None
        repository.record_decision(s, row.attempt_id, step, score=play.score(), shown=shown)
        rows.add_round(s, row, step.before.scene, picked, how)
        done = loaded.round_info(row.decision_no, step.before.scene, picked, how)
        row.decision_no += 1
        row.revealed = False
        rows.bump(s, row)
        return done

    return run(store, work)


def pause(store: Store, code: str, leader: str, paused: bool = True) -> None:
    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        if row.status == "ended":
            raise NotNow(_("De sessie is afgelopen."))
        row.paused = paused
        rows.bump(s, row)

    run(store, work)


def note(store: Store, code: str, leader: str, decision_no: int, text: str) -> None:
    """The facilitator's private note at a decision (never shown to participants)."""

    def work(s: Session) -> None:
        row = facilitate(s, code, leader)
        rows.set_note(s, row.id, decision_no, text)
        rows.bump(s, row)

    run(store, work)


def end(store: Store, code: str, leader: str) -> SessionHeader:
    """Close the session; an unfinished group attempt is abandoned (its path stays)."""

    def work(s: Session) -> SessionHeader:
        row = facilitate(s, code, leader)
        if row.status != "ended":
            if row.attempt_id is not None:
                attempt = repository.attempt_record(s, row.attempt_id)
                if attempt.status in ("active", "suspended"):
                    repository.abandon_attempt(s, row.attempt_id)
            row.status, row.ended_at, row.paused = "ended", utcnow(), False
            rows.bump(s, row)
        return header(load(s, row))

    return run(store, work)


def save_review(
    store: Store, code: str, leader: str, went_well: str, gaps: str, agreements: str
) -> Review:
    """The nabespreking: stored with the session and exported with it."""

    def work(s: Session) -> Review:
        row = facilitate(s, code, leader)
        row.went_well, row.gaps, row.agreements = went_well, gaps, agreements
        row.reviewed_at = utcnow()
        rows.bump(s, row)
        return Review(went_well, gaps, agreements, row.reviewed_at.isoformat())

    return run(store, work)


def list_sessions(store: Store, leader: str) -> list[SessionSummary]:
    """The sessions this leader opened (a beheerder: every session), newest first."""

    def work(s: Session) -> list[SessionSummary]:
        found = find_leader(s, leader)
        if found is None:
            return []
        out: list[SessionSummary] = []
        for row in rows.sessions(s, None if found.role == "beheerder" else found.id):
            loaded = load(s, row)
            head = header(loaded)
            out.append(
                SessionSummary(
                    head.code, head.scenario_id, head.title, head.mode, head.status,
                    head.cohort, len(loaded.seats), row.created_at.isoformat(),
                )
            )  # fmt: skip
        return out

    return run(store, work, False)


__all__ = [
    "ConsoleView",
    "NeedsPick",
    "NotFacilitator",
    "NotNow",
    "ParticipantView",
    "Poll",
    "Review",
    "RoundInfo",
    "SeatTakenOver",
    "SessionError",
    "SessionHeader",
    "StaleDecision",
    "Ticket",
    "UnknownSessionCode",
    "admit",
    "advance",
    "assign_role",
    "console",
    "console_version",
    "end",
    "join",
    "list_sessions",
    "note",
    "open_session",
    "pause",
    "pick_role",
    "poll",
    "remove_seat",
    "reveal",
    "save_review",
    "start",
    "version",
    "view",
    "vote",
]
