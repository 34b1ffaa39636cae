"""My results: curriculum progress, the best score per case, every attempt (Enter opens
its debrief, or offers to resume an open one)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.service.errors import message_of
from frontlijn_game.service.overview import Overview
from frontlijn_game.ui.screens.base import CaseReady, CaseScreen, Failed


class ResultsScreen(CaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Terug")),
        Binding("enter", "open", _("Nabespreking bekijken"), show=True),
    ]
    AUTO_FOCUS = "#attempts"

    class Loaded(Message):
        def __init__(self, overview: Overview) -> None:
            super().__init__()
            self.overview = overview

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Resultaten laden…"), id="results-summary")
        yield DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Mijn resultaten")
        table = self.query_one("#attempts", DataTable)
        table.add_column(_("Datum"), key="when")
        table.add_column(_("Casus"), key="case")
        table.add_column(_("Status"), key="status")
        table.add_column(_("Einde"), key="ending")
        table.add_column(_("Totaal"), key="total")
        table.add_column(_("Oordeel"), key="verdict")
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="results")
    def load(self) -> None:
        from frontlijn_game.service.overview import build_overview

        try:
            library = self.services.library()
            progress = self.services.progress()
            trainee = self.services.trainee
            assert trainee is not None
            attempts = progress.attempts(trainee.code)
            enrolled = progress.curricula(trainee.code)
            overview = build_overview(trainee.code, library, attempts, enrolled)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Loaded(overview))

    def on_results_screen_loaded(self, message: Loaded) -> None:
        self.overview = overview = message.overview
        summary = Text()
        for curriculum in overview.curricula:
            summary.append(curriculum.title, "bold")
            summary.append(
                "  "
                + _("{done}/{total} modules gehaald").format(
                    done=curriculum.passed_modules, total=len(curriculum.modules)
                )
                + "\n"
            )
        if overview.best:
            summary.append(_("Beste score per casus") + "\n", "bold")
            for sid, attempt in sorted(overview.best.items(), key=lambda kv: overview.title(kv[0])):
                summary.append(f"  {overview.title(sid)}: ")
                summary.append(fmt.number(attempt.total), "bold")
                summary.append(f"  · {fmt.verdict_name(attempt.verdict)}\n", "dim")
        if not overview.attempts:
            summary.append(_("Je hebt nog geen casus gespeeld."), "dim")
        else:
            summary.append(
                _("Enter: de nabespreking van een poging (of verder met een open poging)."), "dim"
            )
        summary.rstrip()
        self.query_one("#results-summary", Static).update(summary)
        table = self.query_one("#attempts", DataTable)
        table.clear()
        for attempt in sorted(overview.attempts, key=lambda a: a.started_at, reverse=True):
            finished = attempt.status == "finished"
            table.add_row(
                fmt.when(attempt.finished_at or attempt.updated_at),
                overview.title(attempt.scenario_id),
                fmt.attempt_status(attempt.status),
                fmt.ending_kind_short(attempt.ending_kind) if finished else "–",
                fmt.number(attempt.total) if finished else "–",
                fmt.verdict_name(attempt.verdict) if finished else "–",
                key=str(attempt.id),
            )

    def on_failed(self, message: Failed) -> None:
        message.prevent_default()  # said here, not again by the base screen
        self.notify(message.text, severity="error", timeout=8)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.row_key.value)

    def action_open(self) -> None:
        table = self.query_one("#attempts", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.open_row(key.value)

    def open_row(self, key: str | None) -> None:
        if key is None or self.overview is None:
            return
        attempt = next((a for a in self.overview.attempts if str(a.id) == key), None)
        if attempt is None:
            return
        if attempt.open:
            self.ask_open_attempt(attempt, self.overview.title(attempt.scenario_id))
        elif attempt.status == "finished":
            self.load_debrief(attempt.id)
        else:
            self.notify(_("Deze poging is afgebroken; er is geen nabespreking."))

    @work(thread=True, exclusive=True, group="case")
    def load_debrief(self, attempt_id: int) -> None:
        try:
            from frontlijn_game.engine.state import PlayState

            saved = self.services.progress().load(attempt_id)
            state = PlayState.from_json(saved.state)
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Debrief(saved.scenario, state, saved.attempt))

    class Debrief(Message):
        def __init__(self, scenario: object, state: object, attempt: object) -> None:
            super().__init__()
            self.scenario = scenario
            self.state = state
            self.attempt = attempt

    def on_results_screen_debrief(self, message: Debrief) -> None:
        self.frontlijn.debrief(
            message.scenario,  # type: ignore[arg-type]
            message.state,
            message.attempt,  # type: ignore[arg-type]
            replace=False,
        )

    def on_case_ready(self, message: CaseReady) -> None:
        super().on_case_ready(message)

    def action_back(self) -> None:
        self.app.pop_screen()
