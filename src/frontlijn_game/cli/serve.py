"""``frontlijn serve``: play in a browser, through textual-serve.

textual-serve runs an aiohttp server with fixed routes (``/`` the page, ``/ws`` the
websocket, ``/static``) and starts ONE APP PROCESS PER WEBSOCKET (per browser tab) from a
command string. So:

- the trainee app is served by this process; with ``--leader-port`` the leader app is
  served by a second server process (``python -m frontlijn_game.cli.serve --leader-server``)
  on its own port, and the leader mode asks for leader credentials itself;
- each tab runs ``python -m frontlijn_game.ui.serve_entry``; the database URL, the content
  folder and the language reach it through the ENVIRONMENT (``FRONTLIJN_DB``,
  ``FRONTLIJN_CONTENT``, ``FRONTLIJN_LANG``), never its command line, and
  ``FRONTLIJN_SERVED=1`` makes its sign-in screen require a PIN;
- the database is opened (and migrated) once by this process as soon as it listens, so a
  bad ``--db`` stops it at once (exit 1) and the first tab finds the schema ready.

What this adds to textual-serve: the page URLs follow the address the browser used (or
``--public-url``), the websocket refuses other sites' pages (a cross-site websocket would
otherwise drive an app process), the page loads no web fonts from Google (the bundled
Roboto Mono instead) and speaks the interface language, and no access log of IP addresses.
textual-serve itself has no authentication and no TLS: see ``--help``.
"""

from __future__ import annotations

import functools
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import click

from frontlijn_game.cli.context import AppContext, pass_app
from frontlijn_game.cli.help import N_
from frontlijn_game.cli.output import fail
from frontlijn_game.i18n import _

ENTRY_MODULE = "frontlijn_game.ui.serve_entry"
SERVER_MODULE = "frontlijn_game.cli.serve"
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "*"}


def app_command(role: str) -> str:
    """The command textual-serve runs for every tab: no settings on it, only the role.
    (``exec``: the shell textual-serve starts it with becomes the app process.)"""
    command = f"exec {shlex.quote(sys.executable)} -m {ENTRY_MODULE}"
    return command + " --leader" if role == "leader" else command


def _url_host(host: str) -> str:
    if host in WILDCARD_HOSTS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def local_url(host: str, port: int) -> str:
    """The address to print when no public URL is given."""
    return f"http://{_url_host(host)}:{port}"


def _normalise_public_url(url: str | None, option: str) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise click.BadParameter(
            _("geef het adres dat browsers gebruiken, zoals https://frontlijn.example.nl"),
            param_hint=option,
        )
    return url.rstrip("/")


def check_port(host: str, port: int) -> None:
    """Fail early and clearly when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(
            None if host in WILDCARD_HOSTS else host,
            port,
            type=socket.SOCK_STREAM,
            flags=socket.AI_PASSIVE,
        )
    except socket.gaierror as exc:
        raise click.BadParameter(
            _("kan {host} niet opzoeken: {error}").format(host=repr(host), error=exc),
            param_hint="--host",
        ) from exc
    for family, kind, proto, _name, address in infos[:1]:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                fail(
                    _("kan niet luisteren op {address}: {error}").format(
                        address=f"{_url_host(host)}:{port}", error=exc.strerror or exc
                    )
                )


@functools.cache
def _server_class() -> type[Any]:
    """textual-serve's Server with the additions described above (imported when serving)."""
    import logging

    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    class FrontlijnServer(Server):
        def __init__(
            self,
            role: str,
            host: str,
            port: int,
            public_url: str | None,
            lang: str,
            after_start: Callable[[], None] | None = None,
        ) -> None:
            from frontlijn_game.i18n import set_language
            from frontlijn_game.ui.serve_entry import page_strings

            set_language(lang)
            self.role = role
            self.lang = lang
            self.page = page_strings()
            title = self.page["leader_title" if role == "leader" else "title"]
            super().__init__(
                app_command(role), host=host, port=port, title=title, public_url=public_url
            )
            self.configured_public_url = public_url
            self.after_start = after_start

        # -- logging and start-up ---------------------------------------------------------

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # No access log: it would keep every trainee's IP address (AVG/GDPR); and no
            # chatter from the database check's migrations.
            for name in ("aiohttp.access", "alembic", "sqlalchemy"):
                logging.getLogger(name).setLevel(logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            name = "leader app" if self.role == "leader" else "trainee app"
            url = self.configured_public_url or local_url(self.host, self.port)
            lines = [f"frontlijn serve: {name} on {url}"]
            if self.configured_public_url:
                lines.append(f"  (listening on {local_url(self.host, self.port)})")
            elif self.host in WILDCARD_HOSTS:
                lines.append(f"  (listening on all interfaces, port {self.port})")
            print("\n".join(lines), flush=True)
            if self.after_start is not None:
                self.after_start()

        # -- the page ---------------------------------------------------------------------

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            source = (self.templates_path / "app_index.html").read_text(encoding="utf-8")
            aiohttp_jinja2.setup(
                app, loader=jinja2.DictLoader({"app_index.html": localise_page(source)})
            )
            return app

        def public_url_for(self, request: web.Request) -> str:
            """``--public-url``, else the scheme and host the browser used for the page."""
            if self.configured_public_url:
                return str(self.configured_public_url)
            scheme = request.scheme
            if request.headers.get("X-Forwarded-Proto", "").lower() == "https":
                scheme = "https"
            return f"{scheme}://{request.host}"

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            base = self.public_url_for(request)
            router = request.app.router
            static = base + str(router["static"].url_for(filename="/")).rstrip("/") + "/"
            websocket = base + str(router["websocket"].url_for())
            websocket = ("wss:" if base.startswith("https") else "ws:") + websocket.split(":", 1)[1]
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": websocket,
                "config": {"static": {"url": static}},
                "application": {"name": self.title},
                "page": self.page,
                "lang": self.lang,
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "no-referrer"
            return response

        # -- the websocket ----------------------------------------------------------------

        def origin_allowed(self, request: web.Request) -> bool:
            """Only pages of this server may open a session (no cross-site websockets)."""
            origin = request.headers.get("Origin")
            if origin is None:  # not a browser page (a script on this machine)
                return True
            allowed = {request.host.lower()}
            if self.configured_public_url:
                allowed.add(urlsplit(str(self.configured_public_url)).netloc.lower())
            return urlsplit(origin).netloc.lower() in allowed

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not self.origin_allowed(request):
                raise web.HTTPForbidden(text="this server only talks to its own pages")
            return await super().handle_websocket(request)

    return FrontlijnServer


def localise_page(source: str) -> str:
    """textual-serve's page template without Google Fonts and with the interface words."""
    google = '<link\n      rel="stylesheet"\n      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n    />'
    font_face = (
        "<style>\n      @font-face {\n        font-family: 'Roboto Mono';\n"
        "        src: url('{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf');\n"
        "      }\n    </style>"
    )
    page = source.replace(google, font_face)
    page = page.replace("https://fonts.googleapis.com/css?family=Roboto%20Mono", "")
    page = page.replace("<html>", '<html lang="{{ lang }}">', 1)
    page = page.replace(">Start</button>", ">{{ page.start }}</button>")
    page = page.replace("Session ended.", "{{ page.ended }}")
    page = page.replace(">Restart</button>", ">{{ page.restart }}</button>")
    if "<title>" not in page:
        page = page.replace("</head>", "  <title>{{ application.name }}</title>\n  </head>", 1)
    return page


def run_server(
    role: str,
    host: str,
    port: int,
    public_url: str | None,
    lang: str,
    after_start: Callable[[], None] | None = None,
) -> None:
    """Serve one app until SIGINT or SIGTERM; ``after_start`` runs once it listens."""
    server = _server_class()(role, host, port, public_url, lang, after_start)
    try:
        server.serve()
    except OSError as exc:
        fail(
            _("kan niet luisteren op {address}: {error}").format(
                address=f"{_url_host(host)}:{port}", error=exc.strerror or exc
            )
        )


def _watch(child: subprocess.Popen[bytes]) -> None:
    """The leader server stopped on its own: stop the trainee server too."""
    code = child.wait()
    if code != 0:
        print(f"frontlijn serve: the leader server stopped (exit {code}); stopping", flush=True)
        os.kill(os.getpid(), signal.SIGTERM)


class DatabaseCheck(threading.Thread):
    """Open (create, migrate) the database once, beside the starting server: a bad
    ``--db`` stops the server with exit 1, and the tabs find the schema ready."""

    def __init__(self, app: AppContext) -> None:
        super().__init__(name="database-check", daemon=True)
        self.app = app
        self.failed = False

    def run(self) -> None:
        from frontlijn_game.cli.desk import words_for_failures
        from frontlijn_game.service.database import check_database

        try:
            with words_for_failures():
                shown = check_database(self.app.db_url)
            click.echo(_("frontlijn serve: database {url}").format(url=shown))
        except SystemExit:  # words_for_failures has said what is wrong
            self.failed = True
            os.kill(os.getpid(), signal.SIGTERM)


def _prepare_environment(app: AppContext) -> None:
    """What every app process needs, in the environment it inherits (never argv)."""
    if app.db_url:
        os.environ["FRONTLIJN_DB"] = app.db_url
    else:
        os.environ.pop("FRONTLIJN_DB", None)
    os.environ["FRONTLIJN_CONTENT"] = str(app.content_dir.resolve())
    os.environ["FRONTLIJN_LANG"] = app.lang
    os.environ["FRONTLIJN_SERVED"] = "1"


NETWORK_NOTE = N_(
    "\b\n"
    "Op een netwerk (meer dan deze computer):\n"
    "  - zet er een reverse proxy met TLS voor (Caddy, nginx, Apache) en geef zijn adres\n"
    "    met --public-url https://...; de proxy moet websockets op /ws doorgeven;\n"
    "  - textual-serve heeft zelf GEEN authenticatie: iedereen die de poort bereikt, kan een\n"
    "    tabblad openen. Deelnemers hebben hun code en pincode nodig, de app voor\n"
    "    cursusleiders vraagt inloggegevens, maar beperk wie hem bereikt (firewall, VPN,\n"
    "    login bij de proxy);\n"
    "  - elk browsertabblad start een eigen app-proces op deze machine (elk ~100 MB geheugen);\n"
    "  - hij luistert op 127.0.0.1 (alleen deze computer), tenzij --host iets anders zegt.\n"
)


@click.command(
    epilog=NETWORK_NOTE,
    help=N_(
        "Spelen in een browser: bied de app voor deelnemers aan over HTTP (textual-serve).\n\nOpen het getoonde adres; elk tabblad is een eigen deelnemerssessie op de gedeelde\ndatabase (--db / FRONTLIJN_DB), en deelnemers melden zich aan met hun code en een pincode."
    ),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_("Adres om op te luisteren; 0.0.0.0 voor elke netwerkinterface."),
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
    help=N_("Poort van de app voor deelnemers."),
)  # fmt: skip
@click.option(
    "--leader-port",
    type=click.IntRange(1, 65535),
    metavar="P",
    help=N_("Bied ook de app voor cursusleiders aan (met inloggegevens) op deze poort."),
)
@click.option(
    "--public-url",
    metavar="URL",
    envvar="FRONTLIJN_PUBLIC_URL",
    help=N_(
        "Adres dat browsers gebruiken voor de app voor deelnemers (achter een proxy): https://host[/...]."
    ),
)
@click.option(
    "--leader-public-url",
    metavar="URL",
    help=N_("Adres dat browsers gebruiken voor de app voor cursusleiders (achter een proxy)."),
)
@pass_app
def serve(
    app: AppContext,
    host: str,
    port: int,
    leader_port: int | None,
    public_url: str | None,
    leader_public_url: str | None,
) -> None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        fail(_("textual-serve is niet geïnstalleerd: pip install 'frontlijn-game[serve]'"))
    public_url = _normalise_public_url(public_url, "--public-url")
    leader_public_url = _normalise_public_url(leader_public_url, "--leader-public-url")
    if leader_port is None and leader_public_url:
        raise click.BadParameter(_("vraagt --leader-port"), param_hint="--leader-public-url")
    if leader_port is not None:
        if leader_port == port:
            raise click.BadParameter(_("moet verschillen van --port"), param_hint="--leader-port")
        import importlib.util

        if importlib.util.find_spec("frontlijn_game.ui.leader") is None:
            fail(_("deze versie heeft geen app voor cursusleiders"))
    if not app.content_dir.is_dir():
        fail(_("geen inhoudsmap op {path}").format(path=app.content_dir))
    check_port(host, port)
    if leader_port is not None:
        check_port(host, leader_port)

    _prepare_environment(app)
    check = DatabaseCheck(app)

    child: subprocess.Popen[bytes] | None = None
    if leader_port is not None:
        argv = [sys.executable, "-m", SERVER_MODULE, "--leader-server", host, str(leader_port)]
        child = subprocess.Popen([*argv, leader_public_url or ""])
        threading.Thread(target=_watch, args=(child,), daemon=True).start()
    try:
        run_server("trainee", host, port, public_url, app.lang, after_start=check.start)
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
    if check.failed:
        sys.exit(1)


def _leader_server_main(argv: Sequence[str]) -> None:
    """``python -m frontlijn_game.cli.serve --leader-server HOST PORT [URL]`` (internal)."""
    host, port, url = argv[0], int(argv[1]), (argv[2] if len(argv) > 2 else "")
    run_server("leader", host, port, url or None, os.environ.get("FRONTLIJN_LANG", "nl"))


COMMANDS: list[click.Command] = [serve]


if __name__ == "__main__":  # pragma: no cover - the second server process
    if sys.argv[1:2] == ["--leader-server"]:
        _leader_server_main(sys.argv[2:])
    else:
        sys.exit("frontlijn_game.cli.serve: internal entry point; use `frontlijn serve`")
