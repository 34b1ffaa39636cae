"""Option distribution of one case: at each decision point, what the cohort chose.

A simple table per decision point (``reporting.options``): each option with its help and
sanction, how often it was chosen and its share there, and the mean total of the finished
attempts that chose it. ``f`` switches between every attempt and each trainee's first
attempt only, ``v`` between the newest version of the case and every version pooled
(:class:`SelectionScreen`, shared with the item statistics).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from textual.worker import get_current_worker

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.ui.leader.base import LeaderScreen

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Version
    from frontlijn_game.reporting.options import DecisionPoint, OptionDistribution

BAR = 16
NARROW = 110
"""Under this many columns the options are numbered above their table (no bar)."""

Choice = tuple[bool, bool]
"""(first attempts only, every version pooled): what a report screen counts."""


class SelectionScreen(LeaderScreen):
    """A report of one case for a cohort, with the ``f`` (first attempts only / all) and
    ``v`` (newest version / every version) toggles; each switch reloads in ``load``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "first_only", _("Eerste/alle pogingen")),
        Binding("v", "all_versions", _("Nieuwste/alle versies")),
        Binding("f5", "reload", _("Vernieuwen"), show=False),
        Binding("escape", "back", _("Terug")),
    ]

    def __init__(
        self,
        scenario_id: str,
        cohort: str | None,
        first_only: bool = False,
        all_versions: bool = False,
    ) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        self.cohort = cohort
        self.first_only = first_only
        self.all_versions = all_versions

    @property
    def choice(self) -> Choice:
        return (self.first_only, self.all_versions)

    def loaded(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_first_only(self) -> None:
        self.first_only = not self.first_only
        self.reload()

    def action_all_versions(self) -> None:
        self.all_versions = not self.all_versions
        self.reload()

    class Figures(Message):
        """What :meth:`compute` made for ``choice``, posted back from the worker."""

        def __init__(self, figures: Any, choice: Choice) -> None:
            super().__init__()
            self.figures = figures
            self.choice = choice

    def reload(self) -> None:
        """Show that the figures are being made, then make them (``load``, a worker)."""
        self.waiting()
        self.load(self.choice)

    def waiting(self) -> None:
        """Clear the figures while the worker runs."""

    @work(thread=True, exclusive=True, group="leader-report")
    def load(self, choice: Choice) -> None:
        """Make the figures of ``choice`` in a thread and post them back; a load that a
        later toggle replaced (cancelled) posts nothing."""
        try:
            figures = self.compute(*choice)
        except Exception as exc:
            if not get_current_worker().is_cancelled:
                self.fail(exc)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Figures(figures, choice))

    def on_selection_screen_figures(self, message: Figures) -> None:
        if message.choice == self.choice:  # else overtaken by a later toggle
            self.show(message.figures)

    def compute(self, first_only: bool, all_versions: bool) -> Any:
        """The report for this selection (runs in a worker thread)."""
        raise NotImplementedError

    def show(self, figures: Any) -> None:
        """Put what :meth:`compute` made on screen."""
        raise NotImplementedError

    def selection_text(self, versions: Sequence[Version], available: int | None = None) -> str:
        """Who, which attempts and which version(s) the figures count, in one line."""
        session = self.session
        everyone = (
            _("alle cursisten")
            if session is None or session.scope.sees_all
            else _("al je cursisten")
        )
        scope = _("cohort {name}").format(name=self.cohort) if self.cohort else everyone
        attempts = _("alleen eerste pogingen") if self.first_only else _("alle pogingen")
        if self.all_versions:
            which = _("alle {n} versies samen").format(n=len(versions))
        elif versions:
            short = versions[0].content_hash[:12]
            if available is not None and available > 1:
                which = _("versie {hash} (nieuwste van {n})").format(hash=short, n=available)
            else:
                which = _("versie {hash}").format(hash=short)
        else:
            which = ""
        return " · ".join(part for part in (scope, attempts, which) if part)


class OptionsScreen(SelectionScreen):
    AUTO_FOCUS = "#options"

    def section(self) -> str:
        return _("Keuzeverdeling")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Keuzes tellen…"), id="options-summary", classes="leader-summary")
        with VerticalScroll(id="options"):
            yield Static("", id="options-points")
        yield Footer()

    def waiting(self) -> None:
        self.query_one("#options-summary", Static).update(_("Keuzes tellen…"))
        self.query_one("#options-points", Static).update("")

    def compute(self, first_only: bool, all_versions: bool) -> OptionDistribution:
        return self.data().options(
            self.scenario_id, self.cohort, first_only=first_only, all_versions=all_versions
        )

    def show(self, figures: Any) -> None:
        dist: OptionDistribution = figures
        summary = Text()
        summary.append(dist.title, "bold")
        summary.append(
            "\n"
            + self.selection_text(dist.versions, len(dist.available))
            + " · "
            + ngettext(
                "{n} poging, {f} afgerond", "{n} pogingen, {f} afgerond", dist.attempts
            ).format(n=dist.attempts, f=dist.finished),
            "dim",
        )
        self.query_one("#options-summary", Static).update(summary)
        parts: list[Any] = []
        narrow = self.app.size.width < NARROW
        for point in dist.points:
            parts.append(self.point_table(point, narrow))
            parts.append(Text(""))
        if not parts:
            parts.append(Text(_("Geen beslispunten."), style="dim"))
        self.query_one("#options-points", Static).update(Group(*parts))

    @staticmethod
    def point_table(point: DecisionPoint, narrow: bool = False) -> Table | Group:
        """One decision point; ``narrow`` (under NARROW columns) numbers the options above
        the table and leaves out the bar, so the option texts stay readable at 80x24."""
        title = point.title or point.scene
        where = ngettext("{n} beslissing", "{n} beslissingen", point.decisions).format(
            n=point.decisions
        )
        if point.attempts is not None:
            where += " " + ngettext("in {n} poging", "in {n} pogingen", point.attempts).format(
                n=point.attempts
            )
        heading = Text.assemble((title, "bold"), ("  " + where, "dim"))
        table = Table(
            title=None if narrow else heading,
            title_justify="left",
            expand=not narrow,
            show_edge=False,
            padding=(0, 1),
        )
        table.add_column(_("Nr") if narrow else _("Keuze"), ratio=None if narrow else 1)
        table.add_column(_("H/S"), no_wrap=True)
        table.add_column(_("Aantal"), justify="right", no_wrap=True)
        table.add_column(_("Aandeel"), justify="right", no_wrap=True)
        if not narrow:
            table.add_column("", no_wrap=True, width=BAR)
        table.add_column(_("Gem. totaal"), justify="right", no_wrap=True)
        placed = any(point.by_position)  # no shown order recorded: no column
        if placed:
            table.add_column(_("Per plek"), no_wrap=True)
        texts = Table.grid(padding=(0, 1), expand=True)
        texts.add_column(justify="right", style="bold")
        texts.add_column(ratio=1)
        for number, option in enumerate(point.options, start=1):
            share = float(option.share) if option.share is not None else 0.0
            filled = round(share * BAR)
            bar = Text("█" * filled, style="bold") + Text("░" * (BAR - filled), style="dim")
            mean = fmt.number(option.mean_total)
            if option.finished is not None and option.mean_total is not None:
                mean += f" (n={option.finished})"
            label = Text(option.text)
            if not option.in_version:
                label.append(" " + _("(oudere versie)"), "dim")
            if narrow:
                texts.add_row(str(number), label)
            table.add_row(
                str(number) if narrow else label,
                f"{option.help}/{option.sanction}",
                str(option.count),
                fmt.percent(option.share),
                *([] if narrow else [bar]),
                mean,
                *([fmt.places(option.by_position)] if placed else []),
            )
        if placed:
            table.caption = _(
                "Per plek: hoe vaak de keuze werd genomen op plek 1, 2, 3… van de geschudde volgorde die de cursist zag ({places} voor dit beslispunt)."
            ).format(places=fmt.places(point.by_position))
        table.caption_justify = "left"
        if narrow:
            return Group(heading, texts, table)
        return table


__all__ = ["Choice", "OptionsScreen", "SelectionScreen"]
