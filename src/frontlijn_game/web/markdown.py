"""Case texts and the scoring help are Markdown (the terminal renders them with Rich);
the web door renders the same text to HTML with markdown-it (Rich's own parser), raw
HTML escaped, so a case file can never put script or style into a page."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

HEADING = re.compile(r"<(/?)h([1-6])>")


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def to_html(text: str, top: int = 2) -> Markup:
    """``text`` as HTML whose ``#`` headings are ``<h{top}>`` (one h1 per page)."""
    html = _parser().render(text.strip())
    shift = top - 1
    if shift:
        html = HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", html)
    return Markup(html)  # markdown-it escaped every raw tag and attribute
