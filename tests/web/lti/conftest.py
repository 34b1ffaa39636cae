"""Fixtures of the LTI tests: the platform (``ltiplatform.py``, built on lti1p3platform)
served by uvicorn on a loopback port, so the tool's own HTTP client (requests, in
pylti1p3) reaches it, and the tool: the real web door under Starlette's TestClient, with
a registration for that platform.

The test plays the browser: the tool's login redirects to the platform's /auth, whose
answer (the launch form's fields) the browser posts back to the tool's launch URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import uvicorn
from starlette.testclient import TestClient

from frontlijn_game.service.lti import Lti
from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app
from store.store_backends import db_url, pg_admin
from web.lti.ltiplatform import (
    CLIENT_ID,
    DEPLOYMENT,
    Next,
    Platform,
    _key_pair,
    free_port,
    platform_app,
)

CONTENT = Path(__file__).parent.parent / "content"
__all__ = ["db_url", "pg_admin"]  # the backends' fixtures, used here by name


@pytest.fixture(autouse=True)
def fresh_login_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own count of login initiations: the limit is per worker process,
    and the tests of one run all come from 127.0.0.1."""
    from frontlijn_game.web.lti import routes
    from frontlijn_game.web.security import RateLimit

    monkeypatch.setattr(routes, "LOGINS", RateLimit(routes.LOGINS.limit, routes.LOGINS.window))


@pytest.fixture(autouse=True)
def fresh_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own cache of platform access tokens: they are kept per process by
    registration id, and every test's database numbers its registration 1."""
    from frontlijn_game.service import lti_grades

    monkeypatch.setattr(lti_grades, "_tokens", {})


@pytest.fixture
def other_key() -> str:
    """A private key the platform never published."""
    return _key_pair()[0]


@pytest.fixture
def platform() -> Iterator[Platform]:
    found = Platform()
    port = free_port()
    found.base = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(platform_app(found), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    yield found
    server.should_exit = True
    thread.join(timeout=5)


@dataclass
class Tool:
    """The web door as the platform's browser and the LMS see it."""

    client: TestClient
    lti: Lti
    store: Store
    db_url: str
    platform: Platform

    def launch(self, **change: Any) -> Any:
        """One launch from the platform: login, authorisation, the form post back."""
        self.platform.next = Next(**change)
        login = self.client.get(_local(self.platform.login_url()), follow_redirects=False)
        assert login.status_code == 302, login.text
        form = requests.get(login.headers["location"], timeout=10).json()
        return self.post_launch(form)

    def post_launch(self, form: dict[str, Any]) -> Any:
        return self.client.post(
            _local(form["launch_url"]),
            data={"id_token": form["id_token"], "state": form["state"]},
            follow_redirects=False,
        )


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


@pytest.fixture
def tool(
    tmp_path: Path, db_url: str, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Tool]:
    """The tool on each database backend (PostgreSQL with FRONTLIJN_SERVICES=1)."""
    monkeypatch.setenv("FRONTLIJN_LTI_KEYS", str(tmp_path / "keys"))
    store = Store.open(db_url)
    lti = Lti(store)
    lti.add(
        platform.iss,
        CLIENT_ID,
        platform.base + "/auth",
        platform.base + "/token",
        platform.base + "/jwks",
        [DEPLOYMENT],
    )
    client = TestClient(create_app(CONTENT, db_url), base_url="http://testserver")
    platform.configure("http://testserver", client.get("/lti/jwks").json())
    yield Tool(client, lti, store, db_url, platform)
    client.close()
    store.close()
