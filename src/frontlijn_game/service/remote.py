"""``frontlijn --server URL``: the trainee app's progress store is a ``frontlijn web`` server.

:class:`RemoteProgress` has the calls of :class:`~frontlijn_game.service.trainee.Progress`,
so every screen works unchanged, but nothing here opens a database: a trainee machine
holds no database URL and no password, only a session token the server hands out after
code and PIN. The server keeps every rule: it checks the PIN (with its growing delay and
its per-client limit), starts attempts with its own seed, and replays every choice on its
own engine before it records it, refusing a choice made for a turn it did not hand out.

The terminal still runs the engine itself to show each scene at once: it plays the very
text the server sent (the library and each attempt's snapshot), so what it shows and what
the server records are the same step.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from frontlijn_game.i18n import _
from frontlijn_game.service.remote_http import Transport
from frontlijn_game.service.remote_records import attempt_of
from frontlijn_game.service.trainee import Lookup, Progress, ProgressError, Trainee

if TYPE_CHECKING:
    from frontlijn_game.engine.playthrough import Step
    from frontlijn_game.engine.scoring import Score
    from frontlijn_game.engine.state import PlayState
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.store.records import AttemptRecord, SavedAttempt


class RemoteProgress:
    """The server, seen from the trainee app. Call only from worker threads."""

    recording = True
    remote = True

    def __init__(self, url: str, ca_file: str | None = None, timeout: float | None = None) -> None:
        self.http = Transport(url, ca_file) if timeout is None else Transport(url, ca_file, timeout)
        self._turns: dict[int, dict[str, Any]] = {}
        """The turn (number, shown order, signature) the server handed out per attempt."""
        self._lock = threading.Lock()

    @property
    def display_url(self) -> str:
        return self.http.url

    def close(self) -> None:
        self.http.sign_out()

    # -- sign-in -----------------------------------------------------------------------

    valid_code = staticmethod(Progress.valid_code)
    suggest_code = staticmethod(Progress.suggest_code)

    def lookup(self, code: str) -> Lookup:
        """Always the PIN step: the server answers alike for known and unknown codes."""
        return "pin"

    def sign_in(self, code: str, pin: str | None = None) -> Trainee:
        answer = self.http.call("POST", "/signin", {"code": code.strip(), "pin": pin or ""})
        return self._signed_in(answer)

    def create(self, code: str, pin: str | None = None) -> Trainee:
        answer = self.http.call("POST", "/trainees", {"code": code.strip(), "pin": pin or ""})
        return self._signed_in(answer)

    def _signed_in(self, answer: dict[str, Any]) -> Trainee:
        self.http.token = str(answer["token"])
        self._turns.clear()
        trainee = answer["trainee"]
        return Trainee(str(trainee["code"]), bool(trainee["has_pin"]))

    # -- the cases -----------------------------------------------------------------------

    def library(self) -> Library:
        """The server's cases and curricula, checked by this machine's loader."""
        from frontlijn_game.scenario.content import library_from_texts

        answer = self.http.call("GET", "/library")
        return library_from_texts(
            Path(self.http.url),
            [(s["path"], s["source"]) for s in answer["scenarios"]],
            [(c["path"], c["source"]) for c in answer["curricula"]],
        )

    # -- reading -----------------------------------------------------------------------

    def attempts(self, code: str) -> list[AttemptRecord]:
        return [attempt_of(a) for a in self.http.call("GET", "/me")["attempts"]]

    def curricula(self, code: str) -> list[str]:
        return [str(c) for c in self.http.call("GET", "/me")["curricula"]]

    def open_attempt(self, code: str, scenario_id: str) -> SavedAttempt | None:
        found = self.http.call("GET", f"/cases/{quote(scenario_id, safe='')}/attempt")["attempt"]
        return None if found is None else self.load(int(found["id"]))

    def load(self, attempt_id: int) -> SavedAttempt:
        from frontlijn_game.scenario.loader import scenario_from_text
        from frontlijn_game.store.records import SavedAttempt

        answer = self.http.call("GET", f"/attempts/{attempt_id}")
        record = attempt_of(answer["attempt"])
        scenario = scenario_from_text(answer["source"], f"<{self.http.url} {record.scenario_id}>")
        self._keep_turn(attempt_id, answer.get("turn"))
        return SavedAttempt(record, scenario, answer["state"], tuple(answer["choices"]))

    # -- writing -----------------------------------------------------------------------

    def start(self, code: str, scenario: Scenario, state: PlayState, restart: bool = False) -> int:
        """A new attempt; the server picks its seed, so the caller plays the state
        :meth:`load` returns, not ``state``."""
        action = "restart" if restart else "start"
        path = f"/cases/{quote(scenario.id, safe='')}/attempts"
        return int(self.http.call("POST", path, {"action": action})["attempt"])

    def record(
        self,
        attempt_id: int,
        step: Step,
        score: Score | None,
        seconds: float | None,
        shown: Sequence[str] | None = None,
    ) -> None:
        """Send the choice for the turn the server handed out; it replays and records it."""
        with self._lock:
            turn = self._turns.get(attempt_id)
        if turn is None:
            self.load(attempt_id)
            with self._lock:
                turn = self._turns.get(attempt_id)
        if turn is None or turn["number"] != step.before.decisions + 1:
            raise ProgressError(
                _("Deze poging is ergens anders verder gespeeld. Ga terug en hervat hem opnieuw.")
            )
        body = {**turn, "choice": step.choice.id, "seconds": seconds}
        if shown is not None:
            body["shown"] = list(shown)
        try:
            answer = self.http.call("POST", f"/attempts/{attempt_id}/choices", body)
        except ProgressError:
            with self._lock:
                self._turns.pop(attempt_id, None)  # ask for the turn again next time
            raise
        self._keep_turn(attempt_id, answer.get("turn"))
        stored = answer["attempt"]
        if stored["scene"] != step.after.scene or stored["decisions"] != step.after.decisions:
            raise ProgressError(
                _("De server kwam op een ander punt uit dan dit scherm; hervat de poging.")
            )

    def suspend(self, attempt_id: int) -> None:
        self.http.call("POST", f"/attempts/{attempt_id}/pause", {})

    def abandon(self, attempt_id: int) -> None:
        self.http.call("POST", f"/attempts/{attempt_id}/abandon", {})
        with self._lock:
            self._turns.pop(attempt_id, None)

    def _keep_turn(self, attempt_id: int, turn: dict[str, Any] | None) -> None:
        with self._lock:
            if turn is None:
                self._turns.pop(attempt_id, None)
            else:
                self._turns[attempt_id] = turn
