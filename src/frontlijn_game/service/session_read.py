"""Reading a live session inside a transaction: its case, the group's state, the views.

:func:`load` gathers what every action and view needs from one session row (the case
from its snapshot, the group's playthrough, the seats); :func:`console_view` and
``service.session_shared.participant_view`` turn that into the doors' data. :func:`run`
is the one transaction of an action, with store errors worded for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.state import PlayState
from frontlijn_game.i18n import _
from frontlijn_game.service.session_rules import count, decider, majority, visible_facts
from frontlijn_game.service.session_views import (
    ConsoleView,
    NotFacilitator,
    NotNow,
    OptionInfo,
    Review,
    RoleInfo,
    RoundInfo,
    SceneInfo,
    SeatInfo,
    SessionError,
    SessionHeader,
    UnknownSessionCode,
)
from frontlijn_game.store import live_sessions as rows
from frontlijn_game.store.errors import NotFound, UnknownTrainee
from frontlijn_game.store.leaders import find_leader
from frontlijn_game.store.models import Attempt, Cohort, Snapshot, utcnow
from frontlijn_game.store.repository import scenario_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.store.live_models import LiveSession, SessionSeat, SessionVote
    from frontlijn_game.store.service import Store

T = TypeVar("T")
ONLINE = timedelta(seconds=60)


def run(store: Store, work: Callable[[Session], T], write: bool = True) -> T:
    """One transaction; store errors reach people in words."""
    try:
        return store.db.write(work) if write else store.db.read(work)
    except rows.UnknownSession as exc:
        raise UnknownSessionCode(
            _("Er is geen sessie met code {code}.").format(code=exc.code)
        ) from None
    except rows.RoleTaken as exc:
        raise SessionError(
            _("De rol {role} is al bezet. Kies een vrije rol.").format(role=exc.role)
        ) from None
    except UnknownTrainee as exc:
        raise SessionError(_("Onbekende code: {code}").format(code=exc.code)) from None
    except NotFound as exc:
        raise SessionError(str(exc)) from None


def facilitate(s: Session, code: str, leader: str, lock: bool = True) -> LiveSession:
    """The session, if ``leader`` may lead it: the leader who opened it, or a beheerder
    (who may take over a session whose facilitator is gone)."""
    row = rows.by_code(s, code, lock=lock)
    found = find_leader(s, leader)
    if found is None or (row.leader_id != found.id and found.role != "beheerder"):
        raise NotFacilitator(_("Alleen de cursusleider die deze sessie opende kan haar leiden."))
    return row


def running(row: LiveSession) -> None:
    """Refuse a game action unless the session runs and is not paused."""
    if row.status == "lobby":
        raise NotNow(_("De sessie is nog niet begonnen."))
    if row.status == "ended":
        raise NotNow(_("De sessie is afgelopen."))
    if row.paused:
        raise NotNow(_("De sessie staat op pauze."))


def version(store: Store, code: str) -> int:
    """The session's change counter (one row): re-read a view only when it grew."""

    def work(s: Session) -> int:
        found = rows.version_of(s, code)
        if found is None:
            raise rows.UnknownSession(rows.normalise_session_code(code))
        return found

    return run(store, work, False)


@dataclass
class Loaded:
    """One session as an action sees it."""

    row: LiveSession
    scenario: Scenario
    play: Playthrough
    seats: list[tuple[SessionSeat, str | None]]
    cohort: str | None

    def seat_name(self, seat_id: int) -> str:
        for number, (seat, name) in enumerate(self.seats, start=1):
            if seat.id == seat_id:
                return name or _("Deelnemer {n}").format(n=number)
        return "?"

    def role_title(self, role: str | None) -> str | None:
        found = self.scenario.roles.get(role or "")
        return None if found is None else found.title

    def round_info(self, decision_no: int, scene: str, choice: str, how: str) -> RoundInfo:
        picked = self.scenario.choices[choice]
        sc = self.scenario.scenes[scene]
        return RoundInfo(
            decision_no,
            scene,
            self.play.text(sc.title or sc.id),
            choice,
            self.play.text(picked.text),
            how,
            None if picked.consequence is None else self.play.text(picked.consequence),
            None if picked.feedback is None else self.play.text(picked.feedback),
            picked.basis,
        )


def load(s: Session, row: LiveSession) -> Loaded:
    scenario = scenario_of(s.get_one(Snapshot, row.snapshot_id))
    if row.attempt_id is not None:
        state = PlayState.from_json(dict(s.get_one(Attempt, row.attempt_id).state))
        play = Playthrough(scenario, state)
    else:
        play = Playthrough.start(scenario, row.seed)
    cohort = None if row.cohort_id is None else s.get_one(Cohort, row.cohort_id).name
    return Loaded(row, scenario, play, rows.seats(s, row.id), cohort)


def header(loaded: Loaded) -> SessionHeader:
    row, scenario = loaded.row, loaded.scenario
    roles = tuple(RoleInfo(r.id, r.title, r.brief) for r in scenario.roles.values())
    return SessionHeader(
        code=row.code,
        scenario_id=scenario.id,
        title=scenario.title,
        mode=row.mode,
        status=row.status,
        paused=row.paused,
        revealed=row.revealed,
        decision_no=row.decision_no,
        finished=row.attempt_id is not None and loaded.play.finished,
        version=row.version,
        cohort=loaded.cohort,
        roles=roles if row.mode == "casusoverleg" else (),
    )


def scene_info(loaded: Loaded) -> SceneInfo | None:
    if loaded.row.status == "lobby":
        return None
    play = loaded.play
    scene = play.scene
    role = decider(loaded.scenario, loaded.row.mode, scene)
    ending = scene.ending
    return SceneInfo(
        scene.id,
        play.text(scene.title or scene.id),
        play.text(scene.text),
        role,
        loaded.role_title(role),
        None if ending is None else ending.label,
        None if ending is None else ending.kind,
    )


def _options(
    loaded: Loaded, cast: list[SessionVote], show_counts: bool
) -> tuple[tuple[OptionInfo, ...], dict[str, int]]:
    play = loaded.play
    if loaded.row.status == "lobby" or play.finished:
        return (), {}
    shown = play.shown()
    ids = [c.id for c in shown]
    votes = count((v.choice for v in cast if not v.advice), ids)
    advice = count((v.choice for v in cast if v.advice), ids)
    has_advice = any(advice.values()) or decider(loaded.scenario, loaded.row.mode, play.scene)
    options = tuple(
        OptionInfo(
            c.id,
            play.text(c.text),
            votes[c.id] if show_counts else None,
            advice[c.id] if show_counts and has_advice else None,
        )
        for c in shown
    )
    return options, votes


def _rounds(s: Session, loaded: Loaded) -> tuple[RoundInfo, ...]:
    return tuple(
        loaded.round_info(r.decision_no, r.scene, r.choice, r.how)
        for r in rows.rounds(s, loaded.row.id)
        if r.choice in loaded.scenario.choices
    )


def console_view(s: Session, loaded: Loaded) -> ConsoleView:
    row = loaded.row
    cast = rows.votes(s, row.id, row.decision_no)
    options, votes = _options(loaded, cast, show_counts=True)
    winner, tied = majority(votes)
    role = None if row.status == "lobby" else decider(loaded.scenario, row.mode, loaded.play.scene)
    decider_vote = None
    if role is not None:
        holders = {seat.id for seat, _n in loaded.seats if seat.role == role}
        decider_vote = next((v.choice for v in cast if v.seat_id in holders), None)
        winner, tied = decider_vote, ()
    voted = {v.seat_id for v in cast}
    now = utcnow()
    seats = tuple(
        SeatInfo(
            seat.id,
            loaded.seat_name(seat.id),
            seat.role,
            loaded.role_title(seat.role),
            seat.admitted,
            now - seat.seen_at < ONLINE,
            seat.id in voted,
        )
        for seat, _name in loaded.seats
    )
    state = loaded.play.state
    facts = visible_facts(loaded.scenario, row.mode, state.revealed, state.chosen, None)
    review = None
    if row.reviewed_at is not None:
        review = Review(
            row.went_well or "", row.gaps or "", row.agreements or "", row.reviewed_at.isoformat()
        )
    return ConsoleView(
        header=header(loaded),
        seats=seats,
        scene=scene_info(loaded),
        options=options,
        majority=winner,
        tied=tied,
        decider_vote=decider_vote,
        facts=tuple(facts),
        rounds=_rounds(s, loaded),
        notes=rows.notes(s, row.id),
        review=review,
    )
