"""The leader app's first screen: a leader's name and password, nothing else.

Also the screen a trainee app would get if it ever switched to the leader mode: there it
shows a refusal and sends the app back to the trainee screens (see ``auth``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from frontlijn_game.i18n import _
from frontlijn_game.service.leader_auth import gate_of, leader_app, sign_in
from frontlijn_game.ui.leader.base import CSS_FILE

if TYPE_CHECKING:
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.leaders import LeaderRecord


class LeaderLoginScreen(Screen[None]):
    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = []
    AUTO_FOCUS = "#leader-name"

    class Answer(Message):
        def __init__(
            self,
            leader: LeaderRecord | None,
            error: str | None = None,
            scope: LeaderScope | None = None,
        ) -> None:
            super().__init__()
            self.leader = leader
            self.error = error
            self.scope = scope

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(), Vertical(id="leader-login"):
            yield Static(_("Frontlijn voor cursusleiders"), classes="screen-title")
            yield Static(
                _("Meld je aan met je naam en wachtwoord als cursusleider."), classes="lead"
            )
            yield Label(_("Naam"))
            yield Input(id="leader-name", max_length=100)
            yield Label(_("Wachtwoord"))
            yield Input(id="leader-password", password=True, max_length=1024)
            yield Static("", id="leader-login-message", classes="error")
            yield Static(
                _(
                    "Nog geen account? Wie de database beheert, maakt het aan met "
                    "'frontlijn leader add NAAM'."
                ),
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Cursusleider") + " · " + _("Aanmelden")
        from frontlijn_game.service.resources import CONSOLE_KEY

        console = self.app.services.settings.extra.get(CONSOLE_KEY)  # type: ignore[attr-defined]
        if console is not None and leader_app(self.app):
            # ``frontlijn session open|console``: the leader signed in on the command line.
            from frontlijn_game.ui.leader.session_console import SessionConsoleScreen

            code, leader, scope = console
            sign_in(self.app, leader, scope)
            self.app.push_screen(SessionConsoleScreen(code))

    def say(self, text: str) -> None:
        self.query_one("#leader-login-message", Static).update(text)

    def reset(self, text: str = "") -> None:
        self.busy = False
        self.query_one("#leader-password", Input).value = ""
        self.query_one("#leader-name", Input).focus()
        self.say(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "leader-name":
            self.query_one("#leader-password", Input).focus()
            return
        self.submit()

    def submit(self) -> None:
        name = self.query_one("#leader-name", Input).value.strip()
        password = self.query_one("#leader-password", Input).value
        if not name:
            self.say(_("Typ je naam."))
            self.query_one("#leader-name", Input).focus()
            return
        if not password:
            self.say(_("Typ je wachtwoord."))
            return
        if self.busy:
            return
        self.busy = True
        self.say(_("Controleren…"))
        self.check(name, password)

    @work(thread=True, exclusive=True, group="leader-login")
    def check(self, name: str, password: str) -> None:
        try:
            if not leader_app(self.app):
                raise PermissionError
            services = self.app.services  # type: ignore[attr-defined]
            progress = services.progress()
            store = getattr(progress, "store", None)
            if store is None:
                raise RuntimeError(_("Het dashboard heeft een voortgangsdatabase nodig."))
            leader = gate_of(self.app).login(store, name, password)
            scope = None
            if leader is not None:
                from frontlijn_game.service.scope import scope_of_record

                scope = scope_of_record(store, leader)
        except PermissionError:
            self.post_message(self.Answer(None, _("Geen toegang.")))
            return
        except Exception as exc:
            from frontlijn_game.service.errors import leader_message

            self.post_message(self.Answer(None, leader_message(exc)))
            return
        self.post_message(self.Answer(leader, scope=scope))

    def on_leader_login_screen_answer(self, message: Answer) -> None:
        self.busy = False
        password = self.query_one("#leader-password", Input)
        password.value = ""
        if message.error is not None:
            self.say(message.error)
            return
        if message.leader is None:
            self.say(
                _(
                    "Naam of wachtwoord klopt niet. Na elke mislukte poging duurt het "
                    "langer voor je het opnieuw kunt proberen."
                )
            )
            password.focus()
            return
        if message.scope is None:
            self.say(_("Geen toegang."))
            return
        self.enter(message.leader, message.scope)

    def enter(self, leader: LeaderRecord, scope: LeaderScope) -> None:
        """Go to the dashboard as ``leader`` (a record :class:`LoginGate` returned),
        seeing ``scope``."""
        from frontlijn_game.ui.leader.cohorts import CohortsScreen

        sign_in(self.app, leader, scope)
        self.say("")
        self.app.push_screen(CohortsScreen())


class RefusedScreen(Screen[None]):
    """What a trainee session gets for the leader mode: nothing, and back it goes."""

    def compose(self) -> ComposeResult:
        yield Static(_("Geen toegang."), id="leader-refused")

    def on_mount(self) -> None:
        self.app.call_later(self._back)

    async def _back(self) -> None:
        from textual.app import UnknownModeError

        app = self.app
        app.notify(_("Geen toegang."), severity="warning")
        if app.current_mode == "trainee":
            return
        try:
            await app.switch_mode("trainee")
        except UnknownModeError:  # an app without trainee screens: nothing to go back to
            app.exit()


__all__ = ["LeaderLoginScreen", "RefusedScreen"]
