"""Live-session texts both the facilitator console and the participant screen show.

Rich renderables from ``service.session_views`` data: the status line, the options with
their counts (when the viewer may see them), the dossier with role-private facts marked,
and the group's last decision. The status and how-taken words come from
``service.session_words`` (the web door says the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.service.session_words import how_text, status_text

if TYPE_CHECKING:
    from frontlijn_game.service.session_views import (
        FactInfo,
        OptionInfo,
        RoundInfo,
    )


def options_table(
    options: Sequence[OptionInfo], mine: str | None = None, marked: str | None = None
) -> Table:
    """``1  text   3 stemmen (2 advies)`` per option; ``mine`` gets a check mark,
    ``marked`` (the facilitator's pick) an arrow."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, justify="right")
    for number, option in enumerate(options, start=1):
        count = Text()
        if option.votes is not None:
            count.append(
                ngettext("{n} stem", "{n} stemmen", option.votes).format(n=option.votes), "bold"
            )
        if option.advice:
            count.append(" · " + _("{n} advies").format(n=option.advice))
        label = Text(option.text)
        if option.id == mine:
            label = Text("✔ ", "bold green") + label
        if option.id == marked:
            label = Text("→ ", "bold") + label
        grid.add_row(Text(str(number), "bold"), label, count)
    return grid


def facts_text(facts: Sequence[FactInfo], role_titles: dict[str, str] | None = None) -> Text:
    """The dossier; a role-private fact is marked (and, for the facilitator, whose)."""
    text = Text()
    text.append(_("Wat je weet") + "\n", "bold")
    if not facts:
        text.append(_("nog niets") + "\n", "dim")
    for fact in facts:
        if fact.private:
            who = ""
            if role_titles is not None:
                who = ": " + ", ".join(role_titles.get(r, r) for r in fact.known_by)
            text.append("🔒 " + _("alleen jouw rol weet dit") if role_titles is None else "🔒 "
                        + _("alleen bekend bij") + who, "bold yellow")  # fmt: skip
            text.append("\n  " + fact.text.strip() + "\n")
        else:
            text.append("• " + fact.text.strip() + "\n")
    text.rstrip()
    return text


def round_text(done: RoundInfo) -> Text:
    """What the group chose last, how, and what followed."""
    text = Text()
    text.append(_("De groep koos: "), "bold")
    text.append(done.choice_text)
    text.append(f" ({how_text(done.how)})\n", "dim")
    if done.consequence:
        text.append(done.consequence.strip())
    text.rstrip()
    return text


__all__ = ["facts_text", "how_text", "options_table", "round_text", "status_text"]
