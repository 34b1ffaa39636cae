"""The HTML door on PostgreSQL as the app role of ``frontlijn db grant``: a trainee signs
in and plays a case to its debrief, so the app never needs DDL at runtime
(``FRONTLIJN_SERVICES=1``; the admin gate's own tests are in tests/cli/test_admin_gate.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from frontlijn_game.service.database import grant_app_role, upgrade_database
from frontlijn_game.store.service import Store
from frontlijn_game.web.app import create_app
from store.store_backends import pg_admin, pg_urls
from web.conftest import CODE, CONTENT, PIN, Door

__all__ = ["pg_admin", "pg_urls"]


def test_the_app_role_plays_a_case_to_its_debrief(pg_urls: tuple[str, str]) -> None:
    owner, app = pg_urls
    upgrade_database(owner)
    grant_app_role(owner, make_url(app).username or "")
    with Store.open(owner) as store:
        store.add_trainee(CODE, pin=PIN)

    with TestClient(create_app(CONTENT, app)) as client:
        door = Door(client, app)
        response: Any = door.sign_in()
        assert response.headers["location"] == "/home"
        play = door.start("ui-proef")
        for _ in range(10):
            response, _choice, _shown = door.choose(play)
            if "/debrief/" in response.headers["location"]:
                break
        assert "<svg viewBox=" in door.get(response.headers["location"])

    with Store.open(app) as store:
        (attempt,) = store.attempts(CODE)
        assert attempt.status == "finished" and store.decisions(attempt.id)
