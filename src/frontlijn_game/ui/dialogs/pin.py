"""Signing in with a PIN (``PinDialog``) and making a new code (``NewTraineeDialog``).

Both dialogs do their own database call in a thread worker and stay open on a refusal,
with the reason: a wrong PIN counts the wait down in the dialog (the OK button is off
until it is over), a taken code says why. They dismiss with the signed-in
:class:`~frontlijn_game.service.trainee.Trainee`, or None when the trainee goes back.

The PIN dialog is shown for every well-formed code, known or not, and answers an unknown
code exactly as a wrong PIN (same words, same wait, the same scrypt work in the store):
the sign-in never tells whether a code exists.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Static

from frontlijn_game.i18n import _, ngettext

if TYPE_CHECKING:
    from frontlijn_game.service.resources import Services
    from frontlijn_game.service.trainee import Trainee
    from frontlijn_game.ui.trainee_app import TraineeApp

PIN_PATTERN = r"[0-9]{4,12}"


class _Answer(Message):
    """The worker's answer: a trainee, or a refusal with its text and wait."""

    def __init__(self, trainee: Trainee | None, text: str = "", seconds: int = 0) -> None:
        super().__init__()
        self.trainee = trainee
        self.text = text
        self.seconds = seconds


class _SignInDialog(ModalScreen["Trainee | None"]):
    """What both dialogs share: a worker that asks the store, and the refusal shown."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", _("Terug"))]
    MESSAGE_ID = "pin-message"

    def __init__(self, require_pin: bool = False) -> None:
        super().__init__()
        self.require_pin = require_pin
        self.busy = False

    @property
    def input_held(self) -> bool:
        """While the store is asked, keys go nowhere (the app's input guard reads this):
        digits typed meanwhile must not become the next PIN or a second submit."""
        return self.busy

    @property
    def services(self) -> Services:
        """The trainee app's services (the dialog needs nothing else of the app)."""
        return cast("TraineeApp", self.app).services

    def say(self, text: str) -> None:
        self.query_one(f"#{self.MESSAGE_ID}", Static).update(text)

    def ask(self, call: Any) -> None:
        """Run ``call(progress)`` in a worker; its trainee or refusal comes back as _Answer."""
        self.busy = True
        self.say(_("Even geduld…"))
        self._ask(call)

    @work(thread=True, exclusive=True, group="pin")
    def _ask(self, call: Any) -> None:
        from frontlijn_game.service.errors import message_of
        from frontlijn_game.service.trainee import TooSoon, WrongPin

        try:
            trainee = call(self.services.progress())
        except TooSoon as exc:
            self.post_message(_Answer(None, _("Te snel na een verkeerde pincode."), exc.seconds))
            return
        except WrongPin as exc:
            self.post_message(_Answer(None, str(exc), exc.seconds))
            return
        except Exception as exc:
            self.post_message(_Answer(None, message_of(exc)))
            return
        self.post_message(_Answer(trainee))

    def on__answer(self, message: _Answer) -> None:
        message.stop()
        self.busy = False
        if message.trainee is not None:
            if self.require_pin and not message.trainee.has_pin:
                self.say(
                    _(
                        "Code {code} heeft geen pincode. In de browser meld je je alleen aan "
                        "met een code met pincode; vraag je begeleider er een in te stellen."
                    ).format(code=message.trainee.code)
                )
                return
            self.dismiss(message.trainee)
            return
        self.refused(message.text, message.seconds)

    def refused(self, text: str, seconds: int) -> None:
        self.say(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        raise NotImplementedError  # pragma: no cover - every dialog defines it


class PinDialog(_SignInDialog):
    """The PIN step of every sign-in; dismisses with the trainee or None (back)."""

    def __init__(self, code: str, require_pin: bool = False) -> None:
        super().__init__(require_pin)
        self.code = code
        self.remaining = 0
        """Seconds before the next try is sent (counted down on screen)."""
        self.refusal = ""
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _("Aanmelden met code {code}.").format(code=self.code), classes="dialog-text"
            )
            yield Label(
                _("Pincode")
                if self.require_pin
                else _("Pincode (laat leeg als je code geen pincode heeft)")
            )
            yield Input(password=True, id="pin", max_length=12)
            yield Static("", id="pin-message", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Aanmelden"), variant="primary", id="ok")
                yield Button(_("Terug"), id="back")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if self.busy or self.remaining > 0:
            return
        pin = self.query_one("#pin", Input).value.strip()
        if not pin and self.require_pin:
            self.say(_("Typ je pincode."))
            return
        code = self.code
        self.ask(lambda progress: progress.sign_in(code, pin or None))

    def refused(self, text: str, seconds: int) -> None:
        self.query_one("#pin", Input).value = ""
        self.refusal = text
        self.remaining = seconds
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.set_interval(1.0, self.count_down) if seconds > 0 else None
        self.show_wait()

    def count_down(self) -> None:
        """One second less to wait; at zero the OK button is on again."""
        self.remaining = max(0, self.remaining - 1)
        if self.remaining == 0 and self.timer is not None:
            self.timer.stop()
            self.timer = None
        self.show_wait()

    def show_wait(self) -> None:
        button = self.query_one("#ok", Button)
        button.disabled = self.remaining > 0
        if self.remaining > 0:
            wait = ngettext(
                "Probeer het over {n} seconde opnieuw.",
                "Probeer het over {n} seconden opnieuw.",
                self.remaining,
            ).format(n=self.remaining)
        else:
            wait = _("Probeer het opnieuw.")
        self.say(f"{self.refusal} {wait}")


class NewTraineeDialog(_SignInDialog):
    """Make a new code (the explicit "new code" action), with an optional PIN typed twice."""

    MESSAGE_ID = "new-message"

    def __init__(self, code: str = "", require_pin: bool = False) -> None:
        super().__init__(require_pin)
        self.code = code

    def compose(self) -> ComposeResult:
        # Compact inputs (one line each): at 80x24 the whole dialog, and above all the
        # "remember it" line, fits without scrolling.
        with Vertical(classes="dialog compact-form"):
            yield Static(
                _("Onthoud je code: je hebt hem nodig om verder te spelen."),
                classes="dialog-text warning",
            )
            yield Label(_("Nieuwe code (neem deze over of typ je eigen)"))
            yield Input(value=self.code, id="new-code", max_length=64, compact=True)
            yield Label(
                _("Pincode (4-12 cijfers)")
                if self.require_pin
                else _("Pincode (mag leeg, 4-12 cijfers)")
            )
            yield Input(password=True, id="pin", max_length=12, restrict=r"[0-9]*", compact=True)
            yield Label(_("Pincode nog een keer"))
            yield Input(password=True, id="pin2", max_length=12, restrict=r"[0-9]*", compact=True)
            yield Static("", id="new-message", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Aanmaken"), variant="primary", id="ok")
                yield Button(_("Terug"), id="back")

    def on_mount(self) -> None:
        self.query_one("#pin" if self.code else "#new-code", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "new-code" and event.value:
            self.query_one("#pin", Input).focus()
            return
        if event.input.id == "pin" and event.value:
            self.query_one("#pin2", Input).focus()
            return
        self.submit()

    def submit(self) -> None:
        from frontlijn_game.service.trainee import Progress, code_rule

        if self.busy:
            return
        code = self.query_one("#new-code", Input).value.strip()
        pin = self.query_one("#pin", Input).value.strip()
        again = self.query_one("#pin2", Input).value.strip()
        if not code:
            self.say(_("Typ een code."))
            return
        if not Progress.valid_code(code):
            self.say(code_rule())
            return
        if self.require_pin and not pin:
            self.say(_("Kies een pincode van 4 tot 12 cijfers: hier is die verplicht."))
            return
        if pin and not re.fullmatch(PIN_PATTERN, pin):
            self.say(_("Een pincode heeft 4 tot 12 cijfers."))
            return
        if pin != again:
            self.say(_("De twee pincodes zijn niet gelijk."))
            return
        self.ask(lambda progress: progress.create(code, pin or None))
