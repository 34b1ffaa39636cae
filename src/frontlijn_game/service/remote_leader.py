"""``frontlijn ... --server URL`` for a course leader: a :class:`LeaderDesk` over HTTPS.

:class:`RemoteDesk` has the calls of :class:`~frontlijn_game.service.leader_desk.LocalDesk`
and sends each to the ``/api/v1/leader`` door of a ``frontlijn web`` server, which runs
them on its own database for the leader of the session: this machine holds no database
URL and no password, only the session's bearer token, kept in memory for the one
command and ended when it is done. The server decides what the leader may see and do;
nothing sent from here can widen it.

Sign-in goes through the server's leader login (its growing delay, its per-client
limit): :func:`sign_in` answers a :class:`RemoteDesk`, or raises ``WrongPassword`` with
the seconds the server made the client wait.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _
from frontlijn_game.service.leader_desk import CsvFiles, NewTrainee, Report, XapiOptions
from frontlijn_game.service.remote_http import Refused, Transport
from frontlijn_game.service.remote_records import (
    attempt_of,
    cohort_of,
    erase_report_of,
    trainee_of,
)
from frontlijn_game.service.trainee import ProgressError

if TYPE_CHECKING:
    from frontlijn_game.reporting.common import Selection
    from frontlijn_game.service.scope import LeaderScope
    from frontlijn_game.store.records import (
        AttemptRecord,
        CohortRecord,
        EraseReport,
        TraineeRecord,
    )

BASE = "/leader"
CSV_FILES = ("attempts.csv", "decisions.csv")
CSV_NAME = re.compile(r"[a-z_]{1,40}\.csv")
"""A file name the export may hold: no folder, nothing that climbs out of the target."""


class WrongPassword(ProgressError):
    """The server refused the leader's name and password (after its growing delay)."""

    def __init__(self, message: str, seconds: int = 0) -> None:
        super().__init__(message)
        self.seconds = seconds


def _leader_signed_out() -> str:
    return _("Je bent niet meer aangemeld bij de server; meld je opnieuw aan als cursusleider.")


def sign_in(
    url: str, name: str, password: str, ca_file: str | None = None, timeout: float | None = None
) -> RemoteDesk:
    """A desk signed in at the server ``url`` as leader ``name``."""
    http = Transport(url, ca_file, signed_out=_leader_signed_out)
    if timeout is not None:
        http.timeout = timeout
    try:
        answer = http.call("POST", f"{BASE}/signin", {"name": name, "password": password})
    except Refused as exc:
        if exc.kind == "wrong_password":
            raise WrongPassword(str(exc), exc.seconds) from None
        raise
    http.token = str(answer["token"])
    return RemoteDesk(http, _scope_of(answer["leader"]))


def _scope_of(data: dict[str, Any]) -> LeaderScope:
    """The leader as the server named them (for headers and messages only: the server
    holds the scope that counts)."""
    from frontlijn_game.service.scope import CURSUSLEIDER, LeaderScope

    role = CURSUSLEIDER if data.get("role") == CURSUSLEIDER else "beheerder"
    return LeaderScope(
        name=str(data["name"]), role=role, cohorts=tuple(str(c) for c in data["cohorts"])
    )


class RemoteDesk:
    """The server's leader door, seen from a leader's command. Blocks on the network."""

    remote = True

    def __init__(self, http: Transport, scope: LeaderScope) -> None:
        self.http = http
        self._scope = scope

    @property
    def display_url(self) -> str:
        return self.http.url

    def _call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.http.call("POST", f"{BASE}/{path}", body or {})

    def who(self) -> LeaderScope:
        self._scope = _scope_of(self._call("me")["leader"])
        return self._scope

    def close(self) -> None:
        self.http.sign_out(f"{BASE}/signout")

    # -- reading ---------------------------------------------------------------------------

    def cohorts(self) -> list[CohortRecord]:
        return [cohort_of(c) for c in self._call("cohorts")["cohorts"]]

    def trainees(self, cohort: str | None = None) -> list[TraineeRecord]:
        return [trainee_of(t) for t in self._call("trainees", {"cohort": cohort})["trainees"]]

    def attempts(
        self, code: str | None = None, scenario_id: str | None = None, status: str | None = None
    ) -> list[AttemptRecord]:
        body = {"trainee": code, "scenario": scenario_id, "status": status}
        return [attempt_of(a) for a in self._call("attempts", body)["attempts"]]

    def _report(self, path: str, body: dict[str, Any]) -> Report:
        answer = self._call(path, body)
        return Report(dict(answer["data"]), str(answer["text"]))

    def options(self, selection: Selection) -> Report:
        return self._report("reports/options", _selection_json(selection))

    def items(self, selection: Selection) -> Report:
        return self._report("reports/items", _selection_json(selection))

    def progress(self, cohort: str | None, curriculum_id: str | None = None) -> Report:
        return self._report("reports/progress", {"cohort": cohort, "curriculum": curriculum_id})

    # -- out -------------------------------------------------------------------------------

    def export_csv(self, folder: Path, excel: bool = False) -> CsvFiles:
        """The server's files (attempts, decisions, live sessions), written here as new
        private files (0600, the folder 0700) under their own names only."""
        from frontlijn_game.service.private_files import ensure_private_dir, write_private_bytes

        data = self.http.fetch("POST", f"{BASE}/export/csv", {"excel": excel})
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                contents = {name: archive.read(name) for name in archive.namelist()}
        except zipfile.BadZipFile:
            contents = {}
        names = list(contents)
        if names[:2] != list(CSV_FILES) or not all(CSV_NAME.fullmatch(n) for n in names):
            raise ProgressError(
                _("{url} antwoordt niet als een frontlijn-server (frontlijn web).").format(
                    url=self.http.url
                )
            )
        ensure_private_dir(folder)
        written = []
        for name in names:
            write_private_bytes(folder / name, contents[name])
            written.append((folder / name, _rows(contents[name], excel)))
        (attempts, attempt_rows), (decisions, decision_rows) = written[:2]
        return CsvFiles(attempts, decisions, attempt_rows, decision_rows, tuple(written[2:]))

    @contextmanager
    def xapi(
        self, options: XapiOptions, cohort: str | None, scenario_id: str | None
    ) -> Iterator[Iterator[dict[str, Any]]]:
        body = {**options.to_json(), "cohort": cohort, "scenario": scenario_id}
        statements = self._call("export/xapi", body)["statements"]
        yield iter(statements)

    # -- writing people --------------------------------------------------------------------

    def add_trainee(self, new: NewTrainee) -> TraineeRecord:
        return trainee_of(self._call("trainees/add", new.to_json())["trainee"])

    def set_pin(self, code: str, pin: str | None) -> None:
        self._call("trainees/pin", {"code": code, "pin": pin})

    def export_trainee(self, code: str) -> dict[str, Any]:
        found: dict[str, Any] = self._call("trainees/export", {"code": code})["trainee"]
        return found

    def erase_trainee(self, code: str) -> EraseReport:
        return erase_report_of(self._call("trainees/erase", {"code": code})["erased"])

    def create_cohort(self, name: str, curriculum_id: str | None = None) -> CohortRecord:
        body = {"name": name, "curriculum": curriculum_id}
        return cohort_of(self._call("cohorts/create", body)["cohort"])

    def enrol(
        self, name: str, curriculum_id: str | None, codes: Sequence[str]
    ) -> tuple[list[str], bool]:
        body = {"name": name, "curriculum": curriculum_id, "codes": list(codes)}
        answer = self._call("cohorts/enrol", body)
        return [str(c) for c in answer["added"]], bool(answer["enrolled"])


def _selection_json(selection: Selection) -> dict[str, Any]:
    return {
        "scenario": selection.scenario_id,
        "cohort": selection.cohort,
        "first_only": selection.first_only,
        "all_versions": selection.all_versions,
        "version": selection.version,
    }


def _rows(data: bytes, excel: bool) -> int:
    """Data rows of one CSV file (the header not counted; quoted line breaks are one row)."""
    import csv

    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";" if excel else ",")
    return max(0, sum(1 for _row in reader) - 1)


__all__ = ["RemoteDesk", "WrongPassword", "sign_in"]
