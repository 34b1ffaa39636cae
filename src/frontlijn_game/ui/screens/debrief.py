"""Debrief: what happened, the score and why, the balance over time, every decision with
its feedback, its basis and the points it cost against the best continuation from there,
and the case's sources.

Which option the best continuation takes is named only when
:func:`~frontlijn_game.service.debrief.may_name_best` allows it (the module's
``reveal_best``: by default once this trainee has passed the case), so the debrief of a
first attempt is not an answer key for the second."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.service.errors import message_of
from frontlijn_game.ui.kit.best_text import UNAVAILABLE, best_to_show
from frontlijn_game.ui.screens.base import CaseScreen, Failed

if TYPE_CHECKING:
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.debrief import BestLine, Debrief
    from frontlijn_game.store.records import AttemptRecord

KIND_CLASS = {"good": "kind-good", "mixed": "kind-mixed", "bad": "kind-bad"}


class DebriefScreen(CaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "again", _("Nog eens")),
        Binding("s", "home", _("Start")),
        Binding("escape", "back", _("Terug")),
        # Short labels ("Start", "Resultaten"): at 80 columns the footer keeps F2 on one line.
        Binding("r", "app.results", _("Resultaten")),
        # Shown on intro and play; here the footer at 80 columns has no room for it.
        Binding("g", "app.glossary", _("Begrippen"), show=False),
    ]
    AUTO_FOCUS = "#debrief"
    replace_on_play = True

    class Built(Message):
        def __init__(self, debrief: Debrief) -> None:
            super().__init__()
            self.debrief = debrief

    class Revealed(Message):
        """Whether the best continuation's options may be named (decided in a worker)."""

        def __init__(self, allowed: bool) -> None:
            super().__init__()
            self.allowed = allowed

    class BestFound(Message):
        def __init__(self, number: int, best: BestLine | None) -> None:
            super().__init__()
            self.number = number
            self.best = best

    def __init__(
        self, scenario: Scenario, state: PlayState, attempt: AttemptRecord | None = None
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state
        self.attempt = attempt
        self.debrief: Debrief | None = None
        self.best: dict[int, Any] = {}
        self.reveal: bool | None = None
        """May the best option be named (None: not known yet, so not named)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Static(_("Nabespreking maken…"), id="ending-label", classes="screen-title")
            yield Static(_("Wat er gebeurde"), classes="section")
            yield Static("", id="ending-text")
            yield Static("", id="score")
            yield Static("", id="verdict", classes="callout")
            yield Static(_("Balans na elke beslissing"), classes="section")
            yield Vertical(id="chart-box")
            yield Static(_("Hulp en sanctie per betrokkene"), classes="section")
            yield Static("", id="per-actor")
            yield Static(_("Je beslissingen"), classes="section")
            yield Static("", id="reveal-note", classes="muted")
            yield Static("", id="decisions")
            yield Static(_("Bronnen"), id="sources-title", classes="section")
            yield Static("", id="sources")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Nabespreking · {title}").format(title=self.scenario.title)
        self.query_one("#sources-title", Static).display = False
        self.query_one("#reveal-note", Static).display = False
        self.build()

    @work(thread=True, exclusive=True, group="debrief")
    def build(self) -> None:
        from frontlijn_game.service.debrief import best_lines, build_debrief

        try:
            debrief = build_debrief(self.scenario, self.state)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Built(debrief))
        self.post_message(self.Revealed(self.may_name_best(debrief)))
        try:
            for number, best in best_lines(debrief):
                self.post_message(self.BestFound(number, best))
        except Exception as exc:  # the analysis is a bonus; the debrief stands without it
            self.post_message(self.BestFound(0, None))
            self.log.warning(f"best continuation failed: {exc!r}")

    def may_name_best(self, debrief: Debrief) -> bool:
        """Ask the rule with this trainee's attempts and curricula (in the worker)."""
        from frontlijn_game.service.debrief import may_name_best
        from frontlijn_game.service.overview import _curricula_for

        try:
            services = self.services
            progress = services.progress()
            trainee = services.trainee
            attempts: list[Any] = []
            enrolled: list[str] = []
            if trainee is not None and progress.recording:
                attempts = list(progress.attempts(trainee.code))
                enrolled = progress.curricula(trainee.code)
            curricula = _curricula_for(services.library(), enrolled)
            return may_name_best(debrief, curricula, attempts)
        except Exception as exc:  # unsure: name nothing rather than hand out the key
            self.log.warning(f"reveal rule failed: {exc!r}")
            return False

    def on_debrief_screen_revealed(self, message: Revealed) -> None:
        self.reveal = message.allowed
        self.show_decisions()

    def on_debrief_screen_built(self, message: Built) -> None:
        from frontlijn_game.ui.kit.balance_chart import BalanceChart

        self.debrief = debrief = message.debrief
        scenario = debrief.scenario
        score = debrief.score
        ending = debrief.ending_scene.ending
        label = self.query_one("#ending-label", Static)
        if ending is not None:
            label.update(
                Text.assemble(ending.label, ("  ·  " + fmt.ending_kind(ending.kind), "dim"))
            )
            label.add_class(KIND_CLASS.get(ending.kind, ""))
        else:
            label.update(_("Nog niet afgelopen"))
        from frontlijn_game.ui.kit.scene_text import scene_markdown

        self.query_one("#ending-text", Static).update(
            scene_markdown(debrief.text(debrief.ending_scene.text))
        )

        weights = scenario.scoring.weights
        table = Table.grid(padding=(0, 2))
        table.add_column()
        table.add_column(justify="right")
        table.add_column(style="dim")
        table.add_row(
            Text(_("Totaal"), style="bold"),
            Text(fmt.number(score.total, 1), style="bold"),
            _("van 100"),
        )
        table.add_row(
            _("Balans"),
            fmt.number(score.balance_score, 2),
            _("telt {w} mee").format(w=fmt.percent(weights.balance)),
        )
        table.add_row(
            _("Uitkomst"),
            fmt.number(score.outcome, 2),
            _("telt {w} mee").format(w=fmt.percent(weights.outcome)),
        )
        table.add_row(
            _("Werkwijze"),
            fmt.number(score.process, 2),
            _("telt {w} mee").format(w=fmt.percent(weights.process)),
        )
        self.query_one("#score", Static).update(table)
        lo, hi = scenario.scoring.target_balance
        self.query_one("#verdict", Static).update(
            fmt.verdict_sentence(score.verdict, score.balance, lo, hi)
        )
        self.query_one("#chart-box", Vertical).mount(BalanceChart(debrief.trace, lo, hi))
        from frontlijn_game.service.debrief import per_actor

        actors = Table(box=None, padding=(0, 2), show_edge=False)
        actors.add_column(_("Betrokkene"))
        actors.add_column(_("Hulp"), justify="right")
        actors.add_column(_("Sanctie"), justify="right")
        actors.add_column(_("Balans"), justify="right")
        for name, h, s in per_actor(debrief):
            share = None if h + s == 0 else Fraction(s, h + s)
            actors.add_row(name, str(h), str(s), fmt.percent(share))
        if not debrief.score.per_actor:
            self.query_one("#per-actor", Static).update(Text(_("geen"), style="dim"))
        else:
            self.query_one("#per-actor", Static).update(actors)
        self.show_sources()
        self.show_decisions()

    def on_debrief_screen_best_found(self, message: BestFound) -> None:
        if message.best is None:
            if message.number == 0:
                for line in self.debrief.decisions if self.debrief else ():
                    self.best.setdefault(line.number, UNAVAILABLE)
            else:
                self.best[message.number] = UNAVAILABLE
        else:
            self.best[message.number] = message.best
        self.show_decisions()

    def show_sources(self) -> None:
        sources = self.scenario.sources
        self.query_one("#sources-title", Static).display = bool(sources)
        self.query_one("#sources", Static).update(fmt.sources_text(sources))

    def show_decisions(self) -> None:
        debrief = self.debrief
        if debrief is None:
            return
        note = self.query_one("#reveal-note", Static)
        note.display = self.reveal is False and bool(debrief.decisions)
        note.update(
            _(
                "Welke keuze de beste voortzetting neemt, zie je pas als je deze casus hebt "
                "gehaald (in sommige modules nooit). Wel zie je bij elke beslissing wat je "
                "eigen keuze kostte."
            )
        )
        parts: list[Any] = []
        for line in debrief.decisions:
            parts.append(Text((f"{line.number}. ") + (line.scene.title or line.scene.id), "bold"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(ratio=1)
            tags = [fmt.help_sanction(line.choice.help, line.choice.sanction)]
            if line.choice.actor:
                tags.append(debrief.actor_name(line.choice.actor))
            grid.add_row(
                "   " + _("Je koos"),
                Text.assemble(line.choice.text, ("  (" + ", ".join(tags) + ")", "dim")),
            )
            grid.add_row("   " + _("Balans daarna"), fmt.percent(line.balance_after))
            if line.choice.feedback:
                grid.add_row(
                    "   " + _("Feedback"), Text(line.choice.feedback.strip(), style="italic")
                )
            if line.choice.basis:
                grid.add_row("   " + _("Grondslag"), line.choice.basis.strip())
            grid.add_row("   " + _("Kostte"), self.cost_text(line.number))
            if self.reveal:
                grid.add_row("   " + _("Beste voortzetting"), self.best_text(line.number))
            parts.append(grid)
            parts.append(Text(""))
        if not parts:
            parts.append(Text(_("Geen beslissingen genomen."), style="dim"))
        elif self.reveal:
            parts.extend(self.best_route())
        self.query_one("#decisions", Static).update(Group(*parts))

    def best_route(self) -> list[Any]:
        """The whole best continuation from the start (shown only when it may be named)."""
        best = self.best.get(1)
        if best is None or best is UNAVAILABLE or not best.steps:
            return []
        lines: list[Any] = [Text(_("De beste route vanaf het begin"), "bold")]
        for number, choice in enumerate(best.steps, start=1):
            lines.append(Text(f"   {number}. {choice.text}"))
        if best.ending_label or best.total is not None:
            total = f" ({fmt.number(best.total, 1)})" if best.total is not None else ""
            lines.append(Text("   → " + (best.ending_label or "") + total, "dim"))
        return lines

    def cost_text(self, number: int) -> Text:
        """What this decision cost against the best continuation, naming no option."""
        text = Text()
        best = best_to_show(text, self.best.get(number), _("niet beschikbaar in deze versie"))
        if best is None:
            return text
        if best.cost is None:
            text.append("–", "dim")
        elif best.same:
            text.append(_("niets: dit was de beste keuze") + " ✓", "green")
            if fmt.round_half_up(best.cost, 1) > 0:
                text.append(
                    " " + _("(het toeval kostte {n})").format(n=fmt.number(best.cost, 1)), "dim"
                )
        elif fmt.round_half_up(best.cost, 1) == 0:
            text.append(_("niets: even goed als de beste voortzetting") + " ✓", "green")
        else:
            text.append(
                _("{n} punten ten opzichte van de beste voortzetting").format(
                    n=fmt.number(best.cost, 1)
                ),
                "yellow",
            )
        return text

    def best_text(self, number: int) -> Text:
        text = Text()
        best = best_to_show(text, self.best.get(number), _("niet beschikbaar in deze versie"))
        if best is not None:
            if best.same:
                text.append(_("deze keuze") + " ✓", "green")
            else:
                text.append(best.first.text)
            if best.ending_label or best.total is not None:
                total = f" ({fmt.number(best.total, 1)})" if best.total is not None else ""
                text.append(" → " + (best.ending_label or "") + total, "dim")
        return text

    # -- actions -------------------------------------------------------------------------

    def action_again(self) -> None:
        # The case as it is now (a trainer's edited draft, a fixed bundled case); the
        # attempt's own snapshot only when the case is gone from the library.
        settings = self.services.settings
        ref: Any = self.scenario
        if settings.scenario_ref in (self.scenario.id, self.scenario.path):
            ref = settings.scenario_ref
        elif self.services.library_ready and self.scenario.id in self.services.library().scenarios:
            ref = self.scenario.id
        self.start_case(ref)

    def action_home(self) -> None:
        self.frontlijn.go_home()

    def action_back(self) -> None:
        if self.attempt is not None and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.frontlijn.go_home()
