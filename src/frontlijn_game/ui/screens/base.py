"""What every trainee screen shares: typed access to the app and its services, and one
way to report a failure from a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.message import Message
from textual.screen import Screen

from frontlijn_game.service.errors import message_of

if TYPE_CHECKING:
    from frontlijn_game.service.resources import Services
    from frontlijn_game.ui.trainee_app import TraineeApp


class Failed(Message):
    """A worker could not do its job; ``text`` is meant for the trainee."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class TraineeScreen(Screen[Any]):
    @property
    def frontlijn(self) -> TraineeApp:
        return cast("TraineeApp", self.app)

    @property
    def services(self) -> Services:
        return self.frontlijn.services

    def on_failed(self, message: Failed) -> None:
        self.notify(message.text, severity="error", timeout=8)

    def on_mount(self) -> None:
        # Textual calls this beside every subclass's own on_mount. A compact footer keeps
        # the screen's keys and F2 on one line at 80 columns; there the palette's key is
        # left out (Ctrl+P still opens it, and the README and F1 name it).
        from textual.widgets import Footer

        for footer in self.query(Footer):
            footer.compact = True
            footer.show_command_palette = self.app.size.width >= 100
        self.refresh_bindings()


class CaseReady(Message):
    """An attempt is started or loaded: show the play screen (or its debrief)."""

    def __init__(self, scenario: Any, state: Any, attempt_id: int) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state
        self.attempt_id = attempt_id


class AttemptsChanged(Message):
    """An attempt was abandoned: reload what the screen shows."""


class CaseScreen(TraineeScreen):
    """A screen that can start, resume, restart and abandon attempts (in workers)."""

    replace_on_play = False
    """Replace this screen by the play screen (the debrief does) instead of pushing."""

    case_busy = False
    """An attempt is being started, loaded or abandoned: keys wait (``input_held``)."""

    @property
    def input_held(self) -> bool:
        """Read by the app's input guard: a second Enter while a case starts does nothing
        (it would land on the first scene unseen)."""
        return self.case_busy

    def start_case(self, case: Any, restart: bool = False) -> None:
        """Start a new attempt of ``case`` (an id, a file or a Scenario)."""
        self.case_busy = True
        self._start_case(case, restart)

    @work(thread=True, exclusive=True, group="case")
    def _start_case(self, case: Any, restart: bool) -> None:
        try:
            from frontlijn_game.engine.playthrough import Playthrough, new_seed

            services = self.services
            scenario = services.scenario(case) if isinstance(case, str) else case
            seed = services.settings.seed
            play = Playthrough.start(scenario, new_seed() if seed is None else seed)
            trainee = services.trainee
            assert trainee is not None
            progress = services.progress()
            attempt_id = progress.start(trainee.code, scenario, play.state, restart)
            if progress.remote:  # the server drew the seed: play its state
                from frontlijn_game.engine.state import PlayState

                saved = progress.load(attempt_id)
                scenario, play.state = saved.scenario, PlayState.from_json(saved.state)
        except Exception as exc:
            self.case_busy = False
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(CaseReady(scenario, play.state, attempt_id))

    def resume_attempt(self, attempt_id: int) -> None:
        self.case_busy = True
        self._resume_attempt(attempt_id)

    @work(thread=True, exclusive=True, group="case")
    def _resume_attempt(self, attempt_id: int) -> None:
        try:
            from frontlijn_game.engine.state import PlayState

            saved = self.services.progress().load(attempt_id)
            state = PlayState.from_json(saved.state)
        except Exception as exc:
            self.case_busy = False
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(CaseReady(saved.scenario, state, attempt_id))

    def abandon_attempt(self, attempt_id: int) -> None:
        self.case_busy = True
        self._abandon_attempt(attempt_id)

    @work(thread=True, exclusive=True, group="case")
    def _abandon_attempt(self, attempt_id: int) -> None:
        try:
            self.services.progress().abandon(attempt_id)
        except Exception as exc:
            self.case_busy = False
            self.post_message(Failed(message_of(exc)))
            return
        self.post_message(AttemptsChanged())

    def open_attempt_action(self, action: str | None, attempt_id: int, scenario_id: str) -> None:
        """Carry out the answer of the open-attempt dialog."""
        if action == "resume":
            self.resume_attempt(attempt_id)
        elif action == "restart":
            self.start_case(scenario_id, restart=True)
        elif action == "abandon":
            from frontlijn_game.i18n import _
            from frontlijn_game.ui.kit.confirm import ConfirmDialog

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.abandon_attempt(attempt_id)

            self.app.push_screen(
                ConfirmDialog(
                    _(
                        "Deze poging afbreken? Je beslissingen blijven bewaard, "
                        "maar je kunt niet meer verder."
                    ),
                    yes=_("Afbreken"),
                    no=_("Terug"),
                ),
                confirmed,
            )

    def ask_open_attempt(self, attempt: Any, title: str) -> None:
        from frontlijn_game.ui.dialogs.open_attempt import OpenAttemptDialog

        self.app.push_screen(
            OpenAttemptDialog(title, attempt.decisions, attempt.updated_at),
            lambda action: self.open_attempt_action(action, attempt.id, attempt.scenario_id),
        )

    def on_case_ready(self, message: CaseReady) -> None:
        message.stop()
        self.case_busy = False
        if message.state.status == "finished":
            self.frontlijn.debrief(message.scenario, message.state, replace=self.replace_on_play)
        else:
            self.frontlijn.play(
                message.scenario, message.state, message.attempt_id, replace=self.replace_on_play
            )

    def on_attempts_changed(self, message: AttemptsChanged) -> None:
        message.stop()
        self.case_busy = False
        self.reload()

    def reload(self) -> None:
        """Load what the screen shows again (after an attempt changed)."""
