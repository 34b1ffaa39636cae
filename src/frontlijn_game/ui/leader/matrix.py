"""The progress matrix: trainees x cases of a cohort, coloured by the curriculum's rules.

One row per trainee; a column per case of the curriculum (module by module), or per case
played when the cohort follows none. A cell shows a mark, the best total and the number
of attempts (``✓ 82,5 ×2``), coloured by its status under the column's pass rule. Rows
can be filtered (code or name; a status in the column under the cursor) and sorted (any
column; again: the other way round). The table holds one page of rows at a time
(``view.PAGE_SIZE``), so a cohort of thousands opens as fast as one of twenty.
"""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.service.matrix_view import (
    PASSED_COUNT,
    TRAINEE,
    MatrixPage,
    MatrixQuery,
    export_matrix,
    next_status,
    page_of,
)
from frontlijn_game.ui.leader.base import LeaderScreen, status_styles
from frontlijn_game.ui.leader.matrix_lines import (
    cell_line,
    legend_text,
    row_line,
    state_text,
    summary_text,
)
from frontlijn_game.ui.leader.matrix_table import (
    FIXED,
    MatrixTable,
    column_labels,
    fitting_columns,
    has_rules,
)

if TYPE_CHECKING:
    from frontlijn_game.reporting.matrix import Row
    from frontlijn_game.service.leader import MatrixData
    from frontlijn_game.ui.leader.dialogs import ExportRequest


def today() -> date:
    return date.today()


class MatrixScreen(LeaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", _("Cursist")),
        Binding("s", "sort", _("Sorteer")),
        Binding("f", "status_filter", _("Status")),
        Binding("slash", "find", _("Zoek")),
        Binding("right_square_bracket", "next_page", _("Volgende pagina")),
        Binding("left_square_bracket", "previous_page", _("Vorige pagina")),
        Binding("x", "export", _("CSV")),
        Binding("o", "options", _("Keuzes")),
        Binding("i", "items", _("Items")),
        Binding("c", "curriculum", _("Curriculum"), show=False),
        Binding("f5", "reload", _("Vernieuwen"), show=False),
        Binding("escape", "back", _("Terug")),
    ]
    AUTO_FOCUS = "#matrix"

    class Loaded(Message):
        def __init__(self, data: MatrixData, page: MatrixPage) -> None:
            super().__init__()
            self.data = data
            self.page = page

    class PageReady(Message):
        def __init__(self, page: MatrixPage) -> None:
            super().__init__()
            self.page = page

    class Painted(Message):
        """The matrix is on screen (posted after the refresh that shows it)."""

        def __init__(self, seconds: float) -> None:
            super().__init__()
            self.seconds = seconds

    class FirstTotals(Message):
        """The first attempts' totals of one trainee (for the line under the table)."""

        def __init__(self, trainee_id: int, totals: dict[tuple[int, str], float]) -> None:
            super().__init__()
            self.trainee_id = trainee_id
            self.totals = totals

    class Exported(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, cohort: str | None, curriculum_id: str | None = None) -> None:
        super().__init__()
        self.cohort = cohort
        self.curriculum_id = curriculum_id
        self.matrix_data: MatrixData | None = None
        self.firsts: dict[int, dict[tuple[int, str], float]] = {}
        """Trainee id -> its first attempts' totals, read when its row is under the cursor."""
        self.asking: set[int] = set()
        self.query_state = MatrixQuery()
        self.current: MatrixPage | None = None
        self.started = time.perf_counter()
        self.painted_seconds: float | None = None
        self.painted_at: float | None = None
        """``time.perf_counter()`` when the filled table was first on screen."""
        self.column_at = 0
        """The table column of the cursor, kept while a filter leaves no rows."""
        self.labels: dict[str, str] = {}
        """Column key -> the case id it shows (the key when a case is in two modules)."""
        self.first_column = 0
        """The first case column in the table: it holds as many as fit on the screen
        (a DataTable draws every column of a visible line, shown or not)."""
        self.window = 0
        self._filter_timer: Timer | None = None

    def section(self) -> str:
        return _("Voortgang")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Voortgang laden…"), id="matrix-summary", classes="leader-summary")
        with Horizontal(id="matrix-bar"):
            yield Input(placeholder=_("Zoek code of naam…"), id="matrix-filter")
            yield Static("", id="matrix-state")
        yield MatrixTable(id="matrix", cursor_type="cell", zebra_stripes=True, fixed_columns=FIXED)
        yield Static("", id="matrix-cell", classes="leader-hint")
        yield Static("", id="matrix-legend", classes="leader-hint")
        yield Footer()

    def loaded(self) -> None:
        self.started = time.perf_counter()
        self.load()

    # -- loading -------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="leader-matrix")
    def load(self) -> None:
        try:
            data = self.data().matrix(self.cohort, self.curriculum_id)
            page = page_of(data.matrix, self.query_state)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.Loaded(data, page))

    @work(thread=True, exclusive=True, group="leader-page")
    def compute_page(self, query: MatrixQuery) -> None:
        """Filter, sort and build one page (rows are built lazily, perhaps from the
        database) off the UI thread."""
        data = self.matrix_data
        if data is None:
            return
        try:
            page = page_of(data.matrix, query)
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.PageReady(page))

    @work(thread=True, group="leader-firsts")
    def fetch_firsts(self, trainee_id: int) -> None:
        data = self.matrix_data
        if data is None:
            return
        try:
            totals = data.matrix.first_totals([trainee_id])
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(self.FirstTotals(trainee_id, totals))

    def on_matrix_screen_first_totals(self, message: FirstTotals) -> None:
        self.asking.discard(message.trainee_id)
        self.firsts[message.trainee_id] = message.totals
        self.show_cell()

    def on_matrix_screen_page_ready(self, message: PageReady) -> None:
        if message.page.query == self.query_state:
            self.show_page(message.page)

    def on_matrix_screen_loaded(self, message: Loaded) -> None:
        data = message.data
        self.matrix_data = data
        self.firsts.clear()  # a reload may hold new attempts
        self.curriculum_id = data.curriculum_id
        self.query_one("#matrix-summary", Static).update(summary_text(data))
        styles = status_styles(self.app)
        self.query_one("#matrix-legend", Static).update(legend_text(has_rules(data), styles))
        self.labels = column_labels(data)
        self.first_column = 0
        self.window = self.fitting_columns()
        self.build_columns()
        self.show_page(message.page, keep_cursor=False)
        self.call_after_refresh(self._painted)

    def fitting_columns(self) -> int:
        """How many case columns fit beside the trainee and count columns."""
        data = self.matrix_data
        if data is None:
            return 0
        width = self.query_one("#matrix", DataTable).size.width or self.app.size.width
        return fitting_columns(data, self.labels, width)

    def shown_columns(self) -> range:
        data = self.matrix_data
        total = 0 if data is None else len(data.matrix.columns)
        return range(self.first_column, min(total, self.first_column + self.window))

    def build_columns(self) -> None:
        data = self.matrix_data
        assert data is not None
        table = self.query_one("#matrix", MatrixTable)
        table.build_columns(data, self.labels, self.shown_columns())

    def on_matrix_table_edge(self, message: MatrixTable.Edge) -> None:
        message.stop()
        data = self.matrix_data
        if data is None or self.current is None:
            return
        total = len(data.matrix.columns)
        if message.step > 0:
            if self.first_column + self.window >= total:
                return
            self.first_column = min(self.first_column + self.window, total - 1)
            self.column_at = FIXED
        else:
            if self.first_column == 0:
                return
            self.first_column = max(0, self.first_column - self.window)
            self.column_at = FIXED + len(self.shown_columns()) - 1
        self.build_columns()
        self.show_page(self.current)

    def on_resize(self) -> None:
        if self.matrix_data is None or self.current is None:
            return
        window = self.fitting_columns()
        if window != self.window:
            self.window = window
            self.column_at = min(self.column_at, FIXED + len(self.shown_columns()) - 1)
            self.build_columns()
            self.show_page(self.current)

    def _painted(self) -> None:
        if self.painted_seconds is None:
            self.painted_at = time.perf_counter()
            self.painted_seconds = self.painted_at - self.started
            self.post_message(self.Painted(self.painted_seconds))

    def show_page(self, page: MatrixPage, keep_cursor: bool = True) -> None:
        data = self.matrix_data
        if data is None:
            return
        table = self.query_one("#matrix", MatrixTable)
        if not keep_cursor:
            self.column_at = 0
        column = self.column_at
        row_index = table.cursor_row if keep_cursor else 0
        self.current = page
        table.fill(data, page.rows, self.shown_columns(), status_styles(self.app))
        if page.rows:
            table.move_cursor(row=min(row_index, len(page.rows) - 1), column=column, animate=False)
        self.show_state()
        self.show_cell()

    def show_state(self) -> None:
        page = self.current
        if page is None:
            return
        columns = 0 if self.matrix_data is None else len(self.matrix_data.matrix.columns)
        text = state_text(page, self.query_state, self.labels, self.shown_columns(), columns)
        self.query_one("#matrix-state", Static).update(text)

    # -- the cell under the cursor -------------------------------------------------------

    def cursor_row(self) -> Row | None:
        page = self.current
        table = self.query_one("#matrix", DataTable)
        if page is None or not page.rows or table.cursor_row >= len(page.rows):
            return None
        return page.rows[table.cursor_row]

    def cursor_column(self) -> int | None:
        """Index of the matrix column under the cursor (None: trainee or count column)."""
        data = self.matrix_data
        offset = self.column_at - FIXED
        if data is None or offset < 0 or offset >= len(self.shown_columns()):
            return None
        return self.first_column + offset

    def show_cell(self) -> None:
        data = self.matrix_data
        widget = self.query_one("#matrix-cell", Static)
        if data is None:
            return
        row = self.cursor_row()
        index = self.cursor_column()
        if index is None:
            widget.update(Text() if row is None else row_line(row, data.module_titles))
            return
        first = "…"
        if row is not None:
            firsts = self.firsts.get(row.trainee_id)
            if firsts is None:
                if row.trainee_id not in self.asking:  # asked once; shown when it arrives
                    self.asking.add(row.trainee_id)
                    self.fetch_firsts(row.trainee_id)
            else:
                first = fmt.number(data.matrix.first_total(firsts, row, index))
        widget.update(cell_line(data, index, row, first, status_styles(self.app)))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        if event.data_table.row_count:
            self.column_at = event.coordinate.column
        self.show_cell()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        if key is not None:
            self.sort_by(str(key))

    # -- filter, sort, pages -------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, self.apply_text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_text()
        self.query_one("#matrix", DataTable).focus()

    def apply_text(self) -> None:
        text = self.query_one("#matrix-filter", Input).value
        if text != self.query_state.text:
            self.set_query(text=text, page=0)

    def set_query(self, **changes: object) -> None:
        from dataclasses import replace

        self.query_state = replace(self.query_state, **changes)  # type: ignore[arg-type]
        self.compute_page(self.query_state)

    def column_key(self) -> str:
        if self.column_at == 0:
            return TRAINEE
        if self.column_at == 1:
            return PASSED_COUNT
        index = self.cursor_column()
        assert self.matrix_data is not None
        return TRAINEE if index is None else self.matrix_data.matrix.columns[index].key

    def sort_by(self, key: str) -> None:
        q = self.query_state
        if q.sort == key:
            self.set_query(descending=not q.descending, page=0)
        else:
            # Scores read best-first; codes A-Z.
            self.set_query(sort=key, descending=key != TRAINEE, page=0)

    def action_sort(self) -> None:
        if self.matrix_data is not None:
            self.sort_by(self.column_key())

    def action_status_filter(self) -> None:
        data = self.matrix_data
        if data is None:
            return
        available = (
            ("passed", "failed", "in_progress", "abandoned", "not_started")
            if has_rules(data)
            else ("finished", "in_progress", "abandoned", "not_started")
        )
        index = self.cursor_column()
        column = None if index is None else data.matrix.columns[index].key
        q = self.query_state
        status = next_status(q.status if q.status_column == column else None, available)
        self.set_query(status=status, status_column=column, page=0)

    def action_find(self) -> None:
        self.query_one("#matrix-filter", Input).focus()

    def action_next_page(self) -> None:
        page = self.current
        if page is not None and page.page + 1 < page.pages:
            self.set_query(page=page.page + 1)

    def action_previous_page(self) -> None:
        page = self.current
        if page is not None and page.page > 0:
            self.set_query(page=page.page - 1)

    def action_curriculum(self) -> None:
        data = self.matrix_data
        if data is None or len(data.curricula) < 2:
            self.notify(_("Dit cohort volgt niet meer dan één curriculum."))
            return
        current = data.curriculum_id
        ids = list(data.curricula)
        index = ids.index(current) if current in ids else -1
        self.curriculum_id = ids[(index + 1) % len(ids)]
        self.load()

    # -- opening -------------------------------------------------------------------------

    def action_open(self) -> None:
        from frontlijn_game.ui.leader.detail import TraineeDetailScreen

        row = self.cursor_row()
        if row is None:
            return
        index = self.cursor_column()
        case = None
        if index is not None and self.matrix_data is not None:
            case = self.matrix_data.matrix.columns[index].scenario_id
        self.app.push_screen(TraineeDetailScreen(row.code, case))

    def action_options(self) -> None:
        from frontlijn_game.service.leader import options_available

        index = self.cursor_column()
        if index is None or self.matrix_data is None:
            self.notify(_("Zet de cursor in de kolom van een casus."), severity="warning")
            return
        if not options_available():
            self.notify(_("De keuzeverdeling is in deze versie niet beschikbaar."))
            return
        from frontlijn_game.ui.leader.options import OptionsScreen

        column = self.matrix_data.matrix.columns[index]
        self.app.push_screen(OptionsScreen(column.scenario_id, self.cohort))

    def action_items(self) -> None:
        index = self.cursor_column()
        if index is None or self.matrix_data is None:
            self.notify(_("Zet de cursor in de kolom van een casus."), severity="warning")
            return
        from frontlijn_game.ui.leader.items import ItemsScreen

        column = self.matrix_data.matrix.columns[index]
        self.app.push_screen(ItemsScreen(column.scenario_id, self.cohort))

    # -- export --------------------------------------------------------------------------

    def action_export(self) -> None:
        from frontlijn_game.ui.leader.dialogs import ExportDialog

        data = self.matrix_data
        page = self.current
        if data is None or page is None:
            return
        from frontlijn_game.reporting.csv_export import default_export_folder

        name = self.cohort or _("alle-cursisten")
        default = f"voortgang-{name}-{today().isoformat()}.csv"

        def answered(answer: ExportRequest | None) -> None:
            if answer is not None:
                self.export(answer)

        self.app.push_screen(
            ExportDialog(str(default_export_folder()), default, page.matching), answered
        )

    @work(thread=True, exclusive=True, group="leader-export")
    def export(self, answer: ExportRequest) -> None:
        data = self.matrix_data
        if data is None:
            return
        try:
            from frontlijn_game.service.leader import LeaderData

            shown = export_matrix(data.matrix, self.query_state)
            path = LeaderData.write_csv(shown, answer.path, excel=answer.excel).resolve()
        except Exception as exc:
            self.fail(exc)
            return
        self.post_message(
            self.Exported(
                _("{n} cursisten geëxporteerd naar {path}").format(n=len(shown.rows), path=path)
            )
        )

    def on_matrix_screen_exported(self, message: Exported) -> None:
        self.notify(message.text, timeout=8)


__all__ = ["MatrixScreen"]
