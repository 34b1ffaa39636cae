"""Failures in the words of the user who meets them (one place for every door).

Our own errors (the store's, the engine's, the application layer's) carry a message meant
for a person already; anything else is wrapped so no door ever shows a bare traceback.
"""

from __future__ import annotations

from frontlijn_game.i18n import _


def message_of(exc: BaseException) -> str:
    """Any failure in a trainee's words: our own errors as they are, the rest wrapped."""
    from frontlijn_game.engine.errors import EngineError
    from frontlijn_game.service.resources import ServiceError
    from frontlijn_game.service.session_views import SessionError
    from frontlijn_game.service.trainee import ProgressError

    if isinstance(exc, ProgressError | ServiceError | EngineError | SessionError):
        return str(exc)
    return _("Er ging iets mis: {error}").format(error=exc)


class LeaderDataError(Exception):
    """A request the dashboard cannot honour; the message is meant for the leader."""


def leader_message(exc: BaseException) -> str:
    """A store or report error in the leader's words."""
    from frontlijn_game.store import errors

    if isinstance(exc, LeaderDataError):
        return str(exc)
    if isinstance(exc, errors.UnknownCohort):
        return _("Onbekend cohort: {name}").format(name=exc.name)
    if isinstance(exc, errors.UnknownTrainee):
        return _("Onbekende code: {code}").format(code=exc.code)
    if isinstance(exc, errors.UnknownAttempt):
        return _("Poging #{id} bestaat niet.").format(id=exc.attempt_id)
    if isinstance(exc, errors.AlreadyExists):
        return _("Bestaat al: {what}").format(what=str(exc))
    if isinstance(exc, errors.DatabaseUnavailable):
        return str(exc)
    if isinstance(exc, errors.StoreError):
        return str(exc)
    return message_of(exc)
