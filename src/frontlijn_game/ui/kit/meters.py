"""Meters for the case's visible variables: a bar for a number with a range, else the value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from frontlijn_game.service.format import value_text

if TYPE_CHECKING:
    from frontlijn_game.scenario.model import Value, Variable


def meter_text(
    variables: Mapping[str, Variable],
    values: Mapping[str, Value],
    changed: set[str],
    width: int,
    bar_style: str = "green",
    empty_style: str = "dim",
    changed_style: str = "bold",
) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    visible = [v for v in variables.values() if v.visible]
    for index, var in enumerate(visible):
        value = values.get(var.id, var.initial)
        shown = value_text(value)
        arrow = ""
        if var.id in changed:
            arrow = " •"
        label_width = max(1, width - len(shown) - len(arrow) - 1)
        label = var.label if len(var.label) <= label_width else var.label[: label_width - 1] + "…"
        text.append(label.ljust(label_width) + " ")
        text.append(shown + arrow, changed_style if var.id in changed else "")
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and var.min is not None
            and var.max is not None
            and var.max > var.min
        ):
            share = (value - var.min) / (var.max - var.min)
            filled = round(share * width)
            text.append("\n")
            text.append("█" * filled, bar_style)
            text.append("░" * (width - filled), empty_style)
        if index < len(visible) - 1:
            text.append("\n")
    return text


class Meters(Widget):
    COMPONENT_CLASSES = {"meters--bar", "meters--empty", "meters--changed"}
    DEFAULT_CSS = """
    Meters { height: auto; }
    Meters > .meters--bar { color: $accent; }
    Meters > .meters--empty { color: $surface-lighten-2; }
    Meters > .meters--changed { text-style: bold; color: $warning; }
    """

    def __init__(self, variables: Mapping[str, Variable], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.variables = variables
        self.values: dict[str, Value] = {}
        self.changed: set[str] = set()

    def show(self, values: Mapping[str, Value], changed: set[str]) -> None:
        self.values = dict(values)
        self.changed = set(changed)
        self.refresh(layout=True)

    def render(self) -> Text:
        return meter_text(
            self.variables,
            self.values,
            self.changed,
            max(10, self.size.width),
            self.get_component_rich_style("meters--bar", partial=True),  # type: ignore[arg-type]
            self.get_component_rich_style("meters--empty", partial=True),  # type: ignore[arg-type]
            self.get_component_rich_style("meters--changed", partial=True),  # type: ignore[arg-type]
        )

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        visible = [v for v in self.variables.values() if v.visible]
        lines = 0
        for var in visible:
            lines += 1
            if var.min is not None and var.max is not None and var.kind == "number":
                lines += 1
        return lines
