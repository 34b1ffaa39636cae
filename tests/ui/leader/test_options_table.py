"""At 80 columns the option distribution keeps its option texts readable: numbered above
the table instead of squeezed into a one-letter column."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console

from frontlijn_game.reporting.options import DecisionPoint, OptionStat
from frontlijn_game.ui.leader.options import OptionsScreen

TEXT = "Neem hem mee naar het kantoortje, zet thee en laat hem vertellen wat er gebeurde"


def _point() -> DecisionPoint:
    options = (
        OptionStat(
            "vraag_door",
            TEXT,
            0,
            0,
            1,
            Fraction(1, 2),
            1,
            1,
            Fraction(562, 10),
            by_position=(0, 1, 0),
        ),
        OptionStat(
            "bel_bank", "Bel de bank", 1, 0, 1, Fraction(1, 2), 1, 0, None, by_position=(1, 0, 0)
        ),
    )
    return DecisionPoint("bankpas", "Een dichte rekening", 2, 1, options, (1, 1, 0))


def _render(narrow: bool, width: int) -> str:
    console = Console(width=width, record=True)
    console.print(OptionsScreen.point_table(_point(), narrow))
    return console.export_text()


def test_narrow_numbers_the_options_above_the_table() -> None:
    text = _render(True, 78)
    assert all(len(line) <= 78 for line in text.splitlines())
    flat = " ".join(text.split())
    assert TEXT in flat and "1 Neem hem mee" in flat and "2 Bel de bank" in flat
    assert "2 beslissingen in 1 poging" in flat
    assert "█" not in text


def test_wide_keeps_the_texts_in_the_table() -> None:
    text = _render(False, 160)
    assert TEXT in text and "█" in text
