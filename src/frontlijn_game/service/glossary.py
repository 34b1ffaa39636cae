"""The trainees' glossary as data: the instruments the cases use, in Dutch and English.

The entries live in package data (``frontlijn_game/data/glossary.yaml``) so a trainer or
jurist can read and correct them without touching code; the file holds both languages
side by side, so a missing translation is a test failure, not a blank on screen. No
Textual here: the browser door can show the same entries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

GLOSSARY_FORMAT = "frontlijn/glossary@1"
FIELDS = ("term", "what", "who", "does", "basis")
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Entry:
    """One instrument in one language."""

    id: str
    term: str
    what: str
    who: str
    does: str
    basis: str

    def matches(self, query: str) -> bool:
        """Every word of ``query`` occurs somewhere in the entry (case-insensitive)."""
        haystack = " ".join((self.term, self.what, self.who, self.does, self.basis)).casefold()
        return all(word in haystack for word in query.casefold().split())


class GlossaryError(Exception):
    """The packaged glossary file is malformed (a build error, never the trainee's)."""


def glossary_text() -> str:
    return (resources.files("frontlijn_game") / "data" / "glossary.yaml").read_text("utf-8")


@functools.cache
def load_glossary(language: str = "nl") -> tuple[Entry, ...]:
    """Every entry in ``language`` (``nl`` for anything else), in file order."""
    import yaml

    lang = language if language in LANGUAGES else "nl"
    data = yaml.load(glossary_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or data.get("format") != GLOSSARY_FORMAT:
        raise GlossaryError(f"glossary.yaml: expected 'format: {GLOSSARY_FORMAT}'")
    entries: list[Entry] = []
    for number, item in enumerate(data.get("entries") or [], start=1):
        texts = item.get(lang) if isinstance(item, dict) else None
        if not isinstance(texts, dict) or not isinstance(item.get("id"), str):
            raise GlossaryError(f"glossary.yaml: entry {number} has no id or no '{lang}' texts")
        values = [texts.get(name) for name in FIELDS]
        if not all(isinstance(v, str) and v.strip() for v in values):
            missing = [n for n, v in zip(FIELDS, values, strict=True) if not v]
            raise GlossaryError(f"glossary.yaml: entry '{item['id']}' ({lang}) lacks {missing}")
        entries.append(Entry(item["id"], *(str(v).strip() for v in values)))
    return tuple(entries)


def search(entries: tuple[Entry, ...], query: str) -> tuple[Entry, ...]:
    """The entries that hold every word of ``query``; all of them for an empty query."""
    if not query.strip():
        return entries
    return tuple(e for e in entries if e.matches(query))
