"""Settings shared by every sub-command, resolved once: flag > environment > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from frontlijn_game.scenario.content import bundled_content_dir


@dataclass(frozen=True)
class AppContext:
    db_url: str | None
    """None means the default SQLite file; the store resolves it lazily."""
    content_dir: Path
    lang: str
    content_given: bool = False
    """``--content`` (or ``FRONTLIJN_CONTENT``) named the folder; else it is the bundled one."""

    def search_roots(self) -> list[Path]:
        """Where a case named by id is looked for, first match wins: the ``--content``
        folder, the current folder (``./scenarios``, where ``frontlijn new`` writes), then
        the bundled cases. A trainer's own files come before the installed ones."""
        roots = [self.content_dir] if self.content_given else []
        roots += [Path.cwd(), bundled_content_dir()]
        unique: dict[Path, Path] = {}
        for root in roots:
            unique.setdefault(root.resolve(), root)
        return list(unique.values())

    def searched(self) -> str:
        """The places an id was looked for, for the error that says it was not found."""
        return ", ".join(str(root / "scenarios") for root in self.search_roots())

    @classmethod
    def resolve(cls, db: str | None, content: str | None, lang: str | None) -> AppContext:
        db_url = db or os.environ.get("FRONTLIJN_DB") or None
        content_env = content or os.environ.get("FRONTLIJN_CONTENT")
        content_dir = Path(content_env) if content_env else bundled_content_dir()
        if lang is None:
            env_lang = os.environ.get("FRONTLIJN_LANG") or os.environ.get("LANG", "")
            lang = "en" if env_lang.lower().startswith("en") else "nl"
        from frontlijn_game.i18n import set_language

        set_language(lang)  # every message of the command in the interface language
        return cls(
            db_url=db_url, content_dir=content_dir, lang=lang, content_given=bool(content_env)
        )


pass_app = click.make_pass_decorator(AppContext)
