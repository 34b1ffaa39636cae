"""The rules of a live session that need no database: who decides, what counts, who
knows which fact. Pure functions, so the service, its tests and the debrief agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from frontlijn_game.scenario.model import Scenario, Scene
from frontlijn_game.service.session_views import FactInfo

MODES = ("klassikaal", "casusoverleg")


def decider(scenario: Scenario, mode: str, scene: Scene) -> str | None:
    """The role that alone decides ``scene`` (casusoverleg with ``decided_by``), else None."""
    if mode != "casusoverleg" or scene.decided_by not in scenario.roles:
        return None
    return scene.decided_by


def count(choices: Iterable[str], offered: Sequence[str]) -> dict[str, int]:
    """Votes per offered option (every option listed, zero included), in ``offered`` order."""
    tally = Counter(c for c in choices if c in offered)
    return {c: tally.get(c, 0) for c in offered}


def majority(counts: dict[str, int]) -> tuple[str | None, tuple[str, ...]]:
    """The option with the most votes, or (None, the tied options) when two or more share
    the most, or (None, ()) when nobody voted."""
    if not counts or max(counts.values()) == 0:
        return None, ()
    top = max(counts.values())
    best = tuple(c for c, n in counts.items() if n == top)
    if len(best) == 1:
        return best[0], ()
    return None, best


def shared_facts(scenario: Scenario, chosen: Iterable[str]) -> set[str]:
    """Facts the group's choices have shared with every role (``share``)."""
    shared: set[str] = set()
    for choice_id in chosen:
        choice = scenario.choices.get(choice_id)
        if choice is not None:
            shared.update(choice.share)
    return shared


def visible_facts(
    scenario: Scenario,
    mode: str,
    revealed: Sequence[str],
    chosen: Sequence[str],
    roles: Iterable[str] | None,
) -> list[FactInfo]:
    """The dossier of a seat holding ``roles`` (None: the facilitator, who sees all).

    Klassikaal plays like solo: every revealed fact. In a casusoverleg a revealed fact
    with ``known_by`` shows only in those roles' dossiers, marked private, until a choice
    shares it; a shared fact shows in every dossier (told by its holder, even if no scene
    revealed it yet).
    """
    shared = shared_facts(scenario, chosen)
    held = None if roles is None else set(roles)
    seen: list[FactInfo] = []
    for fid in dict.fromkeys([*revealed, *sorted(shared)]):
        fact = scenario.facts.get(fid)
        if fact is None:
            continue
        if mode != "casusoverleg" or not fact.known_by:
            if fid in revealed:
                seen.append(FactInfo(fid, fact.text, False))
            continue
        private = fid not in shared
        if not private or held is None or held & set(fact.known_by):
            seen.append(FactInfo(fid, fact.text, private, tuple(fact.known_by)))
    return seen
