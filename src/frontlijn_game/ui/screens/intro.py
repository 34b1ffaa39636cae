"""Case intro: the title, the role you play, the summary, the time it takes, who is involved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.service.errors import message_of
from frontlijn_game.ui.screens.base import CaseScreen, Failed

if TYPE_CHECKING:
    from frontlijn_game.scenario.model import Scenario


class IntroScreen(CaseScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", _("Start")),
        Binding("h", "resume", _("Hervatten")),
        Binding("o", "restart", _("Opnieuw")),
        Binding("a", "abandon", _("Afbreken")),
        Binding("escape", "back", _("Terug")),
        Binding("g", "app.glossary", _("Begrippen")),
    ]

    class Loaded(Message):
        def __init__(self, scenario: Scenario, open_attempt: Any) -> None:
            super().__init__()
            self.scenario = scenario
            self.open_attempt = open_attempt

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.scenario: Scenario | None = None
        self.open: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="intro", can_focus=True):
            yield Static(_("Casus laden…"), id="intro-title", classes="screen-title")
            yield Static("", id="intro-meta", classes="meta")
            yield Static("", id="intro-summary", classes="lead")
            yield Static("", id="intro-actors")
            yield Static(_("Rollen aan tafel"), id="intro-roles-title", classes="section")
            yield Static("", id="intro-roles")
            yield Static(_("Bronnen"), id="intro-sources-title", classes="section")
            yield Static("", id="intro-sources")
        yield Static("", id="intro-open", classes="callout")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#intro-open").display = False
        self.query_one("#intro-sources-title").display = False
        self.query_one("#intro-roles-title").display = False
        self.query_one("#intro-roles").display = False
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="intro")
    def load(self) -> None:
        try:
            scenario = self.services.scenario(self.ref)
            trainee = self.services.trainee
            progress = self.services.progress()
            open_attempt = None
            if trainee is not None and progress.recording:
                saved = progress.open_attempt(trainee.code, scenario.id)
                open_attempt = None if saved is None else saved.attempt
        except Exception as exc:
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(self.Loaded(scenario, open_attempt))

    def on_failed(self, message: Failed) -> None:
        message.prevent_default()  # said here, not again by the base screen
        if self.scenario is None:
            self.query_one("#intro-title", Static).update(_("Deze casus kan niet worden geopend"))
            self.query_one("#intro-summary", Static).update(Text(message.text, style="red"))
        else:
            self.notify(message.text, severity="error", timeout=8)

    def on_intro_screen_loaded(self, message: Loaded) -> None:
        self.scenario = scenario = message.scenario
        self.open = message.open_attempt
        self.sub_title = scenario.title
        self.query_one("#intro-title", Static).update(scenario.title)
        meta = Text()
        if scenario.role:
            meta.append(_("Jouw rol") + ": ", "dim")
            meta.append(scenario.role, "bold")
            meta.append("   ")
        meta.append(_("Duur") + ": ", "dim")
        meta.append(fmt.minutes(scenario.estimated_minutes))
        self.query_one("#intro-meta", Static).update(meta)
        self.query_one("#intro-summary", Static).update(scenario.summary or "")
        actors = Text()
        if scenario.actors:
            actors.append(_("Betrokkenen") + "\n", "bold")
            for actor in scenario.actors.values():
                age = f" ({actor.age})" if actor.age is not None else ""
                actors.append(f"• {actor.name}{age}", "bold")
                if actor.description:
                    actors.append(" — " + " ".join(actor.description.split()))
                actors.append("\n")
        actors.rstrip()
        self.query_one("#intro-actors", Static).update(actors)
        self.show_roles(scenario)
        self.query_one("#intro-sources-title").display = bool(scenario.sources)
        self.query_one("#intro-sources", Static).update(fmt.sources_text(scenario.sources))
        self.frontlijn.input_guard.mark()  # the case appears only now: read it first
        callout = self.query_one("#intro-open", Static)
        if self.open is not None:
            count = ngettext("{n} beslissing", "{n} beslissingen", self.open.decisions).format(
                n=self.open.decisions
            )
            callout.update(
                _(
                    "Je bent hier al mee bezig ({count}). h: hervatten · o: opnieuw · a: afbreken"
                ).format(count=count)
            )
            callout.display = True
        else:
            callout.update(_("Druk op Enter om te beginnen."))
            callout.display = True
        self.refresh_bindings()

    def show_roles(self, scenario: Scenario) -> None:
        """A casusoverleg case played solo: every role, its brief, and what solo means."""
        self.query_one("#intro-roles-title").display = bool(scenario.roles)
        roles = self.query_one("#intro-roles", Static)
        roles.display = bool(scenario.roles)
        if not scenario.roles:
            return
        text = Text()
        text.append(
            _(
                "Solo speel je alle rollen en zie je elk feit. Het dossier zegt wat alleen "
                "één partij weet en wat al gedeeld is; in een scène met een rol aan zet "
                "beslis je als die rol."
            )
            + "\n",
            "italic",
        )
        for role in scenario.roles.values():
            text.append(f"• {role.title}", "bold")
            if role.brief:
                text.append(" — " + " ".join(role.brief.split()))
            text.append("\n")
        text.rstrip()
        roles.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "restart", "abandon"):
            return self.open is not None
        if action == "start":
            return self.scenario is not None and self.open is None
        if action == "back":
            return len(self.app.screen_stack) > 1
        return True

    def action_start(self) -> None:
        if self.scenario is not None and self.open is None:
            self.start_case(self.scenario)

    def action_resume(self) -> None:
        if self.open is not None:
            self.resume_attempt(self.open.id)

    def action_restart(self) -> None:
        if self.scenario is not None and self.open is not None:
            self.start_case(self.scenario, restart=True)

    def action_abandon(self) -> None:
        if self.open is not None:
            self.open_attempt_action("abandon", self.open.id, self.open.scenario_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
