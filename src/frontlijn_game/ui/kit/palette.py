"""One command-palette provider (Ctrl+P) for every room: a room lists its entries, this
matches and shows them, so trainee and leader palettes behave the same."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

Entry = tuple[str, str, Callable[[], object]]
"""(name shown, help text, what it does)."""


class ActionPalette(Provider):
    """Subclasses say which entries apply now (:meth:`entries`); the rest is shared."""

    def entries(self) -> Iterator[Entry]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, help_text, action in self.entries():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self.entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
