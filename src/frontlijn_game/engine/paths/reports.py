"""What a path analysis reports: paths to endings, dead ends, failing steps."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from frontlijn_game.scenario.model import EndingKind


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One path to an ending; ``choices``/``draws`` replay it from the scenario start."""

    seed: int
    choices: tuple[str, ...]
    draws: tuple[str, ...]
    ending: str
    kind: EndingKind
    total: Fraction
    help: int
    sanction: int
    continuation: tuple[str, ...]
    """The choices after the state the search started from (all of them from the start)."""
    continuation_draws: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeadEnd:
    """A reachable state in which ``scene`` offers no choice; the path that gets there."""

    scene: str
    choices: tuple[str, ...]
    draws: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepError:
    """A step that stops the engine (e.g. a division by zero in a guard)."""

    scene: str
    choice: str | None
    message: str
    choices: tuple[str, ...]
    draws: tuple[str, ...]


@dataclass
class PathReport:
    """What :func:`analyse` found; ``complete`` says whether it saw every state."""

    complete: bool
    reach_complete: bool
    """Every reachable scene, variable state and offered choice was seen (scoring aside):
    reachable endings, guards and dead ends are exact even when ``complete`` is False."""
    states: int
    core_states: int
    """States without their scoring part (each stepped once through the engine)."""
    best: RunSummary | None
    worst: RunSummary | None
    only_help: RunSummary | None
    """The best path without any sanction (help == 0 is allowed: doing nothing)."""
    only_sanction: RunSummary | None
    """The best path without any help."""
    pure_good: RunSummary | None
    """The best path to a ``good`` ending without any sanction or without any help."""
    good_only_help: RunSummary | None
    """The best path to a ``good`` ending without any sanction."""
    good_only_sanction: RunSummary | None
    """The best path to a ``good`` ending without any help."""
    in_band: RunSummary | None
    """The best path that ends with its balance inside ``target_balance``."""
    reachable_endings: tuple[str, ...]
    unreachable_endings: tuple[str, ...]
    scenes_entered: frozenset[str]
    offered_choices: frozenset[str]
    """Choices offered in at least one reachable state."""
    dead_ends: tuple[DeadEnd, ...]
    errors: tuple[StepError, ...]
    capped: int
    """States not expanded because they sit at the engine's decision cap."""
    stopped: str | None
    """Why the search stopped early: ``"max-states"``, ``"time"`` or None."""
    seconds: float

    @property
    def endings(self) -> dict[str, list[str]]:
        return {
            "reachable": list(self.reachable_endings),
            "unreachable": list(self.unreachable_endings),
        }
