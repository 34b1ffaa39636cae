"""The HTML door as an ASGI app: ``create_app(content_dir, db_url)``.

All state is in the database (sessions included), so any number of workers on any
number of machines serve the same trainees without sticky sessions. ``app_from_env`` is
the factory uvicorn's workers call: the database URL reaches them through the
environment (``FRONTLIJN_DB``), never a command line.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from frontlijn_game.web.app_layer import AppLayer
from frontlijn_game.web.pages import template_globals
from frontlijn_game.web.security import HEADERS, RateLimit

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
MAX_BODY = 64 * 1024
"""Forms here are tiny; a bigger body is refused before it is read."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the CSP and the other headers of :mod:`security` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own = {name.lower() for name, _value in headers}  # e.g. the LTI pages' CSP
                headers += [
                    (k.lower().encode(), v.encode())
                    for k, v in HEADERS.items()
                    if k.lower().encode() not in own
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from frontlijn_game.service import format as fmt
    from frontlijn_game.service import session_words

    env.globals.update(template_globals(), fmt=fmt, words=session_words)
    return env


def create_app(content_dir: Path, db_url: str | None = None, layer: AppLayer | None = None) -> Any:
    from frontlijn_game.web import api_routes, leader_routes, leader_sessions, session_routes
    from frontlijn_game.web.lti import lti_door
    from frontlijn_game.web.routes import routes

    layer = layer or AppLayer(content_dir, db_url)
    lti = lti_door(layer)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from frontlijn_game.web.cmi5_routes import start_retries

        lti.start()
        stop_retries = start_retries(layer)
        yield
        stop_retries()
        lti.stop()
        layer.close()

    app = Starlette(
        routes=[
            *routes(),
            *leader_routes.routes(),
            *leader_sessions.routes(),
            *session_routes.routes(),
            *api_routes.routes(),
            *lti.routes,
            Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
        ],
        lifespan=lifespan,
        max_body_size=MAX_BODY,
    )
    app.state.layer = layer
    app.state.env = environment()
    app.state.signin_limit = RateLimit()
    leader_routes.install(app)
    return SecurityHeaders(app)


def app_from_env() -> Any:
    """For uvicorn's workers (``factory=True``): settings from the environment."""
    from frontlijn_game.scenario.content import bundled_content_dir

    content = os.environ.get("FRONTLIJN_CONTENT")
    return create_app(
        Path(content) if content else bundled_content_dir(), os.environ.get("FRONTLIJN_DB")
    )
