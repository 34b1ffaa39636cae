"""Glossary: the instruments the cases use — what each is, who decides, what it does and
on what basis — so a trainee can look up a power before using it in a case.

Opened with ``g`` from the intro, play and debrief screens, or from the command palette;
typing filters the entries (every word must occur), the arrow and page keys scroll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from frontlijn_game.i18n import _, language, ngettext

if TYPE_CHECKING:
    from frontlijn_game.service.glossary import Entry


def entry_renderable(entry: Entry) -> Any:
    """One entry: the term in bold, then its four parts under short labels."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim", width=13)
    grid.add_column(ratio=1)
    grid.add_row(_("Wat het is"), entry.what)
    grid.add_row(_("Wie beslist"), entry.who)
    grid.add_row(_("Wat het doet"), entry.does)
    grid.add_row(_("Grondslag"), Text(entry.basis, style="italic"))
    return Group(Text(entry.term, style="bold"), grid, Text(""))


class GlossaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Sluiten")),
        Binding("down", "scroll('down')", show=False),
        Binding("up", "scroll('up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
    ]
    AUTO_FOCUS = "#glossary-search"

    def __init__(self) -> None:
        super().__init__()
        self.entries: tuple[Entry, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=_("Zoek een begrip, bijv. 13b of Veilig Thuis"), id="glossary-search"
        )
        yield Static("", id="glossary-count", classes="muted")
        with VerticalScroll(id="glossary"):
            yield Static("", id="glossary-list")
        yield Footer()

    def on_mount(self) -> None:
        from frontlijn_game.service.glossary import load_glossary

        self.sub_title = _("Begrippen")
        self.entries = load_glossary(language())
        self.show(self.query_one("#glossary-search", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        from frontlijn_game.service.glossary import search

        found = search(self.entries, query)
        self.query_one("#glossary-count", Static).update(
            ngettext("{n} begrip", "{n} begrippen", len(found)).format(n=len(found))
        )
        body: Any = (
            Group(*(entry_renderable(e) for e in found))
            if found
            else Text(_("Geen begrip gevonden. Probeer een ander woord."), style="dim")
        )
        self.query_one("#glossary-list", Static).update(body)
        self.query_one("#glossary", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one("#glossary", VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
