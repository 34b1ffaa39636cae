"""The product phase of the search: (core state, scoring part) pairs, integer arithmetic only."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from functools import partial

from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths.core_search import CoreGraph, explore_core, path_to, start_state
from frontlijn_game.engine.paths.keys import KeyTables, Label
from frontlijn_game.engine.paths.reports import RunSummary
from frontlijn_game.engine.paths.scores import FinalScore, ScorePart
from frontlijn_game.engine.state import PlayState


@dataclass
class ProductGraph:
    """The explored product space: node 0 is the start; parents give first-found paths."""

    comp: KeyTables
    core: CoreGraph
    index: dict[tuple[int, int], int] = field(default_factory=dict)
    """(core state, scoring part id) -> product state."""
    parents: list[int] = field(default_factory=list)
    labels: list[Label | None] = field(default_factory=list)
    cores: list[int] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)
    """Per product state the id of its scoring part (parts are interned: ints hash fast)."""
    part_ids: dict[ScorePart, int] = field(default_factory=dict)
    part_list: list[ScorePart] = field(default_factory=list)
    advanced: dict[tuple[int, str], int] = field(default_factory=dict)
    terminals: list[tuple[int, str, ScorePart, FinalScore]] = field(default_factory=list)
    reverse: list[list[int]] | None = None
    capped: int = 0
    stopped: str | None = None
    seconds: float = 0.0

    @property
    def start(self) -> PlayState:
        return self.core.start

    def intern(self, part: ScorePart) -> int:
        found = self.part_ids.get(part)
        if found is None:
            found = self.part_ids[part] = len(self.part_list)
            self.part_list.append(part)
        return found

    def advance(self, pid: int, choice_id: str) -> int:
        """The id of the scoring part after taking ``choice_id``."""
        key = (pid, choice_id)
        found = self.advanced.get(key)
        if found is None:
            part = self.comp.scores.advance(self.part_list[pid], choice_id)
            found = self.advanced[key] = self.intern(part)
        return found

    def path(self, node: int, last: Label | None = None) -> list[Label]:
        return path_to(self.parents, self.labels, node, last)

    def replayable(self, steps: list[Label]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        choices = (*self.start.chosen, *(c for c, _ in steps))
        draws = (*self.start.draws, *(d for _, d in steps if d is not None))
        return choices, draws

    def summary(self, node: int, ending: str, part: ScorePart, final: FinalScore) -> RunSummary:
        steps = self.path(node)
        choices, draws = self.replayable(steps)
        return summary(self.comp, self.start.seed, choices, draws, steps, ending, part, final)


def summary(
    comp: KeyTables,
    seed: int,
    choices: tuple[str, ...],
    draws: tuple[str, ...],
    steps: list[Label],
    ending: str,
    part: ScorePart,
    final: FinalScore,
) -> RunSummary:
    ending_model = comp.scenario.scenes[ending].ending
    assert ending_model is not None
    return RunSummary(
        seed=seed,
        choices=choices,
        draws=draws,
        ending=ending,
        kind=ending_model.kind,
        total=final.total,
        help=part[0],
        sanction=part[1],
        continuation=tuple(c for c, _ in steps),
        continuation_draws=tuple(d for _, d in steps if d is not None),
    )


def explore(
    comp: KeyTables,
    start: PlayState | None,
    max_states: int,
    deadline: float | None,
    keep_reverse: bool,
) -> ProductGraph:
    began = time.perf_counter()
    state, failure = start_state(comp, start)
    core = explore_core(comp, state, failure, max_states, deadline)
    graph = ProductGraph(comp, core)
    scores = comp.scores
    advance = graph.advance
    advanced = graph.advanced
    part_list = graph.part_list
    index = graph.index
    parents = graph.parents
    labels = graph.labels
    cores = graph.cores
    parts = graph.parts
    edges = core.edges
    ending = core.ending
    reverse: list[list[int]] | None = [[]] if keep_reverse else None
    graph.reverse = reverse
    pending_terminals: list[tuple[int, str, ScorePart]] = []

    part0 = scores.part_of(state.chosen)
    index[(0, graph.intern(part0))] = 0
    parents.append(-1)
    labels.append(None)
    cores.append(0)
    parts.append(0)
    depth0 = len(state.chosen)
    depths = [depth0]
    if ending[0]:
        pending_terminals.append((0, core.scenes[0], part0))
    queue = deque([0])
    expanded = 0
    while queue and graph.stopped is None:
        node = queue.popleft()
        expanded += 1
        if deadline is not None and expanded & 1023 == 1 and time.perf_counter() > deadline:
            graph.stopped = "time"
            break
        depth = depths[node] + 1
        if depth > MAX_DECISIONS:
            graph.capped += 1
            continue
        pid = parts[node]
        for label, child in edges[cores[node]]:
            if child < 0:
                continue
            cpart = advanced.get((pid, label[0]))
            if cpart is None:
                cpart = advance(pid, label[0])
            key = (child, cpart)
            found = index.get(key)
            if found is None:
                if len(parents) >= max_states:
                    graph.stopped = "max-states"
                    break
                found = len(parents)
                index[key] = found
                parents.append(node)
                labels.append(label)
                cores.append(child)
                parts.append(cpart)
                depths.append(depth)
                if reverse is not None:
                    reverse.append([])
                if ending[child]:
                    pending_terminals.append((found, core.scenes[child], part_list[cpart]))
                else:
                    queue.append(found)
            if reverse is not None:
                reverse[found].append(node)
    graph.stopped = core.stopped or graph.stopped
    for node, scene, part in pending_terminals:
        final = scores.final(part, scene, partial(chosen_on_path, graph, node))
        graph.terminals.append((node, scene, part, final))
    graph.seconds = time.perf_counter() - began
    return graph


def chosen_on_path(graph: ProductGraph, node: int) -> list[str]:
    return list(graph.replayable(graph.path(node))[0])
