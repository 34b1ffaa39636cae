"""An instructor's launch as a course leader: the one-time link that signs them into the
web door's leader pages for the course's cohort, and their own trainee to play a case.

An instructor's leader account is made by the launch (``store.lti.person``): a
*cursusleider* of the course's cohort with no password, so a launch is its only way in.
The launch page offers a link of one use and a few minutes (:data:`ENTRY_AGE`, its token
stored hashed like the trainee's entry link) that opens in a window of its own, where the
leader cookie holds outside the LMS's frame. Using it checks the account again: still an
account of a launch, still a cursusleider (never a beheerder through LTI), still leading
that cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _
from frontlijn_game.service.lti import ENTRY_AGE, Entry, Lti, LtiError
from frontlijn_game.service.scope import CURSUSLEIDER

if TYPE_CHECKING:
    from frontlijn_game.store.lti import RegistrationRecord
    from frontlijn_game.store.service import Store
    from frontlijn_game.store.web_sessions import WebSessionRecord


@dataclass(frozen=True)
class LeaderEntry:
    """What a used leader link opens: whose session, which cohort, the launched case."""

    leader_id: int
    cohort: str
    play: str
    """The launch's trainee path (a case's intro, or home), for "Zelf spelen"."""
    lang: str
    curriculum: str | None = None
    """The curriculum of the launched module, whose columns the progress shows."""


def leader_token(lti: Lti, record: RegistrationRecord, entry: Entry, lang: str) -> str | None:
    """A one-time link for an instructor's launch into their cohort's leader pages; None
    when the launch has no course (no cohort to lead) or is not an instructor's."""
    from frontlijn_game.store import lti as rows

    if not entry.instructor or entry.leader_id is None or entry.cohort is None:
        return None
    body = {
        "lead": entry.leader_id,
        "cohort": entry.cohort,
        "play": entry.path,
        "lang": lang,
        "curriculum": entry.curriculum,
    }
    return lti.store.db.write(lambda s: rows.save_launch(s, record.id, body))


def use_leader_token(lti: Lti, token: str) -> LeaderEntry | None:
    """The leader entry of an unused, fresh leader link (used up now); None for a used,
    expired or unknown one; :class:`LtiError` when the account may no longer lead."""
    from frontlijn_game.store import lti as rows
    from frontlijn_game.store.leader_cohorts import cohorts_of
    from frontlijn_game.store.leaders import leader_by_id

    def work(s: Any) -> LeaderEntry | str | None:
        found = rows.load_launch(s, token, ENTRY_AGE)
        if found is None or "lead" not in found[1]:
            return None
        rows.drop_launch(s, token)
        body = found[1]
        leader = leader_by_id(s, int(body["lead"]))
        cohort = str(body["cohort"])
        if leader is None or not leader.lms:
            return _("Dit docentenaccount bestaat niet meer. Open de activiteit opnieuw.")
        if leader.role != CURSUSLEIDER:
            return _(
                "Een account uit de leeromgeving opent alleen als cursusleider; dit account "
                "is dat niet meer. Vraag de beheerder van Frontlijn het terug te zetten."
            )
        if cohort not in {name for _id, name in cohorts_of(s, leader.id)}:
            return _("Je leidt deze groep niet meer in Frontlijn. Open de activiteit opnieuw.")
        curriculum = body.get("curriculum")
        return LeaderEntry(
            leader.id,
            cohort,
            str(body["play"]),
            str(body.get("lang", "nl")),
            None if curriculum is None else str(curriculum),
        )

    answer = lti.store.db.write(work)
    if isinstance(answer, str):
        raise LtiError(answer)
    return answer


def sign_in_leader(lti: Lti, old_token: str | None, entry: LeaderEntry) -> WebSessionRecord:
    """A leader-pages session for the launched instructor: the LMS vouched for them."""
    session = lti.store.sign_in_leader_web_session(old_token, entry.leader_id)
    lti.store.update_web_session(session.token, entry.lang)
    return session


def own_trainee(store: Store, leader_id: int) -> str | None:
    """The trainee code an instructor plays as ("Zelf spelen"), None for a leader whom
    no launch made (they sign in as a trainee themselves)."""
    from frontlijn_game.store import lti as rows

    return store.db.read(lambda s: rows.trainee_of_leader(s, leader_id))


def sign_in_own_trainee(
    store: Store, leader_id: int, old_token: str | None, lang: str
) -> WebSessionRecord | None:
    """A trainee session for the instructor's own trainee (no code, no PIN: the launch
    that made the leader account vouched for the person), None for any other leader."""
    code = own_trainee(store, leader_id)
    if code is None:
        return None
    session = store.sign_in_web_session(old_token, code)
    store.update_web_session(session.token, lang)
    return session


__all__ = [
    "LeaderEntry",
    "leader_token",
    "own_trainee",
    "sign_in_leader",
    "sign_in_own_trainee",
    "use_leader_token",
]
