"""What can go wrong with stored data, as exceptions the CLI and the TUI can word for people.

Every error here is a data error (exit 1 on the command line), never a programming error.
"""

from __future__ import annotations


class StoreError(Exception):
    """A request the progress database cannot honour; the message is meant for people."""


class NotFound(StoreError):
    pass


class UnknownTrainee(NotFound):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no trainee with code '{code}'")


class UnknownCohort(NotFound):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no cohort named '{name}'")


class UnknownAttempt(NotFound):
    def __init__(self, attempt_id: int) -> None:
        self.attempt_id = attempt_id
        super().__init__(f"no attempt #{attempt_id}")


class AlreadyExists(StoreError):
    pass


CODE_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"


class BadCode(StoreError):
    """A code with characters outside the rule: refused, never silently changed."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"'{code}' is not a usable trainee code: use {CODE_RULE}")


class CodeTaken(AlreadyExists):
    """A new code that exists already, perhaps in other letters (codes ignore case)."""

    def __init__(self, typed: str, code: str) -> None:
        self.typed = typed
        self.code = code
        if typed == code:
            message = f"trainee '{code}' exists already"
        else:
            message = (
                f"trainee '{code}' exists already: codes ignore case, so '{typed}' "
                f"is the same code as '{code}'"
            )
        super().__init__(message)


class OpenAttemptExists(StoreError):
    """A trainee has at most one open (active or suspended) attempt per case."""

    def __init__(self, trainee: str, scenario_id: str, attempt_id: int | None) -> None:
        self.trainee = trainee
        self.scenario_id = scenario_id
        self.attempt_id = attempt_id
        which = f" (#{attempt_id})" if attempt_id is not None else ""
        super().__init__(
            f"trainee '{trainee}' already has an open attempt{which} of '{scenario_id}'; "
            "resume it, restart it or abandon it first"
        )


class AttemptClosed(StoreError):
    def __init__(self, attempt_id: int, status: str) -> None:
        self.attempt_id = attempt_id
        self.status = status
        super().__init__(f"attempt #{attempt_id} is {status}; only an open attempt takes decisions")


class StaleAttempt(StoreError):
    """The decision was made on a state that is no longer the stored one (another window
    or process recorded a decision first); reload the attempt from the database."""

    def __init__(self, attempt_id: int, stored: int, given: int) -> None:
        self.attempt_id = attempt_id
        super().__init__(
            f"attempt #{attempt_id} has {stored} recorded decisions, but this decision "
            f"follows {given}; reload the attempt"
        )


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached; the message shows the URL without password."""


class MigrationError(StoreError):
    """The schema cannot be brought to this version's (e.g. the database is newer)."""
