"""A text chart of the balance (share of sanction) after each decision, against the band.

Eleven rows, one per 10 percentage points; the rows inside the target band are shaded;
one column group per decision with a dot at that decision's balance (hollow while
nothing with help or sanction had been done yet). The band is drawn with a shade
character, so it shows without colours too. Plain Unicode, so it reads in any
terminal and in a screenshot; the colours come from the theme via component classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from frontlijn_game.i18n import _
from frontlijn_game.service.format import band as band_text

ROWS = 11
BAND = "░"
GUTTER = 5


def _row_of(value: Fraction) -> int:
    """0 (bottom, 0%) .. 10 (top, 100%), rounding half up."""
    return min(ROWS - 1, int(value * (ROWS - 1) + Fraction(1, 2)))


IN_MARK = "●"
OUT_MARK = "◆"


def chart_text(
    trace: Sequence[Fraction | None],
    lo: Fraction,
    hi: Fraction,
    width: int,
    styles: dict[str, Style] | None = None,
) -> Text:
    styles = styles or {}
    band_style = styles.get("band", Style(color="blue"))
    in_style = styles.get("in", Style(color="green", bold=True))
    out_style = styles.get("out", Style(color="red", bold=True))
    axis_style = styles.get("axis", Style(dim=True))

    n = len(trace)
    plot_width = max(8, width - GUTTER - 2)
    step = 3 if n == 0 else max(1, min(4, plot_width // max(n, 1)))
    if n * step > plot_width:  # many decisions: show every k-th
        k = -(-n * step // plot_width)
        shown = list(range(k - 1, n, k))
        if shown[-1] != n - 1:
            shown.append(n - 1)
    else:
        shown = list(range(n))
    cols = max(plot_width, len(shown) * step)
    points = {i: trace[d] for i, d in enumerate(shown)}

    text = Text(no_wrap=True, overflow="crop")
    for row in range(ROWS - 1, -1, -1):
        centre = Fraction(row, ROWS - 1)
        in_band = lo <= centre <= hi
        label = f"{row * 10}%" if row in (0, 5, 10) else ""
        text.append(f"{label:>{GUTTER - 1}} ", axis_style)
        text.append("┤" if label else "│", axis_style)
        line = Text()
        for i in range(len(shown)):
            value = points[i]
            if value is None:
                mark = row == 0
                glyph, style = ("○", axis_style) if mark else (" ", None)
            else:
                mark = _row_of(value) == row
                ok = lo <= value <= hi
                # Two shapes, not only two colours: the light theme and colour-blind
                # eyes tell them apart as well.
                glyph, style = (
                    ((IN_MARK, in_style) if ok else (OUT_MARK, out_style))
                    if mark
                    else (
                        " ",
                        None,
                    )
                )
            fill = BAND if in_band else " "
            line.append(fill * (step - 1), band_style if in_band else None)
            if style is not None:
                line.append(glyph, style)
            else:
                line.append(fill, band_style if in_band else None)
        rest = cols - len(shown) * step
        if rest > 0:
            line.append((BAND if in_band else " ") * rest, band_style if in_band else None)
        text.append_text(line)
        text.append("\n")
    text.append(" " * GUTTER + "└" + "─" * cols + "\n", axis_style)
    numbers = [" "] * (cols + 1)
    every = 1 if step >= 3 else 5
    for i, d in enumerate(shown):
        number = d + 1
        if number % every and number != 1 and d != n - 1:
            continue
        label = str(number)
        end = (i + 1) * step
        start = end - len(label) + 1
        if start < 0 or any(c != " " for c in numbers[start : end + 1]):
            continue
        numbers[start : end + 1] = list(label)
    text.append(" " * GUTTER + "".join(numbers).rstrip() + "\n", axis_style)
    text.append(" " * GUTTER)
    text.append(BAND * 2, band_style)
    text.append(" " + _("doelband {band} sanctie").format(band=band_text(lo, hi)), axis_style)
    # Every mark the chart can show, each once (the legend says what the shape means).
    text.append("\n" + " " * GUTTER)
    inside = " " + _("balans na een beslissing, binnen de band") + "   "
    outside = " " + _("buiten de band")
    text.append(IN_MARK, in_style)
    text.append(inside, axis_style)
    text.append(OUT_MARK, out_style)
    text.append(outside, axis_style)
    if any(value is None for value in points.values()):
        hollow = " " + _("nog geen hulp of sanctie")
        used = GUTTER + 1 + len(inside) + 1 + len(outside)
        # The line is cropped, never wrapped: a last item that does not fit gets its own line.
        text.append("   " if used + 3 + 1 + len(hollow) <= width else "\n" + " " * GUTTER)
        text.append("○", axis_style)
        text.append(hollow, axis_style)
    return text


class BalanceChart(Widget):
    """The balance over the attempt; ``trace`` from ``engine.scoring.balance_trace``."""

    COMPONENT_CLASSES = {
        "balance-chart--band",
        "balance-chart--in",
        "balance-chart--out",
        "balance-chart--axis",
    }
    DEFAULT_CSS = """
    BalanceChart { height: auto; width: 1fr; }
    BalanceChart > .balance-chart--band { color: $primary; }
    BalanceChart > .balance-chart--in { color: $success; text-style: bold; }
    BalanceChart > .balance-chart--out { color: $error; text-style: bold; }
    BalanceChart > .balance-chart--axis { color: $text-muted; }
    """

    def __init__(
        self,
        trace: Sequence[Fraction | None],
        lo: Fraction,
        hi: Fraction,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.trace = list(trace)
        self.lo = lo
        self.hi = hi

    def render(self) -> Text:
        styles = {
            name: self.get_component_rich_style(f"balance-chart--{name}", partial=True)
            for name in ("band", "in", "out", "axis")
        }
        return chart_text(self.trace, self.lo, self.hi, self.size.width or 60, styles)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        # rows, axis, numbers, the band and the marks explained (on two lines when narrow)
        return len(chart_text(self.trace, self.lo, self.hi, width or 60).plain.splitlines())
