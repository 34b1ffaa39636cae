"""Command-palette entries (Ctrl+P) for the trainee's main actions, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

from frontlijn_game.i18n import _
from frontlijn_game.ui.kit.palette import ActionPalette, Entry
from frontlijn_game.ui.trainee_app import TraineeApp


class PaletteApp(TraineeApp, Protocol):
    """The app actions the palette offers (``ui.app.FrontlijnApp`` has them; typing it by
    this protocol keeps ``ui.app`` -> ``ui.commands`` one way)."""

    def action_scoring_help(self) -> None: ...

    def action_glossary(self) -> None: ...

    def action_toggle_theme(self) -> None: ...

    def action_home(self) -> None: ...

    def action_results(self) -> None: ...

    def action_sign_out(self) -> None: ...


class TraineeCommands(ActionPalette):
    def entries(self) -> Iterator[Entry]:
        app = cast("PaletteApp", self.app)
        signed_in = app.trainee is not None
        yield (
            _("Uitleg score"),
            _("Hoe hulp, sanctie en balans je score bepalen"),
            (app.action_scoring_help),
        )
        yield (
            _("Begrippen"),
            _("Wat een maatregel is, wie erover beslist en op welke grond"),
            (app.action_glossary),
        )
        yield (
            _("Licht of donker thema"),
            _("Wissel tussen licht en donker"),
            (app.action_toggle_theme),
        )
        if signed_in:
            yield _("Naar start"), _("Je casussen en modules"), app.action_home
            if app.services.settings.record:
                yield (
                    _("Mijn resultaten"),
                    _("Eerdere pogingen en nabesprekingen"),
                    app.action_results,
                )
                yield _("Afmelden"), _("Terug naar het aanmeldscherm"), app.action_sign_out
        screen = self.app.screen
        suspend = getattr(screen, "action_suspend", None)
        if suspend is not None:
            yield _("Pauzeren"), _("Stop even; je kunt later verder"), suspend
        again = getattr(screen, "action_again", None)
        if again is not None:
            yield _("Nog eens spelen"), _("Speel deze casus opnieuw"), again
