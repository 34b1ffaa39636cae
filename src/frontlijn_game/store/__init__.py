"""store room: the progress database (SQLAlchemy models, engine/session setup, repository,
Alembic migrations). Entry point: :class:`Store` (``store/service.py``).

Imports only ``scenario`` (import-linter layers); engine objects are accepted by shape.
"""

from frontlijn_game.store.database import default_url, safe_url
from frontlijn_game.store.errors import (
    AlreadyExists,
    AttemptClosed,
    DatabaseUnavailable,
    NotFound,
    OpenAttemptExists,
    StaleAttempt,
    StoreError,
    UnknownAttempt,
    UnknownCohort,
    UnknownTrainee,
)
from frontlijn_game.store.records import (
    AttemptRecord,
    CohortRecord,
    DecisionRecord,
    EraseReport,
    SavedAttempt,
    TraineeRecord,
)
from frontlijn_game.store.service import Store

__all__ = [
    "AlreadyExists",
    "AttemptClosed",
    "AttemptRecord",
    "CohortRecord",
    "DatabaseUnavailable",
    "DecisionRecord",
    "EraseReport",
    "NotFound",
    "OpenAttemptExists",
    "SavedAttempt",
    "StaleAttempt",
    "Store",
    "StoreError",
    "TraineeRecord",
    "UnknownAttempt",
    "UnknownCohort",
    "UnknownTrainee",
    "default_url",
    "safe_url",
]
