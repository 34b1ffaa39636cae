"""Whether this process is an app served to a browser tab, and the rule that follows.

``frontlijn serve`` sets ``FRONTLIJN_SERVED=1`` for every app process it starts
(``ui.serve_entry``). A served app is reachable from the network, so a trainee code needs
a PIN to sign in there. The rule lives here, not in a screen, so the sign-in screen asks
the application layer instead of importing the serving module (which starts the app).
"""

from __future__ import annotations

import os

SERVED_ENV = "FRONTLIJN_SERVED"
"""Set to ``1`` by ``frontlijn serve`` for its app processes."""


def served() -> bool:
    """Is this process an app served to a browser tab?"""
    return os.environ.get(SERVED_ENV, "") == "1"


def pin_required() -> bool:
    """Trainee codes need a PIN to sign in (always when served to a browser)."""
    return served()


__all__ = ["SERVED_ENV", "pin_required", "served"]
