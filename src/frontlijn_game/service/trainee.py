"""The UI's one door to the progress store.

Every method here blocks (it talks to the database), so screens call them only from
thread workers (``@work(thread=True)``) and post the result back as a message; nothing
here touches Textual. The store itself (SQLAlchemy, Alembic, the YAML loader for
snapshots) is imported on first use, after the first screen is painted.

``NullProgress`` is the same interface for ``frontlijn play --no-record``: it stores
nothing, so a trainer can preview a draft without touching anyone's progress.

A wrong PIN is counted in the database (``Store.check_trainee_pin``), not here: every
browser tab of ``frontlijn serve`` is a process of its own, and a new tab must not start
the growing delay afresh. A PIN typed sooner after a wrong one than the delay allows is
refused unchecked (:class:`TooSoon`, which says how long to wait). Nothing sleeps here:
the trainee reads the answer at once, and the database refuses guesses that come too fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from datetime import datetime

    from frontlijn_game.engine.playthrough import Step
    from frontlijn_game.engine.scoring import Score
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.store.records import AttemptRecord, SavedAttempt
    from frontlijn_game.store.service import Store

Lookup = Literal["new", "open", "pin"]
"""What a typed code is: unknown (may be created), known without PIN, known with PIN."""


@dataclass(frozen=True)
class Trainee:
    code: str
    has_pin: bool


class ProgressError(Exception):
    """A store call failed; the message is meant for the trainee."""


class WrongPin(ProgressError):
    """A refused sign-in (wrong PIN or unknown code, worded alike); ``seconds``: the wait
    before the next try will be checked."""

    def __init__(self, message: str, seconds: int = 0) -> None:
        super().__init__(message)
        self.seconds = seconds


class TooSoon(WrongPin):
    """Refused unchecked: the PIN came sooner after a wrong one than the delay allows."""


def code_rule() -> str:
    """The rule for a code, in the interface language (shown whenever one is refused)."""
    from frontlijn_game.i18n import _

    return _(
        "Een code bestaat uit 1 tot 64 letters (a-z, zonder accenten), cijfers, '.', '_' "
        "of '-', en begint met een letter of cijfer. Spaties en andere tekens kunnen niet."
    )


def _wrap(exc: Exception) -> ProgressError:
    """Store errors in the trainee's words; anything else is worded generically."""
    from frontlijn_game.i18n import _
    from frontlijn_game.store import errors

    if isinstance(exc, errors.OpenAttemptExists):
        return ProgressError(
            _("Je hebt al een open poging van deze casus: hervat, herstart of breek die af.")
        )
    if isinstance(exc, errors.UnknownTrainee):
        return ProgressError(_("Onbekende code."))
    if isinstance(exc, errors.AttemptClosed):
        return ProgressError(_("Deze poging is al afgesloten."))
    if isinstance(exc, errors.StaleAttempt):
        return ProgressError(
            _("Deze poging is ergens anders verder gespeeld. Ga terug en hervat hem opnieuw.")
        )
    if isinstance(exc, errors.CodeTaken) and exc.typed != exc.code:
        return ProgressError(
            _(
                "Die code bestaat al: hoofdletters en kleine letters tellen niet als verschil, "
                "dus {typed} is dezelfde code als {code}. Kies een andere code."
            ).format(typed=exc.typed, code=exc.code)
        )
    if isinstance(exc, errors.AlreadyExists):
        return ProgressError(_("Die code bestaat al. Kies een andere code."))
    if isinstance(exc, errors.BadCode):
        return ProgressError(code_rule())
    if isinstance(exc, errors.StoreError):
        return ProgressError(str(exc))
    return ProgressError(_("De voortgangsdatabase gaf een fout: {error}").format(error=exc))


class Progress:
    """The store, seen from the trainee app. Call only from worker threads."""

    recording = True
    remote = False

    def __init__(
        self,
        store: Store,
        clock: Callable[[], datetime] | None = None,
        delay_base: float | None = None,
        delay_cap: float | None = None,
    ) -> None:
        from frontlijn_game.store.passwords import DELAY_BASE, DELAY_CAP

        self.store = store
        self.clock = clock
        """When a PIN is tried (None: now; tests pass a clock that only they move)."""
        self.delay_base = DELAY_BASE if delay_base is None else delay_base
        self.delay_cap = DELAY_CAP if delay_cap is None else delay_cap
        self.refusals: dict[str, int] = {}
        """Refusals in a row per code in this process: an unknown code has no row to count
        on, and its wait must look like a known code's."""

    @classmethod
    def open(cls, db_url: str | None) -> Progress:
        from frontlijn_game.store.errors import StoreError
        from frontlijn_game.store.service import Store

        try:
            return cls(Store.open(db_url))
        except StoreError as exc:
            raise ProgressError(str(exc)) from None

    @property
    def display_url(self) -> str:
        return self.store.display_url

    def close(self) -> None:
        self.store.close()

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ProgressError:
            raise
        except Exception as exc:
            raise _wrap(exc) from exc

    # -- sign-in -----------------------------------------------------------------------

    @staticmethod
    def valid_code(code: str) -> bool:
        import re

        return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", code.strip()) is not None

    @staticmethod
    def suggest_code() -> str:
        """A random code to offer on the new-code dialog (the trainee may type another)."""
        from frontlijn_game.store.people import new_code

        return new_code()

    def lookup(self, code: str) -> Lookup:
        """Whether ``code`` exists: only for a code given on the command line
        (``--trainee``), never for one typed on the sign-in screen, which answers alike for
        known and unknown codes until the PIN is checked."""
        from frontlijn_game.store.errors import UnknownTrainee

        try:
            record = self._call(self.store.trainee, code)
        except ProgressError as exc:
            if isinstance(exc.__cause__, UnknownTrainee):
                return "new"
            raise
        if record.erased_at is not None:
            return "new"
        return "pin" if record.has_pin else "open"

    def sign_in(self, code: str, pin: str | None = None) -> Trainee:
        """The trainee, when the PIN matches (or none is set).

        Raises :class:`WrongPin` for a wrong PIN or an unknown code, and :class:`TooSoon`
        for a try that came before the delay after the last wrong PIN was over.
        """
        from frontlijn_game.i18n import _, ngettext

        now = self.clock() if self.clock is not None else None
        result = self._call(
            self.store.check_trainee_pin,
            code.strip(),
            pin,
            now=now,
            base=self.delay_base,
            cap=self.delay_cap,
        )
        if result.too_soon:
            seconds = max(1, math.ceil(result.wait))
            raise TooSoon(
                ngettext(
                    "Te snel na een verkeerde pincode; probeer het over {n} seconde opnieuw.",
                    "Te snel na een verkeerde pincode; probeer het over {n} seconden opnieuw.",
                    seconds,
                ).format(n=seconds),
                seconds,
            )
        key = code.strip().upper()
        if result.trainee is None:
            from frontlijn_game.store.passwords import delay_after

            self.refusals[key] = self.refusals.get(key, 0) + 1
            wait = max(
                result.wait, delay_after(self.refusals[key], self.delay_base, self.delay_cap)
            )
            raise WrongPin(_("Die code of pincode klopt niet."), max(1, math.ceil(wait)))
        self.refusals.pop(key, None)
        return Trainee(result.trainee.code, result.trainee.has_pin)

    def create(self, code: str, pin: str | None = None) -> Trainee:
        record = self._call(self.store.add_trainee, code.strip(), pin=pin or None)
        return Trainee(record.code, record.has_pin)

    # -- reading -----------------------------------------------------------------------

    def attempts(self, code: str) -> list[AttemptRecord]:
        records: list[AttemptRecord] = self._call(self.store.attempts, code)
        return records

    def curricula(self, code: str) -> list[str]:
        ids: list[str] = self._call(self.store.curricula, code)
        return ids

    def open_attempt(self, code: str, scenario_id: str) -> SavedAttempt | None:
        saved: SavedAttempt | None = self._call(self.store.open_attempt, code, scenario_id)
        return saved

    def load(self, attempt_id: int) -> SavedAttempt:
        saved: SavedAttempt = self._call(self.store.load_attempt, attempt_id)
        return saved

    # -- writing -----------------------------------------------------------------------

    def start(self, code: str, scenario: Scenario, state: PlayState, restart: bool = False) -> int:
        method = self.store.restart_attempt if restart else self.store.start_attempt
        record: AttemptRecord = self._call(method, code, scenario, state)
        return record.id

    def record(
        self,
        attempt_id: int,
        step: Step,
        score: Score | None,
        seconds: float | None,
        shown: Sequence[str] | None = None,
    ) -> None:
        """Store the decision with the order its options were ``shown`` in."""
        self._call(
            self.store.record_decision, attempt_id, step, score=score, seconds=seconds, shown=shown
        )

    def suspend(self, attempt_id: int) -> None:
        self._call(self.store.suspend, attempt_id)

    def abandon(self, attempt_id: int) -> None:
        self._call(self.store.abandon, attempt_id)


class NullProgress:
    """``--no-record``: the same calls, nothing stored, nobody signed in."""

    recording = False
    remote = False
    display_url = ""

    def close(self) -> None:
        pass

    @staticmethod
    def valid_code(code: str) -> bool:
        return Progress.valid_code(code)

    def lookup(self, code: str) -> Lookup:
        return "open"

    @staticmethod
    def suggest_code() -> str:
        return Progress.suggest_code()

    def sign_in(self, code: str, pin: str | None = None) -> Trainee:
        return Trainee(code, False)

    def create(self, code: str, pin: str | None = None) -> Trainee:
        return Trainee(code, False)

    def attempts(self, code: str) -> list[AttemptRecord]:
        return []

    def curricula(self, code: str) -> list[str]:
        return []

    def open_attempt(self, code: str, scenario_id: str) -> SavedAttempt | None:
        return None

    def load(self, attempt_id: int) -> SavedAttempt:
        raise ProgressError("nothing is recorded with --no-record")

    def start(self, code: str, scenario: Scenario, state: PlayState, restart: bool = False) -> int:
        return 0

    def record(
        self,
        attempt_id: int,
        step: Step,
        score: Score | None,
        seconds: float | None,
        shown: Sequence[str] | None = None,
    ) -> None:
        pass

    def suspend(self, attempt_id: int) -> None:
        pass

    def abandon(self, attempt_id: int) -> None:
        pass


def best_per_case(attempts: Sequence[AttemptRecord]) -> dict[str, AttemptRecord]:
    """The finished attempt with the highest total, per case."""
    best: dict[str, AttemptRecord] = {}
    for attempt in attempts:
        if attempt.status != "finished" or attempt.total is None:
            continue
        current = best.get(attempt.scenario_id)
        if current is None or (current.total or 0) < attempt.total:
            best[attempt.scenario_id] = attempt
    return best
