"""The leader's dialogs, each a typed ``ModalScreen`` that dismisses with its answer or None."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from frontlijn_game.i18n import _
from frontlijn_game.ui.leader.base import CSS_FILE

NO_CURRICULUM = "-"
T = TypeVar("T")


def _curriculum_select(
    curricula: Sequence[tuple[str, str]], select_id: str, none_label: str
) -> Select[str]:
    options = [(none_label, NO_CURRICULUM)] + [
        (f"{title} ({cid})", cid) for cid, title in curricula
    ]
    return Select(options, value=NO_CURRICULUM, allow_blank=False, id=select_id)


class _Dialog(ModalScreen[T]):
    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", _("Terug"))]

    def say(self, text: str) -> None:
        self.query_one(".dialog-message", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def buttons(self, ok: str) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button(ok, variant="primary", id="ok")
            yield Button(_("Terug"), id="cancel")


@dataclass(frozen=True)
class NewCohort:
    name: str
    curriculum_id: str | None


class NewCohortDialog(_Dialog[NewCohort]):
    """A cohort's name and (optionally) the curriculum it follows."""

    AUTO_FOCUS = "#cohort-name"

    def __init__(self, curricula: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.curricula = list(curricula)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Nieuw cohort"), classes="screen-title")
            yield Label(_("Naam"))
            yield Input(id="cohort-name", max_length=100, placeholder=_("bijvoorbeeld najaar-2026"))
            yield Label(_("Curriculum"))
            yield _curriculum_select(self.curricula, "cohort-curriculum", _("(nog geen)"))
            yield Static("", classes="dialog-message error")
            yield from self.buttons(_("Maken"))

    def submit(self) -> None:
        name = self.query_one("#cohort-name", Input).value.strip()
        if not name:
            self.say(_("Geef het cohort een naam."))
            return
        value = self.query_one("#cohort-curriculum", Select).value
        curriculum = None if value in (NO_CURRICULUM, Select.BLANK) else str(value)
        self.dismiss(NewCohort(name, curriculum))


@dataclass(frozen=True)
class Enrolment:
    codes: tuple[str, ...]
    curriculum_id: str | None


def split_codes(text: str) -> tuple[str, ...]:
    """Codes separated by commas, semicolons, spaces or new lines; duplicates dropped."""
    seen: list[str] = []
    for code in re.split(r"[\s,;]+", text.strip()):
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


class EnrolDialog(_Dialog[Enrolment]):
    """Trainee codes to add to a cohort (unknown codes are made) and/or a curriculum."""

    AUTO_FOCUS = "#enrol-codes"

    def __init__(self, cohort: str, curricula: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.cohort = cohort
        self.curricula = list(curricula)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _("Inschrijven in {cohort}").format(cohort=self.cohort), classes="screen-title"
            )
            yield Label(_("Codes van cursisten (gescheiden door komma's of spaties)"))
            yield Input(id="enrol-codes", placeholder=_("bijvoorbeeld jw-4821, jw-4822"))
            yield Static(_("Een code die nog niet bestaat, wordt aangemaakt."), classes="muted")
            yield Label(_("Ook inschrijven in curriculum"))
            yield _curriculum_select(self.curricula, "enrol-curriculum", _("(geen)"))
            yield Static("", classes="dialog-message error")
            yield from self.buttons(_("Inschrijven"))

    def submit(self) -> None:
        codes = split_codes(self.query_one("#enrol-codes", Input).value)
        value = self.query_one("#enrol-curriculum", Select).value
        curriculum = None if value in (NO_CURRICULUM, Select.BLANK) else str(value)
        if not codes and curriculum is None:
            self.say(_("Geef codes, een curriculum, of allebei."))
            return
        bad = [c for c in codes if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", c)]
        if bad:
            self.say(_("Geen bruikbare code: {codes}").format(codes=", ".join(bad)))
            return
        self.dismiss(Enrolment(codes, curriculum))


@dataclass(frozen=True)
class ExportRequest:
    path: str
    excel: bool


class ExportDialog(_Dialog[ExportRequest]):
    """Where to write the matrix as CSV."""

    AUTO_FOCUS = "#export-path"

    def __init__(self, default_path: str, rows: int) -> None:
        super().__init__()
        self.default_path = default_path
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Matrix exporteren (CSV)"), classes="screen-title")
            yield Static(
                _(
                    "{n} rijen zoals getoond (filter en sortering), alle pagina's; "
                    "één regel per cursist en kolom."
                ).format(n=self.rows),
                classes="dialog-text",
            )
            yield Label(_("Bestand"))
            yield Input(self.default_path, id="export-path")
            yield Checkbox(
                _("Voor Excel (puntkomma's, decimale komma)"), id="export-excel", value=False
            )
            yield Static("", classes="dialog-message error")
            yield from self.buttons(_("Exporteren"))

    def submit(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.say(_("Geef een bestandsnaam."))
            return
        self.dismiss(ExportRequest(path, self.query_one("#export-excel", Checkbox).value))


__all__ = [
    "EnrolDialog",
    "Enrolment",
    "ExportDialog",
    "ExportRequest",
    "NewCohort",
    "NewCohortDialog",
    "split_codes",
]
