"""What every leader screen shares: the access check, the data door, failures, colours.

Every leader screen imports this module, so it names no screen of its own: the two
places a leader can always go back to are the kinds :class:`SignInScreen` (the login,
at the bottom of the mode's stack) and :class:`HomeScreen` (the cohorts), and the login
makes a new home screen when none is open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from frontlijn_game.i18n import _
from frontlijn_game.service.leader_auth import session_of
from frontlijn_game.service.matrix_view import STATUS_MARK, status_name

if TYPE_CHECKING:
    from frontlijn_game.service.leader import LeaderData
    from frontlijn_game.service.leader_auth import LeaderSession
    from frontlijn_game.service.resources import Services
    from frontlijn_game.store.service import Store

CSS_FILE = str(Path(__file__).parent / "leader.tcss")

_data_key = "leader_data"


def _leader_commands() -> type[Any]:
    from frontlijn_game.ui.leader.commands import LeaderCommands

    return LeaderCommands


class LeaderFailed(Message):
    """A worker could not do its job; ``text`` is meant for the leader."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def services_of(app: Any) -> Services:
    services: Services = app.services
    return services


def leader_data(app: Any) -> LeaderData:
    """The signed-in leader's :class:`LeaderData`, within their scope (made on first use
    per sign-in; blocks: call from a worker)."""
    session = session_of(app)
    if session is None:
        raise PermissionError("not signed in as a course leader")
    services = services_of(app)
    found = services.settings.extra.get(_data_key)
    if found is not None and found.scope == session.scope:
        return found  # type: ignore[no-any-return]
    from frontlijn_game.service.errors import LeaderDataError
    from frontlijn_game.service.leader import LeaderData

    progress = services.progress()
    store = getattr(progress, "store", None)
    if store is None:
        raise LeaderDataError(_("Het dashboard heeft een voortgangsdatabase nodig."))
    data = LeaderData(store, services.library(), session.scope)
    services.settings.extra[_data_key] = data
    return data


def session_store(app: Any) -> Store:
    """The store alone, for the live-session screens (they need no case library, so they
    do not wait for it to load). Blocks: call from a worker."""
    from frontlijn_game.service.errors import LeaderDataError

    store = getattr(services_of(app).progress(), "store", None)
    if store is None:
        raise LeaderDataError(_("Het dashboard heeft een voortgangsdatabase nodig."))
    return store  # type: ignore[no-any-return]


class LeaderScreen(Screen[Any]):
    """A screen behind the login: it refuses to show anything without a signed-in leader
    in the leader app (see ``auth``)."""

    CSS_PATH = CSS_FILE
    COMMANDS: ClassVar[set[Any]] = {_leader_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "sign_out", _("Afmelden"), show=False),
    ]

    def section(self) -> str:
        """What the screen is, for the header: ``Cursusleider · <section> · <name>``."""
        return ""

    @property
    def session(self) -> LeaderSession | None:
        return session_of(self.app)

    def data(self) -> LeaderData:
        """Call from workers only."""
        if self.session is None:
            raise PermissionError("not signed in as a course leader")
        return leader_data(self.app)

    def on_mount(self) -> None:
        if self.session is None:
            # Pushed without a login (never by the app itself): show nothing.
            self.app.call_later(self._refuse)
            return
        self.sub_title = " · ".join(
            part for part in (_("Cursusleider"), self.section(), self.session.leader.name) if part
        )
        self.loaded()

    def _refuse(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    def loaded(self) -> None:
        """Start loading what the screen shows (called from ``on_mount`` once allowed)."""

    def on_leader_failed(self, message: LeaderFailed) -> None:
        message.stop()
        self.notify(message.text, severity="error", timeout=8)

    def fail(self, exc: BaseException) -> None:
        """From a worker: report ``exc`` to the leader."""
        from frontlijn_game.service.errors import leader_message

        self.post_message(LeaderFailed(leader_message(exc)))

    # -- shared moves ------------------------------------------------------------------

    def action_sign_out(self) -> None:
        from frontlijn_game.service.leader_auth import sign_out

        sign_out(self.app)
        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, SignInScreen):
            self.app.pop_screen()
        screen = self.app.screen
        if isinstance(screen, SignInScreen):
            screen.reset(_("Je bent afgemeld."))

    def action_cohorts(self) -> None:
        while len(self.app.screen_stack) > 2 and not isinstance(self.app.screen, HomeScreen):
            self.app.pop_screen()
        if isinstance(self.app.screen, HomeScreen):
            return
        sign_in = next((s for s in self.app.screen_stack if isinstance(s, SignInScreen)), None)
        if sign_in is not None:
            self.app.push_screen(sign_in.home_screen())

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()


class HomeScreen(LeaderScreen):
    """The leader's home (``cohorts.CohortsScreen``): "Cohorten" goes back to it."""


class SignInScreen(Screen[None]):
    """The leader login (``login.LeaderLoginScreen``), the bottom of the leader stack:
    signing out goes back to it, and it makes the home screen the dashboard opens on."""

    def reset(self, text: str = "") -> None:
        """Empty the form for the next leader, saying ``text``."""
        raise NotImplementedError

    def home_screen(self) -> HomeScreen:
        """A new home screen for the signed-in leader."""
        raise NotImplementedError


def status_styles(app: Any) -> dict[str, str]:
    """Rich styles of the cell statuses, from the theme (dark and light both read)."""
    theme = app.current_theme
    success = theme.success or "green"
    error = theme.error or "red"
    warning = theme.warning or "yellow"
    return {
        "passed": f"bold {success}",
        "failed": f"bold {error}",
        "finished": "",
        "in_progress": warning,
        "abandoned": f"{error} dim",
        "not_started": "dim",
    }


__all__ = [
    "STATUS_MARK",
    "LeaderFailed",
    "LeaderScreen",
    "leader_data",
    "status_name",
    "status_styles",
]
