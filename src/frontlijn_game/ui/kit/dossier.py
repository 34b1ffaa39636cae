"""The dossier: who is involved and what the trainee has found out, newest marked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.roles import FactHolder


def dossier_text(
    scenario: Scenario,
    revealed: Sequence[str],
    new: set[str],
    heading: str = "bold",
    new_style: str = "reverse",
    muted: str = "dim",
    holders: Mapping[str, FactHolder] | None = None,
) -> Text:
    """``holders`` (a case with roles, played solo) marks what only one agency knows:
    "alleen Wijkagent" until a choice shares it, "gedeeld door Wijkagent" after."""
    text = Text()
    if scenario.actors:
        text.append(_("Betrokkenen") + "\n", heading)
        for actor in scenario.actors.values():
            age = f" ({actor.age})" if actor.age is not None else ""
            text.append(f"• {actor.name}{age}\n")
    text.append(_("Wat je weet") + "\n", heading)
    facts = [f for f in revealed if f in scenario.facts]
    if not facts:
        text.append(_("nog niets") + "\n", muted)
    # Newest first: what just came to light is on top.
    for fact_id in reversed(facts):
        fact = scenario.facts[fact_id]
        if fact_id in new:
            text.append(_("nieuw") + " ", new_style)
        else:
            text.append("• ")
        holder = (holders or {}).get(fact_id)
        if holder is not None:
            who = ", ".join(holder.titles)
            label = _("gedeeld door {who}") if holder.shared else _("alleen {who}")
            text.append("[" + label.format(who=who) + "] ", muted)
        text.append(fact.text.strip() + "\n")
    text.rstrip()
    return text


class Dossier(Widget):
    COMPONENT_CLASSES = {"dossier--heading", "dossier--new", "dossier--muted"}
    DEFAULT_CSS = """
    Dossier { height: auto; }
    Dossier > .dossier--heading { text-style: bold; color: $accent; }
    Dossier > .dossier--new { background: $warning; color: $background; text-style: bold; }
    Dossier > .dossier--muted { color: $text-muted; }
    """

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.revealed: list[str] = []
        self.new: set[str] = set()
        self.holders: Mapping[str, FactHolder] = {}

    def show(
        self,
        revealed: Sequence[str],
        new: set[str],
        holders: Mapping[str, FactHolder] | None = None,
    ) -> None:
        self.revealed = list(revealed)
        self.new = set(new)
        self.holders = dict(holders or {})
        self.refresh(layout=True)

    def render(self) -> Text:
        return dossier_text(
            self.scenario,
            self.revealed,
            self.new,
            self.get_component_rich_style("dossier--heading", partial=True),  # type: ignore[arg-type]
            self.get_component_rich_style("dossier--new", partial=True),  # type: ignore[arg-type]
            self.get_component_rich_style("dossier--muted", partial=True),  # type: ignore[arg-type]
            self.holders,
        )
