"""One trainee: every attempt with its start, duration, ending, score parts and verdict.

Enter replays the attempt under the cursor, decision by decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service import format as fmt
from frontlijn_game.ui.leader.base import LeaderScreen, status_styles

if TYPE_CHECKING:
    from frontlijn_game.reporting.detail import CaseTotals, TraineeDetail


FIXED_WIDTH = 91
"""Columns other than case and ending, with cell padding, margins and scroll bar."""


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def clock_text(seconds: float | None) -> str:
    """A duration as ``m:ss`` or ``h:mm:ss``; an en dash for none."""
    if seconds is None:
        return "–"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def part(value: float | int | None) -> str:
    """A score part as stored (up to two decimals), without trailing zeros: 100, 66,67."""
    if value is None:
        return "–"
    text = fmt.number(value, 2)
    sep = "," if "," in text else "."
    if sep in text:
        text = text.rstrip("0").rstrip(sep)
    return text


def first_and_best(case: CaseTotals | None) -> Text:
    """``42,0 → 96,0`` on a case's first attempt: what the trainee knew before any debrief."""
    if case is None:
        return Text("")
    return Text(
        f"{fmt.number(case.first_total)} → {fmt.number(case.best_total)}",
        style="dim" if case.attempts == 1 else "",
    )


class TraineeDetailScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "replay", _("Terugkijken")),
        Binding("f5", "reload", _("Vernieuwen"), show=False),
        Binding("escape", "back", _("Terug")),
    ]
    AUTO_FOCUS = "#detail-attempts"

    class Loaded(Message):
        def __init__(self, detail: TraineeDetail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, code: str, case: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.case = case
        """Put the cursor on the newest attempt of this case."""
        self.detail: TraineeDetail | None = None

    def section(self) -> str:
        return _("Cursist {code}").format(code=self.code)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Pogingen laden…"), id="detail-summary", classes="leader-summary")
        yield DataTable(id="detail-attempts", cursor_type="row", zebra_stripes=True)
        yield Static(
            _(
                "Delen B/U/P: balansscore, uitkomst en processcore (0-100). "
                "Enter: de poging stap voor stap terugkijken."
            ),
            classes="leader-hint",
        )
        yield Footer()

    def loaded(self) -> None:
        table = self.query_one("#detail-attempts", DataTable)
        for label, key in (
            (_("Nr"), "id"),
            (_("Casus"), "case"),
            (_("Gestart"), "start"),
            (_("Duur"), "duration"),
            (_("Einde"), "ending"),
            (_("Delen B/U/P"), "parts"),
            (_("Totaal"), "total"),
            (_("Oordeel"), "verdict"),
            (_("Gehaald"), "passed"),
            (_("1e → beste"), "first"),
        ):
            table.add_column(label, key=key)
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="leader-detail")
    def load(self) -> None:
        try:
            detail = self.data().trainee(self.code)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(detail))

    def on_trainee_detail_screen_loaded(self, message: Loaded) -> None:
        self.detail = detail = message.detail
        trainee = detail.trainee
        styles = status_styles(self.app)
        summary = Text()
        summary.append(trainee.code, "bold")
        if trainee.display_name:
            summary.append(f" ({trainee.display_name})")
        summary.append(
            " · " + _("cohorten: {names}").format(names=", ".join(trainee.cohorts) or "–"), "dim"
        )
        summary.append(
            " · " + _("curricula: {names}").format(names=", ".join(detail.curricula) or "–"),
            "dim",
        )
        finished = sum(1 for line in detail.attempts if line.attempt.status == "finished")
        summary.append(
            "\n"
            + ngettext(
                "{n} poging, {f} afgerond", "{n} pogingen, {f} afgerond", len(detail.attempts)
            ).format(n=len(detail.attempts), f=finished)
            + (" · " + _("gewist (AVG)") if trainee.erased_at else "")
        )
        self.query_one("#detail-summary", Static).update(summary)
        table = self.query_one("#detail-attempts", DataTable)
        table.clear()
        # Case and ending share what the fixed columns leave of the screen's width.
        width = max(12, min(40, (self.app.size.width - FIXED_WIDTH) // 2))
        target = None
        # The first attempt's row of each case holds its total beside the case's best.
        firsts: dict[int, CaseTotals] = {}
        for case in detail.cases:
            mine = [
                x.attempt.id for x in detail.attempts if x.attempt.scenario_id == case.scenario_id
            ]
            if mine:
                firsts[min(mine)] = case
        for index, line in enumerate(detail.attempts):
            a = line.attempt
            done = a.status == "finished"
            if target is None and self.case is not None and a.scenario_id == self.case:
                target = index
            passed: Text
            if line.passed is None:
                passed = Text("–", style="dim")
            elif line.passed:
                passed = Text("✓ " + _("ja"), style=styles["passed"])
            else:
                passed = Text("✗ " + _("nee"), style=styles["failed"])
            ending = Text(
                _("{status} na {n}").format(status=fmt.attempt_status(a.status), n=a.decisions),
                style=styles["in_progress"] if a.status in ("active", "suspended") else "dim",
            )
            if done:
                kind_style = {"good": "passed", "bad": "failed", "mixed": "in_progress"}
                ending = Text(
                    short(line.ending_label or a.ending_id or "–", width),
                    style=styles[kind_style.get(a.ending_kind or "", "finished")],
                )
            table.add_row(
                f"#{a.id}",
                short(line.title, width),
                fmt.when(a.started_at),
                clock_text(line.duration_seconds),
                ending,
                " / ".join(part(x) for x in (a.balance_score, a.outcome, a.process))
                if done
                else "–",
                Text(fmt.number(a.total), style="bold") if done else Text("–"),
                fmt.verdict_name(a.verdict) if done else "–",
                passed,
                first_and_best(firsts.get(a.id)),
                key=str(a.id),
            )
        if not detail.attempts:
            self.notify(_("Deze cursist heeft nog niets gespeeld."))
        elif target is not None:
            table.move_cursor(row=target, animate=False)

    def selected_attempt(self) -> int | None:
        table = self.query_one("#detail-attempts", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else int(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_replay(int(event.row_key.value))

    def action_replay(self) -> None:
        attempt_id = self.selected_attempt()
        if attempt_id is not None:
            self.open_replay(attempt_id)

    def open_replay(self, attempt_id: int) -> None:
        from frontlijn_game.ui.leader.replay import ReplayScreen

        self.app.push_screen(ReplayScreen(attempt_id))


__all__ = ["TraineeDetailScreen"]
