"""Why a debrief or a replay shows no best continuation (yet): both screens say it alike.

The trainee's debrief and the leader's replay each fill ``best`` per decision from a
worker: nothing yet (``None``), :data:`UNAVAILABLE` when it could not be worked out, or
a continuation whose ``first`` is ``None`` when no ending can be reached from there.
"""

from __future__ import annotations

from typing import Final, TypeVar

from rich.text import Text

from frontlijn_game.i18n import _

T = TypeVar("T")

UNAVAILABLE: Final = object()
"""The best continuation could not be worked out (the case changed, the search failed)."""


def best_to_show(text: Text, best: T | None, unavailable: str) -> T | None:
    """``best`` when it is a continuation to show; otherwise None, with why appended to
    ``text`` (``unavailable`` is said for :data:`UNAVAILABLE`)."""
    if best is None:
        text.append(_("wordt berekend…"), "dim")
    elif best is UNAVAILABLE:
        text.append(unavailable, "dim")
    elif getattr(best, "first", None) is None:
        text.append(_("geen weg meer naar een einde gevonden"), "dim")
    else:
        return best
    return None


__all__ = ["UNAVAILABLE", "best_to_show"]
