"""Settings shared by every sub-command, resolved once: flag > environment > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from frontlijn_game.scenario.content import bundled_content_dir

SERVER_COMMANDS = (None, "play", "trainee", "cohort", "attempts", "report", "export", "leader")
"""What works through a ``frontlijn web`` server (``--server``): the trainee app, and a
course leader's commands (``cli/desk.py``; ``leader`` says where its parts are)."""


@dataclass(frozen=True)
class AppContext:
    db_url: str | None
    """None means the default SQLite file; the store resolves it lazily."""
    content_dir: Path
    lang: str
    content_given: bool = False
    """``--content`` (or ``FRONTLIJN_CONTENT``) named the folder; else it is the bundled one."""
    server: str | None = None
    """``--server URL`` (or ``FRONTLIJN_SERVER``): play through a ``frontlijn web`` server."""
    server_ca: str | None = None
    """``--server-ca FILE`` (or ``FRONTLIJN_SERVER_CA``): the server certificate's CA."""
    db_given: bool = False
    """``--db`` (or ``FRONTLIJN_DB``) was given."""

    def check_server(self, command: str | None, server_given: bool) -> None:
        """With a server the terminal opens no database: ``--db`` is a usage error, and so
        is ``--server`` on a command that works on a database of its own."""
        from frontlijn_game.i18n import _
        from frontlijn_game.service.remote_http import normalise_url

        if command not in SERVER_COMMANDS:
            if server_given:
                raise click.UsageError(
                    _(
                        "--server geldt voor frontlijn, play, en de opdrachten van "
                        "cursusleiders: trainee, cohort, attempts, report en export."
                    )
                )
            return
        if self.db_given:
            raise click.UsageError(
                _(
                    "--server en --db (of FRONTLIJN_DB) gaan niet samen: met een server "
                    "opent deze computer geen database."
                )
            )
        try:
            normalise_url(self.server or "")
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        if self.server_ca is not None and not Path(self.server_ca).is_file():
            raise click.UsageError(
                _("CA-bestand niet gevonden: {path}").format(path=self.server_ca)
            )

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
    def resolve(
        cls,
        db: str | None,
        content: str | None,
        lang: str | None,
        server: str | None = None,
        server_ca: str | None = None,
    ) -> AppContext:
        db_url = db or os.environ.get("FRONTLIJN_DB") or None
        content_env = content or os.environ.get("FRONTLIJN_CONTENT")
        content_dir = Path(content_env) if content_env else bundled_content_dir()
        if lang is None:
            env_lang = os.environ.get("FRONTLIJN_LANG") or os.environ.get("LANG", "")
            lang = "en" if env_lang.lower().startswith("en") else "nl"
        from frontlijn_game.i18n import set_language

        set_language(lang)  # every message of the command in the interface language
        return cls(
            db_url=db_url,
            content_dir=content_dir,
            lang=lang,
            content_given=bool(content_env),
            server=server or os.environ.get("FRONTLIJN_SERVER") or None,
            server_ca=server_ca or os.environ.get("FRONTLIJN_SERVER_CA") or None,
            db_given=db_url is not None,
        )


pass_app = click.make_pass_decorator(AppContext)
