"""Sign-in: type your code, then the PIN step; a new code comes only from the explicit
"Nieuwe code" action. Codes are never listed, and the screen answers alike for a known
and an unknown code until the PIN is checked (no database call before the PIN dialog)."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Label, Static

from frontlijn_game.i18n import _
from frontlijn_game.service.errors import message_of
from frontlijn_game.service.serving import pin_required
from frontlijn_game.service.trainee import Lookup, Trainee
from frontlijn_game.ui.screens.base import Failed, TraineeScreen


class SignInScreen(TraineeScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_code", _("Nieuwe code"), priority=True),
    ]
    AUTO_FOCUS = "#code"

    class LookedUp(Message):
        def __init__(self, code: str, result: Lookup) -> None:
            super().__init__()
            self.code = code
            self.result = result

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.preset = code
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(), Vertical(id="signin"):
            yield Static(_("Welkom bij Frontlijn"), classes="screen-title")
            yield Static(
                _(
                    "Oefen met lastige casussen uit de frontlijn: wanneer help je, "
                    "wanneer sanctioneer je, en lukt het om allebei te doen?"
                ),
                classes="lead",
            )
            yield Label(_("Je code"))
            yield Input(placeholder=_("bijvoorbeeld jw-4821"), id="code", max_length=64)
            yield Static("", id="signin-message", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Aanmelden"), variant="primary", id="signin-ok")
                yield Button(_("Nieuwe code"), id="signin-new")
            yield Static(
                _(
                    "Nieuw? Kies Nieuwe code (Ctrl+N) en onthoud je code: daarmee speel je "
                    "later verder. Hoofdletters tellen niet: t001 is T001."
                ),
                classes="muted",
            )
        yield Footer()

    @property
    def input_held(self) -> bool:
        """While "Even geduld…" shows, keys go nowhere (the app's input guard reads
        this): scripted or impatient keys must not fill the code field meanwhile."""
        return self.busy

    @property
    def pin_required(self) -> bool:
        """A PIN for every code in a browser, and for every code a server keeps."""
        return pin_required() or self.services.settings.server is not None

    def on_mount(self) -> None:
        self.sub_title = _("Aanmelden")
        if self.preset:
            self.query_one("#code", Input).value = self.preset
            self.busy = True
            self.say(_("Even geduld…"))
            self.lookup(self.preset)

    def reset(self) -> None:
        """Signed out: an empty form again."""
        self.busy = False
        self.query_one("#code", Input).value = ""
        self.query_one("#code", Input).focus()
        self.say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "signin-new":
            self.action_new_code()
        else:
            self.submit(self.query_one("#code", Input).value)

    def say(self, text: str) -> None:
        self.query_one("#signin-message", Static).update(text)

    def submit(self, raw: str) -> None:
        """The code step: check its form here, everything else in the PIN dialog."""
        from frontlijn_game.service.trainee import Progress, code_rule

        code = raw.strip()
        if not code:
            self.say(_("Typ je code, of kies Nieuwe code."))
            return
        if not Progress.valid_code(code):
            self.say(code_rule())
            return
        if self.busy:
            return
        self.say("")
        self.ask_pin(code)

    def ask_pin(self, code: str) -> None:
        from frontlijn_game.ui.dialogs.pin import PinDialog

        self.busy = True
        self.app.push_screen(PinDialog(code, require_pin=self.pin_required), self.done)

    def action_new_code(self) -> None:
        from frontlijn_game.service.trainee import Progress
        from frontlijn_game.ui.dialogs.pin import NewTraineeDialog

        if self.busy:
            return
        typed = self.query_one("#code", Input).value.strip()
        code = typed if Progress.valid_code(typed) else Progress.suggest_code()
        self.busy = True
        self.say("")
        self.app.push_screen(NewTraineeDialog(code, require_pin=self.pin_required), self.done)

    def done(self, trainee: Trainee | None) -> None:
        """A dialog closed: signed in, or back to the form."""
        self.busy = False
        if trainee is None:
            self.query_one("#code", Input).focus()
            return
        self.frontlijn.signed_in(trainee)

    @work(thread=True, exclusive=True, group="signin")
    def lookup(self, code: str) -> None:
        """Only for a code given on the command line (``--trainee``): the terminal's own
        user may be sent straight to making it."""
        try:
            result = self.services.progress().lookup(code)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.LookedUp(code, result))

    def on_failed(self, message: Failed) -> None:
        message.prevent_default()  # said here, not again by the base screen
        self.busy = False
        self.say(message.text)

    def on_sign_in_screen_looked_up(self, message: LookedUp) -> None:
        from frontlijn_game.ui.dialogs.pin import NewTraineeDialog

        self.say("")
        if message.result == "new":
            self.app.push_screen(
                NewTraineeDialog(message.code, require_pin=self.pin_required), self.done
            )
        elif message.result == "open" and not self.pin_required:
            self.open_sign_in(message.code)
        else:
            self.ask_pin(message.code)

    @work(thread=True, exclusive=True, group="signin")
    def open_sign_in(self, code: str) -> None:
        """``--trainee`` with a code without PIN: signed in at once, as before."""
        try:
            trainee = self.services.progress().sign_in(code, None)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.SignedIn(trainee))

    class SignedIn(Message):
        def __init__(self, trainee: Trainee) -> None:
            super().__init__()
            self.trainee = trainee

    def on_sign_in_screen_signed_in(self, message: SignedIn) -> None:
        self.done(message.trainee)
