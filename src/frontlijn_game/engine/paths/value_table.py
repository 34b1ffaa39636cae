"""Every state's best total in a few bytes: the table :func:`best_continuation` walks.

The explored product graph of a big case holds hundreds of thousands of states as Python
objects (~700 bytes each, ~230 MiB for the biggest bundled case); a web worker that kept
it for every case it debriefs would spend its memory on graphs. What a walk to the best
ending needs of a state is only its best total and how many decisions away the nearest
ending with that total is, so the table keeps exactly that, per state, in three typed
arrays sorted by a 64-bit digest of the state's key (``repr`` of its core key and
scoring part, BLAKE2b): ~16 bytes a state. The walk itself steps the engine, so no edge
is kept either.

Exact, not approximate: the builder checks that the digests of all states in the graph
are distinct (and re-salts if not), so a state the graph holds is found with its own
values; the states a walk asks about are all in the graph (it starts at a state reached
by play and follows steps of the graph). The table is plain bytes (:meth:`to_bytes`), so
a caller may build it once, out of process, and share it between workers.
"""

from __future__ import annotations

import json
import sys
from array import array
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from hashlib import blake2b

from frontlijn_game.engine.paths.keys import CoreKey, KeyTables, key_tables
from frontlijn_game.engine.paths.product_search import ProductGraph, explore
from frontlijn_game.engine.paths.scores import ScorePart
from frontlijn_game.scenario.model import Scenario

TABLE_FORMAT = 1
"""Bumped whenever the bytes or the key digest change, so no stale table is read."""
MAGIC = b"FLVT"


def digest(core_key: CoreKey, part: ScorePart, salt: int) -> int:
    """The 64-bit key of a state in a table (signed, to fit an ``array('q')``)."""
    raw = blake2b(repr((core_key, part)).encode(), digest_size=8, salt=salt.to_bytes(16, "little"))
    return int.from_bytes(raw.digest(), "little", signed=True)


@dataclass(frozen=True)
class ValueTable:
    """Per state of a scenario's graph: its best total (an index into ``totals``, -1 when
    no ending is reachable) and the decisions to the nearest ending with that total."""

    complete: bool
    """False: the graph was bigger than the bound and the table is empty."""
    salt: int
    keys: array[int]
    values: array[int]
    dists: array[int]
    totals: tuple[Fraction, ...]

    @property
    def longest(self) -> int:
        """The most decisions any state is from its best ending."""
        return max(0, max(self.dists, default=0))

    def find(self, core_key: CoreKey, part: ScorePart) -> tuple[Fraction | None, int] | None:
        """(best total, decisions to it) of a state, or None when the table lacks it."""
        key = digest(core_key, part, self.salt)
        at = bisect_left(self.keys, key)
        if at >= len(self.keys) or self.keys[at] != key:
            return None
        value = self.values[at]
        return (None if value < 0 else self.totals[value]), self.dists[at]

    def to_bytes(self) -> bytes:
        head = json.dumps(
            {
                "format": TABLE_FORMAT,
                "complete": self.complete,
                "salt": self.salt,
                "states": len(self.keys),
                "totals": [f"{t.numerator}/{t.denominator}" for t in self.totals],
            }
        ).encode()
        parts = [MAGIC, len(head).to_bytes(4, "little"), head]
        for column in (self.keys, self.values, self.dists):
            copy = array(column.typecode, column)
            if sys.byteorder != "little":  # pragma: no cover - the machines here are little
                copy.byteswap()
            parts.append(copy.tobytes())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> ValueTable:
        """The table :meth:`to_bytes` wrote; ValueError for anything else."""
        if data[:4] != MAGIC:
            raise ValueError("not a value table")
        size = int.from_bytes(data[4:8], "little")
        head = json.loads(data[8 : 8 + size])
        if head.get("format") != TABLE_FORMAT:
            raise ValueError("a value table of another format")
        n = int(head["states"])
        at = 8 + size
        columns = []
        for code, width in (("q", 8), ("i", 4), ("i", 4)):
            column = array(code)
            column.frombytes(data[at : at + n * width])
            if len(column) != n:
                raise ValueError("a truncated value table")
            if sys.byteorder != "little":  # pragma: no cover
                column.byteswap()
            columns.append(column)
            at += n * width
        if at != len(data):
            raise ValueError("a value table with trailing bytes")
        return cls(
            bool(head["complete"]),
            int(head["salt"]),
            columns[0],
            columns[1],
            columns[2],
            tuple(Fraction(t) for t in head["totals"]),
        )


def build_table(scenario: Scenario, max_states: int) -> ValueTable:
    """Explore the scenario from its start and value every state (seconds for big cases,
    and for the time of the build the memory of the whole graph)."""
    comp = key_tables(scenario)
    graph = explore(comp, None, max_states, None, keep_reverse=True)
    if graph.stopped is not None or graph.reverse is None:
        return ValueTable(False, 0, array("q"), array("i"), array("i"), ())
    value, dist = best_values(graph)
    totals = tuple(sorted({final.total for _, _, _, final in graph.terminals}))
    slot = {t: i for i, t in enumerate(totals)}
    salt = 0
    while True:
        hashes = _digests(comp, graph, salt)
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        keys = array("q", (hashes[n] for n in order))
        if all(keys[i] != keys[i + 1] for i in range(len(keys) - 1)):
            break
        salt += 1  # pragma: no cover - two of ~10^5 states on one 64-bit digest
    values = array("i", (-1 if (v := value[n]) is None else slot[v] for n in order))
    return ValueTable(True, salt, keys, values, array("i", (dist[n] for n in order)), totals)


def _digests(comp: KeyTables, graph: ProductGraph, salt: int) -> list[int]:
    core_keys: list[CoreKey] = [("", (), 0, 0)] * len(graph.core.parents)
    for key, node in graph.core.index.items():
        core_keys[node] = key
    parts = graph.part_list
    return [
        digest(core_keys[c], parts[p], salt) for c, p in zip(graph.cores, graph.parts, strict=True)
    ]


def best_values(graph: ProductGraph) -> tuple[list[Fraction | None], list[int]]:
    """Per product state the best total reachable and the decisions to its nearest ending
    with that total: a backward breadth-first search from the endings, best total first.
    That gives the tie rule of :func:`analyse`: fewest decisions (then smallest steps,
    which the walk takes in sorted order)."""
    assert graph.reverse is not None
    reverse = graph.reverse
    n = len(graph.parents)
    value: list[Fraction | None] = [None] * n
    dist: list[int] = [-1] * n
    groups: dict[Fraction, list[int]] = {}
    for node, _, _, final in graph.terminals:
        groups.setdefault(final.total, []).append(node)
    for total in sorted(groups, reverse=True):
        queue = deque(groups[total])
        for node in queue:
            value[node] = total
            dist[node] = 0
        while queue:
            v = queue.popleft()
            for u in reverse[v]:
                if value[u] is None:
                    value[u] = total
                    dist[u] = dist[v] + 1
                    queue.append(u)
    return value, dist
