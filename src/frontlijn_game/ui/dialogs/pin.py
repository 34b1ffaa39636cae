"""Asking for a PIN (``PinDialog``) and making a new code (``NewTraineeDialog``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from frontlijn_game.ui.i18n import _

PIN_PATTERN = r"[0-9]{4,12}"


class PinDialog(ModalScreen[str | None]):
    """The PIN of a protected code; dismisses with the PIN or None (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", _("Terug"))]

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__()
        self.code = code
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _("Code {code} is beveiligd met een pincode.").format(code=self.code),
                classes="dialog-text",
            )
            yield Label(_("Pincode"))
            yield Input(password=True, id="pin", max_length=12)
            yield Static(self.message, id="pin-message", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Aanmelden"), variant="primary", id="ok")
                yield Button(_("Terug"), id="back")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        pin = self.query_one("#pin", Input).value.strip()
        if not pin:
            self.query_one("#pin-message", Static).update(_("Typ je pincode."))
            return
        self.dismiss(pin)

    def action_back(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NewTrainee:
    pin: str | None


class NewTraineeDialog(ModalScreen[NewTrainee | None]):
    """Confirm a new code, with an optional PIN typed twice."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", _("Terug"))]

    def __init__(self, code: str, require_pin: bool = False) -> None:
        super().__init__()
        self.code = code
        self.require_pin = require_pin

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _(
                    "Code {code} is nieuw. Maak hem aan en onthoud hem goed: "
                    "je hebt hem nodig om verder te spelen."
                ).format(code=self.code),
                classes="dialog-text",
            )
            yield Label(
                _("Pincode (4-12 cijfers)")
                if self.require_pin
                else _("Pincode (mag leeg, 4-12 cijfers)")
            )
            yield Input(password=True, id="pin", max_length=12, restrict=r"[0-9]*")
            yield Label(_("Pincode nog een keer"))
            yield Input(password=True, id="pin2", max_length=12, restrict=r"[0-9]*")
            yield Static("", id="new-message", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Aanmaken"), variant="primary", id="ok")
                yield Button(_("Terug"), id="back")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "pin" and event.value:
            self.query_one("#pin2", Input).focus()
            return
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        import re

        pin = self.query_one("#pin", Input).value.strip()
        again = self.query_one("#pin2", Input).value.strip()
        message = self.query_one("#new-message", Static)
        if self.require_pin and not pin:
            message.update(_("Kies een pincode van 4 tot 12 cijfers: hier is die verplicht."))
            return
        if pin and not re.fullmatch(PIN_PATTERN, pin):
            message.update(_("Een pincode heeft 4 tot 12 cijfers."))
            return
        if pin != again:
            message.update(_("De twee pincodes zijn niet gelijk."))
            return
        self.dismiss(NewTrainee(pin or None))

    def action_back(self) -> None:
        self.dismiss(None)
