"""What to do with an open attempt: resume, restart or abandon (or go back)."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt

OpenAction = Literal["resume", "restart", "abandon"]


class OpenAttemptDialog(ModalScreen[OpenAction | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose(None)", _("Terug")),
        Binding("h", "choose('resume')", _("Hervatten")),
        Binding("o", "choose('restart')", _("Opnieuw")),
        Binding("a", "choose('abandon')", _("Afbreken")),
    ]

    def __init__(self, title: str, decisions: int, updated: object) -> None:
        super().__init__()
        self.case_title = title
        self.decisions = decisions
        self.updated = updated

    def compose(self) -> ComposeResult:
        count = ngettext("{n} beslissing", "{n} beslissingen", self.decisions).format(
            n=self.decisions
        )
        with Vertical(classes="dialog"):
            yield Static(
                _("Je bent bezig met {title}: {count}, laatst op {when}.").format(
                    title=self.case_title,
                    count=count,
                    when=fmt.when(self.updated),  # type: ignore[arg-type]
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                # The keys on the buttons: a modal dialog has no footer to show them in.
                yield Button(_("Hervatten (h)"), variant="primary", id="resume")
                yield Button(_("Opnieuw (o)"), id="restart")
                yield Button(_("Afbreken (a)"), variant="error", id="abandon")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)  # type: ignore[arg-type]

    def action_choose(self, action: OpenAction | None) -> None:
        self.dismiss(action)
