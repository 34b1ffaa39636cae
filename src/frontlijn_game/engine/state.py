"""A playthrough's state as plain data: it saves to JSON and restores exactly.

The RNG is not stored as an object: draw number ``k`` of a playthrough is taken from
``random.Random(f"{seed}/{k}")``, so ``seed`` plus the number of draws made so far (the
length of ``draws``) is the whole RNG state. That keeps resume and replay exact without
pickling a Mersenne Twister.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from frontlijn_game.scenario.model import Value

Status = Literal["active", "finished"]


@dataclass(slots=True)
class PlayState:
    scene: str
    variables: dict[str, Value]
    seed: int
    visited: list[str] = field(default_factory=list)
    """Scene ids in order of first visit."""
    revealed: list[str] = field(default_factory=list)
    """Fact ids in order of first reveal."""
    chosen: list[str] = field(default_factory=list)
    """Choice ids taken, in order; a choice taken twice appears twice."""
    draws: list[str] = field(default_factory=list)
    """The scene each random goto led to, in order."""
    status: Status = "active"

    @property
    def decisions(self) -> int:
        return len(self.chosen)

    def copy(self) -> PlayState:
        return PlayState(
            scene=self.scene,
            variables=dict(self.variables),
            seed=self.seed,
            visited=list(self.visited),
            revealed=list(self.revealed),
            chosen=list(self.chosen),
            draws=list(self.draws),
            status=self.status,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "variables": dict(self.variables),
            "seed": self.seed,
            "visited": list(self.visited),
            "revealed": list(self.revealed),
            "chosen": list(self.chosen),
            "draws": list(self.draws),
            "status": self.status,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlayState:
        status = data.get("status", "active")
        if status not in ("active", "finished"):
            raise ValueError(f"unknown playthrough status {status!r}")
        return cls(
            scene=str(data["scene"]),
            variables=dict(data["variables"]),
            seed=int(data["seed"]),
            visited=[str(s) for s in data.get("visited", [])],
            revealed=[str(s) for s in data.get("revealed", [])],
            chosen=[str(s) for s in data.get("chosen", [])],
            draws=[str(s) for s in data.get("draws", [])],
            status=status,
        )
