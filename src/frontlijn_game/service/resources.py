"""What the screens share: settings, the case library and the progress store.

The library and the store are slow to get (YAML parsing, SQLAlchemy, migrations), so the
app starts both in thread workers right after the first screen is painted. Screens ask
for them from their own thread workers: :meth:`Services.library` and
:meth:`Services.progress` wait until they are there (or raise what went wrong).
Nothing in this module imports the loader, the engine or the store at import time.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontlijn_game.i18n import _

if TYPE_CHECKING:
    from frontlijn_game.scenario.content import Library
    from frontlijn_game.scenario.model import Scenario
    from frontlijn_game.service.trainee import ProgressLike, Trainee

WAIT_SECONDS = 60.0


class ServiceError(Exception):
    """The library or the store could not be made ready; the message is for people."""


JOIN_KEY = "join_session"
"""``Settings.extra`` key: the code of ``frontlijn join CODE``, shown after sign-in."""
CONSOLE_KEY = "session_console"
"""``Settings.extra`` key: ``(code, LeaderRecord, LeaderScope)`` of ``frontlijn session
open|console``, whose leader already signed in on the command line."""


@dataclass
class Settings:
    """How the app was started (from the command line, or a test)."""

    content_dir: Path
    db_url: str | None = None
    lang: str = "nl"
    record: bool = True
    scenario_ref: str | None = None
    """``frontlijn play SCENARIO|FILE``: open this case right after sign-in."""
    trainee: str | None = None
    """``--trainee CODE``: sign in with this code without asking for it."""
    seed: int | None = None
    """``--seed S``: every new attempt starts with this seed."""
    shuffle: bool = True
    """Options in a shuffled order per decision; ``--no-shuffle``: file order (previews)."""
    server: str | None = None
    """``--server URL``: a ``frontlijn web`` server keeps the progress (no local database)."""
    server_ca: str | None = None
    """``--server-ca FILE``: the CA that signed the server's certificate (else the system's)."""
    extra: dict[str, Any] = field(default_factory=dict)


class _Slot:
    """A value made in one thread and awaited in others."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def set(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error
        self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def get(self, timeout: float = WAIT_SECONDS) -> Any:
        if not self._ready.wait(timeout):
            raise ServiceError(_("Het laden duurt te lang; probeer het opnieuw."))
        if self.error is not None:
            raise self.error
        return self.value


class Services:
    def __init__(
        self,
        settings: Settings,
        library: Library | None = None,
        progress: ProgressLike | None = None,
    ) -> None:
        self.settings = settings
        self.trainee: Trainee | None = None
        self._library = _Slot()
        self._progress = _Slot()
        self._fetching = threading.Lock()
        if library is not None:
            self._library.set(library)
        if progress is not None:
            self._progress.set(progress)
        elif not settings.record:
            from frontlijn_game.service.trainee import NullProgress

            self._progress.set(NullProgress())

    # -- made in workers after the first paint --------------------------------------------

    def load_library(self) -> None:
        if self._library.ready or self.settings.server is not None:
            return  # a server's cases are fetched after sign-in (see library())
        try:
            from frontlijn_game.scenario.content import load_library

            root = self.settings.content_dir
            if not root.is_dir():
                raise ServiceError(_("Map met casussen niet gevonden: {path}").format(path=root))
            self._library.set(load_library(root))
        except BaseException as exc:
            self._library.set(error=exc if isinstance(exc, ServiceError) else _service_error(exc))

    def open_progress(self) -> None:
        if self._progress.ready:
            return
        try:
            if self.settings.server is not None:
                from frontlijn_game.service.remote import RemoteProgress

                self._progress.set(RemoteProgress(self.settings.server, self.settings.server_ca))
                return
            from frontlijn_game.service.trainee import Progress

            self._progress.set(Progress.open(self.settings.db_url))
        except BaseException as exc:
            self._progress.set(error=_service_error(exc))

    # -- asked for from workers -----------------------------------------------------------

    def library(self, timeout: float = WAIT_SECONDS) -> Library:
        if self.settings.server is not None and not self._library.ready:
            self._fetch_library(timeout)
        library: Library = self._library.get(timeout)
        return library

    def _fetch_library(self, timeout: float) -> None:
        """The server's cases, once signed in; a failure is raised, not kept, so the next
        screen tries again (the server may be back)."""
        with self._fetching:
            if self._library.ready:
                return
            from frontlijn_game.service.remote import RemoteProgress

            progress = self.progress(timeout)
            if not isinstance(progress, RemoteProgress):
                raise ServiceError(_("Met --server wordt er altijd vastgelegd (geen --no-record)."))
            try:
                self._library.set(progress.library())
            except Exception as exc:
                raise _service_error(exc) from None

    def progress(self, timeout: float = WAIT_SECONDS) -> ProgressLike:
        progress: ProgressLike = self._progress.get(timeout)
        return progress

    @property
    def library_ready(self) -> bool:
        return self._library.ready and self._library.error is None

    def scenario(self, ref: str) -> Scenario:
        """A case by id (from the library) or by file (a draft outside the library)."""
        path = Path(ref)
        local = self.settings.server is None  # a server's cases only, by id
        if local and (path.suffix in (".yaml", ".yml") or path.is_file()):
            from frontlijn_game.scenario.loader import load_scenario

            scenario, diagnostics = load_scenario(path)
            if scenario is None:
                errors = [d.format() for d in diagnostics if d.severity == "error"]
                raise ServiceError(_("Deze casus heeft fouten:") + "\n" + "\n".join(errors[:10]))
            return scenario
        library = self.library()
        if ref in library.scenarios:
            return library.scenarios[ref]
        raise ServiceError(_("Casus '{ref}' niet gevonden.").format(ref=ref))

    def close(self) -> None:
        if self._progress.ready and self._progress.error is None:
            with contextlib.suppress(Exception):  # closing at exit is best effort
                self._progress.value.close()


def _service_error(exc: BaseException) -> ServiceError:
    from frontlijn_game.service.trainee import ProgressError

    if isinstance(exc, ServiceError | ProgressError):
        return ServiceError(str(exc))
    return ServiceError(_("Er ging iets mis: {error}").format(error=exc))
