"""The group debrief's head speaks the interface language: the ending's kind in words,
Dutch decimals, the verdict's name."""

from __future__ import annotations

from rich.console import Console

from frontlijn_game.i18n import language, set_language
from frontlijn_game.service.session_debrief import GroupDebrief
from frontlijn_game.ui.leader.session_report import debrief_renderable


def _head(lang: str) -> str:
    report = GroupDebrief(
        code="ABC234",
        title="Casusoverleg: Jayden en de klusjes",
        mode="casusoverleg",
        finished=True,
        ending="Het lek",
        ending_kind="bad",
        score={"total": 19.4, "balance": 0.13, "verdict": "tandeloos", "help": 7, "sanction": 1},
        decisions=(),
        roles=(),
        participants=(),
    )
    before = language()
    set_language(lang)
    try:
        console = Console(width=100, record=True)
        console.print(debrief_renderable(report))
        return console.export_text()
    finally:
        set_language(before)


def test_group_debrief_head_in_dutch() -> None:
    text = _head("nl")
    assert "Einde: Het lek (slecht afgelopen)" in text
    assert "Score: 19,4 · balans 13% (tandeloos)" in text
    assert "(bad)" not in text


def test_group_debrief_head_in_english() -> None:
    text = _head("en")
    assert "19.4" in text and "(bad)" not in text
