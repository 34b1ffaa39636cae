"""The course-leader dashboard: the app's ``leader`` mode (see ``ui/modes.py``).

``base_screen()`` is the first screen of the mode: the leader login in the leader app
(``build_app(..., mode="leader")``: ``frontlijn leader``, ``frontlijn serve --leader-port``),
and a refusal that sends a trainee session straight back to its own screens. Behind the
login: cohorts -> progress matrix -> trainee detail -> attempt replay, and the option
distribution of a case. Screens are imported when first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


def base_screen() -> Screen[None]:
    from frontlijn_game.service.leader_auth import leader_app
    from frontlijn_game.ui.leader.login import LeaderLoginScreen, RefusedScreen
    from frontlijn_game.ui.textual_compat import current_app

    if not leader_app(current_app()):
        return RefusedScreen()
    return LeaderLoginScreen()


__all__ = ["base_screen"]
