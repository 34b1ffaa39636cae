"""What the scene graph says before any state is built: reachability and live names.

A variable (or a ``visited``/``chose`` fact) that no expression can read before it is set
again cannot change the future; :func:`liveness` finds, per scene, the names that can.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontlijn_game.scenario.expressions import Expr
from frontlijn_game.scenario.model import Choice, GotoCond, Scenario, goto_targets


def expressions_of(scenario: Scenario) -> Iterable[tuple[Choice, Expr]]:
    """Every expression of the scenario (guards and conditional gotos) with its choice."""
    for choice in scenario.choices.values():
        if choice.when is not None:
            yield choice, choice.when
        if isinstance(choice.goto, GotoCond):
            for branch in choice.goto.branches:
                if branch.when is not None:
                    yield choice, branch.when


def static_reachable(scenario: Scenario) -> set[str]:
    """Scenes reachable in the scene graph, ignoring guards and conditions."""
    seen: set[str] = set()
    stack = [scenario.start]
    while stack:
        sid = stack.pop()
        if sid in seen:
            continue
        seen.add(sid)
        for choice in scenario.scenes[sid].choices:
            stack.extend(goto_targets(choice.goto))
    return seen


Name = tuple[str, str]
"""("v", variable), ("s", scene) for visited() or ("c", choice) for chose()."""


def reads(expr: Expr | None) -> set[Name]:
    if expr is None:
        return set()
    return (
        {("v", v) for v in expr.variables}
        | {("s", s) for s in expr.scenes}
        | {("c", c) for c in expr.choices}
    )


def liveness(scenario: Scenario) -> dict[str, frozenset[Name]]:
    """Per scene, the names whose current value some future step may read."""
    guard = {cid: reads(c.when) for cid, c in scenario.choices.items()}
    cond: dict[str, set[Name]] = {}
    kills: dict[str, set[Name]] = {}
    for cid, c in scenario.choices.items():
        cond[cid] = set()
        if isinstance(c.goto, GotoCond):
            for branch in c.goto.branches:
                cond[cid] |= reads(branch.when)
        kills[cid] = {("v", e.variable) for e in c.effects if e.op == "set"} | {("c", cid)}
    live: dict[str, set[Name]] = {sid: set() for sid in scenario.scenes}
    changed = True
    while changed:
        changed = False
        for sid, scene in scenario.scenes.items():
            new: set[Name] = set()
            for c in scene.choices:
                after = set(cond[c.id])
                for target in goto_targets(c.goto):
                    after |= live[target] - {("s", target)}
                new |= guard[c.id] | (after - kills[c.id])
            if new != live[sid]:
                live[sid] = new
                changed = True
    return {sid: frozenset(names) for sid, names in live.items()}
