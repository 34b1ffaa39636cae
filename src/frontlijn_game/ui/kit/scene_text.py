"""Scene text as the trainee saw it, for play and for the leader's replay alike."""

from __future__ import annotations

from typing import Any


def scene_markdown(text: str) -> Any:
    """Scene text as Markdown, rendered by Rich in one widget (no child widgets to mount,
    so the next scene appears in one refresh)."""
    from rich.markdown import Markdown

    return Markdown(text.strip(), justify="left")
