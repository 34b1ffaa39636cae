"""The Textual app: modes, app-wide keys, and the moves between the trainee's screens.

Start-up is kept light: this module imports only Textual; every screen module is imported
when it is first shown, and the case library and the database are opened in thread
workers once the first screen is painted (see :mod:`frontlijn_game.service.resources`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from frontlijn_game.i18n import _
from frontlijn_game.service.resources import JOIN_KEY, Services, Settings
from frontlijn_game.ui.input_guard import GUARDED_EVENTS, InputGuard
from frontlijn_game.ui.language import LanguageApp
from frontlijn_game.ui.modes import available_modes
from frontlijn_game.ui.textual_compat import apply_auto_focus

if TYPE_CHECKING:
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.trainee import Trainee
    from frontlijn_game.store.records import AttemptRecord

DARK_THEME = "textual-dark"  # Textual's default
LIGHT_THEME = "textual-light"


def _trainee_commands() -> type[Any]:
    from frontlijn_game.ui.commands import TraineeCommands

    return TraineeCommands


class FrontlijnApp(LanguageApp):
    """``frontlijn``: sign in, pick a case, play it, learn from the debrief."""

    CSS_PATH = "app.tcss"
    TITLE = "Frontlijn"
    DEFAULT_MODE = "trainee"
    """The app starts in the trainee stack, whose first screen comes from
    :meth:`get_default_screen` (a mode's base screen from ``MODES`` would make Textual
    parse the whole stylesheet once more before the first paint)."""
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = LanguageApp.COMMANDS | {_trainee_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "scoring_help", _("Uitleg score"), priority=True),
        Binding("question_mark", "scoring_help", _("Uitleg score"), show=False),
        Binding("ctrl+t", "toggle_theme", _("Thema"), show=False),  # in the palette
        Binding("ctrl+q", "quit", _("Stoppen"), priority=True),
    ]

    def __init__(
        self, services: Services, mode: str = "trainee", input_guard: InputGuard | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.start_mode = mode
        self.input_guard = input_guard or InputGuard()
        """Keeps keys from running ahead of the trainee's eyes (``ui.input_guard``)."""
        # Only the mode this app was started in: a trainee app (``frontlijn``, every tab of
        # ``frontlijn serve``) has no leader mode at all to switch to, whatever a key, the
        # palette or a bug asks; the leader screens' own login check is the second line.
        for name, factory in available_modes(self.trainee_base_screen).items():
            if name != self.DEFAULT_MODE and name == mode:
                self.add_mode(name, factory)

    @property
    def settings(self) -> Settings:
        return self.services.settings

    # -- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return self.trainee_base_screen()

    async def on_mount(self) -> None:
        # The trainee stack exists now; registering it makes it a mode to switch back to.
        self.add_mode(self.DEFAULT_MODE, self.trainee_base_screen)
        self.screen_change_signal.subscribe(
            self, lambda _screen: self.input_guard.mark(), immediate=True
        )
        if self.start_mode != self.current_mode:
            await self.switch_mode(self.start_mode)
        self.screen.call_after_refresh(self.start_services)

    async def on_event(self, event: events.Event) -> None:
        """Trainee screens: drop input typed before a screen or scene was there, in the
        first moment after it appears, and while the screen waits (``input_held``)."""
        if (
            isinstance(event, GUARDED_EVENTS)
            and not event.is_forwarded
            and self.current_mode == self.DEFAULT_MODE
            and not self.input_guard.allows(event, bool(getattr(self.screen, "input_held", False)))
        ):
            return
        await super().on_event(event)

    def on_app_focus(self) -> None:
        # Served to a browser (textual-serve) the app starts blurred, and Textual skips the
        # first screen's AUTO_FOCUS then: give it focus once the page has it (after
        # Textual's own handler has set app_focus).
        if self.screen.focused is None:
            self.call_later(apply_auto_focus, self.screen)

    def start_services(self) -> None:
        """After the first paint: load the cases and open the database in threads."""
        self.run_worker(self.services.load_library, thread=True, group="startup")
        self.run_worker(self.services.open_progress, thread=True, group="startup")

    def trainee_base_screen(self) -> Screen[Any]:
        if not self.settings.record:
            from frontlijn_game.service.trainee import Trainee

            self.services.trainee = Trainee(_("gast"), False)
            if self.settings.scenario_ref:
                from frontlijn_game.ui.screens.intro import IntroScreen

                return IntroScreen(self.settings.scenario_ref)
            from frontlijn_game.ui.screens.home import HomeScreen

            return HomeScreen()
        from frontlijn_game.ui.screens.signin import SignInScreen

        return SignInScreen(self.settings.trainee)

    async def on_unmount(self) -> None:
        self.services.close()

    # -- moves between screens --------------------------------------------------------

    @property
    def trainee(self) -> Trainee | None:
        return self.services.trainee

    def signed_in(self, trainee: Trainee) -> None:
        from frontlijn_game.ui.screens.home import HomeScreen

        self.services.trainee = trainee
        self.push_screen(HomeScreen())
        join = self.settings.extra.get(JOIN_KEY)
        if isinstance(join, str):
            from frontlijn_game.ui.screens.session import SessionScreen

            self.push_screen(SessionScreen(join))
            return
        if self.settings.scenario_ref:
            from frontlijn_game.ui.screens.intro import IntroScreen

            self.push_screen(IntroScreen(self.settings.scenario_ref))

    def _pop_to(self, predicate: Any) -> None:
        while len(self.screen_stack) > 1 and not predicate(self.screen):
            self.pop_screen()

    def go_home(self) -> None:
        """Back to the home screen (the bottom of the trainee stack), refreshed."""
        from frontlijn_game.ui.screens.home import HomeScreen

        self._pop_to(lambda s: isinstance(s, HomeScreen))
        screen = self.screen
        if isinstance(screen, HomeScreen) or hasattr(screen, "reload"):
            screen.reload()

    def sign_out(self) -> None:
        from frontlijn_game.ui.screens.signin import SignInScreen

        if not self.settings.record:
            self.exit()
            return
        self._pop_to(lambda s: False)
        self.services.trainee = None
        screen = self.screen
        if isinstance(screen, SignInScreen):
            screen.reset()

    def open_case(self, scenario_id: str) -> None:
        from frontlijn_game.ui.screens.intro import IntroScreen

        self.push_screen(IntroScreen(scenario_id))

    def play(
        self,
        scenario: Scenario,
        state: Any,
        attempt_id: int,
        replace: bool = False,
    ) -> None:
        """Show the play screen for a started or resumed attempt."""
        from frontlijn_game.ui.screens.play import PlayScreen

        screen = PlayScreen(scenario, state, attempt_id)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def debrief(
        self,
        scenario: Scenario,
        state: Any,
        attempt: AttemptRecord | None = None,
        replace: bool = True,
    ) -> None:
        from frontlijn_game.ui.screens.debrief import DebriefScreen

        screen = DebriefScreen(scenario, state, attempt)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.refresh_home()

    def refresh_home(self) -> None:
        """Reload the home screen under the current one now, so that it is current the
        moment the trainee goes back to it (not after a load of its own)."""
        from frontlijn_game.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    # -- app-wide actions -------------------------------------------------------------

    def action_scoring_help(self) -> None:
        from frontlijn_game.ui.screens.scoring_help import ScoringHelpScreen

        if isinstance(self.screen, ScoringHelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(ScoringHelpScreen())

    def action_glossary(self) -> None:
        from frontlijn_game.ui.screens.glossary import GlossaryScreen

        if isinstance(self.screen, GlossaryScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(GlossaryScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_results(self) -> None:
        from frontlijn_game.ui.screens.results import ResultsScreen

        if self.trainee is None or not self.settings.record:
            self.notify(_("Meld je eerst aan."), severity="warning")
            return
        if not isinstance(self.screen, ResultsScreen):
            self.push_screen(ResultsScreen())

    def action_home(self) -> None:
        if self.trainee is None:
            return
        self.go_home()

    def action_sign_out(self) -> None:
        self.sign_out()

    async def action_quit(self) -> None:
        suspend = getattr(self.screen, "suspend_before_exit", None)
        if suspend is not None:
            await suspend()
        self.exit()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The game's own entries come from commands.TraineeCommands; keep the theme
        # picker and quit from Textual, in Dutch.
        yield SystemCommand(_("Thema kiezen"), _("Kies een kleurthema"), self.action_change_theme)
        yield SystemCommand(_("Stoppen"), _("Sluit de app af"), self.action_quit)
