"""Command-palette entries (Ctrl+P) for the trainee's main actions, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from frontlijn_game.i18n import _
from frontlijn_game.ui.kit.palette import ActionPalette, Entry

if TYPE_CHECKING:
    from frontlijn_game.ui.app import FrontlijnApp


class TraineeCommands(ActionPalette):
    def entries(self) -> Iterator[Entry]:
        app = cast("FrontlijnApp", self.app)
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
            if app.settings.record:
                yield (
                    _("Mijn resultaten"),
                    _("Eerdere pogingen en nabesprekingen"),
                    app.action_results,
                )
                yield _("Afmelden"), _("Terug naar het aanmeldscherm"), app.action_sign_out
        screen = app.screen
        suspend = getattr(screen, "action_suspend", None)
        if suspend is not None:
            yield _("Pauzeren"), _("Stop even; je kunt later verder"), suspend
        again = getattr(screen, "action_again", None)
        if again is not None:
            yield _("Nog eens spelen"), _("Speel deze casus opnieuw"), again
