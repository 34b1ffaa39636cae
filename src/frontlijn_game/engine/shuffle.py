"""The order in which one decision's options are shown: shuffled, yet the same everywhere.

A fixed option order gives answers away (always the second option wins), so play shows
the offered options in an order drawn from the attempt's seed and the decision's number.
The draw has its own RNG, seeded from a SHA-256 of (seed, number) — never Python's
salted ``hash()`` and never the playthrough's RNG stream for random gotos — so resume,
replay, a second device and another machine all show the same order, and shuffling
changes no outcome. A choice with ``position: last`` stays last (in file order among
such choices), e.g. "Ik weet het niet" or "Overleg eerst".
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

from frontlijn_game.scenario.model import Choice

C = TypeVar("C", bound=Choice)


def order_rng(seed: int, number: int) -> random.Random:
    """The RNG of decision ``number`` (1-based) of the attempt with ``seed``."""
    digest = hashlib.sha256(f"frontlijn/shuffle/{seed}/{number}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def shown_order(choices: Sequence[C], seed: int, number: int) -> list[C]:
    """``choices`` (the offered ones, in file order) in the order decision ``number``
    shows them; the pinned ``position: last`` choices follow the shuffled rest."""
    free = [c for c in choices if c.position != "last"]
    pinned = [c for c in choices if c.position == "last"]
    rng = order_rng(seed, number)
    # Fisher–Yates written out (not ``rng.shuffle``) so the order depends only on
    # ``Random.randrange``, whose results are fixed for an int seed.
    for i in range(len(free) - 1, 0, -1):
        j = rng.randrange(i + 1)
        free[i], free[j] = free[j], free[i]
    return free + pinned


__all__ = ["order_rng", "shown_order"]
