"""What the doors get from ``service.sessions``: plain, frozen data and the errors.

Every field is a str, int, bool, float, None or a tuple of these records, so a door can
render it or turn it into JSON (``dataclasses.asdict``) without touching the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class SessionError(Exception):
    """An action the session refuses; the message is meant for the person who tried it."""


class UnknownSessionCode(SessionError):
    """No session has this code."""


class NotFacilitator(SessionError):
    """Only the leader who opened the session (or a beheerder) may do this."""


class StaleDecision(SessionError):
    """The decision this action was meant for is no longer open (advanced, revealed)."""


class NotNow(SessionError):
    """The session is in the lobby, paused or ended for this action."""


class SeatTakenOver(SessionError):
    """Another device signed in on this seat; this device no longer holds it."""


class NeedsPick(SessionError):
    """No majority (a tie, or no votes): the facilitator picks the option."""

    def __init__(self, message: str, tied: tuple[str, ...]) -> None:
        super().__init__(message)
        self.tied = tied


@dataclass(frozen=True)
class Ticket:
    """A participant's hold on a seat: pass it to every participant call."""

    code: str
    seat_id: int
    device: str


@dataclass(frozen=True)
class RoleInfo:
    id: str
    title: str
    brief: str


@dataclass(frozen=True)
class SeatInfo:
    seat_id: int
    name: str
    """The display name, or "Deelnemer N" (never the trainee's code)."""
    role: str | None
    role_title: str | None
    admitted: bool
    online: bool
    """Seen in the last minute."""
    voted: bool
    """Has a vote (or advice) in at the open decision."""


@dataclass(frozen=True)
class OptionInfo:
    id: str
    text: str
    votes: int | None = None
    """Votes for it at the open decision: always for the facilitator, for participants only
    once revealed (else None)."""
    advice: int | None = None
    """Advice for it (a scene another role decides), shown like ``votes``."""


@dataclass(frozen=True)
class FactInfo:
    id: str
    text: str
    private: bool
    """Known only to some roles (``known_by``) and not shared yet: "alleen jouw rol weet dit"."""
    known_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundInfo:
    """One decision the group took."""

    decision_no: int
    scene: str
    scene_title: str
    choice: str
    choice_text: str
    how: str
    """majority | tie | override | decider."""
    consequence: str | None
    feedback: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class SceneInfo:
    id: str
    title: str
    text: str
    decided_by: str | None
    """The role that decides here (casusoverleg only; None: the group votes)."""
    decided_by_title: str | None
    ending: str | None
    """The ending's label when the group has reached one."""
    ending_kind: str | None = None


@dataclass(frozen=True)
class SessionHeader:
    code: str
    scenario_id: str
    title: str
    mode: str
    status: str
    """lobby | running | ended."""
    paused: bool
    revealed: bool
    decision_no: int
    finished: bool
    """The group reached an ending (the facilitator may still have to end the session)."""
    version: int
    cohort: str | None
    roles: tuple[RoleInfo, ...]


@dataclass(frozen=True)
class ConsoleView:
    """The facilitator's console: everything, votes included."""

    header: SessionHeader
    seats: tuple[SeatInfo, ...]
    scene: SceneInfo | None
    options: tuple[OptionInfo, ...]
    """The open decision's options in the order participants see them, with live counts."""
    majority: str | None
    """The option ``advance`` without a pick would take (None: a tie or no votes)."""
    tied: tuple[str, ...]
    decider_vote: str | None
    """In a scene a role decides: that role holder's choice so far."""
    facts: tuple[FactInfo, ...]
    rounds: tuple[RoundInfo, ...]
    notes: dict[int, str] = field(default_factory=dict)
    review: Review | None = None


@dataclass(frozen=True)
class ParticipantView:
    """What one participant's screen shows."""

    header: SessionHeader
    name: str
    admitted: bool
    role: RoleInfo | None
    scene: SceneInfo | None
    """None in the lobby."""
    options: tuple[OptionInfo, ...]
    facts: tuple[FactInfo, ...]
    my_vote: str | None
    may_vote: bool
    """The decision is open to this seat's vote now (running, not paused, not revealed)."""
    advises: bool
    """In this scene another role decides: this seat's vote is advice."""
    deciding: bool
    """This seat's role decides this scene."""
    last_round: RoundInfo | None
    free_roles: tuple[RoleInfo, ...] = ()
    """Roles nobody holds yet (casusoverleg): what ``pick_role`` can take."""


@dataclass(frozen=True)
class Poll:
    version: int
    view: ParticipantView | None
    """None when nothing changed since the version asked about."""


@dataclass(frozen=True)
class Review:
    """The nabespreking."""

    went_well: str
    gaps: str
    agreements: str
    saved_at: str | None


@dataclass(frozen=True)
class SessionSummary:
    code: str
    scenario_id: str
    title: str
    mode: str
    status: str
    cohort: str | None
    seats: int
    created_at: str
