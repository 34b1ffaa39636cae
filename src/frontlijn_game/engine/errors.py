"""Errors that stop a playthrough; each message names the scene and what was possible."""

from __future__ import annotations

from frontlijn_game.i18n import _


class EngineError(Exception):
    """A playthrough cannot go on (no choice offered, decision cap, division by zero...)."""


class ChoiceNotOffered(EngineError):
    def __init__(self, scene: str, choice: str, offered: list[str]) -> None:
        self.scene = scene
        self.choice = choice
        self.offered = offered
        listed = ", ".join(offered) if offered else _("(geen)")
        super().__init__(
            _(
                "keuze '{choice}' wordt niet aangeboden in scène '{scene}'; aangeboden: {offered}"
            ).format(choice=choice, scene=scene, offered=listed)
        )


class AlreadyFinished(EngineError):
    def __init__(self, scene: str, choice: str) -> None:
        self.scene = scene
        self.choice = choice
        super().__init__(
            _("keuze '{choice}' komt na het einde '{scene}': de poging is af").format(
                choice=choice, scene=scene
            )
        )
