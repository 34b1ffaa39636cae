"""What trainee screens and dialogs ask of their app, as a protocol.

``ui.app.FrontlijnApp`` imports the screens (lazily, as they are shown); the screens type
their app by this protocol instead of importing ``ui.app`` back, so ``ui/screens`` and
``ui/dialogs`` form no import loop with the app module. ``tests/ui/test_trainee_app.py``
lets mypy check that the app provides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.resources import Services
    from frontlijn_game.service.trainee import Trainee
    from frontlijn_game.store.records import AttemptRecord
    from frontlijn_game.ui.input_guard import InputGuard


class TraineeApp(Protocol):
    """What trainee screens ask of their app (``ui.app.FrontlijnApp`` is one; a test
    checks it)."""

    services: Services
    input_guard: InputGuard

    @property
    def trainee(self) -> Trainee | None: ...

    def signed_in(self, trainee: Trainee) -> None: ...

    def go_home(self) -> None: ...

    def open_case(self, scenario_id: str) -> None: ...

    def play(
        self, scenario: Scenario, state: Any, attempt_id: int, replace: bool = False
    ) -> None: ...

    def debrief(
        self,
        scenario: Scenario,
        state: Any,
        attempt: AttemptRecord | None = None,
        replace: bool = True,
    ) -> None: ...


__all__ = ["TraineeApp"]
