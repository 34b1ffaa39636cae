"""Item statistics of one case: how the cohort's totals spread, and how hard each decision
point is and whether it tells strong attempts from weak ones.

The figures come from ``reporting.items`` (see ``frontlijn report items``): the case
summary (finished attempts, mean, median, spread, min–max), a histogram of the totals in
bins of ten, the shares of the four verdicts, and per decision point the facility (share
that took a best option), the discrimination (point-biserial correlation with the total),
the best option(s) and the mean total of those who took a best option versus the others.
Making them replays every finished attempt, which takes seconds on a big case, so a thread
worker makes them and posts them back. ``f`` and ``v`` switch like on the option
distribution (:class:`~frontlijn_game.ui.leader.options.SelectionScreen`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from frontlijn_game.engine.scoring import VERDICTS
from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.ui.leader.options import SelectionScreen

if TYPE_CHECKING:
    from frontlijn_game.reporting.items import CaseSummary, ItemStat, ItemStatistics

BAR = 24
WEAK = 0.2
"""Discrimination below this is shown as a warning: the point hardly separates attempts."""


def bar(fraction: float, width: int = BAR) -> Text:
    """A horizontal bar: ``fraction`` (0..1) of ``width`` filled."""
    filled = max(0, min(width, round(fraction * width)))
    return Text("█" * filled, style="bold") + Text("░" * (width - filled), style="dim")


def signed(value: float | None) -> str:
    """A correlation with its sign and two decimals (``+0,35``); an en dash for none."""
    if value is None:
        return "–"
    text = fmt.number(value, 2)
    return text if text.startswith("-") else "+" + text


def _summary_table(title: str) -> Table:
    """A bare table under a bold title: the case summary's totals and verdicts."""
    return Table(
        title=Text(title, style="bold"),
        title_justify="left",
        show_edge=False,
        show_header=False,
        box=None,
        padding=(0, 1),
    )


class ItemsScreen(SelectionScreen):
    AUTO_FOCUS = "#items"

    def section(self) -> str:
        return _("Itemanalyse")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Bezig met rekenen…"), id="items-summary", classes="leader-summary")
        with VerticalScroll(id="items"):
            yield Static("", id="items-case")
            with Horizontal(id="items-charts"):
                yield Static("", id="items-histogram")
                yield Static("", id="items-verdicts")
            yield Static("", id="items-points")
        yield Footer()

    def waiting(self) -> None:
        self.query_one("#items-summary", Static).update(_("Bezig met rekenen…"))
        for name in ("case", "histogram", "verdicts", "points"):
            self.query_one(f"#items-{name}", Static).update("")

    def compute(self, first_only: bool, all_versions: bool) -> ItemStatistics:
        return self.data().items(
            self.scenario_id, self.cohort, first_only=first_only, all_versions=all_versions
        )

    def show(self, figures: Any) -> None:
        stats: ItemStatistics = figures
        summary = Text()
        summary.append(stats.title, "bold")
        summary.append("\n" + self.selection_text(stats.versions), "dim")
        self.query_one("#items-summary", Static).update(summary)
        s = stats.summary
        self.query_one("#items-case", Static).update(self.case_text(s, stats.skipped))
        if s.finished:
            self.query_one("#items-histogram", Static).update(self.histogram(s))
            self.query_one("#items-verdicts", Static).update(self.verdicts(s))
        self.query_one("#items-points", Static).update(self.points(stats.items))

    # -- per case ------------------------------------------------------------------------

    @staticmethod
    def case_text(s: CaseSummary, skipped: int) -> Text:
        text = Text()
        if not s.finished:
            text.append(_("Nog geen afgeronde pogingen."), "dim")
            return text
        done = ngettext("{n} afgeronde poging", "{n} afgeronde pogingen", s.finished)
        text.append(done.format(n=s.finished), "bold")
        parts = [
            _("gemiddeld {value}").format(value=fmt.number(s.mean)),
            _("mediaan {value}").format(value=fmt.number(s.median)),
            _("standaardafwijking {value}").format(value=fmt.number(s.stdev)),
            _("laagste–hoogste {low}–{high}").format(
                low=fmt.number(s.minimum), high=fmt.number(s.maximum)
            ),
        ]
        text.append("  " + " · ".join(parts))
        if skipped:
            left_out = ngettext(
                "{n} poging kon niet worden nagespeeld en telt niet mee.",
                "{n} pogingen konden niet worden nagespeeld en tellen niet mee.",
                skipped,
            )
            text.append("\n" + left_out.format(n=skipped), "dim")
        return text

    @staticmethod
    def histogram(s: CaseSummary) -> Table:
        table = _summary_table(_("Totalen"))
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True, width=BAR)
        top = max((b.count for b in s.histogram), default=0) or 1
        for b in s.histogram:
            table.add_row(f"{b.low}–{b.high}", str(b.count), bar(b.count / top))
        return table

    @staticmethod
    def verdicts(s: CaseSummary) -> Table:
        table = _summary_table(_("Oordeel"))
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True, width=BAR)
        for verdict in VERDICTS:
            share = s.verdict_share(verdict)
            table.add_row(
                fmt.verdict_name(verdict),
                str(s.verdicts.get(verdict, 0)),
                fmt.percent(share),
                bar(float(share or 0)),
            )
        return table

    # -- per decision point --------------------------------------------------------------

    def points(self, items: tuple[ItemStat, ...]) -> Group:
        if not items:
            return Group(Text(_("Geen beslispunten."), style="dim"))
        warning = self.app.current_theme.warning or "yellow"
        table = Table(
            title=Text(_("Per beslispunt"), style="bold"),
            title_justify="left",
            expand=True,
            show_edge=False,
            padding=(0, 1),
        )
        table.add_column(_("Beslispunt"), ratio=2)
        table.add_column(_("Beslissingen"), justify="right", no_wrap=True)
        table.add_column(_("Gemak"), justify="right", no_wrap=True)
        table.add_column(_("Onderscheid"), justify="right", no_wrap=True)
        table.add_column(_("Beste keuze"), ratio=1)
        table.add_column(_("Gem. beste"), justify="right", no_wrap=True)
        table.add_column(_("Gem. overige"), justify="right", no_wrap=True)
        placed = any(any(item.by_position) for item in items)
        if placed:
            table.add_column(_("Per plek"), no_wrap=True)
        for item in items:
            label = Text(item.title or item.scene)
            weak = item.discrimination is not None and item.discrimination < WEAK
            best = ", ".join(
                item.texts.get(choice, choice) + ("" if n == item.decisions else f" ({n})")
                for choice, n in item.best.items()
            )
            table.add_row(
                label,
                str(item.decisions),
                fmt.percent(item.facility),
                Text(signed(item.discrimination), style=warning if weak else ""),
                best or "–",
                fmt.number(item.mean_total_best),
                fmt.number(item.mean_total_other),
                *([fmt.places(item.by_position)] if placed else []),
            )
        legend = Text(
            _(
                "Gemak: het aandeel beslissingen dat een beste keuze nam (hoog: makkelijk). "
                "Onderscheid: de correlatie tussen een beste keuze en het totaal (rond 0 of "
                "negatief: het punt scheidt sterke en zwakke pogingen niet; het bekijken "
                "waard). Beste keuze: de keuze met het hoogste haalbare totaal vanaf de "
                "situatie van de cursist; tussen haakjes hoe vaak, als dat niet bij elke "
                "beslissing zo was. Per plek: hoe vaak de gekozen keuze op plek 1, 2, 3… "
                "van de geschudde volgorde stond (een stapel op plek 1: kiezen zonder lezen?)."
            ),
            style="dim",
        )
        parts: list[Any] = [table, Text(""), legend]
        return Group(*parts)


__all__ = ["ItemsScreen"]
