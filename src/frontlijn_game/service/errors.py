"""Failures in the words of the user who meets them (one place for every door).

Our own errors (the store's, the engine's, the application layer's) carry a message meant
for a person already; anything else is wrapped so no door ever shows a bare traceback.
"""

from __future__ import annotations

from frontlijn_game.i18n import _

__all__ = ["LeaderDataError", "leader_message", "message_of", "store_message"]


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


def store_message(exc: BaseException) -> str:
    """A store error in the interface language (the store words its errors in English
    for logs; the command line speaks to people in the language of ``--lang``)."""
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
