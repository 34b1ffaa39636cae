"""How a live session's state reads in words, for every door (terminal and web).

The status line of a session and how the group took a decision: one wording, so the
facilitator's console and the participants' screens say the same thing in both doors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.service.session_views import SessionHeader


def how_text(how: str) -> str:
    return {
        "majority": _("meerderheid"),
        "tie": _("gelijke stand, gekozen door de gespreksleider"),
        "override": _("besluit van de gespreksleider"),
        "decider": _("besluit van de rol die hier beslist"),
    }.get(how, how)


def status_text(head: SessionHeader) -> str:
    """Where the session is, in a few words."""
    if head.status == "lobby":
        return _("Wachten tot de gespreksleider begint")
    if head.status == "ended":
        return _("De sessie is afgelopen")
    if head.paused:
        return _("Pauze")
    if head.finished:
        return _("Einde van de casus bereikt")
    if head.revealed:
        return _("Beslissing {n}: de stemmen zijn zichtbaar").format(n=head.decision_no)
    return _("Beslissing {n}: er wordt gestemd").format(n=head.decision_no)


def mode_text(mode: str) -> str:
    return {"klassikaal": _("klassikaal"), "casusoverleg": _("casusoverleg")}.get(mode, mode)
