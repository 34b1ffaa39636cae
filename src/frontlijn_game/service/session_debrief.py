"""The group debrief of a live session: the group's path scored as usual, and the group.

The path is the group attempt, debriefed exactly like a solo attempt
(:func:`service.debrief.build_debrief`, the best continuation before each decision from
the path analysis). Beside it: balance per role (the help and sanction of the decisions
each role took in its ``decided_by`` scenes, and of what each role's holder voted for),
each participant's votes against the best continuation at every decision, and where the
group split (more than one option drew votes). Slow on big cases (path analysis): call it
from a worker. Facilitator only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from frontlijn_game.engine.scoring import round_half_up
from frontlijn_game.i18n import _
from frontlijn_game.service.session_read import Loaded, facilitate, load, run
from frontlijn_game.service.session_rules import decider
from frontlijn_game.service.session_views import NotNow
from frontlijn_game.store import live_sessions as rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from frontlijn_game.store.live_models import SessionRound, SessionVote
    from frontlijn_game.store.service import Store

GROUP = "groep"
"""The role key of the decisions the whole group took (no ``decided_by``)."""


@dataclass(frozen=True)
class GroupDecision:
    number: int
    scene_title: str
    choice: str
    choice_text: str
    how: str
    feedback: str | None
    basis: str | None
    balance_after: float | None
    best: str | None
    """The best continuation's option here (None: the analysis found none)."""
    best_text: str | None
    cost: float | None
    """Points the group's choice cost against the best continuation."""
    votes: dict[str, int]
    """Votes per option (advice apart)."""
    advice: dict[str, int]
    split: bool
    """More than one option drew votes."""
    decided_by: str | None
    option_texts: dict[str, str] = field(default_factory=dict)
    """The options offered here: id -> text (to show the votes in words)."""


@dataclass(frozen=True)
class RoleBalance:
    role: str
    """A role id, or ``groep`` for the decisions the group took together."""
    title: str
    help: int
    sanction: int
    balance: float | None
    voted_help: int
    """Help and sanction of the options this role's holder voted for."""
    voted_sanction: int


@dataclass(frozen=True)
class VoteLine:
    number: int
    vote: str | None
    best: str | None
    same: bool
    advice: bool


@dataclass(frozen=True)
class ParticipantLine:
    name: str
    role: str | None
    """The role id; ``role_title`` its title."""
    votes: tuple[VoteLine, ...]
    matched: int
    """Votes that took the best continuation's option."""
    voted: int
    role_title: str | None = None


@dataclass(frozen=True)
class GroupDebrief:
    code: str
    title: str
    mode: str
    finished: bool
    ending: str | None
    ending_kind: str | None
    score: dict[str, object]
    """``Score.to_json()`` of the group attempt, exactly as a solo attempt is scored."""
    decisions: tuple[GroupDecision, ...]
    roles: tuple[RoleBalance, ...]
    participants: tuple[ParticipantLine, ...]


def _balance(help_: int, sanction: int) -> float | None:
    total = help_ + sanction
    return None if total == 0 else round_half_up(Fraction(sanction, total), 2)


def _num(value: Fraction | None, digits: int) -> float | None:
    return None if value is None else round_half_up(value, digits)


def group_debrief(store: Store, code: str, leader: str, best: bool = True) -> GroupDebrief:
    """The debrief of the session's group path; ``best=False`` skips the path analysis."""
    from frontlijn_game.service.debrief import best_lines, build_debrief

    def work(s: Session) -> tuple[Loaded, list[SessionVote], list[SessionRound]]:
        row = facilitate(s, code, leader, lock=False)
        if row.attempt_id is None:
            raise NotNow(_("De sessie is nog niet begonnen."))
        loaded = load(s, row)
        return loaded, rows.votes(s, row.id), rows.rounds(s, row.id)

    loaded, cast, past = run(store, work, False)
    scenario, row = loaded.scenario, loaded.row
    debrief = build_debrief(scenario, loaded.play.state)
    bests = dict(best_lines(debrief)) if best else {}
    how = {r.decision_no: r.how for r in past}
    seat_role = {seat.id: seat.role for seat, _n in loaded.seats}
    decisions: list[GroupDecision] = []
    per_role: dict[str, list[int]] = {}
    best_of: dict[int, str | None] = {}
    for line in debrief.decisions:
        here = [v for v in cast if v.decision_no == line.number]
        votes = Counter(v.choice for v in here if not v.advice)
        advice = Counter(v.choice for v in here if v.advice)
        role = decider(scenario, row.mode, line.scene)
        bucket = per_role.setdefault(role or GROUP, [0, 0, 0, 0])
        bucket[0] += line.choice.help
        bucket[1] += line.choice.sanction
        found = bests.get(line.number)
        first = None if found is None or found.first is None else found.first
        best_of[line.number] = None if first is None else first.id
        decisions.append(
            GroupDecision(
                number=line.number,
                scene_title=debrief.text(line.scene.title or line.scene.id),
                choice=line.choice.id,
                choice_text=debrief.text(line.choice.text),
                how=how.get(line.number, "majority"),
                feedback=None
                if line.choice.feedback is None
                else debrief.text(line.choice.feedback),
                basis=line.choice.basis,
                balance_after=_num(line.balance_after, 2),
                best=None if first is None else first.id,
                best_text=None if first is None else debrief.text(first.text),
                cost=None if found is None else _num(found.cost, 1),
                votes=dict(votes),
                advice=dict(advice),
                split=len(votes) > 1,
                decided_by=role,
                option_texts={c.id: debrief.text(c.text) for c in line.offered},
            )
        )
    for vote in cast:
        role = seat_role.get(vote.seat_id)
        choice = scenario.choices.get(vote.choice)
        if role is None or choice is None:
            continue
        bucket = per_role.setdefault(role, [0, 0, 0, 0])
        bucket[2] += choice.help
        bucket[3] += choice.sanction
    roles = []
    for key in [*scenario.roles, GROUP]:
        if key not in per_role:
            continue
        h, sa, vh, vs = per_role[key]
        title = scenario.roles[key].title if key in scenario.roles else _("De groep samen")
        roles.append(RoleBalance(key, title, h, sa, _balance(h, sa), vh, vs))
    participants = []
    for seat, _name in loaded.seats:
        mine = {v.decision_no: v for v in cast if v.seat_id == seat.id}
        lines = []
        for line in debrief.decisions:
            v = mine.get(line.number)
            top = best_of.get(line.number)
            picked = None if v is None else v.choice
            lines.append(
                VoteLine(line.number, picked, top, picked is not None and picked == top,
                         v is not None and v.advice)
            )  # fmt: skip
        participants.append(
            ParticipantLine(
                loaded.seat_name(seat.id),
                seat.role,
                tuple(lines),
                sum(1 for x in lines if x.same),
                sum(1 for x in lines if x.vote is not None),
                loaded.role_title(seat.role),
            )
        )
    ending = debrief.ending_scene.ending
    return GroupDebrief(
        code=row.code,
        title=scenario.title,
        mode=row.mode,
        finished=debrief.finished,
        ending=None if ending is None else ending.label,
        ending_kind=None if ending is None else ending.kind,
        score=debrief.score.to_json(),
        decisions=tuple(decisions),
        roles=tuple(roles),
        participants=tuple(participants),
    )
