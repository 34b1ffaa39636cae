"""Attempt replay: one attempt decision by decision, as the trainee saw it.

Everything comes from the attempt's own snapshot of the case (``reporting.replay``), never
from the file as it is now: the scene text with the variables of that moment, the options
offered there (in the order the trainee saw them), the one chosen, its consequence and feedback, the meters after it, and
what the best continuation from that state would have done (computed in a worker, step by
step, while the step is already on screen). After the last decision of a finished
attempt comes its ending with the score.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.ui.kit.best_text import UNAVAILABLE, best_to_show
from frontlijn_game.ui.leader.base import LeaderScreen, status_styles

if TYPE_CHECKING:
    from frontlijn_game.reporting.replay import AttemptReplay, BestContinuation, ReplayStep

SIDE_WIDTH = 34


class ReplayScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,p", "step(-1)", _("Vorige")),
        Binding("right,n", "step(1)", _("Volgende")),
        Binding("home", "first", _("Eerste"), show=False),
        Binding("end", "last", _("Laatste"), show=False),
        Binding("escape", "back", _("Terug")),
    ]
    AUTO_FOCUS = "#replay-story"

    class Loaded(Message):
        def __init__(self, replay: AttemptReplay, current_hash: str | None) -> None:
            super().__init__()
            self.replay = replay
            self.current_hash = current_hash

    class BestFound(Message):
        def __init__(self, seq: int, best: BestContinuation | None) -> None:
            super().__init__()
            self.seq = seq
            self.best = best

    def __init__(self, attempt_id: int, start: int = 1) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.position = start
        """1..n: decision ``position``; n + 1: the ending (finished attempts)."""
        self.replay: AttemptReplay | None = None
        self.current_hash: str | None = None
        self.best: dict[int, Any] = {}
        self.pending: set[int] = set()

    def section(self) -> str:
        return _("Poging #{id}").format(id=self.attempt_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Poging laden…"), id="replay-head", classes="leader-summary")
        with Horizontal(id="replay"):
            with VerticalScroll(id="replay-story"):
                yield Static("", id="replay-scene-title", classes="scene-title")
                yield Static("", id="replay-scene-text")
                yield Static("", id="replay-facts")
                yield Static("", id="replay-options")
                yield Static("", id="replay-consequence", classes="callout")
                yield Static("", id="replay-feedback", classes="callout")
                yield Static("", id="replay-best")
            with VerticalScroll(id="replay-side"):
                yield Static("", id="replay-meters")
        yield Footer()

    def loaded(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="leader-replay")
    def load(self) -> None:
        try:
            data = self.data()
            replay = data.replay(self.attempt_id)
            current = data.library.scenarios.get(replay.attempt.scenario_id)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(replay, None if current is None else current.content_hash))

    def on_replay_screen_loaded(self, message: Loaded) -> None:
        self.replay = message.replay
        self.current_hash = message.current_hash
        self.position = max(1, min(self.position, self.positions))
        self.show()

    @property
    def positions(self) -> int:
        replay = self.replay
        if replay is None:
            return 1
        return max(1, len(replay.steps) + (1 if self.has_ending else 0))

    @property
    def has_ending(self) -> bool:
        replay = self.replay
        return replay is not None and replay.ending_label is not None

    # -- moving --------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.go(self.position + delta)

    def action_first(self) -> None:
        self.go(1)

    def action_last(self) -> None:
        self.go(self.positions)

    def go(self, position: int) -> None:
        if self.replay is None:
            return
        position = max(1, min(position, self.positions))
        if position != self.position:
            self.position = position
            self.show()
            self.query_one("#replay-story", VerticalScroll).scroll_home(animate=False)

    # -- showing -------------------------------------------------------------------------

    def show(self) -> None:
        replay = self.replay
        if replay is None:
            return
        self.show_head()
        steps = replay.steps
        if self.position <= len(steps):
            step = steps[self.position - 1]
            self.show_step(step)
            if step.seq not in self.best and step.seq not in self.pending:
                self.pending.add(step.seq)
                self.find_best(step)
        else:
            self.show_ending()

    def show_head(self) -> None:
        replay = self.replay
        assert replay is not None
        a = replay.attempt
        head = Text()
        head.append(f"#{a.id} · {a.trainee_code} · ", "bold")
        head.append(replay.title, "bold")
        n = len(replay.steps)
        if self.position <= n:
            head.append(" · " + _("beslissing {i} van {n}").format(i=self.position, n=n))
        elif self.has_ending:
            head.append(" · " + _("afloop"))
        head.append(
            "\n"
            + _("gestart {when} · {status}").format(
                when=fmt.when(a.started_at), status=fmt.attempt_status(a.status)
            )
            + " · "
            + _("versie {hash}").format(hash=a.content_hash[:12]),
            "dim",
        )
        if self.current_hash is not None and self.current_hash != a.content_hash:
            head.append(
                " · " + _("de casus is sindsdien gewijzigd; dit is de gespeelde versie"),
                status_styles(self.app)["in_progress"],
            )
        if replay.error:
            head.append("\n" + _("Herhaling gestopt: {error}").format(error=replay.error), "bold")
        if n == 0:
            head.append("\n" + _("Deze poging heeft nog geen beslissingen."), "dim")
        self.query_one("#replay-head", Static).update(head)

    def show_step(self, step: ReplayStep) -> None:
        from frontlijn_game.ui.kit.scene_text import scene_markdown

        self.query_one("#replay-scene-title", Static).update(step.scene_title or step.scene)
        self.query_one("#replay-scene-text", Static).update(scene_markdown(step.scene_text))
        facts = self.query_one("#replay-facts", Static)
        if step.facts:
            text = Text(_("Nieuw in het dossier") + "\n", "bold")
            for fact in step.facts:
                text.append("• " + fact.strip() + "\n")
            text.rstrip()
            facts.update(text)
            facts.display = True
        else:
            facts.display = False
        self.query_one("#replay-options", Static).update(self.options_table(step))
        consequence = self.query_one("#replay-consequence", Static)
        consequence.display = bool(step.consequence)
        consequence.update(Text(step.consequence or "", style="italic"))
        feedback = self.query_one("#replay-feedback", Static)
        feedback.display = bool(step.feedback)
        feedback.update(
            Text.assemble((_("Feedback") + ": ", "bold"), (step.feedback or "").strip())
        )
        self.query_one("#replay-best", Static).update(self.best_text(step))
        self.query_one("#replay-meters", Static).update(self.side_text(step))

    def options_table(self, step: ReplayStep) -> Group:
        best = self.best.get(step.seq)
        best_first = best.first if best not in (None, UNAVAILABLE) else None
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True, justify="right")
        for number, option in enumerate(step.offered, 1):
            mark = "▶" if option.chosen else str(number)
            style = "bold" if option.chosen else ""
            text = Text(option.text, style=style)
            if option.chosen:
                text.append("  " + _("(gekozen)"), "bold")
            if best_first == option.choice:
                text.append("  ★ " + _("beste"), status_styles(self.app)["passed"])
            grid.add_row(
                Text(mark, style="bold"),
                text,
                Text(fmt.help_sanction(option.help, option.sanction), style="dim"),
            )
        title = Text(_("Aangeboden keuzes"), style="bold")
        title.append(
            "  "
            + (
                _("(in de volgorde die de cursist zag)")
                if step.shown_order
                else _("(volgorde van het bestand)")
            ),
            "dim",
        )
        return Group(title, grid)

    def best_text(self, step: ReplayStep) -> Text:
        text = Text(_("Beste vervolg vanaf hier") + ": ", "bold")
        best = best_to_show(text, self.best.get(step.seq), _("niet te berekenen"))
        if best is not None:
            if best.same:
                text.append(_("deze keuze") + " ✓ ", status_styles(self.app)["passed"])
            else:
                text.append(best.texts[0] if best.texts else best.first)
            rest = list(best.texts[1:])
            if rest:
                text.append("\n  " + _("daarna") + ": " + " → ".join(rest), "dim")
            end = best.ending_label or best.ending or ""
            total = "" if best.total is None else f" ({fmt.number(best.total)})"
            text.append("\n  " + _("einde") + ": " + end + total, "dim")
        return text

    def side_text(self, step: ReplayStep) -> Group:
        from frontlijn_game.ui.kit.meters import meter_text

        replay = self.replay
        assert replay is not None
        scenario = replay.scenario
        values = {m.variable: m.value for m in step.meters}
        changed = {k for k, v in values.items() if step.before.variables.get(k) != v}
        parts: list[Any] = [Text(_("Na deze beslissing"), style="bold")]
        if any(v.visible for v in scenario.variables.values()):
            parts.append(meter_text(scenario.variables, values, changed, SIDE_WIDTH - 2))
        hidden = [m for m in step.meters if not m.visible]
        if hidden:
            text = Text("\n" + _("Verborgen variabelen") + "\n", "dim")
            for m in hidden:
                mark = " •" if m.variable in changed else ""
                text.append(f"{m.label}: {fmt.value_text(m.value)}{mark}\n", "dim")
            text.rstrip()
            parts.append(text)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        grid.add_row(_("Keuze"), fmt.help_sanction(step.help, step.sanction))
        grid.add_row(_("Tot nu toe"), fmt.help_sanction(step.help_so_far, step.sanction_so_far))
        grid.add_row(
            _("Balans"),
            Text.assemble(
                fmt.percent(step.balance) + " · ", (fmt.verdict_name(step.verdict), "bold")
            ),
        )
        if step.seconds is not None:
            grid.add_row(_("Bedenktijd"), _("{s} s").format(s=fmt.number(step.seconds, 1)))
        parts.append(Text(""))
        parts.append(grid)
        if not step.matches_record:
            parts.append(
                Text(
                    "\n" + _("Let op: opgeslagen waarden wijken af van de herhaling."),
                    status_styles(self.app)["failed"],
                )
            )
        return Group(*parts)

    def show_ending(self) -> None:
        from frontlijn_game.ui.kit.scene_text import scene_markdown

        replay = self.replay
        assert replay is not None
        a = replay.attempt
        self.query_one("#replay-scene-title", Static).update(
            _("Afloop") + ": " + (replay.ending_label or "")
        )
        self.query_one("#replay-scene-text", Static).update(
            scene_markdown(replay.ending_text or "")
        )
        facts = self.query_one("#replay-facts", Static)
        facts.display = False
        score = Table.grid(padding=(0, 2))
        score.add_column()
        score.add_column(justify="right")
        score.add_row(Text(_("Totaal"), style="bold"), Text(fmt.number(a.total), style="bold"))
        score.add_row(_("Balans"), fmt.number(a.balance_score, 2))
        score.add_row(_("Uitkomst"), fmt.number(a.outcome, 0))
        score.add_row(_("Werkwijze"), fmt.number(a.process, 2))
        score.add_row(_("Oordeel"), fmt.verdict_name(a.verdict))
        score.add_row(_("Einde"), fmt.ending_kind(a.ending_kind))
        self.query_one("#replay-options", Static).update(score)
        for name in ("#replay-consequence", "#replay-feedback"):
            self.query_one(name, Static).display = False
        self.query_one("#replay-best", Static).update("")
        side = Text(_("Na de laatste beslissing") + "\n", "bold")
        share = None if a.help + a.sanction == 0 else Fraction(a.sanction, a.help + a.sanction)
        side.append(fmt.help_sanction(a.help, a.sanction) + "\n")
        side.append(_("balans {share}").format(share=fmt.percent(share)))
        self.query_one("#replay-meters", Static).update(side)

    # -- best continuation ---------------------------------------------------------------

    @work(thread=True, exclusive=False, group="leader-best")
    def find_best(self, step: ReplayStep) -> None:
        replay = self.replay
        if replay is None:
            return
        try:
            from frontlijn_game.service.leader import LeaderData

            best = LeaderData.best(replay, step)
        except Exception:  # the analysis is a bonus: the replay stands without it
            self.post_message(self.BestFound(step.seq, None))
            return
        self.post_message(self.BestFound(step.seq, best))

    def on_replay_screen_best_found(self, message: BestFound) -> None:
        self.best[message.seq] = UNAVAILABLE if message.best is None else message.best
        self.pending.discard(message.seq)
        replay = self.replay
        if replay is None or self.position > len(replay.steps):
            return
        step = replay.steps[self.position - 1]
        if step.seq == message.seq:
            self.query_one("#replay-best", Static).update(self.best_text(step))
            self.query_one("#replay-options", Static).update(self.options_table(step))


__all__ = ["ReplayScreen"]
