"""A trainee's code and the rows it names: how a typed code is read, a new one drawn,
and a trainee (or a cohort, by its name) looked up.

The lowest part of the people tables: ``people.py``, ``pins.py``, ``leader_cohorts.py``
and ``web_sessions.py`` all look people up through here, so none needs another's whole
module (and none imports back).
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontlijn_game.store.errors import BadCode, UnknownCohort, UnknownTrainee
from frontlijn_game.store.models import Cohort, Trainee

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom


def normalise_code(code: str) -> str:
    """The stored form of a code: codes ignore case (``t001`` is ``T001``), so a trainee
    who types their code in other letters still finds their own progress."""
    return code.strip().upper()


def check_code(code: str) -> str:
    """The normalised code, or :class:`BadCode` (never a silently changed code)."""
    typed = code.strip()
    if not CODE.match(typed):
        raise BadCode(typed)
    return normalise_code(typed)


def new_code(prefix: str = "") -> str:
    """A random pseudonym like ``K7QF-2M9X`` (40 bits; uniqueness is checked on insert)."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{prefix}{chars[:4]}-{chars[4:]}"


def find_trainee(session: Session, code: str) -> Trainee | None:
    return session.scalar(select(Trainee).where(Trainee.code == normalise_code(code)))


def code_of(session: Session, trainee_id: int) -> str | None:
    """The code of trainee ``trainee_id`` (None: no such trainee, or erased): doors that
    must not put a code in a URL (the web door's leader pages) name trainees by id."""
    trainee = session.get(Trainee, trainee_id)
    return None if trainee is None or trainee.erased_at is not None else trainee.code


def get_trainee(session: Session, code: str) -> Trainee:
    trainee = find_trainee(session, code)
    if trainee is None:
        raise UnknownTrainee(code.strip())
    return trainee


def get_cohort(session: Session, name: str) -> Cohort:
    cohort = session.scalar(select(Cohort).where(Cohort.name == name.strip()))
    if cohort is None:
        raise UnknownCohort(name.strip())
    return cohort


__all__ = [
    "CODE",
    "check_code",
    "code_of",
    "find_trainee",
    "get_cohort",
    "get_trainee",
    "new_code",
    "normalise_code",
]
