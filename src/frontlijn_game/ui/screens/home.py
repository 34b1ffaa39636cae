"""Home: continue where you left off, the curriculum (modules open or locked), free play."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.service.errors import message_of
from frontlijn_game.service.overview import CaseView, Overview
from frontlijn_game.ui.screens.base import CaseScreen, Failed

STATUS_CLASS = {
    "new": "",
    "open": "bold",
    "passed": "bold green",
    "not_passed": "yellow",
    "finished": "",
}


def _row(title: str, status: str, best: str, style: str = "", indent: int = 2) -> Table:
    table = Table.grid(expand=True, padding=(0, 1))
    table.add_column(ratio=1, no_wrap=False)
    table.add_column(width=16, no_wrap=True)
    table.add_column(width=11, no_wrap=True, justify="right")
    table.add_row(Text(" " * indent + title), Text(status, style=style), Text(best, style="dim"))
    return table


def _header(text: str, note: str = "") -> Text:
    out = Text(text, style="bold")
    if note:
        out.append("  " + note, style="dim")
    return out


class HomeScreen(CaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.results", _("Mijn resultaten")),
        Binding("u", "app.sign_out", _("Afmelden")),
        Binding("h", "attempt('resume')", _("Hervatten")),
        Binding("o", "attempt('restart')", _("Opnieuw")),
        Binding("a", "attempt('abandon')", _("Afbreken")),
    ]
    AUTO_FOCUS = "#home-list"

    class Loaded(Message):
        def __init__(self, overview: Overview, skipped: int) -> None:
            super().__init__()
            self.overview = overview
            self.skipped = skipped

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        self.targets: dict[str, tuple[str, str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Casussen laden…"), id="home-status", classes="muted")
        yield OptionList(id="home-list")
        yield Footer()

    def on_mount(self) -> None:
        trainee = self.frontlijn.trainee
        self.sub_title = trainee.code if trainee is not None else ""
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="home")
    def load(self) -> None:
        from frontlijn_game.service.overview import build_overview

        try:
            library = self.services.library()
            progress = self.services.progress()
            trainee = self.services.trainee
            code = trainee.code if trainee is not None else ""
            attempts = progress.attempts(code) if progress.recording else []
            enrolled = progress.curricula(code) if progress.recording else []
            overview = build_overview(code, library, attempts, enrolled)
            skipped = len({d.file for d in library.errors})
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Loaded(overview, skipped))

    def on_failed(self, message: Failed) -> None:
        message.prevent_default()  # said here, not again by the base screen
        self.query_one("#home-status", Static).update(Text(message.text, style="bold red"))

    def on_home_screen_loaded(self, message: Loaded) -> None:
        self.overview = overview = message.overview
        status = self.query_one("#home-status", Static)
        if not overview.curricula and not overview.free:
            status.update(
                _("Geen casussen gevonden in {path}.").format(
                    path=self.services.settings.server or self.services.settings.content_dir
                )
            )
        elif message.skipped:
            status.update(
                ngettext(
                    "{n} casusbestand met fouten is overgeslagen.",
                    "{n} casusbestanden met fouten zijn overgeslagen.",
                    message.skipped,
                ).format(n=message.skipped)
            )
        else:
            status.update(_("Kies een casus en druk op Enter."))
        self.fill(overview)

    def fill(self, overview: Overview) -> None:
        options: list[Option | None] = []
        self.targets = {}
        if overview.open_attempts:
            options.append(Option(_header(_("Verder waar je was")), disabled=True))
            for attempt, title in overview.open_attempts:
                key = f"open-{attempt.id}"
                self.targets[key] = ("open", attempt.scenario_id)
                count = ngettext("{n} beslissing", "{n} beslissingen", attempt.decisions).format(
                    n=attempt.decisions
                )
                options.append(
                    Option(_row(title, count, fmt.when(attempt.updated_at), "bold"), id=key)
                )
            options.append(None)
        for curriculum in overview.curricula:
            done = _("{done}/{total} modules gehaald").format(
                done=curriculum.passed_modules, total=len(curriculum.modules)
            )
            options.append(Option(_header(curriculum.title, done), disabled=True))
            for module in curriculum.modules:
                if module.passed:
                    state = "✓ " + _("gehaald")
                elif module.open:
                    state = (
                        _("open")
                        + " · "
                        + _("haal {score}").format(score=fmt.number(module.min_score, 0))
                    )
                else:
                    state = "🔒 " + _("na {modules}").format(modules=", ".join(module.requires))
                options.append(Option(_header("  " + module.title, state), disabled=True, id=None))
                for case in module.cases:
                    options.append(self._case_option(case, f"{curriculum.id}-{module.id}", 4))
            options.append(None)
        if overview.free:
            options.append(Option(_header(_("Vrij spelen")), disabled=True))
            for case in overview.free:
                options.append(self._case_option(case, "free", 2))
        while options and options[-1] is None:
            options.pop()
        listing = self.query_one("#home-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(options)
        if highlighted is not None and highlighted < listing.option_count:
            listing.highlighted = highlighted
        else:
            listing.action_first()

    def _case_option(self, case: CaseView, group: str, indent: int) -> Option:
        key = f"case-{group}-{case.scenario_id}"
        self.targets[key] = ("case", case.scenario_id)
        best = (
            _("beste {total}").format(total=fmt.number(case.best_total))
            if case.best_total is not None
            else ""
        )
        return Option(
            _row(
                case.title,
                fmt.case_status(case.status),
                best,
                STATUS_CLASS.get(case.status, ""),
                indent,
            ),
            id=key,
            disabled=not case.playable,
        )

    def highlighted_attempt(self) -> Any | None:
        """The open attempt under the cursor (a row of *Verder waar je was*), if any."""
        if self.overview is None or not self.is_mounted:
            return None
        listing = self.query_one("#home-list", OptionList)
        if listing.highlighted is None:
            return None
        key = listing.get_option_at_index(listing.highlighted).id
        for attempt, _title in self.overview.open_attempts:
            if key == f"open-{attempt.id}":
                return attempt
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # h/o/a are shown (and work) on a row of *Verder waar je was* only.
        if action == "attempt":
            return self.highlighted_attempt() is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def action_attempt(self, action: str) -> None:
        attempt = self.highlighted_attempt()
        if attempt is not None:
            self.open_attempt_action(action, attempt.id, attempt.scenario_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id
        if key is None or key not in self.targets or self.overview is None:
            return
        _kind, scenario_id = self.targets[key]
        self.open_scenario(scenario_id)

    def open_scenario(self, scenario_id: str) -> None:
        overview = self.overview
        if overview is not None:
            for attempt, title in overview.open_attempts:
                if attempt.scenario_id == scenario_id:
                    self.ask_open_attempt(attempt, title)
                    return
        self.frontlijn.open_case(scenario_id)
