"""Errors that stop a playthrough; each message names the scene and what was possible."""

from __future__ import annotations


class EngineError(Exception):
    """A playthrough cannot go on (no choice offered, decision cap, division by zero...)."""


class ChoiceNotOffered(EngineError):
    def __init__(self, scene: str, choice: str, offered: list[str]) -> None:
        self.scene = scene
        self.choice = choice
        self.offered = offered
        listed = ", ".join(offered) if offered else "(none)"
        super().__init__(f"choice '{choice}' is not offered in scene '{scene}'; offered: {listed}")


class AlreadyFinished(EngineError):
    def __init__(self, scene: str, choice: str) -> None:
        self.scene = scene
        self.choice = choice
        super().__init__(
            f"choice '{choice}' comes after the ending '{scene}': the attempt is finished"
        )
