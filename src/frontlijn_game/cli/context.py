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

    @classmethod
    def resolve(cls, db: str | None, content: str | None, lang: str | None) -> AppContext:
        db_url = db or os.environ.get("FRONTLIJN_DB") or None
        content_env = content or os.environ.get("FRONTLIJN_CONTENT")
        content_dir = Path(content_env) if content_env else bundled_content_dir()
        if lang is None:
            env_lang = os.environ.get("FRONTLIJN_LANG") or os.environ.get("LANG", "")
            lang = "en" if env_lang.lower().startswith("en") else "nl"
        return cls(db_url=db_url, content_dir=content_dir, lang=lang)


pass_app = click.make_pass_decorator(AppContext)
