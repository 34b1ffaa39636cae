"""The dossier marks, in solo play of a case with roles, what only one agency knows."""

from __future__ import annotations

from frontlijn_game.scenario.content import bundled_content_dir
from frontlijn_game.scenario.loader.scenario_file import load_scenario_or_raise
from frontlijn_game.service.roles import fact_holders
from frontlijn_game.ui.kit.dossier import dossier_text


def test_private_facts_say_who_knows_them_and_when_they_are_shared() -> None:
    scenario = load_scenario_or_raise(
        bundled_content_dir() / "scenarios" / "casusoverleg-jayden.yaml"
    )
    revealed = ["aanmelding", "verzuim", "schooldossier"]
    text = dossier_text(scenario, revealed, set(), holders=fact_holders(scenario, [])).plain
    assert text.count("[alleen Leerplichtambtenaar]") == 2
    shared = dossier_text(
        scenario, revealed, {"verzuim"}, holders=fact_holders(scenario, ["deel_verzuim"])
    ).plain
    assert "nieuw [gedeeld door Leerplichtambtenaar] Sinds september" in shared
    assert "[alleen Leerplichtambtenaar] In het leerlingdossier" in shared
    assert "[alleen" not in dossier_text(scenario, revealed, set()).plain  # no roles given
