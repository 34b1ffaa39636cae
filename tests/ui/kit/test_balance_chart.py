"""The balance chart's legend explains every mark the chart shows, each with its own shape."""

from __future__ import annotations

from fractions import Fraction

from frontlijn_game.ui.kit.balance_chart import IN_MARK, OUT_MARK, chart_text


def test_every_mark_is_explained_once() -> None:
    trace = [None, Fraction(0), Fraction(2, 5)]
    lines = chart_text(trace, Fraction(3, 10), Fraction(1, 2), 60).plain.splitlines()
    band = next(i for i, line in enumerate(lines) if "doelband" in line)
    legend, plot = "\n".join(lines[band + 1 :]), "\n".join(lines[:band])
    assert IN_MARK != OUT_MARK
    for mark in (IN_MARK, OUT_MARK, "○"):
        assert mark in plot and legend.count(mark) == 1
    assert "binnen de band" in legend and "buiten de band" in legend
    assert "nog geen hulp of sanctie" in legend


def test_no_legend_for_a_mark_that_is_not_there() -> None:
    text = chart_text([Fraction(2, 5)], Fraction(3, 10), Fraction(1, 2), 60).plain
    assert "○" not in text


def test_the_legend_fits_an_80_column_terminal() -> None:
    """The chart crops rather than wraps, so a legend item that does not fit moves to a
    line of its own instead of being cut off (the debrief at 80x24 is 76 columns wide)."""
    trace = [None, Fraction(0), Fraction(2, 5)]
    narrow = chart_text(trace, Fraction(3, 10), Fraction(1, 2), 76).plain.splitlines()
    assert all(len(line) <= 76 for line in narrow)
    assert "○ nog geen hulp of sanctie" in narrow[-1]
    wide = chart_text(trace, Fraction(3, 10), Fraction(1, 2), 120).plain.splitlines()
    assert "buiten de band" in wide[-1] and "nog geen hulp of sanctie" in wide[-1]


def test_the_widget_is_as_high_as_its_legend_needs() -> None:
    from frontlijn_game.ui.kit.balance_chart import ROWS, BalanceChart

    chart = BalanceChart([None, Fraction(2, 5)], Fraction(3, 10), Fraction(1, 2))
    assert chart.get_content_height(None, None, 76) == ROWS + 5
    assert chart.get_content_height(None, None, 120) == ROWS + 4
