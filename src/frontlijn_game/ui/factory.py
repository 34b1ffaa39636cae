"""The one place that builds the app: the command line and the tests both come here.

``build_app`` takes the command line's settings; tests pass a fixed content folder, a
temporary database and a seed, so every run looks the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import set_language

if TYPE_CHECKING:
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.service.trainee import ProgressLike
    from frontlijn_game.ui.app import FrontlijnApp
    from frontlijn_game.ui.input_guard import InputGuard


def build_app(
    content_dir: str | Path,
    db_url: str | None = None,
    *,
    lang: str = "nl",
    record: bool = True,
    scenario: str | None = None,
    trainee: str | None = None,
    seed: int | None = None,
    shuffle: bool = True,
    server: str | None = None,
    server_ca: str | None = None,
    mode: str = "trainee",
    library: Library | None = None,
    progress: ProgressLike | None = None,
    input_guard: InputGuard | None = None,
    extra: Mapping[str, Any] | None = None,
) -> FrontlijnApp:
    """The trainee app (``mode="trainee"``) or any other registered mode.

    ``server`` (a ``frontlijn web`` URL) keeps the progress there: no database is opened
    here, and the cases come from the server. ``library`` and ``progress`` replace the ones the app would load itself (tests);
    ``input_guard`` replaces the one that ignores keys right after a screen appears
    (tests pass ``InputGuard(delay=0)`` or one with a clock they move). ``extra`` goes
    into ``Settings.extra`` (a live session to join or to lead: ``service.resources.JOIN_KEY``,
    ``CONSOLE_KEY``).
    """
    set_language(lang)
    from frontlijn_game.service.resources import Services, Settings
    from frontlijn_game.ui.app import FrontlijnApp

    settings = Settings(
        content_dir=Path(content_dir),
        db_url=db_url,
        lang=lang,
        record=record,
        scenario_ref=scenario,
        trainee=trainee,
        seed=seed,
        shuffle=shuffle,
        server=server,
        server_ca=server_ca,
    )
    settings.extra.update(extra or {})
    services = Services(settings, library=library, progress=progress)
    return FrontlijnApp(services, mode=mode, input_guard=input_guard)
