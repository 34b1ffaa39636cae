"""A participant's screen in a live session (``frontlijn join CODE``, after sign-in).

A thread worker takes the seat (the same seat again after a drop; this device takes it
over) and then follows the session: it asks for the session's version twice a second
and reads the view only when it grew (``service.sessions.poll``). Digits vote for the
option shown at that place; a vote can be changed until the facilitator reveals or
advances. Keys are held for a moment after each new decision appears and while a vote is
stored (the app's input guard), so no vote is cast on a scene not yet read.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from frontlijn_game.i18n import _
from frontlijn_game.ui.kit.scene_text import scene_markdown
from frontlijn_game.ui.kit.session_text import facts_text, options_table, round_text, status_text
from frontlijn_game.ui.screens.base import Failed, TraineeScreen

if TYPE_CHECKING:
    from frontlijn_game.service.session_views import ParticipantView, Ticket

POLL_SECONDS = 0.5
MAX_DIGIT = 9


class SessionScreen(TraineeScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", _("Stem"), key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, MAX_DIGIT + 1)],
        Binding("r", "role", _("Rol kiezen")),
        Binding("pagedown", "story(1)", _("Tekst"), key_display="PgDn", priority=True),
        Binding("pageup", "story(-1)", _("Tekst"), show=False, priority=True),
    ]

    class Seen(Message):
        def __init__(self, view: ParticipantView) -> None:
            super().__init__()
            self.view = view

    class Lost(Message):
        """The seat is gone (another device took it over, or the session is unknown)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.ticket: Ticket | None = None
        self.view: ParticipantView | None = None
        self.pending = False
        self.lost = False
        self.shown_decision: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="play"):
            with Vertical(id="play-main"):
                yield Static(_("Aanschuiven bij sessie {code}…").format(code=self.code),
                             id="session-status", classes="lead")  # fmt: skip
                with VerticalScroll(id="story"):
                    yield Static("", id="session-last")
                    yield Static("", id="scene-title", classes="scene-title")
                    yield Static("", id="scene-text")
                yield Static("", id="session-options")
                yield Static("", id="session-hint", classes="muted")
            with Vertical(id="play-side"):
                yield Static("", id="session-role")
                with VerticalScroll(id="dossier-scroll"):
                    yield Static("", id="session-facts")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Sessie {code}").format(code=self.code)
        self.follow()

    @property
    def input_held(self) -> bool:
        return self.pending or self.view is None

    # -- following ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="session-follow")
    def follow(self) -> None:
        from frontlijn_game.service import sessions
        from frontlijn_game.service.session_views import SeatTakenOver, SessionError

        worker = get_current_worker()
        store = self.services.progress().store  # type: ignore[union-attr]
        trainee = self.services.trainee
        assert trainee is not None
        try:
            self.ticket = sessions.join(store, self.code, trainee.code)
        except SessionError as exc:
            self.post_message(self.Lost(str(exc)))
            return
        since = 0
        while not worker.is_cancelled:
            try:
                polled = sessions.poll(store, self.ticket, since)
            except SeatTakenOver as exc:
                self.post_message(self.Lost(str(exc)))
                return
            except Exception as exc:
                from frontlijn_game.service.errors import message_of

                self.post_message(Failed(message_of(exc)))
                time.sleep(2)
                continue
            if polled.view is not None:
                since = polled.version
                self.post_message(self.Seen(polled.view))
            time.sleep(POLL_SECONDS)

    def on_session_screen_lost(self, message: Lost) -> None:
        self.lost = True
        self.query_one("#session-status", Static).update(Text(message.text, "bold red"))
        self.query_one("#session-hint", Static).update(
            _("Sluit af met Ctrl+Q en sluit opnieuw aan met frontlijn join {code}.").format(
                code=self.code
            )
        )

    def on_session_screen_seen(self, message: Seen) -> None:
        self.show(message.view)

    # -- showing ------------------------------------------------------------------------

    def show(self, view: ParticipantView) -> None:
        self.view = view
        head = view.header
        status = _("{title} · sessie {code} · {status}").format(
            title=head.title, code=head.code, status=status_text(head)
        )
        self.query_one("#session-status", Static).update(Text(status, "bold"))
        role = Text()
        role.append(view.name + "\n", "bold")
        if view.role is not None:
            role.append(_("Jouw rol: {title}").format(title=view.role.title) + "\n", "bold")
            if view.role.brief:
                role.append(view.role.brief.strip() + "\n")
        elif head.mode == "casusoverleg":
            role.append(_("Nog geen rol: druk r om een vrije rol te kiezen.") + "\n", "dim")
        self.query_one("#session-role", Static).update(role)
        self.query_one("#session-facts", Static).update(facts_text(view.facts))
        last = self.query_one("#session-last", Static)
        last.display = view.last_round is not None
        if view.last_round is not None:
            last.update(round_text(view.last_round))
        scene = view.scene
        self.query_one("#scene-title", Static).update("" if scene is None else scene.title)
        self.query_one("#scene-text", Static).update(
            "" if scene is None else scene_markdown(scene.text)
        )
        self.query_one("#session-options", Static).update(
            options_table(view.options, mine=view.my_vote)
        )
        self.query_one("#session-hint", Static).update(self.hint(view))
        key = (head.decision_no, "" if scene is None else scene.id)
        if key != self.shown_decision:
            self.shown_decision = key
            self.query_one("#story", VerticalScroll).scroll_home(animate=False)
            self.frontlijn.input_guard.mark()  # a new decision: read before voting

    def hint(self, view: ParticipantView) -> str:
        if view.header.status == "ended":
            return _("Bedankt voor het meedoen. Sluit af met Ctrl+Q.")
        if not view.admitted:
            return _("De gespreksleider laat je zo toe.")
        if view.scene is not None and view.scene.ending is not None:
            return _("Einde: {label}. De gespreksleider bespreekt het met de groep.").format(
                label=view.scene.ending
            )
        if view.header.status == "lobby":
            return _("Je zit klaar. De gespreksleider start de casus.")
        if not view.may_vote:
            return _("Wacht op de gespreksleider.")
        decider = (view.scene.decided_by_title if view.scene else None) or ""
        if view.deciding:
            text = _("Jij beslist hier. Druk het cijfer van je keuze; de anderen adviseren.")
        elif view.advises:
            text = _("De {role} beslist hier; jouw keuze telt als advies.").format(role=decider)
        else:
            text = _("Druk het cijfer van je keuze. Je kunt je stem wijzigen tot de onthulling.")
        if view.my_vote is not None:
            text += " " + _("Je stem is binnen.")
        return text

    def action_story(self, direction: int) -> None:
        story = self.query_one("#story", VerticalScroll)
        if direction > 0:
            story.scroll_page_down(animate=False)
        else:
            story.scroll_page_up(animate=False)

    # -- voting -------------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        view = self.view
        if view is None or self.pending or self.lost:
            return
        if not view.may_vote or not 1 <= number <= len(view.options):
            self.app.bell()
            return
        self.pending = True
        self.cast(view.header.decision_no, view.options[number - 1].id)

    @work(thread=True, exclusive=True, group="session-vote")
    def cast(self, decision_no: int, choice: str) -> None:
        from frontlijn_game.service import sessions

        try:
            assert self.ticket is not None
            store = self.services.progress().store  # type: ignore[union-attr]
            sessions.vote(store, self.ticket, decision_no, choice)
            seen = sessions.view(store, self.ticket)
        except Exception as exc:
            from frontlijn_game.service.errors import message_of

            self.post_message(Failed(message_of(exc)))
        else:
            self.post_message(self.Seen(seen))
        finally:
            self.pending = False

    def action_role(self) -> None:
        view = self.view
        if view is None or view.header.mode != "casusoverleg" or self.lost:
            return
        from frontlijn_game.ui.dialogs.choose import ChooseDialog

        roles = [(r.id, r.title) for r in view.free_roles]
        if not roles:
            self.notify(_("Alle rollen zijn bezet; vraag de gespreksleider."), severity="warning")
            return

        def picked(role: str | None) -> None:
            self.take(role)

        self.app.push_screen(ChooseDialog(_("Kies een vrije rol"), roles), picked)

    @work(thread=True, exclusive=True, group="session-vote")
    def take(self, role: str | None) -> None:
        if role is None or self.ticket is None:
            return
        from frontlijn_game.service import sessions

        try:
            store = self.services.progress().store  # type: ignore[union-attr]
            sessions.pick_role(store, self.ticket, role)
            self.post_message(self.Seen(sessions.view(store, self.ticket)))
        except Exception as exc:
            from frontlijn_game.service.errors import message_of

            self.post_message(Failed(message_of(exc)))
