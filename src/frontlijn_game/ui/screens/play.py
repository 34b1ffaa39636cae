"""Play: the scene, the consequence of your last choice, your options, the dossier, meters.

A choice is taken in a thread worker: the engine steps, the store commits the decision
(decision row and attempt state in one transaction), and only then is the next scene
shown. If the commit fails the step is undone, so the screen never shows a scene that
is not stored. The balance is not shown here; it comes in the debrief.

The options appear in the order drawn for this decision (``engine.shuffle``: the same on
resume, replay and another device; ``--no-shuffle`` keeps file order) and that order is
stored with the decision. Digits follow the order shown; no option is highlighted, so
Enter alone never chooses, and the app's input guard ignores keys for a moment after each
scene appears and while a decision is being stored.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service.errors import message_of
from frontlijn_game.service.roles import decider_title, fact_holders
from frontlijn_game.ui.kit.dossier import Dossier
from frontlijn_game.ui.kit.meters import Meters
from frontlijn_game.ui.kit.scene_text import scene_markdown
from frontlijn_game.ui.screens.base import Failed, TraineeScreen

if TYPE_CHECKING:
    from frontlijn_game.engine.playthrough import Step
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.model import Choice, Scenario

MAX_DIGIT = 9


def choice_prompt(number: int, text: str) -> Table:
    """``1  text`` with the wrapped lines indented under the text, not under the number."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(str(number), style="bold"), text)
    return grid


class PlayScreen(TraineeScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", _("Kies"), key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, MAX_DIGIT + 1)],
        # Short labels: at 80 columns the footer holds every key and F2 on one line.
        Binding("escape", "suspend", _("Pauze")),
        Binding("g", "app.glossary", _("Begrippen")),
        Binding("tab", "app.focus_next", _("Tekst/keuzes"), show=False),
        # A long scene scrolls while the options keep the focus (priority: the option
        # list would otherwise take PageUp/PageDown to move its highlight).
        Binding("pagedown", "story(1)", _("Tekst"), key_display="PgDn", priority=True),
        Binding("pageup", "story(-1)", _("Tekst"), show=False, priority=True),
    ]
    AUTO_FOCUS = "#choices"

    class Committed(Message):
        """The decision is stored: show where it led."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    class SceneShown(Message):
        """The scene after ``decisions`` decisions is on screen (benchmarks listen)."""

        def __init__(self, decisions: int) -> None:
            super().__init__()
            self.decisions = decisions

    def __init__(self, scenario: Scenario, state: PlayState, attempt_id: int) -> None:
        super().__init__()
        from frontlijn_game.engine.playthrough import Playthrough

        self.scenario = scenario
        self.play = Playthrough(scenario, state)
        self.attempt_id = attempt_id
        self.pending = False
        self.offered: list[Choice] = []
        self.last_step: Step | None = None
        self.shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="play"):
            with Vertical(id="play-main"):
                with VerticalScroll(id="story"):
                    yield Static("", id="consequence")
                    yield Static("", id="scene-title", classes="scene-title")
                    yield Static("", id="scene-role", classes="meta")
                    yield Static("", id="scene-text")
                yield OptionList(id="choices")
            with Vertical(id="play-side"):
                yield Static("", id="decision-count")
                yield Meters(self.scenario.variables, id="meters")
                with VerticalScroll(id="dossier-scroll"):
                    yield Dossier(self.scenario, id="dossier")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        if not any(v.visible for v in self.scenario.variables.values()):
            self.query_one("#meters").display = False
        self.show_scene(first=True)

    def action_story(self, direction: int) -> None:
        """Scroll the scene text a page; the focus (and the highlight) stay where they are."""
        story = self.query_one("#story", VerticalScroll)
        if direction > 0:
            story.scroll_page_down(animate=False)
        else:
            story.scroll_page_up(animate=False)

    # -- showing -------------------------------------------------------------------------

    def show_scene(self, first: bool = False) -> None:
        play = self.play
        state = play.state
        scene = play.scene
        step = self.last_step
        consequence = self.query_one("#consequence", Static)
        if step is not None and step.choice.consequence:
            consequence.update(play.text(step.choice.consequence))
            consequence.display = True
        else:
            consequence.display = False
        self.query_one("#scene-title", Static).update(scene.title or "")
        self.show_decider()
        self.query_one("#scene-text", Static).update(scene_markdown(play.text(scene.text)))
        self.offered = play.shown(self.services.settings.shuffle)
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.add_options(
            [
                Option(choice_prompt(n, choice.text), id=choice.id)
                for n, choice in enumerate(self.offered, start=1)
            ]
        )
        choices.highlighted = None  # never pre-selected: Enter alone cannot choose
        if step is None:
            new_facts = set(state.revealed) if first else set()
            changed: set[str] = set()
        else:
            new_facts = set(step.after.revealed) - set(step.before.revealed)
            changed = {
                k for k, v in step.after.variables.items() if step.before.variables.get(k) != v
            }
        self.query_one("#meters", Meters).show(state.variables, changed)
        holders = fact_holders(self.scenario, state.chosen) if self.scenario.roles else None
        self.query_one("#dossier", Dossier).show(state.revealed, new_facts, holders)
        self.query_one("#decision-count", Static).update(
            ngettext("{n} beslissing genomen", "{n} beslissingen genomen", state.decisions).format(
                n=state.decisions
            )
        )
        self.query_one("#story", VerticalScroll).scroll_home(animate=False)
        self.query_one("#dossier-scroll", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()
        self.frontlijn.input_guard.mark()
        self.call_after_refresh(self.post_message, self.SceneShown(state.decisions))

    def show_decider(self) -> None:
        """A case with roles, played solo: say whose decision this scene is."""
        line = self.query_one("#scene-role", Static)
        if not self.scenario.roles:
            line.display = False
            return
        title = decider_title(self.scenario, self.play.state.scene)
        text = Text()
        if title is None:
            text.append(_("De tafel beslist samen"), "dim")
        else:
            text.append(_("Aan zet") + ": ", "dim")
            text.append(title, "bold")
        line.update(text)
        line.display = True

    # -- choosing ------------------------------------------------------------------------

    @property
    def input_held(self) -> bool:
        """While a decision is stored, keys go nowhere (read by the app's input guard)."""
        return self.pending

    def action_pick(self, number: int) -> None:
        if self.pending:
            return
        if not 1 <= number <= len(self.offered):
            self.app.bell()
            return
        self.choose(self.offered[number - 1].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.pending and event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, choice_id: str) -> None:
        self.pending = True
        shown = tuple(c.id for c in self.offered)
        self.decide(choice_id, time.monotonic() - self.shown_at, shown)

    @work(thread=True, exclusive=True, group="decide")
    def decide(self, choice_id: str, seconds: float, shown: tuple[str, ...]) -> None:
        play = self.play
        before = play.state
        try:
            step = play.choose(choice_id)
            self.services.progress().record(
                self.attempt_id, step, play.score(), round(seconds, 2), shown
            )
        except Exception as exc:
            play.state = before  # nothing is shown that is not stored
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Committed(step))

    def on_failed(self, message: Failed) -> None:
        message.prevent_default()  # said here, not again by the base screen
        self.pending = False
        self.notify(message.text, severity="error", timeout=10)

    def on_play_screen_committed(self, message: Committed) -> None:
        self.last_step = message.step
        if self.play.finished:
            self.frontlijn.debrief(self.scenario, self.play.state, replace=True)
            return
        self.show_scene()
        self.pending = False

    # -- leaving -------------------------------------------------------------------------

    def action_suspend(self) -> None:
        from frontlijn_game.ui.kit.confirm import ConfirmDialog

        if self.pending:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.suspend_and_leave()

        self.app.push_screen(
            ConfirmDialog(
                _(
                    "Pauzeren en naar het startscherm? Alles wat je koos is bewaard; "
                    "je kunt later verder waar je was."
                ),
                yes=_("Pauzeren"),
                no=_("Verder spelen"),
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="suspend")
    def suspend_and_leave(self) -> None:
        try:
            self.services.progress().suspend(self.attempt_id)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.app.call_from_thread(self.frontlijn.go_home)

    async def suspend_before_exit(self) -> None:
        """Quitting mid-case: mark the attempt suspended (it resumes either way)."""
        try:
            progress = self.services.progress(timeout=1)
            await asyncio.wait_for(asyncio.to_thread(progress.suspend, self.attempt_id), 2)
        except Exception:
            pass  # an active attempt resumes just as well
