"""The lines around the matrix table: the summary above it, the state of filter, sort and
pages beside the search box, the cell under the cursor and the legend below it.

Plain functions from what the screen knows to a ``Text``, so the screen (``matrix``) only
decides when a line changes, not how it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from frontlijn_game.i18n import _
from frontlijn_game.service import format as fmt
from frontlijn_game.service.matrix_view import PASSED_COUNT, TRAINEE
from frontlijn_game.ui.leader.base import STATUS_MARK, status_name
from frontlijn_game.ui.leader.matrix_table import rule_text

if TYPE_CHECKING:
    from frontlijn_game.reporting.matrix import Row
    from frontlijn_game.service.leader import MatrixData
    from frontlijn_game.service.matrix_view import MatrixPage, MatrixQuery


def legend_text(rules: bool, styles: dict[str, str]) -> Text:
    text = Text()
    first = ("passed", "failed") if rules else ("finished",)
    for status in (*first, "in_progress", "abandoned", "not_started"):
        text.append(STATUS_MARK[status] + " " + status_name(status), styles[status])
        text.append("  ")
    text.append(" " + _("getal: beste totaal · ×n: pogingen"), "dim")
    return text


def summary_text(data: MatrixData) -> Text:
    """Whose matrix this is, by which curriculum, and how large."""
    matrix = data.matrix
    summary = Text()
    summary.append(
        _("Cohort {name}").format(name=data.cohort)
        if data.cohort
        else (_("Al je cursisten") if data.limited else _("Alle cursisten")),
        "bold",
    )
    if matrix.curriculum is not None:
        summary.append(" · " + matrix.curriculum.title + f" ({matrix.curriculum.id})")
    elif data.missing_curriculum:
        summary.append(
            " · "
            + _("curriculum {id} staat niet in de casusmap: de gespeelde casussen").format(
                id=data.missing_curriculum
            ),
            "dim",
        )
    else:
        summary.append(" · " + _("zonder curriculum: de gespeelde casussen"), "dim")
    summary.append(
        " · " + _("{n} cursisten · {k} kolommen").format(n=len(matrix.rows), k=len(matrix.columns)),
        "dim",
    )
    if len(data.curricula) > 1:
        summary.append(" · " + _("c: ander curriculum"), "dim")
    return summary


def state_text(
    page: MatrixPage, query: MatrixQuery, labels: dict[str, str], shown: range, columns: int
) -> Text:
    """Filter, sort, which rows and which columns are shown, and the page."""
    q = page.query or query
    parts = []
    if q.status is not None:
        where = (
            _("in {column}").format(column=labels.get(q.status_column, q.status_column))
            if q.status_column
            else _("in een kolom")
        )
        parts.append(
            _("Status: {status} {where}").format(status=status_name(q.status), where=where)
        )
    sort_name = {TRAINEE: _("cursist"), PASSED_COUNT: _("gehaald")}.get(
        q.sort, labels.get(q.sort, q.sort)
    )
    parts.append(
        _("Sortering: {column} {arrow}").format(
            column=sort_name, arrow="↓" if q.descending else "↑"
        )
    )
    if page.matching:
        last = page.first + len(page.rows) - 1
        parts.append(
            _("rijen {first}–{last} van {n}").format(first=page.first, last=last, n=page.matching)
        )
    else:
        parts.append(_("geen rijen"))
    if page.matching != page.total:
        parts.append(_("({n} totaal)").format(n=page.total))
    if len(shown) < columns:
        parts.append(
            _("kolommen {first}–{last} van {n} (← →)").format(
                first=shown.start + 1, last=shown.stop, n=columns
            )
        )
    if page.pages > 1:
        parts.append(_("pagina {p}/{n} ([ ])").format(p=page.page + 1, n=page.pages))
    return Text(" · ".join(parts), style="dim")


def row_line(row: Row, module_titles: dict[str, str] | None = None) -> Text:
    """The trainee under the cursor, when the cursor is in the trainee or count column;
    each module by its title (the id only when the curriculum gives none)."""
    titles = module_titles or {}
    text = Text()
    text.append(row.code, "bold")
    if row.modules:
        text.append("  " + _("modules:") + " ")
        for module in row.modules:
            state = _("gehaald") if module.passed else (_("open") if module.open else _("op slot"))
            title = titles.get(module.module_id, module.module_id)
            text.append(f"{title}: {state}  ")
    text.append("  " + _("Enter: alle pogingen van deze cursist"), "dim")
    return text


def cell_line(
    data: MatrixData, index: int, row: Row | None, first: str, styles: dict[str, str]
) -> Text:
    """The case of column ``index`` with its rule, and ``row``'s cell in it; ``first`` is
    the first attempt's total as shown (``…`` while it is read)."""
    text = Text()
    column = data.matrix.columns[index]
    title = (data.titles or {}).get(column.scenario_id, column.scenario_id)
    if column.module_id:
        text.append(column.module_id + " · ", "dim")
    text.append(title, "bold")
    text.append(f" · {rule_text(column)}", "dim")
    if row is None:
        return text
    cell = row.cells[index]
    text.append("\n" + row.code + ": ", "bold")
    text.append(status_name(cell.status), styles.get(cell.status, ""))
    if cell.attempts:
        text.append(
            " · "
            + _("1e poging {first} · beste {best} · {n} poging(en), {f} afgerond").format(
                first=first,
                best=fmt.number(cell.best_total),
                n=cell.attempts,
                f=cell.finished,
            )
        )
    if cell.open:
        text.append(" · " + _("een poging staat open"))
    return text


__all__ = ["cell_line", "legend_text", "row_line", "state_text", "summary_text"]
