"""The trainee app provides what its screens ask of it (``ui.trainee_app.TraineeApp``).

The screens type their app by the protocol, so they need not import ``ui.app``; mypy
checks this file, so an app that drops or changes a member the screens use fails here.
"""

from __future__ import annotations

from frontlijn_game.ui.app import FrontlijnApp
from frontlijn_game.ui.commands import PaletteApp
from frontlijn_game.ui.trainee_app import TraineeApp


def as_trainee_app(app: FrontlijnApp) -> TraineeApp:
    return app  # mypy: FrontlijnApp must satisfy the protocol


def as_palette_app(app: FrontlijnApp) -> PaletteApp:
    return app  # the command palette's actions, likewise


def test_the_app_has_every_member_the_screens_use() -> None:
    members = [name for name in TraineeApp.__dict__ if not name.startswith("_")]
    assert members and all(hasattr(FrontlijnApp, name) or name in ("services", "input_guard")
                           for name in members)  # fmt: skip
    assert set(TraineeApp.__annotations__) == {"services", "input_guard"}
    actions = [name for name in PaletteApp.__dict__ if name.startswith("action_")]
    assert actions and all(callable(getattr(FrontlijnApp, name)) for name in actions)
