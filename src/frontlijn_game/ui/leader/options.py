"""Option distribution of one case: at each decision point, what the cohort chose.

A simple table per decision point (``reporting.options``): each option with its help and
sanction, how often it was chosen and its share there, and the mean total of the finished
attempts that chose it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from frontlijn_game.ui import format as fmt
from frontlijn_game.ui.i18n import _
from frontlijn_game.ui.leader.base import LeaderScreen

if TYPE_CHECKING:
    from frontlijn_game.reporting.options import DecisionPoint, OptionDistribution

BAR = 16


class OptionsScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "reload", _("Vernieuwen"), show=False),
        Binding("escape", "back", _("Terug")),
    ]
    AUTO_FOCUS = "#options"

    class Loaded(Message):
        def __init__(self, dist: OptionDistribution) -> None:
            super().__init__()
            self.dist = dist

    def __init__(self, scenario_id: str, cohort: str | None) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        self.cohort = cohort

    def section(self) -> str:
        return _("Keuzeverdeling")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Keuzes tellen…"), id="options-summary", classes="leader-summary")
        with VerticalScroll(id="options"):
            yield Static("", id="options-points")
        yield Footer()

    def loaded(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="leader-options")
    def load(self) -> None:
        try:
            dist = self.data().options(self.scenario_id, self.cohort)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(dist))

    def on_options_screen_loaded(self, message: Loaded) -> None:
        dist = message.dist
        summary = Text()
        summary.append(f"{dist.title} ({dist.scenario_id})", "bold")
        scope = _("cohort {name}").format(name=self.cohort) if self.cohort else _("alle cursisten")
        summary.append(
            "\n"
            + scope
            + " · "
            + _("{n} pogingen, {f} afgerond").format(n=dist.attempts, f=dist.finished)
            + " · "
            + _("versie {hash}").format(hash=dist.versions[0].content_hash[:12]),
            "dim",
        )
        if len(dist.available) > 1:
            summary.append(
                " · "
                + _("{n} versies opgeslagen; dit is de nieuwste").format(n=len(dist.available)),
                "dim",
            )
        self.query_one("#options-summary", Static).update(summary)
        parts: list[Any] = []
        for point in dist.points:
            parts.append(self.point_table(point))
            parts.append(Text(""))
        if not parts:
            parts.append(Text(_("Geen beslispunten."), style="dim"))
        self.query_one("#options-points", Static).update(Group(*parts))

    def point_table(self, point: DecisionPoint) -> Table:
        title = point.scene + (f" — {point.title}" if point.title else "")
        where = _("{n} beslissingen").format(n=point.decisions)
        if point.attempts is not None:
            where += " " + _("in {n} pogingen").format(n=point.attempts)
        table = Table(
            title=Text.assemble((title, "bold"), ("  " + where, "dim")),
            title_justify="left",
            expand=True,
            show_edge=False,
            padding=(0, 1),
        )
        table.add_column(_("Keuze"), ratio=1)
        table.add_column(_("H/S"), no_wrap=True)
        table.add_column(_("Aantal"), justify="right", no_wrap=True)
        table.add_column(_("Aandeel"), justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, width=BAR)
        table.add_column(_("Gem. totaal"), justify="right", no_wrap=True)
        for option in point.options:
            share = float(option.share) if option.share is not None else 0.0
            filled = round(share * BAR)
            bar = Text("█" * filled, style="bold") + Text("░" * (BAR - filled), style="dim")
            mean = fmt.number(option.mean_total)
            if option.finished is not None and option.mean_total is not None:
                mean += f" (n={option.finished})"
            label = Text(option.text)
            if not option.in_version:
                label.append(" " + _("(oudere versie)"), "dim")
            table.add_row(
                label,
                f"{option.help}/{option.sanction}",
                str(option.count),
                fmt.percent(option.share),
                bar,
                mean,
            )
        return table


__all__ = ["OptionsScreen"]
