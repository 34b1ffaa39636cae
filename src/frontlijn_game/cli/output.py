"""How commands talk: results on stdout, problems on stderr, exit 1 for content errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

import click

from frontlijn_game.scenario.diagnostics import Diagnostic


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


def store_message(exc: Exception) -> str:
    """A store error in the interface language (the store words its errors in English
    for logs; the command line speaks to people in the language of ``--lang``)."""
    from frontlijn_game.i18n import _
    from frontlijn_game.store import errors

    if isinstance(exc, errors.UnknownTrainee):
        return _("geen deelnemer met code '{code}'").format(code=exc.code)
    if isinstance(exc, errors.UnknownCohort):
        return _("geen cohort met de naam '{name}'").format(name=exc.name)
    if isinstance(exc, errors.UnknownAttempt):
        return _("geen poging #{id}").format(id=exc.attempt_id)
    if isinstance(exc, errors.BadCode):
        return _(
            "'{code}' is geen bruikbare deelnemerscode: gebruik 1-64 letters, cijfers, '.', '_' "
            "of '-', beginnend met een letter of cijfer"
        ).format(code=exc.code)
    if isinstance(exc, errors.CodeTaken):
        if exc.typed == exc.code:
            return _("deelnemer '{code}' bestaat al").format(code=exc.code)
        return _(
            "deelnemer '{code}' bestaat al: codes maken geen verschil tussen hoofd- en kleine "
            "letters, dus '{typed}' is dezelfde code als '{code}'"
        ).format(code=exc.code, typed=exc.typed)
    if isinstance(exc, errors.OpenAttemptExists):
        return _(
            "deelnemer '{code}' heeft al een open poging van '{id}'; hervat, herstart of breek "
            "die eerst af"
        ).format(code=exc.trainee, id=exc.scenario_id)
    if isinstance(exc, errors.AttemptClosed):
        return _("poging #{id} is afgesloten; alleen een open poging neemt beslissingen").format(
            id=exc.attempt_id
        )
    if isinstance(exc, errors.StaleAttempt):
        return _("poging #{id} is elders verder gespeeld; laad de poging opnieuw").format(
            id=exc.attempt_id
        )
    return str(exc)
