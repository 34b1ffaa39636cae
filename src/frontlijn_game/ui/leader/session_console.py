"""The facilitator's console of a live session (``frontlijn session open|console``).

Who joined (display names, never codes), their roles, the scene, a live count of votes
per option (participants see it only after the reveal), the facts with who knows them,
the decisions taken and a private note per decision. A thread worker follows the
session's version twice a second and re-reads the console when it grew; every key runs
one service action in a worker. Keys: s start, v reveal, 1-9 pick an option (a tie, or
an override), a advance, p pause, n note, t role of the selected seat, x admit, e end,
d group debrief, b nabespreking.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from frontlijn_game.i18n import _
from frontlijn_game.ui.kit.scene_text import scene_markdown
from frontlijn_game.ui.kit.session_text import (
    facts_text,
    how_text,
    options_table,
    status_text,
)
from frontlijn_game.ui.leader.base import LeaderScreen, session_store

if TYPE_CHECKING:
    from frontlijn_game.service.session_views import ConsoleView
    from frontlijn_game.store.service import Store

POLL_SECONDS = 0.5


class SessionConsoleScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", _("Start")),
        Binding("v", "reveal", _("Onthul")),
        Binding("1", "pick(1)", _("Kies"), key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("a", "advance", _("Verdergaan")),
        Binding("p", "pause", _("Pauze")),
        Binding("n", "note", _("Notitie")),
        Binding("t", "role", _("Rol")),
        Binding("x", "admit", _("Toelaten"), show=False),
        Binding("e", "end", _("Beëindigen")),
        Binding("d", "debrief", _("Groepsdebrief")),
        Binding("b", "review", _("Nabespreking")),
        Binding("escape", "leave_note", show=False),
    ]
    AUTO_FOCUS = "#console-seats"

    class Seen(Message):
        def __init__(self, view: ConsoleView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.view: ConsoleView | None = None
        self.pick: str | None = None
        self.picked_at: int | None = None

    def section(self) -> str:
        return _("Sessie {code}").format(code=self.code)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="console"):
            with Vertical(id="console-main"):
                yield Static(_("Sessie {code} laden…").format(code=self.code), id="console-status")
                with VerticalScroll(id="console-story"):
                    yield Static("", id="console-scene-title", classes="scene-title")
                    yield Static("", id="console-scene-text")
                yield Static("", id="console-options")
                yield Static("", id="console-majority", classes="leader-hint")
                yield Input(placeholder=_("Privénotitie bij deze beslissing (Enter bewaart)"),
                            id="console-note")  # fmt: skip
            with Vertical(id="console-side"):
                yield DataTable(id="console-seats", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="console-facts-scroll"):
                    yield Static("", id="console-facts")
                    yield Static("", id="console-rounds")
        yield Footer()

    def loaded(self) -> None:
        table = self.query_one("#console-seats", DataTable)
        table.add_columns(_("Deelnemer"), _("Rol"), _("Stem"), _("Online"))
        self.follow()

    def store(self) -> Store:
        return session_store(self.app)

    @property
    def leader(self) -> str:
        assert self.session is not None
        return self.session.leader.name

    # -- following ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="console-follow")
    def follow(self) -> None:
        from frontlijn_game.service import sessions

        worker = get_current_worker()
        seen = -1
        while not worker.is_cancelled:
            try:
                store = self.store()
                now = sessions.version(store, self.code)
                if now != seen:
                    view = sessions.console(store, self.code, self.leader)
                    seen = view.header.version
                    self.post_message(self.Seen(view))
            except Exception as exc:
                self.fail(exc)
                time.sleep(2)
            time.sleep(POLL_SECONDS)

    def on_session_console_screen_seen(self, message: Seen) -> None:
        self.show(message.view)

    def show(self, view: ConsoleView) -> None:
        self.view = view
        head = view.header
        if self.picked_at != head.decision_no:
            self.pick, self.picked_at = None, head.decision_no
        status = Text()
        status.append(_("Sessiecode: "), "bold")
        status.append(head.code, "bold reverse")
        status.append("  " + _("deelnemers typen: frontlijn join {code}").format(code=head.code))
        status.append(f"\n{head.title} · {head.mode}")
        if head.cohort:
            status.append(f" · {head.cohort}")
        status.append(f" · {status_text(head)}", "bold")
        self.query_one("#console-status", Static).update(status)
        scene = view.scene
        self.query_one("#console-scene-title", Static).update(
            _("Nog niet begonnen: druk s om te starten.") if scene is None else scene.title
        )
        self.query_one("#console-scene-text", Static).update(
            "" if scene is None else scene_markdown(scene.text)
        )
        self.query_one("#console-options", Static).update(
            options_table(view.options, marked=self.pick)
        )
        self.query_one("#console-majority", Static).update(self.majority_line(view))
        table = self.query_one("#console-seats", DataTable)
        row = table.cursor_row
        table.clear()
        for seat in view.seats:
            name = seat.name if seat.admitted else seat.name + " " + _("(wacht op toelating)")
            table.add_row(
                name,
                seat.role_title or "–",
                "✔" if seat.voted else "·",
                "●" if seat.online else "○",
                key=str(seat.seat_id),
            )
        if view.seats:
            table.move_cursor(row=min(row, len(view.seats) - 1))
        titles = {r.id: r.title for r in head.roles}
        self.query_one("#console-facts", Static).update(facts_text(view.facts, titles))
        rounds = Text()
        if view.rounds:
            rounds.append("\n" + _("Genomen beslissingen") + "\n", "bold")
        for done in view.rounds:
            rounds.append(f"{done.decision_no}. {done.choice_text}", "")
            rounds.append(f" ({how_text(done.how)})\n", "dim")
            note = view.notes.get(done.decision_no)
            if note:
                rounds.append("   ✎ " + note + "\n", "italic")
        self.query_one("#console-rounds", Static).update(rounds)
        note_input = self.query_one("#console-note", Input)
        if not note_input.has_focus:
            note_input.value = view.notes.get(head.decision_no, "")

    def majority_line(self, view: ConsoleView) -> str:
        head = view.header
        if head.status != "running" or head.finished:
            return ""
        voted = sum(1 for s in view.seats if s.voted)
        parts = [_("{n} van {m} hebben gestemd.").format(n=voted, m=len(view.seats))]
        if view.scene is not None and view.scene.decided_by_title:
            parts.append(
                _("Hier beslist de {role}; de anderen adviseren.").format(
                    role=view.scene.decided_by_title
                )
            )
        if self.pick is not None:
            parts.append(_("a gaat verder met jouw keuze (→)."))
        elif view.scene is not None and view.scene.decided_by_title and view.majority:
            parts.append(
                _("a gaat verder met de keuze van de {role}.").format(
                    role=view.scene.decided_by_title
                )
            )
        elif view.majority is not None:
            parts.append(_("a gaat verder met de meerderheid."))
        elif view.scene is not None and view.scene.decided_by_title:
            parts.append(
                _("De {role} koos nog niet: wacht, of kies met 1-9 en druk a.").format(
                    role=view.scene.decided_by_title
                )
            )
        elif view.tied:
            parts.append(_("Gelijke stand: kies met 1-9, dan a."))
        else:
            parts.append(_("Nog geen keuze: wacht, of kies met 1-9 en druk a."))
        return " ".join(parts)

    # -- acting -------------------------------------------------------------------------

    @work(thread=True, group="console-act")
    def act(self, action: Callable[..., Any], *args: Any) -> None:
        from frontlijn_game.service import sessions

        try:
            store = self.store()
            action(store, self.code, self.leader, *args)
            self.post_message(self.Seen(sessions.console(store, self.code, self.leader)))
        except Exception as exc:
            self.fail(exc)

    def action_start(self) -> None:
        from frontlijn_game.service import sessions

        self.act(sessions.start)

    def action_reveal(self) -> None:
        from frontlijn_game.service import sessions

        self.act(sessions.reveal)

    def action_pick(self, number: int) -> None:
        view = self.view
        if view is None or not 1 <= number <= len(view.options):
            self.app.bell()
            return
        picked = view.options[number - 1].id
        self.pick = None if self.pick == picked else picked
        self.picked_at = view.header.decision_no
        self.show(view)

    def action_advance(self) -> None:
        from frontlijn_game.service import sessions

        if self.view is None:
            return
        self.act(sessions.advance, self.view.header.decision_no, self.pick)

    def action_pause(self) -> None:
        from frontlijn_game.service import sessions

        if self.view is not None:
            self.act(sessions.pause, not self.view.header.paused)

    def action_note(self) -> None:
        self.query_one("#console-note", Input).focus()

    def action_leave_note(self) -> None:
        self.query_one("#console-seats", DataTable).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from frontlijn_game.service import sessions

        event.stop()
        if self.view is not None:
            self.act(sessions.note, self.view.header.decision_no, event.value)
            self.notify(_("Notitie bewaard."))
        self.query_one("#console-seats", DataTable).focus()

    def selected_seat(self) -> int | None:
        view = self.view
        table = self.query_one("#console-seats", DataTable)
        if view is None or not view.seats or table.cursor_row >= len(view.seats):
            return None
        return view.seats[table.cursor_row].seat_id

    def action_role(self) -> None:
        from frontlijn_game.service import sessions
        from frontlijn_game.ui.dialogs.choose import ChooseDialog

        seat = self.selected_seat()
        if seat is None or self.view is None or not self.view.header.roles:
            self.app.bell()
            return
        items = [(r.id, r.title) for r in self.view.header.roles] + [("", _("(geen rol)"))]

        def chosen(role: str | None) -> None:
            if role is not None:
                self.act(sessions.assign_role, seat, role or None)

        self.app.push_screen(ChooseDialog(_("Welke rol krijgt deze deelnemer?"), items), chosen)

    def action_admit(self) -> None:
        from frontlijn_game.service import sessions

        seat = self.selected_seat()
        if seat is not None:
            self.act(sessions.admit, seat)

    def action_end(self) -> None:
        from frontlijn_game.service import sessions
        from frontlijn_game.ui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(sessions.end)

        self.app.push_screen(
            ConfirmDialog(_("De sessie beëindigen? Daarna kan niemand meer stemmen.")), answered
        )

    def action_debrief(self) -> None:
        from frontlijn_game.ui.leader.session_report import GroupDebriefScreen

        self.app.push_screen(GroupDebriefScreen(self.code))

    def action_review(self) -> None:
        from frontlijn_game.ui.leader.session_report import ReviewScreen

        review = None if self.view is None else self.view.review
        self.app.push_screen(ReviewScreen(self.code, review))
