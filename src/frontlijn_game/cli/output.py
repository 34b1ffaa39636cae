"""How commands talk: results on stdout, problems on stderr, exit 1 for content errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

import click

from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.service.errors import store_message

__all__ = ["emit_json", "fail", "print_diagnostics", "store_message"]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """End a command with a clear message and exit code 1 (content or data error)."""
    from frontlijn_game.i18n import _

    click.echo(_("frontlijn: fout: {message}").format(message=message), err=True)
    sys.exit(code)
