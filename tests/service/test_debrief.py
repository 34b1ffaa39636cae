"""The debrief as data: what each decision cost, and when the best option may be named."""

from __future__ import annotations

from uihelp import (
    CASE,
    CONTENT,
)

from frontlijn_game.scenario.content import load_library

CODE = "jw-4821"
SCENARIO = load_library(CONTENT).scenarios[CASE]
OTHER_OPTIONS = (
    "Betrek zijn moeder en spreek een grens af",
    "Ga langs en houd Dani aan de afspraak",
)
"""What the best continuation takes where the 'mixed' path goes elsewhere."""


def test_costs_add_up_to_what_the_attempt_left_on_the_table() -> None:
    from fractions import Fraction

    from frontlijn_game.engine.playthrough import Playthrough
    from frontlijn_game.service.debrief import best_lines, build_debrief, may_name_best

    play = Playthrough.start(SCENARIO, 7)
    for choice in ("praat", "schuldhulp", "laat_los"):
        play.choose(choice)
    debrief = build_debrief(SCENARIO, play.state)
    lines = dict(best_lines(debrief))
    costs = [lines[n].cost for n in (1, 2, 3)]  # type: ignore[union-attr]
    assert costs == [Fraction(0), Fraction(16), Fraction(38)]  # 96 reachable, 42 reached
    assert [lines[n].same for n in (1, 2, 3)] == [True, False, False]  # type: ignore[union-attr]
    curricula = list(load_library(CONTENT).curricula.values())
    assert not may_name_best(debrief, curricula, [])  # m1 needs 70; this attempt has 42
    assert not may_name_best(debrief, [], [])  # free play needs 70 as well
