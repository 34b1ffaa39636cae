"""Cohorts: the list (Enter opens the progress matrix), a new cohort, enrolling codes.

A beheerder sees every cohort and "(alle cursisten)"; a cursusleider sees the cohorts they
lead and "(al je cursisten)", the trainees of those, and cannot make a cohort (the data
door, ``LeaderData``, keeps both rules; this screen only hides what would be refused).
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.service.leader import ALL
from frontlijn_game.ui.leader.base import HomeScreen

if TYPE_CHECKING:
    from frontlijn_game.store.records import CohortRecord
    from frontlijn_game.ui.leader.dialogs import Enrolment, NewCohort


class CohortsScreen(HomeScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", _("Voortgang")),
        Binding("n", "new_cohort", _("Nieuw cohort")),
        Binding("i", "enrol", _("Inschrijven")),
        Binding("a", "all_trainees", _("Alle cursisten")),
        Binding("f5", "reload", _("Vernieuwen"), show=False),
        Binding("ctrl+l", "sign_out", _("Afmelden")),
    ]
    AUTO_FOCUS = "#cohorts"

    class Loaded(Message):
        def __init__(
            self,
            cohorts: list[CohortRecord],
            trainees: int,
            curricula: list[tuple[str, str]],
            select: str | None = None,
        ) -> None:
            super().__init__()
            self.cohorts = cohorts
            self.trainees = trainees
            self.curricula = curricula
            self.select = select

    class Done(Message):
        """A write succeeded: say ``text`` and load the list again."""

        def __init__(self, text: str, select: str | None) -> None:
            super().__init__()
            self.text = text
            self.select = select

    def __init__(self) -> None:
        super().__init__()
        self.cohorts: list[CohortRecord] = []
        self.curricula: list[tuple[str, str]] = []
        self.titles: dict[str, str] = {}

    def section(self) -> str:
        return _("Cohorten")

    @property
    def sees_all(self) -> bool:
        """A beheerder's view (every cohort); False for a cursusleider or no session."""
        session = self.session
        return session is not None and session.scope.sees_all

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        if action == "new_cohort" and not self.sees_all:
            return False  # a beheerder's move: not offered (and refused by LeaderData)
        return super().check_action(action, parameters)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Cohorten laden…"), id="cohorts-summary", classes="leader-summary")
        yield DataTable(id="cohorts", cursor_type="row", zebra_stripes=True)
        yield Static(
            _("Enter: voortgang van het cohort · n: nieuw cohort · i: cursisten inschrijven")
            if self.sees_all
            else _("Enter: voortgang van het cohort · i: cursisten inschrijven"),
            classes="leader-hint",
        )
        yield Footer()

    def loaded(self) -> None:
        table = self.query_one("#cohorts", DataTable)
        table.add_column(_("Cohort"), key="name")
        table.add_column(_("Cursisten"), key="members")
        table.add_column(_("Curriculum"), key="curricula")
        table.add_column(_("Aangemaakt"), key="created")
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="leader-cohorts")
    def load(self, select: str | None = None) -> None:
        try:
            data = self.data()
            cohorts = data.cohorts()
            trainees = data.trainee_count()
            curricula = [(c.id, c.title) for c in data.curricula()]
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(cohorts, trainees, curricula, select))

    def on_cohorts_screen_loaded(self, message: Loaded) -> None:
        self.cohorts = message.cohorts
        self.curricula = message.curricula
        self.titles = dict(message.curricula)
        summary = Text()
        summary.append(_("Cohorten"), "bold")
        summary.append(
            "  "
            + ngettext("{n} cohort", "{n} cohorten", len(message.cohorts)).format(
                n=len(message.cohorts)
            )
            + " · "
            + (
                ngettext(
                    "{n} cursist in de database", "{n} cursisten in de database", message.trainees
                )
                if self.sees_all
                else ngettext(
                    "{n} cursist in je cohorten", "{n} cursisten in je cohorten", message.trainees
                )
            ).format(n=message.trainees),
            "dim",
        )
        if not self.sees_all and not message.cohorts:
            summary.append(
                "  "
                + _("Je leidt nog geen cohort; vraag een beheerder om je er een toe te wijzen."),
                "italic",
            )
        self.query_one("#cohorts-summary", Static).update(summary)
        table = self.query_one("#cohorts", DataTable)
        current = self.selected()
        table.clear()
        table.add_row(
            Text(
                _("(alle cursisten)") if self.sees_all else _("(al je cursisten)"), style="italic"
            ),
            str(message.trainees),
            Text(_("geen: de gespeelde casussen"), style="dim"),
            "",
            key=ALL,
        )
        for cohort in message.cohorts:
            names = ", ".join(self.titles.get(c, c) for c in cohort.curricula)
            table.add_row(
                cohort.name,
                str(cohort.members),
                names or Text(_("geen"), style="dim"),
                fmt.when(cohort.created_at),
                key=cohort.name,
            )
        target = message.select or current
        if target is not None:
            with suppress(Exception):  # the cohort is gone: keep the cursor where it is
                table.move_cursor(row=table.get_row_index(target))

    def selected(self) -> str | None:
        table = self.query_one("#cohorts", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else str(key)

    def selected_cohort(self) -> str | None:
        key = self.selected()
        return None if key in (None, ALL) else key

    # -- actions -------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_key(event.row_key.value)

    def action_open(self) -> None:
        self.open_key(self.selected())

    def open_key(self, key: str | None) -> None:
        from frontlijn_game.ui.leader.matrix import MatrixScreen

        if key is None:
            return
        self.app.push_screen(MatrixScreen(None if key == ALL else key))

    def action_all_trainees(self) -> None:
        self.open_key(ALL)

    def action_new_cohort(self) -> None:
        from frontlijn_game.ui.leader.dialogs import NewCohortDialog

        if not self.sees_all:
            self.notify(_("Alleen een beheerder kan een cohort maken."), severity="warning")
            return

        def answered(answer: NewCohort | None) -> None:
            if answer is not None:
                self.create(answer)

        self.app.push_screen(NewCohortDialog(self.curricula), answered)

    @work(thread=True, exclusive=True, group="leader-write")
    def create(self, answer: NewCohort) -> None:
        try:
            record = self.data().create_cohort(answer.name, answer.curriculum_id)
        except Exception as exc:
            self.fail(exc)
            return
        text = _("Cohort {name} gemaakt.").format(name=record.name)
        if answer.curriculum_id:
            text += " " + _("Ingeschreven in {curriculum}.").format(curriculum=answer.curriculum_id)
        self.post_message(self.Done(text, record.name))

    def action_enrol(self) -> None:
        from frontlijn_game.ui.leader.dialogs import EnrolDialog

        cohort = self.selected_cohort()
        if cohort is None:
            self.notify(_("Kies eerst een cohort (of maak er een met n)."), severity="warning")
            return

        def answered(answer: Enrolment | None) -> None:
            if answer is not None:
                self.enrol(cohort, answer)

        self.app.push_screen(EnrolDialog(cohort, self.curricula), answered)

    @work(thread=True, exclusive=True, group="leader-write")
    def enrol(self, cohort: str, answer: Enrolment) -> None:
        try:
            result = self.data().enrol(cohort, answer.codes, answer.curriculum_id)
        except Exception as exc:
            self.fail(exc)
            return
        parts = []
        if answer.codes:
            parts.append(
                _("{n} cursist(en) toegevoegd aan {cohort}.").format(
                    n=len(result.added), cohort=cohort
                )
            )
            if result.created:
                parts.append(_("Nieuwe codes: {codes}.").format(codes=", ".join(result.created)))
            if result.already:
                parts.append(_("{n} zat(en) er al in.").format(n=result.already))
        if answer.curriculum_id:
            parts.append(
                (
                    _("Ingeschreven in {curriculum}.")
                    if result.enrolled
                    else _("Was al ingeschreven in {curriculum}.")
                ).format(curriculum=answer.curriculum_id)
            )
        self.post_message(self.Done(" ".join(parts), cohort))

    def on_cohorts_screen_done(self, message: Done) -> None:
        self.notify(message.text, timeout=6)
        self.load(message.select)


__all__ = ["CohortsScreen"]
