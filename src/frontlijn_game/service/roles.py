"""Roles of a casusoverleg case as solo play shows them (DESIGN.md "Live sessions").

Solo, the trainee holds every role and sees every fact, so the screens mark what only one
agency knows and whether a choice has shared it yet: that is what the case teaches. A
fact counts as shared once any taken choice lists it under ``share``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from frontlijn_game.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class FactHolder:
    """Who knows a role-private fact, and whether it has been shared with the table."""

    titles: tuple[str, ...]
    shared: bool


def shared_facts(scenario: Scenario, chosen: Sequence[str]) -> frozenset[str]:
    """The facts the taken choices have shared, in any order, however often."""
    return frozenset(
        fact
        for choice_id in chosen
        if choice_id in scenario.choices
        for fact in scenario.choices[choice_id].share
    )


def fact_holders(scenario: Scenario, chosen: Sequence[str]) -> dict[str, FactHolder]:
    """Each fact with ``known_by``: the titles of the roles that know it, and if it is shared."""
    shared = shared_facts(scenario, chosen)
    return {
        fact.id: FactHolder(
            tuple(scenario.roles[r].title for r in fact.known_by if r in scenario.roles),
            fact.id in shared,
        )
        for fact in scenario.facts.values()
        if fact.known_by
    }


def decider_title(scenario: Scenario, scene_id: str) -> str | None:
    """The title of the role that decides in this scene; ``None`` where the group decides."""
    role = scenario.scenes[scene_id].decided_by
    if role is None or role not in scenario.roles:
        return None
    return scenario.roles[role].title
