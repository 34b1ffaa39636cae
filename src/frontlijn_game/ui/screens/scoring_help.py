"""How scoring works: help, sanction, balance, the band, the verdicts, the total."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from frontlijn_game.i18n import _
from frontlijn_game.service.scoring_text import scoring_markdown


class ScoringHelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Sluiten")),
        Binding("q", "close", _("Sluiten"), show=False),
    ]
    AUTO_FOCUS = "#scoring-help"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scoring-help", classes="dialog wide"):
            yield Markdown(scoring_markdown())
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
