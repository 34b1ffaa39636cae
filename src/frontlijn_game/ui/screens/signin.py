"""Sign-in: type your code (a new one is made on the spot); codes are never listed."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Input, Label, Static

from frontlijn_game.ui.i18n import _
from frontlijn_game.ui.progress import Lookup, Trainee
from frontlijn_game.ui.screens.base import Failed, TraineeScreen, message_of
from frontlijn_game.ui.serve_entry import pin_required


class SignInScreen(TraineeScreen):
    BINDINGS: ClassVar[list[BindingType]] = []
    AUTO_FOCUS = "#code"

    class LookedUp(Message):
        def __init__(self, code: str, result: Lookup) -> None:
            super().__init__()
            self.code = code
            self.result = result

    class SignedIn(Message):
        def __init__(self, trainee: Trainee) -> None:
            super().__init__()
            self.trainee = trainee

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
            yield Input(
                placeholder=_("bijvoorbeeld jw-4821"),
                id="code",
                max_length=64,
                restrict=r"[A-Za-z0-9._-]*",
            )
            yield Static("", id="signin-message", classes="error")
            yield Static(
                _(
                    "Nieuw? Verzin een code en onthoud hem: daarmee speel je later verder. "
                    "Je kunt hem beveiligen met een pincode."
                ),
                classes="muted",
            )
        yield Footer()

    @property
    def input_held(self) -> bool:
        """While "Even geduld…" shows, keys go nowhere (the app's input guard reads
        this): scripted or impatient keys must not fill the code field meanwhile."""
        return self.busy

    def on_mount(self) -> None:
        self.sub_title = _("Aanmelden")
        if self.preset:
            self.query_one("#code", Input).value = self.preset
            self.submit(self.preset)

    def reset(self) -> None:
        """Signed out: an empty form again."""
        self.busy = False
        self.query_one("#code", Input).value = ""
        self.query_one("#code", Input).focus()
        self.say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def say(self, text: str) -> None:
        self.query_one("#signin-message", Static).update(text)

    def submit(self, raw: str) -> None:
        from frontlijn_game.ui.progress import Progress

        code = raw.strip()
        if not code:
            self.say(_("Typ je code."))
            return
        if not Progress.valid_code(code):
            self.say(_("Een code bestaat uit letters, cijfers, '.', '_' of '-'."))
            return
        if self.busy:
            return
        self.busy = True
        self.say(_("Even geduld…"))
        self.lookup(code)

    @work(thread=True, exclusive=True, group="signin")
    def lookup(self, code: str) -> None:
        try:
            result = self.services.progress().lookup(code)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.LookedUp(code, result))

    @work(thread=True, exclusive=True, group="signin")
    def sign_in(self, code: str, pin: str | None, create: bool = False) -> None:
        from frontlijn_game.ui.progress import WrongPin

        try:
            progress = self.services.progress()
            trainee = progress.create(code, pin) if create else progress.sign_in(code, pin)
        except WrongPin as exc:
            self.post_message(Failed(str(exc)))
            return
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.SignedIn(trainee))

    def on_failed(self, message: Failed) -> None:
        self.busy = False
        self.say(message.text)

    def on_sign_in_screen_looked_up(self, message: LookedUp) -> None:
        code = message.code
        if message.result == "open":
            if pin_required():
                self.busy = False
                self.say(
                    _(
                        "Code {code} heeft geen pincode. In de browser meld je je alleen aan "
                        "met een code met pincode; vraag je begeleider er een in te stellen."
                    ).format(code=code)
                )
                return
            self.sign_in(code, None)
        elif message.result == "pin":
            from frontlijn_game.ui.dialogs.pin import PinDialog

            def with_pin(pin: str | None) -> None:
                if pin is None:
                    self.busy = False
                    self.say("")
                    return
                self.sign_in(code, pin)

            self.app.push_screen(PinDialog(code), with_pin)
        else:
            from frontlijn_game.ui.dialogs.pin import NewTrainee, NewTraineeDialog

            def with_new(answer: NewTrainee | None) -> None:
                if answer is None or (answer.pin is None and pin_required()):
                    self.busy = False
                    self.say("")
                    return
                self.sign_in(code, answer.pin, create=True)

            self.app.push_screen(NewTraineeDialog(code, require_pin=pin_required()), with_new)

    def on_sign_in_screen_signed_in(self, message: SignedIn) -> None:
        self.busy = False
        self.frontlijn.signed_in(message.trainee)
