"""Solo play of a casusoverleg case: who knows a fact, whether it is shared, who decides."""

from __future__ import annotations

from frontlijn_game.scenario.content import bundled_content_dir
from frontlijn_game.scenario.loader.scenario_file import load_scenario_or_raise
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.service.roles import (
    FactHolder,
    decider_title,
    fact_holders,
    shared_facts,
)


def jayden() -> Scenario:
    return load_scenario_or_raise(bundled_content_dir() / "scenarios" / "casusoverleg-jayden.yaml")


def test_a_private_fact_is_only_its_roles_until_a_choice_shares_it() -> None:
    scenario = jayden()
    before = fact_holders(scenario, [])
    assert before["verzuim"] == FactHolder(("Leerplichtambtenaar",), shared=False)
    assert "aanmelding" not in before  # known to every role: nothing to mark
    after = fact_holders(
        scenario, ["gezin_informeren", "moeder_afspraak", "open_met_moeder", "deel_verzuim"]
    )
    assert after["verzuim"].shared and after["moeder_beeld"].shared
    assert not after["schooldossier"].shared and not after["onderzoek"].shared


def test_oversharing_shares_every_fact_the_choice_names() -> None:
    scenario = jayden()
    assert shared_facts(scenario, ["deel_schooldossier"]) == {"verzuim", "schooldossier"}
    assert shared_facts(scenario, ["no_such_choice"]) == frozenset()


def test_the_decider_is_the_role_that_holds_the_power_there() -> None:
    scenario = jayden()
    assert decider_title(scenario, "leerplicht_besluit") == "Leerplichtambtenaar"
    assert decider_title(scenario, "wijkagent_besluit") == "Wijkagent"
    assert decider_title(scenario, "plan") is None  # the table decides together
