"""Command-palette entries (Ctrl+P) for the trainee's main actions, in one place."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.ui.app import FrontlijnApp


class TraineeCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
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
                yield _("Mijn resultaten"), _("Eerdere pogingen en debriefs"), app.action_results
                yield _("Afmelden"), _("Terug naar het aanmeldscherm"), app.action_sign_out
        screen = app.screen
        suspend = getattr(screen, "action_suspend", None)
        if suspend is not None:
            yield _("Pauzeren"), _("Stop even; je kunt later verder"), suspend
        again = getattr(screen, "action_again", None)
        if again is not None:
            yield _("Nog eens spelen"), _("Speel deze casus opnieuw"), again

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
